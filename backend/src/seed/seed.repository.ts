import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** Bulk writes for the demo seed and the benchmarks: thousands of rows per statement. */
@Injectable()
export class SeedRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async count(table: 'units' | 'leads' | 'users'): Promise<number> {
    const [row] = await this.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`);
    return row?.n ?? 0;
  }

  /**
   * Refreshes the planner's statistics after a bulk load, so the inbox's estimated totals (and
   * its plans) reflect the rows just written rather than an empty table.
   */
  async analyze(): Promise<void> {
    await this.db.query('ANALYZE units, contacts, leads, lead_profiles, activities, tasks, qualifications');
  }

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Inserts rows given as objects whose keys are column names, through jsonb_to_recordset so one
   * statement carries a whole batch (arrays and jsonb included).
   */
  async insertMany(table: string, columns: Record<string, string>, rows: Record<string, unknown>[], tx: EntityManager, batch = 2000): Promise<void> {
    const names = Object.keys(columns);
    const defs = names.map((n) => `"${n}" ${columns[n]}`).join(', ');
    const list = names.map((n) => `"${n}"`).join(', ');
    for (let i = 0; i < rows.length; i += batch) {
      const chunk = rows.slice(i, i + batch);
      await tx.query(`INSERT INTO ${table} (${list}) SELECT ${list} FROM jsonb_to_recordset($1::jsonb) AS x(${defs})`, [JSON.stringify(chunk)]);
    }
  }

  newId(): string {
    return randomUUID();
  }
}
