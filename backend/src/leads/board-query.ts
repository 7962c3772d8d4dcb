import type { LeadScope } from '../access/lead-access';
import { type InboxFilter, inboxWhere } from './inbox-query';
import type { LeadSource, LeadStage, SlaClockKind } from './lead.enums';

/** Where a column's next page starts: after this card, in the column's order (score DESC, id DESC). */
export interface BoardCursor {
  score: number;
  id: string;
}

/**
 * The board's cards: the first `perColumn` cards of each wanted stage (one LATERAL stream per
 * stage, each walking idx_leads_inbox_score backwards, the inbox's own index and filters), then
 * the cards' names, assignees and next open task for that page only. With `after`, the one
 * column's next page (keyset: no OFFSET, so scrolling deep stays as fast as the first page).
 */
export function boardCardsSql(filter: InboxFilter, scope: LeadScope, stages: LeadStage[], perColumn: number, after: BoardCursor | null) {
  const { where, params, needsContact } = inboxWhere(filter, scope, { stageInLateral: true });
  const p = (v: unknown) => `$${params.push(v)}`;
  const join = needsContact ? 'JOIN contacts c ON c.id = l.contact_id' : '';
  const keyset = after ? ` AND (l.score, l.id) < (${p(after.score)}::smallint, ${p(after.id)}::uuid)` : '';
  const keys = `SELECT x.id FROM unnest(${p(stages)}::lead_stage[]) AS s(stage)
      CROSS JOIN LATERAL (SELECT l.id FROM leads l ${join} WHERE ${where} AND l.stage = s.stage${keyset} ORDER BY l.score DESC, l.id DESC LIMIT ${p(perColumn)}) x`;
  const sql = `SELECT l.id, l.stage, l.score, l.source, l.version, l.assignee_id, u.name AS assignee_name, c.name,
        l.awaiting_reply_since, l.sla_due_at, l.sla_kind, nt.title AS task_title, nt.due_at AS task_due_at
      FROM (${keys}) k
      JOIN leads l ON l.id = k.id
      JOIN contacts c ON c.id = l.contact_id
      LEFT JOIN users u ON u.id = l.assignee_id
      LEFT JOIN LATERAL (SELECT t.title, t.due_at FROM tasks t WHERE t.lead_id = l.id AND t.completed_at IS NULL
                          ORDER BY t.due_at ASC NULLS LAST, t.created_at ASC LIMIT 1) nt ON true
     ORDER BY l.stage, l.score DESC, l.id DESC`;
  return { sql, params };
}

/** How many leads each stage holds under the filters: one grouped count over the inbox index. */
export function boardCountsSql(filter: InboxFilter, scope: LeadScope) {
  const { where, params, needsContact } = inboxWhere(filter, scope);
  const from = needsContact ? 'leads l JOIN contacts c ON c.id = l.contact_id' : 'leads l';
  return { sql: `SELECT l.stage, count(*)::int AS count FROM ${from} WHERE ${where} GROUP BY l.stage`, params };
}

export interface BoardCardRow {
  id: string;
  stage: LeadStage;
  score: number;
  source: LeadSource;
  version: number;
  assignee_id: string | null;
  assignee_name: string | null;
  name: string;
  awaiting_reply_since: Date | null;
  sla_due_at: Date | null;
  sla_kind: SlaClockKind | null;
  task_title: string | null;
  task_due_at: Date | null;
}
