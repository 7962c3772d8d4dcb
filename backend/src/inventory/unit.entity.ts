import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { UnitPurpose, UnitStatus, UnitType } from './unit.enums';

const bigintAsNumber = { to: (v: unknown) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

@Entity('units')
@Index('idx_units_search', ['status', 'purpose', 'price'])
@Index('idx_units_city', ['city'])
@Index('idx_units_zip', ['zip'])
@Index('idx_units_price', ['price', 'id'])
export class UnitEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The brokerage's own listing reference, unique. */
  @Index('uq_units_ref', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  ref: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'enum', enum: UnitType, enumName: 'unit_type' })
  type: UnitType;

  @Column({ type: 'enum', enum: UnitPurpose, enumName: 'unit_purpose' })
  purpose: UnitPurpose;

  /** Whole currency units; monthly rent for rentals. */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  price: number;

  @Column({ type: 'char', length: 3, default: 'USD' })
  currency: string;

  @Column({ type: 'smallint' })
  bedrooms: number;

  @Column({ type: 'real' })
  bathrooms: number;

  @Column({ name: 'size_sqft', type: 'integer', nullable: true })
  sizeSqft: number | null;

  @Column({ name: 'lot_sqft', type: 'integer', nullable: true })
  lotSqft: number | null;

  @Column({ name: 'year_built', type: 'smallint', nullable: true })
  yearBuilt: number | null;

  /** Street address (number and street, unit number if any); with city and zip it is the address. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  street: string | null;

  /** Neighbourhood or area name. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  area: string | null;

  @Column({ type: 'varchar', length: 120 })
  city: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  zip: string | null;

  @Column({ type: 'double precision', nullable: true })
  lat: number | null;

  @Column({ type: 'double precision', nullable: true })
  lng: number | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  features: string[];

  @Column({ type: 'enum', enum: UnitStatus, enumName: 'unit_status', default: UnitStatus.Available })
  status: UnitStatus;

  /**
   * Full-text document (title, description, features, area, city), kept by PostgreSQL itself.
   * Stored so ranking reads it instead of re-parsing every candidate's text per query.
   */
  @Index('idx_units_document', { type: 'gin' })
  @Column({
    name: 'search_document',
    type: 'tsvector',
    select: false,
    insert: false,
    update: false,
    generatedType: 'STORED',
    asExpression: 'openhouse_unit_document(title, description, features, area, city)',
  })
  searchDocument?: string;

  /** The photo shown on cards (the unit's first photo); null when it has none. */
  @Column({ name: 'cover_photo_id', type: 'uuid', nullable: true })
  coverPhotoId: string | null;

  /** Provider and version of the embedding this unit was last embedded with; null until embedded. */
  @Column({ name: 'embedding_version', type: 'varchar', length: 80, nullable: true })
  embeddingVersion: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
