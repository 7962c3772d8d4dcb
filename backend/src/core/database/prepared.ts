import { createHash } from 'node:crypto';
import type { ClientBase, Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs a hot, parameterised query as a named prepared statement, so PostgreSQL parses and plans
 * it once per connection instead of on every request. Only for statements whose text comes from a
 * bounded set of shapes (values always go in `params`), or connections would collect statements.
 */
export type Query = <T>(sql: string, params: unknown[]) => Promise<T>;

const names = new Map<string, string>();

export function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `oh_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    names.set(sql, name);
  }
  return name;
}

export function preparedQuery(pool: Pool): Query {
  return async <T>(sql: string, params: unknown[]) => (await pool.query({ name: statementName(sql), text: sql, values: params })).rows as T;
}

/** The pg pool behind a TypeORM data source. */
export function poolOf(db: DataSource): Pool {
  return (db.driver as unknown as { master: Pool }).master;
}

/**
 * `preparedQuery` on the connection an entity manager is bound to: its transaction's, or the pool
 * when it is bound to none. Rows come back as pg returns them, without TypeORM's wrapping.
 */
export function preparedIn(tx: EntityManager): Query {
  return async <T>(sql: string, params: unknown[]) => {
    const client = tx.queryRunner ? ((await tx.queryRunner.connect()) as ClientBase) : poolOf(tx.connection);
    return (await client.query({ name: statementName(sql), text: sql, values: params })).rows as T;
  };
}
