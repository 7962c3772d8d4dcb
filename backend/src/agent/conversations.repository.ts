import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { leadVisibleSql, type LeadScope } from '../access/lead-access';
import type { ConversationChannel } from './conversations.dto';
import type { SessionMode } from './session.entity';

export interface ConversationFilters {
  channel?: ConversationChannel;
  /** Only leads assigned to this user. */
  assigneeId?: string;
  waiting?: boolean;
  mode?: SessionMode;
  /** Keyset: conversations after this one in the list's order. */
  after?: { lastMessageAt: string; id: string };
  limit: number;
}

export interface ConversationRow {
  id: string;
  lead_id: string;
  lead_name: string;
  lead_source: string;
  channel: string;
  mode: SessionMode;
  held_by_id: string | null;
  held_by_name: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  last_message_at: Date;
  /** last_message_at to the microsecond, for the cursor. */
  last_mark: string;
  last_role: string | null;
  last_content: string | null;
  last_delivery: string | null;
  read_at: Date | null;
  unread: number;
}

export interface ThreadMessageRow {
  id: string;
  role: string;
  content: string;
  status: string;
  data: Record<string, unknown> | null;
  author_name: string | null;
  created_at: Date;
  delivery_status: string | null;
  delivery_errors: unknown[] | null;
}

export interface DecisionRow {
  id: string;
  summary: string;
  data: Record<string, unknown>;
  created_at: Date;
}

export interface ContactRow {
  email: string | null;
  phone_e164: string | null;
  opted_out_at: Date | null;
}

/**
 * A conversation with what the list shows: the lead, its agent, the holder, the last message that
 * is not a tool's, andthe lead's messages after the team's latest read mark.
 */
const CONVERSATION_SELECT = `
  SELECT s.id, s.lead_id, c.name AS lead_name, l.source AS lead_source, s.channel, s.mode, s.held_by_id, hu.name AS held_by_name,
         l.assignee_id, au.name AS assignee_name,
         -- A conversation opened but not yet written in (only reachable by id: the list skips it) dates from its start.
         coalesce(s.last_message_at, s.created_at) AS last_message_at, s.last_message_at::text AS last_mark,
         lm.role AS last_role, left(lm.content, 200) AS last_content, lm.delivery_status AS last_delivery, r.read_at,
         (SELECT count(*) FROM messages um WHERE um.session_id = s.id AND um.role = 'lead' AND um.created_at > coalesce(r.read_at, '-infinity'))::int AS unread
    FROM sessions s
    JOIN leads l ON l.id = s.lead_id
    JOIN contacts c ON c.id = l.contact_id
    LEFT JOIN users hu ON hu.id = s.held_by_id
    LEFT JOIN users au ON au.id = l.assignee_id
    LEFT JOIN LATERAL (SELECT m.role, m.content, m.delivery_status FROM messages m
                        WHERE m.session_id = s.id AND m.role <> 'tool' ORDER BY m.created_at DESC, m.id DESC LIMIT 1) lm ON true
    LEFT JOIN LATERAL (SELECT max(cr.read_at) AS read_at FROM conversation_reads cr WHERE cr.session_id = s.id) r ON true`;

/** The channel filter in SQL: widget conversations are web chats of leads who came through the website's widget. */
function channelSql(channel: ConversationChannel): string {
  if (channel === 'widget') return `s.channel = 'web' AND l.source = 'widget'`;
  if (channel === 'web') return `s.channel = 'web' AND l.source <> 'widget'`;
  return `s.channel = '${channel}'`;
}

/** The reads behind the Conversations page, and the team's read marks (conversation_reads). */
@Injectable()
export class ConversationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One page of conversations that `scope` may see, latest message first. */
  async findPage(scope: LeadScope, f: ConversationFilters): Promise<ConversationRow[]> {
    const params: unknown[] = [];
    const where = ['s.last_message_at IS NOT NULL'];
    if (!scope.all) where.push(leadVisibleSql(scope, 'l', `$${params.push(scope.userId)}`));
    if (f.channel) where.push(channelSql(f.channel));
    if (f.assigneeId) where.push(`l.assignee_id = $${params.push(f.assigneeId)}`);
    if (f.mode) where.push(`s.mode = $${params.push(f.mode)}::session_mode`);
    if (f.waiting === true) where.push(`lm.role = 'lead'`);
    if (f.waiting === false) where.push(`lm.role IS DISTINCT FROM 'lead'`);
    if (f.after) where.push(`(s.last_message_at, s.id) < ($${params.push(f.after.lastMessageAt)}::timestamptz, $${params.push(f.after.id)}::uuid)`);
    return this.db.query<ConversationRow[]>(`${CONVERSATION_SELECT} WHERE ${where.join(' AND ')} ORDER BY s.last_message_at DESC, s.id DESC LIMIT $${params.push(f.limit)}`, params);
  }

  /** One conversation if `scope` may see its lead (null otherwise: callers answer 404 either way). */
  async findVisible(sessionId: string, scope: LeadScope): Promise<ConversationRow | null> {
    const rows = await this.db.query<ConversationRow[]>(
      `${CONVERSATION_SELECT} WHERE s.id = $1 ${scope.all ? '' : `AND ${leadVisibleSql(scope, 'l', '$2')}`}`,
      scope.all ? [sessionId] : [sessionId, scope.userId],
    );
    return rows[0] ?? null;
  }

  /** The conversation's messages people read (no tool results), oldest first, the latest `limit`. */
  async findThreadMessages(sessionId: string, limit: number): Promise<ThreadMessageRow[]> {
    const rows = await this.db.query<ThreadMessageRow[]>(
      `SELECT m.id, m.role, m.content, m.status, m.data, u.name AS author_name, m.created_at, m.delivery_status, m.delivery_errors
         FROM messages m LEFT JOIN users u ON u.id = m.author_id
        WHERE m.session_id = $1 AND m.role <> 'tool'
        ORDER BY m.created_at DESC, m.id DESC LIMIT $2`,
      [sessionId, limit],
    );
    return rows.reverse();
  }

  /**
   * The send-policy gate's decisions on this lead's messages on a channel that did not simply let
   * the message go (held or refused), as the messaging module recorded them on the timeline.
   */
  findGateDecisions(leadId: string, channel: string, since: Date): Promise<DecisionRow[]> {
    return this.db.query<DecisionRow[]>(
      `SELECT a.id, a.summary, a.data, a.created_at FROM activities a
        WHERE a.lead_id = $1 AND a.type = 'send_decision' AND a.data -> 'inputs' ->> 'channel' = $2
          AND a.data ->> 'verdict' IN ('hold', 'deny') AND a.created_at >= $3
        ORDER BY a.created_at`,
      [leadId, channel, since],
    );
  }

  async findContact(leadId: string): Promise<ContactRow | null> {
    const rows = await this.db.query<ContactRow[]>(`SELECT c.email, c.phone_e164, c.opted_out_at FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE l.id = $1`, [leadId]);
    return rows[0] ?? null;
  }

  /**
   * The person has read the conversation up to its latest message (now, when it has none yet).
   * A mark never moves back: two tabs opening it in turn keep the later one.
   */
  async markRead(sessionId: string, userId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO conversation_reads (session_id, user_id, read_at)
       SELECT $1, $2, coalesce((SELECT max(created_at) FROM messages WHERE session_id = $1), now())
       ON CONFLICT (session_id, user_id) DO UPDATE SET read_at = greatest(conversation_reads.read_at, excluded.read_at)`,
      [sessionId, userId],
    );
  }
}
