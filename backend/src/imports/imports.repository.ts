import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ImportJobEntity, ImportKind, ImportStatus } from './import-job.entity';
import { ImportMappingEntity } from './import-mapping.entity';
import { ImportRejectionEntity } from './import-rejection.entity';

/** Counts a batch adds to its import, committed with the batch's rows. */
export interface BatchProgress {
  rowsDone: number;
  created: number;
  updated: number;
  merged: number;
  skipped: number;
  possibleDuplicates: number;
}

@Injectable()
export class ImportsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insertJob(job: Partial<ImportJobEntity>): Promise<ImportJobEntity> {
    const repo = this.db.getRepository(ImportJobEntity);
    return repo.save(repo.create(job));
  }

  findJob(id: string): Promise<ImportJobEntity | null> {
    return this.db.getRepository(ImportJobEntity).findOne({ where: { id } });
  }

  async updateJob(id: string, changes: Partial<Pick<ImportJobEntity, 'status' | 'mapping' | 'dryRun' | 'defaultCountry' | 'totalRows' | 'startedAt' | 'finishedAt' | 'error'>>, tx: EntityManager = this.db.manager): Promise<void> {
    await tx.getRepository(ImportJobEntity).update({ id }, changes);
  }

  /** Starts a (new) run from the first row: counts and the last run's rejections go. */
  async resetRun(id: string, changes: Pick<ImportJobEntity, 'mapping' | 'dryRun' | 'defaultCountry'>): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.getRepository(ImportRejectionEntity).delete({ importId: id });
      await tx.getRepository(ImportJobEntity).update(
        { id },
        { ...changes, status: ImportStatus.Queued, rowsDone: 0, created: 0, updated: 0, merged: 0, skipped: 0, possibleDuplicates: 0, startedAt: null, finishedAt: null, error: null },
      );
    });
  }

  /** Adds a batch's counts (and moves rowsDone on), in the batch's transaction. */
  async addProgress(id: string, p: BatchProgress, tx: EntityManager): Promise<void> {
    await tx.query(
      `UPDATE import_jobs SET rows_done = rows_done + $2, created = created + $3, updated = updated + $4, merged = merged + $5, skipped = skipped + $6,
              possible_duplicates = possible_duplicates + $7, updated_at = now() WHERE id = $1`,
      [id, p.rowsDone, p.created, p.updated, p.merged, p.skipped, p.possibleDuplicates],
    );
  }

  async insertRejections(importId: string, rows: { row: number; reason: string; cells: string[] }[], tx: EntityManager): Promise<void> {
    if (!rows.length) return;
    await tx.query(
      `INSERT INTO import_rejections (import_id, row, reason, cells)
       SELECT $1, x.row, x.reason, x.cells FROM jsonb_to_recordset($2::jsonb) AS x(row int, reason varchar, cells jsonb)`,
      [importId, JSON.stringify(rows.map((r) => ({ ...r, reason: r.reason.slice(0, 300) })))],
    );
  }

  findRejections(importId: string, limit: number, offset: number): Promise<[ImportRejectionEntity[], number]> {
    return this.db.getRepository(ImportRejectionEntity).findAndCount({ where: { importId }, order: { row: 'ASC' }, take: limit, skip: offset });
  }

  /** Every rejection of an import in row order, `batch` at a time (keyset on the row number). */
  async *streamRejections(importId: string, batch = 2000): AsyncGenerator<ImportRejectionEntity[]> {
    let after = 0;
    for (;;) {
      const rows = await this.db
        .getRepository(ImportRejectionEntity)
        .createQueryBuilder('r')
        .where('r.import_id = :importId AND r.row > :after', { importId, after })
        .orderBy('r.row', 'ASC')
        .limit(batch)
        .getMany();
      if (!rows.length) return;
      yield rows;
      after = rows[rows.length - 1].row;
    }
  }

  listMappings(userId: string, kind?: ImportKind): Promise<ImportMappingEntity[]> {
    return this.db.getRepository(ImportMappingEntity).find({ where: { userId, ...(kind ? { kind } : {}) }, order: { name: 'ASC' } });
  }

  /** Saves (or replaces) a named mapping of the user's. */
  async saveMapping(m: Pick<ImportMappingEntity, 'userId' | 'kind' | 'name' | 'mapping'>): Promise<void> {
    await this.db.query(
      `INSERT INTO import_mappings (user_id, kind, name, mapping) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (user_id, kind, name) DO UPDATE SET mapping = EXCLUDED.mapping`,
      [m.userId, m.kind, m.name, JSON.stringify(m.mapping)],
    );
  }
}
