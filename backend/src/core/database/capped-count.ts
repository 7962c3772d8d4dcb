import type { Query } from './prepared';

/**
 * Totals for paged lists: exact up to COUNT_CAP, the planner's estimate past it. Counting 100,000
 * matching rows on every page turn costs more than the page itself; nobody pages to row 1,001
 * to check a number, and the response says when a total is an estimate.
 */
export const COUNT_CAP = 1_000;

export interface CountQuery {
  sql: string;
  estimateSql: string;
  params: unknown[];
}

export function cappedCountSql(from: string, where: string, params: unknown[], cap = COUNT_CAP): CountQuery {
  return {
    sql: `SELECT count(*)::int AS total FROM (SELECT 1 FROM ${from} WHERE ${where} LIMIT ${cap + 1}) s`,
    estimateSql: `EXPLAIN (FORMAT JSON) SELECT 1 FROM ${from} WHERE ${where}`,
    params,
  };
}


/**
 * The planner's estimates, per statement and values, for ESTIMATE_TTL_MS: they come from the
 * table statistics, which only move when the table is analysed, so asking again on every page
 * turn (an EXPLAIN is planned each time) bought nothing.
 */
const ESTIMATE_TTL_MS = 60_000;
const ESTIMATES_KEPT = 1_000;
const estimates = new Map<string, { rows: number; at: number }>();

async function estimatedRows(query: Query, q: CountQuery): Promise<number> {
  const key = `${q.estimateSql}\u0000${JSON.stringify(q.params)}`;
  const now = Date.now();
  const hit = estimates.get(key);
  if (hit && now - hit.at < ESTIMATE_TTL_MS) return hit.rows;
  const [plan] = await query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[]>(q.estimateSql, q.params);
  const rows = Math.round(plan?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0);
  estimates.delete(key);
  estimates.set(key, { rows, at: now });
  // Oldest first: a Map iterates in insertion order.
  if (estimates.size > ESTIMATES_KEPT) estimates.delete(estimates.keys().next().value as string);
  return rows;
}

export async function runCappedCount(query: Query, q: CountQuery, cap = COUNT_CAP): Promise<{ total: number; exact: boolean }> {
  const [row] = await query<{ total: number }[]>(q.sql, q.params);
  const total = row?.total ?? 0;
  if (total <= cap) return { total, exact: true };
  return { total: Math.max(cap + 1, await estimatedRows(query, q)), exact: false };
}
