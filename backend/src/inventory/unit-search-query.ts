import { UnitPurpose, UnitStatus, UnitType } from './unit.enums';
import type { UnitSort } from './inventory.dto';
import { cappedCountSql, CountQuery } from '../core/database/capped-count';

export interface UnitFilter {
  purpose?: UnitPurpose;
  type?: UnitType[];
  priceMin?: number;
  priceMax?: number;
  bedsMin?: number;
  bathsMin?: number;
  city?: string;
  zip?: string;
  area?: string;
  status: UnitStatus[];
  /** Words that must all match, as a `to_tsquery` (ranking.ts `unitTsQuery`). */
  tsq?: string;
}

/** The full-text document of a unit: a stored column; title, description and features at weight A, area and city at weight D. */
export const UNIT_FTS = 'u.search_document';

const ORDER: Record<UnitSort, string> = {
  price: 'u.price ASC, u.id ASC',
  '-price': 'u.price DESC, u.id DESC',
  newest: 'u.created_at DESC, u.id DESC',
  beds: 'u.bedrooms ASC, u.id ASC',
  '-beds': 'u.bedrooms DESC, u.id DESC',
  size: 'u.size_sqft ASC NULLS LAST, u.id ASC',
  '-size': 'u.size_sqft DESC NULLS LAST, u.id DESC',
};

const COLUMNS = `u.id, u.ref, u.title, u.description, u.type, u.purpose, u.price::float8 AS price, u.currency, u.bedrooms, u.bathrooms,
  u.size_sqft AS "sizeSqft", u.lot_sqft AS "lotSqft", u.year_built AS "yearBuilt", u.street, u.area, u.city, u.zip, u.lat, u.lng,
  u.features, u.status, u.cover_photo_id AS "coverPhotoId", u.created_at AS "createdAt", u.updated_at AS "updatedAt"`;

/** Structured inventory search as plain SQL; pure, so the benchmark's baseline runs the same statement. */
export function unitWhere(f: UnitFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const c: string[] = [`u.status = ANY(${p(f.status)}::unit_status[])`];
  if (f.purpose) c.push(`u.purpose = ${p(f.purpose)}`);
  if (f.type?.length) c.push(`u.type = ANY(${p(f.type)}::unit_type[])`);
  if (f.priceMin !== undefined) c.push(`u.price >= ${p(f.priceMin)}`);
  if (f.priceMax !== undefined) c.push(`u.price <= ${p(f.priceMax)}`);
  if (f.bedsMin !== undefined) c.push(`u.bedrooms >= ${p(f.bedsMin)}`);
  if (f.bathsMin !== undefined) c.push(`u.bathrooms >= ${p(f.bathsMin)}`);
  if (f.city) c.push(`lower(u.city) = ${p(f.city.trim().toLowerCase())}`);
  if (f.zip) c.push(`u.zip = ${p(f.zip)}`);
  if (f.area) c.push(`lower(u.area) = ${p(f.area.trim().toLowerCase())}`);
  if (f.tsq) c.push(`${UNIT_FTS} @@ to_tsquery('english', ${p(f.tsq)})`);
  return { where: c.join(' AND '), params };
}

/** The full-text candidates for a query: any of the words, best ts_rank_cd first. */
export function unitLexicalSql(f: UnitFilter, orQuery: string, limit: number) {
  const { where, params } = unitWhere({ ...f, tsq: undefined });
  params.push(orQuery, limit);
  return {
    sql: `SELECT u.id, ts_rank_cd(${UNIT_FTS}, to_tsquery('english', $${params.length - 1})) AS score
            FROM units u WHERE ${where} AND ${UNIT_FTS} @@ to_tsquery('english', $${params.length - 1})
           ORDER BY score DESC, u.id LIMIT $${params.length}`,
    params,
  };
}

export function unitsByIdSql(ids: string[]) {
  return { sql: `SELECT ${COLUMNS} FROM units u WHERE u.id = ANY($1::uuid[])`, params: [ids] };
}

export function unitPageSql(f: UnitFilter, sort: UnitSort, limit: number, offset: number) {
  const { where, params } = unitWhere(f);
  params.push(limit, offset);
  return {
    sql: `SELECT ${COLUMNS} FROM units u WHERE ${where} ORDER BY ${ORDER[sort]} LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  };
}

export function unitCountSql(f: UnitFilter): CountQuery {
  const { where, params } = unitWhere(f);
  return cappedCountSql('units u', where, params);
}
