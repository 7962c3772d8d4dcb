import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ImportJobEntity } from './import-job.entity';

/** A row an import skipped, with the reason and its cells as written: the rejected-rows CSV. */
@Index('idx_import_rejections_row', ['importId', 'row'])
@Entity('import_rejections')
export class ImportRejectionEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'import_id', type: 'uuid' })
  importId: string;

  @ManyToOne(() => ImportJobEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'import_id' })
  importJob?: ImportJobEntity;

  /** 1 = the first row under the header. */
  @Column({ type: 'int' })
  row: number;

  @Column({ type: 'varchar', length: 300 })
  reason: string;

  @Column({ type: 'jsonb' })
  cells: string[];
}
