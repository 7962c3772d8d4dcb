import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { type LeadScope, leadVisibleSql } from '../access/lead-access';
import { LeadMergeEntity, MergeSnapshot } from './lead-merge.entity';

/**
 * Tables whose rows belong to a lead and move to the survivor on a merge (and back on undo, by id).
 * A merge is one transaction across every feature's lead-owned rows, which no single feature's
 * service can do inside another's transaction without handing it our snapshot; so this repository
 * moves them by `lead_id` only, never reading or changing anything else in them.
 */
export const MOVED_TABLES = ['activities', 'tasks', 'qualifications', 'sessions', 'messages', 'viewings', 'outbox_messages', 'integration_events', 'webhook_events'] as const;

export type Row = Record<string, unknown>;

export interface LockedLead {
  id: string;
  contact_id: string;
  merged_into_id: string | null;
  visible: boolean;
}

const ident = (name: string) => {
  // Column names come from our own rows (to_jsonb of a table), never from a request; still, refuse anything odd.
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected column name ${name}`);
  return `"${name}"`;
};

@Injectable()
export class MergesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Locks the leads (in id order, so two merges of one pair queue up instead of deadlocking) and
   * says for each whether `scope` may see it. A lead merged meanwhile shows its new merged_into_id:
   * FOR UPDATE re-reads the row after the other transaction commits.
   */
  async lockLeads(ids: string[], scope: LeadScope, tx: EntityManager): Promise<LockedLead[]> {
    const params: unknown[] = [ids];
    const visible = scope.all ? 'true' : leadVisibleSql(scope, 'l', `$${params.push(scope.userId)}`);
    return tx.query(`SELECT l.id, l.contact_id, l.merged_into_id, ${visible} AS visible FROM leads l WHERE l.id = ANY($1::uuid[]) ORDER BY l.id FOR UPDATE`, params);
  }

  /** Whether the lead exists and `scope` may see it (no lock). */
  async visibility(id: string, scope: LeadScope): Promise<{ visible: boolean } | null> {
    const params: unknown[] = [id];
    const visible = scope.all ? 'true' : leadVisibleSql(scope, 'l', `$${params.push(scope.userId)}`);
    const rows = await this.db.query<{ visible: boolean }[]>(`SELECT ${visible} AS visible FROM leads l WHERE l.id = $1`, params);
    return rows[0] ?? null;
  }

  async rowOf(table: 'leads' | 'contacts' | 'lead_profiles', key: string, tx: EntityManager): Promise<Row | null> {
    const col = table === 'lead_profiles' ? 'lead_id' : 'id';
    const rows = await tx.query<{ r: Row }[]>(`SELECT to_jsonb(t) AS r FROM ${table} t WHERE t.${col} = $1`, [key]);
    return rows[0]?.r ?? null;
  }

  /** Sets the given columns of one row to the values in `values` (as to_jsonb gave them). */
  async setColumns(table: 'leads' | 'contacts' | 'lead_profiles', key: string, values: Row, tx: EntityManager): Promise<void> {
    const cols = Object.keys(values);
    if (!cols.length) return;
    const col = table === 'lead_profiles' ? 'lead_id' : 'id';
    await tx.query(
      `UPDATE ${table} t SET ${cols.map((c) => `${ident(c)} = r.${ident(c)}`).join(', ')}
         FROM jsonb_populate_record(NULL::${table}, $2::jsonb) r WHERE t.${col} = $1`,
      [key, JSON.stringify(values)],
    );
  }

  /**
   * Undo for the survivor: each column the merge wrote goes back to its value before the merge,
   * but only while it still holds what the merge wrote (a later change is kept).
   */
  async restoreUnchanged(table: 'leads' | 'contacts' | 'lead_profiles', key: string, written: Row, before: Row, tx: EntityManager): Promise<void> {
    const cols = Object.keys(written);
    if (!cols.length) return;
    const col = table === 'lead_profiles' ? 'lead_id' : 'id';
    await tx.query(
      `UPDATE ${table} t SET ${cols.map((c) => `${ident(c)} = CASE WHEN t.${ident(c)} IS NOT DISTINCT FROM w.${ident(c)} THEN b.${ident(c)} ELSE t.${ident(c)} END`).join(', ')}
         FROM jsonb_populate_record(NULL::${table}, $2::jsonb) w, jsonb_populate_record(NULL::${table}, $3::jsonb) b
        WHERE t.${col} = $1`,
      [key, JSON.stringify(written), JSON.stringify(before)],
    );
  }

  /** Inserts a profile row as it was (the survivor had none before the merge: never, but kept honest). */
  async insertProfile(values: Row, tx: EntityManager): Promise<void> {
    const cols = Object.keys(values);
    await tx.query(`INSERT INTO lead_profiles (${cols.map(ident).join(', ')}) SELECT ${cols.map((c) => `r.${ident(c)}`).join(', ')} FROM jsonb_populate_record(NULL::lead_profiles, $1::jsonb) r`, [JSON.stringify(values)]);
  }

  /** Moves every row of `from` to `to`, table by table; returns the ids moved. */
  async moveAll(from: string, to: string, tx: EntityManager): Promise<Record<string, string[]>> {
    const moved: Record<string, string[]> = {};
    for (const table of MOVED_TABLES) {
      const rows = await tx.query<[{ id: string }[], number]>(`UPDATE ${table} SET lead_id = $2 WHERE lead_id = $1 RETURNING id`, [from, to]);
      moved[table] = rows[0].map((r) => r.id);
    }
    return moved;
  }

  /** Moves back the rows a merge moved (those still on `from`); rows added since stay where they are. */
  async moveBack(moved: Record<string, string[]>, from: string, to: string, tx: EntityManager): Promise<void> {
    for (const table of MOVED_TABLES) {
      const ids = moved[table] ?? [];
      if (ids.length) await tx.query(`UPDATE ${table} SET lead_id = $3 WHERE id = ANY($1::uuid[]) AND lead_id = $2`, [ids, from, to]);
    }
  }

  /** The merged lead's matches go to the survivor for units it lacks; returns its rows (for undo) and the units added. */
  async moveMatches(from: string, to: string, tx: EntityManager): Promise<MergeSnapshot['matches']> {
    const rows = await tx.query<{ r: Row }[]>(`SELECT to_jsonb(m) AS r FROM lead_matches m WHERE m.lead_id = $1`, [from]);
    const added = await tx.query<[{ unit_id: string }[], number]>(
      `INSERT INTO lead_matches (lead_id, unit_id, rank, score, why, computed_at)
       SELECT $2, unit_id, rank, score, why, computed_at FROM lead_matches WHERE lead_id = $1
       ON CONFLICT DO NOTHING RETURNING unit_id`,
      [from, to],
    );
    await tx.query(`DELETE FROM lead_matches WHERE lead_id = $1`, [from]);
    return { rows: rows.map((r) => r.r), added: (Array.isArray(added[0]) ? added[0] : (added as unknown as { unit_id: string }[])).map((r) => r.unit_id) };
  }

  async restoreMatches(matches: MergeSnapshot['matches'], survivor: string, tx: EntityManager): Promise<void> {
    if (matches.added.length) {
      // Only the copies the merge made: a match recomputed since belongs to the survivor now.
      await tx.query(
        `DELETE FROM lead_matches t USING jsonb_populate_recordset(NULL::lead_matches, $3::jsonb) r
          WHERE t.lead_id = $1 AND t.unit_id = ANY($2::uuid[]) AND t.unit_id = r.unit_id AND t.computed_at = r.computed_at`,
        [survivor, matches.added, JSON.stringify(matches.rows)],
      );
    }
    if (matches.rows.length) {
      await tx.query(
        `INSERT INTO lead_matches (lead_id, unit_id, rank, score, why, computed_at)
         SELECT lead_id, unit_id, rank, score, why, computed_at FROM jsonb_populate_recordset(NULL::lead_matches, $1::jsonb)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(matches.rows)],
      );
    }
  }

  /** Rows of `table` written on the lead in this transaction (created_at ≥ the transaction's start). */
  async createdInThisTransaction(table: 'activities' | 'qualifications', leadId: string, tx: EntityManager): Promise<string[]> {
    const rows = await tx.query<{ id: string }[]>(`SELECT id FROM ${table} WHERE lead_id = $1 AND created_at >= now() ORDER BY created_at`, [leadId]);
    return rows.map((r) => r.id);
  }

  async deleteRows(table: 'activities' | 'qualifications', ids: string[], tx: EntityManager): Promise<void> {
    if (!ids.length) return;
    // A qualification still current for either lead stays (the score it holds is in force).
    const keep = table === 'qualifications' ? 'AND id NOT IN (SELECT current_qualification_id FROM leads WHERE current_qualification_id IS NOT NULL)' : '';
    await tx.query(`DELETE FROM ${table} WHERE id = ANY($1::uuid[]) ${keep}`, [ids]);
  }

  /** Open duplicate pairs between the two leads are closed as merged; returns their ids. */
  async closePairs(a: string, b: string, userId: string | null, tx: EntityManager): Promise<string[]> {
    const rows = await tx.query<[{ id: string }[], number]>(
      `UPDATE duplicate_candidates SET status = 'merged', decided_by_id = $3, decided_at = now()
        WHERE status = 'open' AND ((lead_id = $1 AND other_lead_id = $2) OR (lead_id = $2 AND other_lead_id = $1)) RETURNING id`,
      [a, b, userId],
    );
    return rows[0].map((r) => r.id);
  }

  async reopenPairs(ids: string[], tx: EntityManager): Promise<void> {
    if (ids.length) await tx.query(`UPDATE duplicate_candidates SET status = 'open', decided_by_id = NULL, decided_at = NULL WHERE id = ANY($1::uuid[]) AND status = 'merged'`, [ids]);
  }

  async insertMerge(merge: Partial<LeadMergeEntity>, tx: EntityManager): Promise<LeadMergeEntity> {
    const repo = tx.getRepository(LeadMergeEntity);
    return repo.save(repo.create(merge));
  }

  lockMerge(id: string, tx: EntityManager): Promise<LeadMergeEntity | null> {
    return tx.getRepository(LeadMergeEntity).createQueryBuilder('m').setLock('pessimistic_write').where('m.id = :id', { id }).getOne();
  }

  /** A merge not undone, made after `after`, that involves the lead (as survivor or as the lead merged away). */
  laterMergeOf(leadId: string, merge: LeadMergeEntity, tx: EntityManager): Promise<LeadMergeEntity | null> {
    // Compared in SQL against the stored time (microseconds), not a JS Date (milliseconds).
    return tx
      .getRepository(LeadMergeEntity)
      .createQueryBuilder('m')
      .where('(m.survivor_id = :id OR m.merged_id = :id) AND m.id <> :self AND m.undone_at IS NULL', { id: leadId, self: merge.id })
      .andWhere('m.created_at >= (SELECT created_at FROM lead_merges WHERE id = :self)')
      .orderBy('m.created_at', 'ASC')
      .getOne();
  }

  async markUndone(id: string, userId: string, tx: EntityManager): Promise<void> {
    await tx.getRepository(LeadMergeEntity).update({ id }, { undoneAt: new Date(), undoneById: userId });
  }

  findMerge(id: string): Promise<LeadMergeEntity | null> {
    return this.db.getRepository(LeadMergeEntity).findOne({ where: { id } });
  }
}
