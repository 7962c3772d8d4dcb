import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { runCappedCount } from '../core/database/capped-count';
import { ListReads } from '../core/database/list-reads';
import { poolOf, preparedQuery } from '../core/database/prepared';
import { DomainError } from '../core/http/domain-error';
import type { IndexedUnits, UnitToEmbed } from '../embedding/indexed-units';
import { mapUnitRow, type UnitDto, type UnitSort } from './inventory.dto';
import { KnownPlace, placeKeys, placeMatchSql } from './unit-place-names';
import { UnitEntity } from './unit.entity';
import { UnitPhotoEntity } from './unit-photo.entity';
import type { Ranked } from './ranking';
import { UnitFilter, unitCountSql, unitLexicalSql, unitPageSql, unitsByIdSql } from './unit-search-query';

type UnitRow = Parameters<typeof mapUnitRow>[0];

const isUniqueViolation = (e: unknown) => e instanceof QueryFailedError && (e.driverError as { code?: string })?.code === '23505';

@Injectable()
export class InventoryRepository implements IndexedUnits {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly lists: ListReads,
  ) {}

  async search(filter: UnitFilter, sort: UnitSort, limit: number, offset: number): Promise<{ rows: UnitDto[]; total: number; exact: boolean }> {
    const page = unitPageSql(filter, sort, limit, offset);
    const count = unitCountSql(filter);
    const { query } = this.lists;
    const [rows, { total, exact }] = await Promise.all([
      query<UnitRow[]>(page.sql, page.params),
      runCappedCount(query, count),
    ]);
    return { rows: rows.map(mapUnitRow), total, exact };
  }

  async lexicalCandidates(filter: UnitFilter, orQuery: string, limit: number): Promise<Ranked[]> {
    const q = unitLexicalSql(filter, orQuery, limit);
    const rows = await preparedQuery(poolOf(this.db))<{ id: string; score: number }[]>(q.sql, q.params);
    return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
  }

  /** Units by id, in the order given; ids that no longer exist are dropped. */
  /** Every place a unit is in, by its lower-cased name: cities, areas (whole and each part of a combined name) and zips. */
  async knownPlaces(): Promise<Map<string, KnownPlace>> {
    const rows = await this.db.query<{ city: string; area: string | null; zip: string | null }[]>(`SELECT DISTINCT city, area, zip FROM units`);
    const out = new Map<string, KnownPlace>();
    const add = (key: string, place: KnownPlace) => key && !out.has(key) && out.set(key, place);
    for (const r of rows) add(r.city.toLowerCase(), { field: 'city', value: r.city });
    for (const r of rows) {
      if (r.area) for (const key of placeKeys({ city: '', area: r.area, zip: null }).filter(Boolean)) add(key, { field: 'area', value: r.area });
      if (r.zip) add(r.zip, { field: 'zip', value: r.zip });
    }
    return out;
  }

  async findManyOrdered(ids: string[]): Promise<UnitDto[]> {
    if (!ids.length) return [];
    const q = unitsByIdSql(ids);
    const rows = await this.db.query<UnitRow[]>(q.sql, q.params);
    const byId = new Map(rows.map((r) => [r.id, mapUnitRow(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Of these unit ids, the ones in one of the places (lower-cased city, area, area part or zip), in the given order. */
  async idsInPlaces(ids: string[], places: string[]): Promise<string[]> {
    if (!ids.length || !places.length) return [];
    const rows = await this.db.query<{ id: string }[]>(`SELECT id FROM units WHERE id = ANY($1::uuid[]) AND ${placeMatchSql('$2')}`, [ids, places]);
    const keep = new Set(rows.map((r) => r.id));
    return ids.filter((id) => keep.has(id));
  }

  /** Of these units, the ones with any of these features (compared without case). */
  async idsWithFeatures(ids: string[], features: string[]): Promise<Set<string>> {
    if (!ids.length || !features.length) return new Set();
    const rows = await this.db.query<{ id: string }[]>(`SELECT id FROM units WHERE id = ANY($1::uuid[]) AND EXISTS (SELECT 1 FROM unnest(features) f WHERE lower(f) = ANY($2::text[]))`, [ids, features.map((f) => f.trim().toLowerCase())]);
    return new Set(rows.map((r) => r.id));
  }

  async findIdByRef(ref: string): Promise<string | null> {
    const row = await this.db.getRepository(UnitEntity).findOne({ where: { ref }, select: { id: true } });
    return row?.id ?? null;
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

  /** The unit's photos in order. */
  photosOf(unitId: string): Promise<UnitPhotoEntity[]> {
    return this.db.getRepository(UnitPhotoEntity).find({ where: { unitId }, order: { position: 'ASC', createdAt: 'ASC' } });
  }

  findPhoto(unitId: string, photoId: string): Promise<UnitPhotoEntity | null> {
    return this.db.getRepository(UnitPhotoEntity).findOne({ where: { id: photoId, unitId } });
  }

  /** Adds a photo after the unit's others; the first one becomes the cover. One transaction. */
  addPhoto(photo: { id: string; unitId: string; storageKey: string; contentType: string; sizeBytes: number }): Promise<UnitPhotoEntity> {
    return this.db.transaction(async (tx) => {
      // Lock the unit so two uploads at once get distinct positions.
      await tx.query(`SELECT 1 FROM units WHERE id = $1 FOR UPDATE`, [photo.unitId]);
      const [{ next }] = await tx.query<{ next: number }[]>(`SELECT COALESCE(MAX(position), -1) + 1 AS next FROM unit_photos WHERE unit_id = $1`, [photo.unitId]);
      const saved = await tx.getRepository(UnitPhotoEntity).save(tx.getRepository(UnitPhotoEntity).create({ ...photo, position: next }));
      await tx.query(`UPDATE units SET cover_photo_id = COALESCE(cover_photo_id, $2) WHERE id = $1`, [photo.unitId, saved.id]);
      return saved;
    });
  }

  /** Removes a photo; the cover moves to the next one. */
  removePhoto(unitId: string, photoId: string): Promise<void> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT 1 FROM units WHERE id = $1 FOR UPDATE`, [unitId]);
      await tx.getRepository(UnitPhotoEntity).delete({ id: photoId, unitId });
      await tx.query(
        `UPDATE units SET cover_photo_id = (SELECT id FROM unit_photos WHERE unit_id = $1 ORDER BY position, created_at LIMIT 1) WHERE id = $1`,
        [unitId],
      );
    });
  }

  /** IndexedUnits (embedding's port): the one writer of `units` also keeps its `embedding_version`. */
  load(ids: string[]): Promise<UnitToEmbed[]> {
    return this.db.query<UnitToEmbed[]>(
      `SELECT id, title, description, type, purpose, status, price::float8 AS price, bedrooms, bathrooms, area, city, zip, features, updated_at::text AS "updatedAt"
         FROM units WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  async markEmbedded(units: { id: string; updatedAt: string }[], version: string): Promise<number> {
    if (!units.length) return 0;
    const [, affected] = await this.db.query<[unknown, number]>(
      `UPDATE units u SET embedding_version = $1
         FROM unnest($2::uuid[], $3::timestamptz[]) AS x(id, seen)
        WHERE u.id = x.id AND u.updated_at <= x.seen`,
      [version, units.map((u) => u.id), units.map((u) => u.updatedAt)],
    );
    return affected;
  }

  async staleIds(version: string, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(`SELECT id FROM units WHERE embedding_version IS DISTINCT FROM $1 ORDER BY id LIMIT $2`, [version, limit]);
    return rows.map((r) => r.id);
  }

  async allIds(): Promise<string[]> {
    return (await this.db.query<{ id: string }[]>('SELECT id FROM units ORDER BY id')).map((r) => r.id);
  }

  async countEmbedded(version: string): Promise<number> {
    const [row] = await this.db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM units WHERE embedding_version = $1', [version]);
    return row?.n ?? 0;
  }

  async clearVersions(): Promise<void> {
    await this.db.query('UPDATE units SET embedding_version = NULL WHERE embedding_version IS NOT NULL');
  }
}
