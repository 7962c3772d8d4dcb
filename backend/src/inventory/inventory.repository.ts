import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { runCappedCount } from '../core/database/capped-count';
import { ListReads } from '../core/database/list-reads';
import { poolOf, preparedQuery } from '../core/database/prepared';
import { DomainError } from '../core/http/domain-error';
import type { UnitDto, UnitSort } from './inventory.dto';
import { placeMatchSql } from './unit-place-names';
import { UnitEntity } from './unit.entity';
import type { Ranked } from './ranking';
import { UnitFilter, unitCountSql, unitLexicalSql, unitPageSql, unitsByIdSql } from './unit-search-query';

const isUniqueViolation = (e: unknown) => e instanceof QueryFailedError && (e.driverError as { code?: string })?.code === '23505';

@Injectable()
export class InventoryRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly lists: ListReads,
  ) {}

  async search(filter: UnitFilter, sort: UnitSort, limit: number, offset: number): Promise<{ rows: UnitDto[]; total: number; exact: boolean }> {
    const page = unitPageSql(filter, sort, limit, offset);
    const count = unitCountSql(filter);
    const { query } = this.lists;
    const [rows, { total, exact }] = await Promise.all([
      query<(Omit<UnitDto, 'createdAt' | 'updatedAt'> & { createdAt: Date; updatedAt: Date })[]>(page.sql, page.params),
      runCappedCount(query, count),
    ]);
    return { rows: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() })), total, exact };
  }

  async lexicalCandidates(filter: UnitFilter, orQuery: string, limit: number): Promise<Ranked[]> {
    const q = unitLexicalSql(filter, orQuery, limit);
    const rows = await preparedQuery(poolOf(this.db))<{ id: string; score: number }[]>(q.sql, q.params);
    return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
  }

  /** Units by id, in the order given; ids that no longer exist are dropped. */
  async findManyOrdered(ids: string[]): Promise<UnitDto[]> {
    if (!ids.length) return [];
    const q = unitsByIdSql(ids);
    const rows = await this.db.query<(Omit<UnitDto, 'createdAt' | 'updatedAt'> & { createdAt: Date; updatedAt: Date })[]>(q.sql, q.params);
    const byId = new Map(rows.map((r) => [r.id, { ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() }]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Of these unit ids, the ones in one of the places (lower-cased city, area, area part or zip), in the given order. */
  async idsInPlaces(ids: string[], places: string[]): Promise<string[]> {
    if (!ids.length || !places.length) return [];
    const rows = await this.db.query<{ id: string }[]>(`SELECT id FROM units WHERE id = ANY($1::uuid[]) AND ${placeMatchSql('$2')}`, [ids, places]);
    const keep = new Set(rows.map((r) => r.id));
    return ids.filter((id) => keep.has(id));
  }

  findById(id: string): Promise<UnitEntity | null> {
    return this.db.getRepository(UnitEntity).findOne({ where: { id } });
  }

  async insert(unit: Partial<UnitEntity>): Promise<UnitEntity> {
    const repo = this.db.getRepository(UnitEntity);
    try {
      return await repo.save(repo.create(unit));
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError('conflict', 'ref_taken', 'A unit with this ref already exists');
      throw e;
    }
  }

  async update(id: string, changes: Partial<UnitEntity>): Promise<void> {
    try {
      await this.db.getRepository(UnitEntity).update({ id }, changes);
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError('conflict', 'ref_taken', 'A unit with this ref already exists');
      throw e;
    }
  }

  async delete(id: string): Promise<void> {
    await this.db.getRepository(UnitEntity).delete({ id });
  }
}
