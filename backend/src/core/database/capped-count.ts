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


export async function runCappedCount(query: Query, q: CountQuery, cap = COUNT_CAP): Promise<{ total: number; exact: boolean }> {
  const [row] = await query<{ total: number }[]>(q.sql, q.params);
  const total = row?.total ?? 0;
  if (total <= cap) return { total, exact: true };
  const [plan] = await query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[]>(q.estimateSql, q.params);
  return { total: Math.max(cap + 1, Math.round(plan?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0)), exact: false };
}
