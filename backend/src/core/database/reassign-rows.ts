import type { EntityManager } from 'typeorm';

/** Ids of the rows whose owner changed, by table (JSON: kept in a snapshot so the change can be undone). */
export type ReassignedRows = Record<string, string[]>;

/** A table or column name quoted for SQL; names come from code or from our own rows (to_jsonb), never a request, and anything odd is refused. */
export const ident = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected identifier ${name}`);
  return `"${name}"`;
};

/**
 * Points every row of `tables` whose `column` is `from` at `to`, inside the caller's transaction;
 * returns the ids changed, by table. Each owning repository calls it for its own tables only.
 */
export async function reassignRows(tx: EntityManager, tables: readonly string[], column: string, from: string, to: string): Promise<ReassignedRows> {
  const moved: ReassignedRows = {};
  for (const table of tables) {
    const [rows] = await tx.query<[{ id: string }[], number]>(`UPDATE ${ident(table)} SET ${ident(column)} = $2 WHERE ${ident(column)} = $1 RETURNING id`, [from, to]);
    moved[table] = rows.map((r) => r.id);
  }
  return moved;
}

/**
 * Undoes `reassignRows`: the rows it changed that still point at `from` (the new owner) go back to
 * `to`; rows added to `from` since stay there.
 */
export async function restoreReassigned(tx: EntityManager, tables: readonly string[], column: string, moved: Partial<Record<string, unknown>>, from: string, to: string): Promise<void> {
  for (const table of tables) {
    const ids = moved[table];
    if (Array.isArray(ids) && ids.length) await tx.query(`UPDATE ${ident(table)} SET ${ident(column)} = $3 WHERE id = ANY($1::uuid[]) AND ${ident(column)} = $2`, [ids, from, to]);
  }
}
