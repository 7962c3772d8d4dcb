import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { VectorPayload } from './vector-store';

export interface UnitToEmbed {
  id: string;
  title: string;
  description: string;
  type: string;
  purpose: string;
  status: string;
  price: number;
  bedrooms: number;
  bathrooms: number;
  area: string | null;
  city: string;
  zip: string | null;
  features: string[];
  /** Text, to keep PostgreSQL's microseconds (a JS Date would round them away). */
  updatedAt: string;
}

export const payloadOf = (u: UnitToEmbed): VectorPayload => ({
  purpose: u.purpose,
  type: u.type,
  status: u.status,
  price: u.price,
  bedrooms: u.bedrooms,
  bathrooms: u.bathrooms,
  city: u.city,
  zip: u.zip,
  area: u.area,
});

/** Units as the indexer needs them, and the bookkeeping of which embedding each unit has. */
@Injectable()
export class UnitIndexRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  load(ids: string[]): Promise<UnitToEmbed[]> {
    return this.db.query<UnitToEmbed[]>(
      `SELECT id, title, description, type, purpose, status, price::float8 AS price, bedrooms, bathrooms, area, city, zip, features, updated_at::text AS "updatedAt"
         FROM units WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /**
   * Records the embedding version, unless the unit changed after it was read (then it stays
   * stale and the next sweep embeds the new content).
   */
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

  /** Units whose stored embedding is missing or from another provider/version. */
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
