import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ImportKind } from './import-job.entity';

/** A column mapping someone saved to reuse for the next file from the same source. */
@Index('uq_import_mappings_name', ['userId', 'kind', 'name'], { unique: true })
@Entity('import_mappings')
export class ImportMappingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 10 })
  kind: ImportKind;

  @Column({ type: 'varchar', length: 80 })
  name: string;

  @Column({ type: 'jsonb' })
  mapping: Record<string, string>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
