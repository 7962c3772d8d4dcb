import { cappedCountSql, runCappedCount } from './capped-count';
import type { Query } from './prepared';

/** A stand-in for the database that answers the capped count and EXPLAIN, and records what it was asked. */
function database(matching: number, planRows: number) {
  const asked: string[] = [];
  const query = ((sql: string) => {
    asked.push(sql.startsWith('EXPLAIN') ? 'explain' : 'count');
    return Promise.resolve(sql.startsWith('EXPLAIN') ? [{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': planRows } }] }] : [{ total: Math.min(matching, 1001) }]);
  }) as Query;
  return { query, asked, setPlanRows: (n: number) => (planRows = n) };
}

describe('capped totals', () => {
  afterEach(() => jest.useRealTimers());

  it('is exact up to the cap and never asks the planner there', async () => {
    const db = database(640, 999_999);
    await expect(runCappedCount(db.query, cappedCountSql('leads l', 'l.score >= $1', [10]))).resolves.toEqual({ total: 640, exact: true });
    expect(db.asked).toEqual(['count']);
  });

  it('past the cap gives the planner estimate, asked once per statement and values for a minute', async () => {
    jest.useFakeTimers({ now: new Date('2026-11-26T12:00:00Z') });
    const db = database(31_000, 30_512.4);
    const q = cappedCountSql('leads l', 'l.score >= $1', [20]);
    await expect(runCappedCount(db.query, q)).resolves.toEqual({ total: 30_512, exact: false });
    db.setPlanRows(40_000);
    await expect(runCappedCount(db.query, q)).resolves.toEqual({ total: 30_512, exact: false });
    // Other values are another estimate.
    await expect(runCappedCount(db.query, cappedCountSql('leads l', 'l.score >= $1', [21]))).resolves.toEqual({ total: 40_000, exact: false });
    expect(db.asked).toEqual(['count', 'explain', 'count', 'count', 'explain']);
    // After a minute the planner is asked again.
    jest.setSystemTime(new Date('2026-11-26T12:01:01Z'));
    await expect(runCappedCount(db.query, q)).resolves.toEqual({ total: 40_000, exact: false });
  });

  it('never reports an estimate below the cap once the count passed it', async () => {
    const db = database(5_000, 12);
    await expect(runCappedCount(db.query, cappedCountSql('units u', 'u.price >= $1', [1]))).resolves.toEqual({ total: 1_001, exact: false });
  });
});
