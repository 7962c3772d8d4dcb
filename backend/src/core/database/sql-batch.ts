import type { EntityManager } from 'typeorm';
import { preparedIn } from './prepared';

/**
 * Several independent writes sent as one statement (one round trip): each write is a
 * data-modifying WITH clause, and PostgreSQL runs every one of them whether or not it is read.
 * Repositories add their writes (`xxxTo(batch, …)`) and the caller runs the batch in its
 * transaction.
 *
 * The writes share one snapshot and cannot see each other's rows unless one reads another's
 * RETURNING by name; and no two writes may change the same row (PostgreSQL would keep only one).
 */
export class SqlBatch {
  private readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  /** A placeholder for `value`. */
  readonly param = (value: unknown): string => `$${this.params.push(value)}`;

  /** Adds a write; `body(name)` is the statement, `name` what later writes may read it by. */
  add(body: (name: string) => string): string {
    const name = `w${this.parts.length + 1}`;
    this.parts.push(`${name} AS (${body(name)})`);
    return name;
  }

  get empty(): boolean {
    return this.parts.length === 0;
  }

  async run(tx: EntityManager): Promise<void> {
    if (this.empty) return;
    await this.select(tx, 'SELECT 1');
  }

  /** Runs the writes and answers `select`, which may read their RETURNING by name. */
  select<T>(tx: EntityManager, select: string): Promise<T[]> {
    // Prepared: a batch has one of a few shapes (values are always parameters).
    return preparedIn(tx)<T[]>(`WITH ${this.parts.join(',\n')}\n${select}`, this.params);
  }
}
