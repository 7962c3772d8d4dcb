import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum ImportKind {
  Leads = 'leads',
  Units = 'units',
}

export enum ImportStatus {
  /** Uploaded and recognised; waiting for its column mapping. */
  Uploaded = 'uploaded',
  Queued = 'queued',
  Running = 'running',
  Done = 'done',
  Failed = 'failed',
}

/** One uploaded CSV file and its run (or dry run): the mapping chosen, progress and honest counts. */
@Index('idx_import_jobs_created_by', ['createdById', 'createdAt'])
@Entity('import_jobs')
export class ImportJobEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 10 })
  kind: ImportKind;

  @Column({ type: 'varchar', length: 10, default: ImportStatus.Uploaded })
  status: ImportStatus;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName: string;

  @Column({ name: 'file_size', type: 'bigint', transformer: { to: (v: unknown) => v, from: (v: string) => Number(v) } })
  fileSize: number;

  @Column({ type: 'varchar', length: 2 })
  delimiter: string;

  @Column({ type: 'jsonb' })
  headers: string[];

  /** The first rows under the header, for the mapping step. */
  @Column({ type: 'jsonb' })
  preview: string[][];

  /** Field -> column header, once chosen. */
  @Column({ type: 'jsonb', nullable: true })
  mapping: Record<string, string> | null;

  @Column({ name: 'dry_run', type: 'boolean', default: false })
  dryRun: boolean;

  /** Region for phone numbers written without a country code (ISO 3166 alpha-2). */
  @Column({ name: 'default_country', type: 'char', length: 2, default: 'US' })
  defaultCountry: string;

  @Column({ name: 'total_rows', type: 'int', nullable: true })
  totalRows: number | null;

  @Column({ name: 'rows_done', type: 'int', default: 0 })
  rowsDone: number;

  @Column({ type: 'int', default: 0 })
  created: number;

  @Column({ type: 'int', default: 0 })
  updated: number;

  @Column({ type: 'int', default: 0 })
  merged: number;

  @Column({ type: 'int', default: 0 })
  skipped: number;

  /** New contacts kept apart from an existing one the importer cannot see, recorded for review. */
  @Column({ name: 'possible_duplicates', type: 'int', default: 0 })
  possibleDuplicates: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'created_by_id', type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
