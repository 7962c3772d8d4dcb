import { type LeadScope, leadVisibleSql } from '../access/lead-access';
import { cappedCountSql, CountQuery } from '../core/database/capped-count';
import { LeadSource, LeadStage, type SlaClockKind } from './lead.enums';
import { needsReplySql } from './needs-reply';
import type { LeadSort } from './leads.dto';

export interface InboxFilter {
  stage?: LeadStage[];
  source?: LeadSource[];
  /** A user id, or null for the unassigned pool. */
  assigneeId?: string | null;
  scoreMin?: number;
  scoreMax?: number;
  createdFrom?: Date;
  createdTo?: Date;
  q?: string;
  needsReply?: boolean;
}

const ORDER: Record<LeadSort, string> = {
  // Within one stage (the per-stage streams, idx_leads_inbox_attention): the longest wait first, then by score.
  attention: 'l.awaiting_reply_since ASC NULLS LAST, l.score DESC, l.id DESC',
  score: 'l.score ASC, l.id ASC',
  '-score': 'l.score DESC, l.id DESC',
  created: 'l.created_at ASC, l.id ASC',
  '-created': 'l.created_at DESC, l.id DESC',
  lastActivity: 'l.last_activity_at ASC, l.id ASC',
  '-lastActivity': 'l.last_activity_at DESC, l.id DESC',
};

/** The merged page's order: for `attention`, open leads before closed ones (won, lost), then the per-stage order. */
const outerOrder = (sort: LeadSort) => (sort === 'attention' ? `(l.stage IN ('won', 'lost')) ASC, ${ORDER.attention}` : ORDER[sort]);

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The inbox query as plain SQL. Kept as a pure function so the benchmark's bare baseline can run
 * exactly the same statement as the endpoint.
 */
export function inboxWhere(filter: InboxFilter, scope: LeadScope, opts: { stageInLateral?: boolean } = {}): { where: string; params: unknown[]; needsContact: boolean } {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const clauses = ['l.merged_into_id IS NULL'];
  let needsContact = false;
  if (!scope.all) clauses.push(leadVisibleSql(scope, 'l', p(scope.userId)));
  if (filter.stage?.length && !opts.stageInLateral) clauses.push(`l.stage = ANY(${p(filter.stage)}::lead_stage[])`);
  if (filter.source?.length) clauses.push(`l.source = ANY(${p(filter.source)}::lead_source[])`);
  if (filter.assigneeId === null) clauses.push('l.assignee_id IS NULL');
  else if (filter.assigneeId) clauses.push(`l.assignee_id = ${p(filter.assigneeId)}`);
  if (filter.scoreMin !== undefined) clauses.push(`l.score >= ${p(filter.scoreMin)}`);
  if (filter.scoreMax !== undefined) clauses.push(`l.score <= ${p(filter.scoreMax)}`);
  if (filter.createdFrom) clauses.push(`l.created_at >= ${p(filter.createdFrom)}`);
  if (filter.createdTo) clauses.push(`l.created_at < ${p(filter.createdTo)}`);
  if (filter.needsReply === true) clauses.push(needsReplySql('l'));
  if (filter.needsReply === false) clauses.push(`(l.awaiting_reply_since IS NULL OR l.stage IN ('won', 'lost'))`);
  if (filter.q) {
    needsContact = true;
    const text = `%${likeEscape(filter.q.trim())}%`;
    const digits = filter.q.replace(/\D/g, '');
    const alts = [`c.name ILIKE ${p(text)}`, `lower(c.email) LIKE ${p(text.toLowerCase())}`];
    if (digits.length >= 3) alts.push(`c.phone_e164 LIKE ${p(`%${digits}%`)}`);
    clauses.push(`(${alts.join(' OR ')})`);
  }
  return { where: clauses.join(' AND '), params, needsContact };
}

/**
 * One page of the inbox. Each wanted stage (all of them when no stage filter is given) is read
 * in sort order from its own inbox index through a LATERAL join and the streams are merged:
 * PostgreSQL cannot walk one index in order for `stage = ANY(...)`, and a score-ordered scan
 * filtered by stage reads thousands of other-stage rows first. The inbox indexes INCLUDE every
 * filter column, so candidates come from the index alone; only the final page touches the lead,
 * contact and assignee rows. See migrations (idx_leads_inbox_*).
 */
