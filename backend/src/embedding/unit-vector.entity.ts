import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A unit's embedding for the PostgreSQL vector store, with the payload fields its filters need.
 * `seq` is new on every write, so a searching process can tell which rows it holds are current
 * (PgVectorStore; the `unit_vectors_version` row, bumped by a trigger, says when to look).
 */
@Entity('unit_vectors')
export class UnitVectorEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  // The unit is named, not imported: inventory depends on embedding (its search ranks by meaning),
  // so embedding must not import inventory. TypeORM resolves the name to inventory's UnitEntity,
  // which its module registers (autoLoadEntities); the foreign key is unchanged.
  @OneToOne('UnitEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id' })
  unit?: unknown;

  /** Little-endian float32, `dimensions` values. */
  @Column({ type: 'bytea' })
  vector: Buffer;

  @Column({ type: 'smallint' })
  dimensions: number;

  @Index('idx_unit_vectors_seq')
  @Column({ type: 'bigint' })
  seq: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