export function inboxPageSql(filter: InboxFilter, scope: LeadScope, sort: LeadSort, limit: number, offset: number) {
  const { sql: keys, params } = inboxKeysSql(filter, scope, sort, limit, offset);
  const sql = `SELECT l.id, l.source, l.stage, l.score, l.score_source, l.qualification_status, l.assignee_id,
      u.name AS assignee_name, l.sla_due_at, l.sla_kind, l.first_response_at, l.awaiting_reply_since, l.version, l.last_activity_at, l.created_at,
      c.name, c.email, c.phone
    FROM (${keys}) page
    JOIN leads l ON l.id = page.id
    JOIN contacts c ON c.id = l.contact_id
    LEFT JOIN users u ON u.id = l.assignee_id
    ORDER BY ${outerOrder(sort)}`;
  return { sql, params };
}

/**
 * The page's keys alone (id, score, created_at, last_activity_at), in order, from the inbox
 * indexes only: the first half of `inboxPageSql`. The benchmark's reference page.
 */
export function inboxKeysSql(filter: InboxFilter, scope: LeadScope, sort: LeadSort, limit: number, offset: number) {
  const { where, params, needsContact } = inboxWhere(filter, scope, { stageInLateral: true });
  const join = needsContact ? 'JOIN contacts c ON c.id = l.contact_id' : '';
  const stages = filter.stage?.length ? filter.stage : Object.values(LeadStage);
  // The attention order also needs the stage (open before closed) and the wait; the other orders keep to the columns their indexes hold.
  const keys = sort === 'attention' ? 'l.id, l.score, l.created_at, l.last_activity_at, l.stage, l.awaiting_reply_since' : 'l.id, l.score, l.created_at, l.last_activity_at';
  params.push(stages, offset + limit);
  const candidates = `SELECT x.* FROM unnest($${params.length - 1}::lead_stage[]) AS s(stage)
      CROSS JOIN LATERAL (SELECT ${keys} FROM leads l ${join} WHERE ${where} AND l.stage = s.stage ORDER BY ${ORDER[sort]} LIMIT $${params.length}) x`;
  params.push(limit, offset);
  return { sql: `SELECT * FROM (${candidates}) l ORDER BY ${outerOrder(sort)} LIMIT $${params.length - 1} OFFSET $${params.length}`, params };
}

/** Every row the filter selects, in sort order, with the inbox page's columns plus the E.164 phone: the CSV export. */
export function inboxExportSql(filter: InboxFilter, scope: LeadScope, sort: LeadSort) {
  const { where, params } = inboxWhere(filter, scope);
  const sql = `SELECT l.id, l.source, l.stage, l.score, l.score_source, l.qualification_status, l.assignee_id,
      u.name AS assignee_name, l.sla_due_at, l.sla_kind, l.first_response_at, l.last_activity_at, l.created_at,
      c.name, c.email, c.phone, c.phone_e164
    FROM leads l
    JOIN contacts c ON c.id = l.contact_id
    LEFT JOIN users u ON u.id = l.assignee_id
    WHERE ${where}
    ORDER BY ${ORDER[sort]}`;
  return { sql, params };
}

export function inboxCountSql(filter: InboxFilter, scope: LeadScope): CountQuery {
  const { where, params, needsContact } = inboxWhere(filter, scope);
  return cappedCountSql(needsContact ? 'leads l JOIN contacts c ON c.id = l.contact_id' : 'leads l', where, params);
}

export interface InboxRow {
  id: string;
  source: LeadSource;
  stage: LeadStage;
  score: number;
  score_source: string;
  qualification_status: string;
  assignee_id: string | null;
  assignee_name: string | null;
  sla_due_at: Date | null;
  sla_kind: SlaClockKind | null;
  first_response_at: Date | null;
  awaiting_reply_since: Date | null;
  version: number;
  last_activity_at: Date;
  created_at: Date;
  name: string;
  email: string | null;
  phone: string | null;
}
