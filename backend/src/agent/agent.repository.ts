import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EntityReader } from '../core/database/entity-reader';
import { SqlBatch } from '../core/database/sql-batch';
import { poolOf, preparedQuery, type Query } from '../core/database/prepared';
import { ContactEntity } from '../leads/contact.entity';
import { leadVisibleSql, type LeadScope } from '../access/lead-access';
import { LeadProfileEntity } from '../leads/lead-profile.entity';
import { LeadEntity } from '../leads/lead.entity';
import { QualificationEntity } from '../scoring/qualification.entity';
import { UserEntity } from '../users/user.entity';
import { ViewingEntity } from '../viewings/viewing.entity';
import { nextViewingSql } from '../viewings/next-viewing';
import { MessageEntity } from './message.entity';
import { SessionEntity, SessionMode } from './session.entity';
import { type LeadMergeParticipant, type MovedLeadRows, MovesLeadRows } from '../leads/lead-merge-participant';
import { reassignRows, restoreReassigned } from '../core/database/reassign-rows';

/** A message to add to a session (the session is `addMessages`' own argument). */
export type NewMessage = Partial<Omit<MessageEntity, 'session' | 'lead' | 'sessionId'>> & Pick<MessageEntity, 'id' | 'leadId' | 'role'>;

export interface SessionRow extends SessionEntity {
  heldByName: string | null;
}

/**
 * Where a session's messages stood when a statement read it: its last_message_at to the
 * microsecond (as text; a Date keeps milliseconds), null before the first message. Every turn's
 * commit moves it, so reads that saw the same mark as the claim saw the state the claim follows.
 */
export type MessagesMark = string | null;

/** What a turn starts from, read by session id so that it can be read beside the claim. */
export interface TurnStart {
  session: SessionRow;
  /** With its contact, profile and current qualification. */
  lead: LeadEntity;
  /** The lead's next booked viewing from now on. */
  upcoming: ViewingEntity | null;
  mark: MessagesMark;
}

/**
 * SET clauses that take `ids` (a uuid[] parameter) off a session's pending channel messages, in
 * order, and clear the reply's due time when none is left.
 */
const answeredSql = (ids: string) =>
  `reply_pending = ARRAY(SELECT p FROM unnest(reply_pending) WITH ORDINALITY AS u(p, n) WHERE NOT (p = ANY(${ids}::uuid[])) ORDER BY n),
   reply_due_at = CASE WHEN reply_pending <@ ${ids}::uuid[] THEN NULL ELSE reply_due_at END`;

/** Joins a lead `l` to its contact `c`, profile `p` and current qualification `q`. */
const LEAD_JOINS = `JOIN contacts c ON c.id = l.contact_id
         LEFT JOIN lead_profiles p ON p.lead_id = l.id
         LEFT JOIN qualifications q ON q.id = l.current_qualification_id`;

const hotReaders = (db: DataSource) => ({
  sessions: new EntityReader(db, SessionEntity, 's'),
  messages: new EntityReader(db, MessageEntity, 'm'),
  leads: new EntityReader(db, LeadEntity, 'l'),
  contacts: new EntityReader(db, ContactEntity, 'c'),
  profiles: new EntityReader(db, LeadProfileEntity, 'p'),
  qualifications: new EntityReader(db, QualificationEntity, 'q'),
  viewings: new EntityReader(db, ViewingEntity, 'v'),
});

/** This feature's rows that belong to a lead: they follow it when it is merged into another (conversations and their messages). */
const MOVED_ON_MERGE = ['sessions', 'messages'] as const;

/** The only place that talks to the database about agent sessions and their messages. */
@Injectable()
@MovesLeadRows()
export class AgentRepository implements LeadMergeParticipant {
  /** The turn's hot reads: prepared statements, rows read into entities without a query builder. */
  private readonly query: Query;
  private hotReaders: ReturnType<typeof hotReaders> | null = null;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.query = preparedQuery(poolOf(db));
  }

  /** Built on first use: the entity metadata exists only once the data source is initialised (not when the OpenAPI spec is generated). */
  private get readers() {
    return (this.hotReaders ??= hotReaders(this.db));
  }

  /** Select list of a lead `l` with its contact, profile and current qualification (see `LEAD_JOINS`). */
  private get leadColumns(): string {
    const { leads, contacts, profiles, qualifications } = this.readers;
    return `${leads.columns}, ${contacts.columns}, ${profiles.columns}, ${qualifications.columns}`;
  }

  private readLead(row: Record<string, unknown>): LeadEntity | null {
    const { leads, contacts, profiles, qualifications } = this.readers;
    const lead = leads.read(row);
    return lead && Object.assign(lead, { contact: contacts.read(row) ?? undefined, profile: profiles.read(row) ?? undefined, currentQualification: qualifications.read(row) });
  }

  /** A session `s` read with `u.name AS held_by_name`. */
  private readSession(row: Record<string, unknown>): SessionRow | null {
    const session = this.readers.sessions.read(row);
    return session && Object.assign(session, { heldByName: row.held_by_name as string | null });
  }

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  insertSession(leadId: string, channel: string, tx: EntityManager = this.db.manager): Promise<SessionEntity> {
    const repo = tx.getRepository(SessionEntity);
    return repo.save(repo.create({ leadId, channel }));
  }

  /** The session if `scope` may see its lead; null otherwise (callers answer 404 either way). */
  async findVisibleSession(id: string, scope: LeadScope): Promise<SessionRow | null> {
    const { sessions } = this.readers;
    const [row] = await this.query<Record<string, unknown>[]>(
      `SELECT ${sessions.columns}, u.name AS held_by_name
         FROM sessions s JOIN leads l ON l.id = s.lead_id LEFT JOIN users u ON u.id = s.held_by_id
        WHERE s.id = $1 ${scope.all ? '' : `AND ${leadVisibleSql(scope, 'l', '$2')}`}`,
      scope.all ? [id] : [id, scope.userId],
    );
    return row ? this.readSession(row) : null;
  }

  async listSessions(leadId: string): Promise<SessionRow[]> {
    const { entities, raw } = await this.db
      .getRepository(SessionEntity)
      .createQueryBuilder('s')
      .leftJoin(UserEntity, 'u', 'u.id = s.held_by_id')
      .addSelect('u.name', 'held_by_name')
      .where('s.lead_id = :leadId', { leadId })
      .orderBy('s.created_at', 'DESC')
      .getRawAndEntities();
    const names = new Map((raw as { s_id: string; held_by_name: string | null }[]).map((r) => [r.s_id, r.held_by_name]));
    return entities.map((e) => Object.assign(e, { heldByName: names.get(e.id) ?? null }));
  }

  findMessages(sessionId: string, limit = 500): Promise<MessageEntity[]> {
    return this.db.getRepository(MessageEntity).find({ where: { sessionId }, order: { createdAt: 'ASC', id: 'ASC' }, take: limit });
  }

  /**
   * The latest messages of the session's lead across all its sessions, oldest first (the agent's
   * memory), and where the session's messages stood for this read (no rows: not known).
   */
  async recentLeadMessages(sessionId: string, limit: number): Promise<{ messages: MessageEntity[]; mark: MessagesMark | undefined }> {
    const { messages } = this.readers;
    const rows = await this.query<Record<string, unknown>[]>(
      `SELECT ${messages.columns}, s.last_message_at::text AS mark
         FROM sessions s JOIN messages m ON m.lead_id = s.lead_id
        WHERE s.id = $1 ORDER BY m.created_at DESC, m.id DESC LIMIT $2`,
      [sessionId, limit],
    );
    return { messages: rows.map((r) => messages.read(r)!).reverse(), mark: rows.length ? (rows[0].mark as MessagesMark) : undefined };
  }

  /**
   * Marks a turn as running unless one already is (a turn older than `staleMs` is taken as dead).
   * Null when another turn holds the session (or this scope may not see it); otherwise where the
   * session's messages stood when it was claimed.
   */
  async claimTurn(sessionId: string, scope: LeadScope, staleMs: number): Promise<{ mark: MessagesMark } | null> {
    const [row] = await this.query<{ mark: MessagesMark }[]>(
      `UPDATE sessions s SET turn_started_at = clock_timestamp()
         FROM leads l
        WHERE s.id = $1 AND l.id = s.lead_id ${scope.all ? '' : `AND ${leadVisibleSql(scope, 'l', '$3')}`}
          AND (s.turn_started_at IS NULL OR s.turn_started_at < clock_timestamp() - make_interval(secs => $2::double precision / 1000))
        RETURNING s.last_message_at::text AS mark`,
      scope.all ? [sessionId, staleMs] : [sessionId, staleMs, scope.userId],
    );
    return row ?? null;
  }

  /**
   * The session if `scope` may see its lead, with the lead (contact, profile, current
   * qualification) and its next booked viewing from `now` on, in one statement; null otherwise.
   */
  async findTurnStart(sessionId: string, scope: LeadScope, now: Date): Promise<TurnStart | null> {
    const { sessions, viewings } = this.readers;
    const [row] = await this.query<Record<string, unknown>[]>(
      `SELECT ${sessions.columns}, u.name AS held_by_name, s.last_message_at::text AS mark, ${this.leadColumns}, ${viewings.columns}
         FROM sessions s JOIN leads l ON l.id = s.lead_id ${LEAD_JOINS}
         LEFT JOIN users u ON u.id = s.held_by_id
         LEFT JOIN LATERAL (${nextViewingSql('l', '$2')}) v ON true
        WHERE s.id = $1 ${scope.all ? '' : `AND ${leadVisibleSql(scope, 'l', '$3')}`}`,
      scope.all ? [sessionId, now] : [sessionId, now, scope.userId],
    );
    const session = row ? this.readSession(row) : null;
    const lead = row ? this.readLead(row) : null;
    if (!session || !lead) return null;
    return { session, lead, upcoming: viewings.read(row), mark: row.mark as MessagesMark };
  }

  async releaseTurn(sessionId: string): Promise<void> {
    await this.db.query(`UPDATE sessions SET turn_started_at = NULL WHERE id = $1`, [sessionId]);
  }

  async setMode(sessionId: string, mode: SessionMode, heldById: string | null, tx: EntityManager = this.db.manager): Promise<void> {
    await tx.getRepository(SessionEntity).update({ id: sessionId }, { mode, heldById });
  }

  /**
   * Adds messages to a session, in the order given, and marks the session as having new ones; with
   * `endTurn` it also releases the session for the next turn. One statement (PostgreSQL runs a
   * data-modifying WITH whether or not it is referenced). Messages carry their own ids (evidence
   * points at them before they are written).
   */
  async addMessages(sessionId: string, rows: NewMessage[], tx: EntityManager, endTurn = false): Promise<void> {
    const batch = new SqlBatch();
    this.addMessagesTo(batch, sessionId, rows, endTurn);
    await batch.run(tx);
  }

  /** `addMessages` as part of a batch of writes (which then changes the session row: no other write in it may). */
  addMessagesTo(batch: SqlBatch, sessionId: string, rows: NewMessage[], endTurn = false, answered: string[] = []): void {
    const json = rows.map((m) => ({
      id: m.id,
      lead_id: m.leadId,
      role: m.role,
      content: m.content ?? '',
      tool_calls: m.toolCalls ?? null,
      tool_call_id: m.toolCallId ?? null,
      tool_name: m.toolName ?? null,
      data: m.data ?? null,
      status: m.status ?? null,
      author_id: m.authorId ?? null,
      model: m.model ?? null,
      prompt_tokens: m.promptTokens ?? null,
      completion_tokens: m.completionTokens ?? null,
      cached_tokens: m.cachedTokens ?? null,
      cost_usd: m.costUsd ?? null,
      latency_ms: m.latencyMs ?? null,
      external_id: m.externalId ?? null,
    }));
    const session = batch.param(sessionId);
    batch.add(
      () => `INSERT INTO messages (id, session_id, lead_id, role, content, tool_calls, tool_call_id, tool_name, data, status, author_id, model, prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms, external_id)
         SELECT x.id, ${session}::uuid, x.lead_id, x.role::message_role, x.content, x.tool_calls, x.tool_call_id, x.tool_name, x.data, coalesce(x.status, 'delivered')::message_status,
                x.author_id, x.model, x.prompt_tokens, x.completion_tokens, x.cached_tokens, x.cost_usd, x.latency_ms, x.external_id
           FROM ROWS FROM (jsonb_to_recordset(${batch.param(JSON.stringify(json))}::jsonb) AS (id uuid, lead_id uuid, role text, content text, tool_calls jsonb, tool_call_id varchar, tool_name varchar, data jsonb, status text,
                author_id uuid, model varchar, prompt_tokens int, completion_tokens int, cached_tokens int, cost_usd numeric, latency_ms int, external_id varchar))
                WITH ORDINALITY AS x(id, lead_id, role, content, tool_calls, tool_call_id, tool_name, data, status, author_id, model, prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms, external_id, n)
          ORDER BY x.n`,
    );
    batch.add(
      () => `UPDATE sessions SET last_message_at = clock_timestamp(), updated_at = clock_timestamp(), turn_started_at = CASE WHEN ${batch.param(endTurn)}::boolean THEN NULL ELSE turn_started_at END
        ${answered.length ? `, ${answeredSql(batch.param(answered))}` : ''}
        WHERE id = ${session}::uuid`,
    );
  }

  /**
   * A lead's channel message the assistant is to answer: appended to the session's pending ones,
   * and the answer put off to `debounceMs` from now (each new message pushes it back). Only while
   * the AI holds the conversation; returns how long until the answer is due, or null.
   */
  async awaitReply(sessionId: string, messageId: string, debounceMs: number, tx: EntityManager): Promise<number | null> {
    const rows = await this.updated<{ wait_ms: number }>(
      tx,
      `UPDATE sessions SET reply_pending = CASE WHEN $2::uuid = ANY(reply_pending) THEN reply_pending ELSE array_append(reply_pending, $2::uuid) END,
              reply_due_at = clock_timestamp() + make_interval(secs => $3::double precision / 1000)
        WHERE id = $1 AND mode = 'ai'
        RETURNING greatest(0, extract(epoch FROM reply_due_at - clock_timestamp()) * 1000)::int AS wait_ms`,
      [sessionId, messageId, debounceMs],
    );
    return rows.length ? Number(rows[0].wait_ms) : null;
  }

  /**
   * Claims a channel reply that is due: marks the turn as running (as `claimTurn` does) when the
   * session has pending messages whose wait is over and no live turn. Otherwise says why not:
   * nothing pending, not due yet (and for how long), or another turn running.
   */
  async claimChannelReply(sessionId: string, staleMs: number): Promise<{ claimed: { pending: string[] } } | { waitMs: number; dueAt: number } | { busy: true } | null> {
    const stale = `make_interval(secs => $2::double precision / 1000)`;
    const [row] = await this.query<{ pending: string[] }[]>(
      `UPDATE sessions SET turn_started_at = clock_timestamp()
        WHERE id = $1 AND cardinality(reply_pending) > 0 AND coalesce(reply_due_at, '-infinity') <= clock_timestamp()
          AND (turn_started_at IS NULL OR turn_started_at < clock_timestamp() - ${stale})
        RETURNING reply_pending AS pending`,
      [sessionId, staleMs],
    );
    if (row) return { claimed: { pending: row.pending } };
    const [state] = await this.query<{ pending: number; wait_ms: number; due_ms: string; busy: boolean }[]>(
      `SELECT cardinality(reply_pending) AS pending, (extract(epoch FROM reply_due_at) * 1000)::bigint::text AS due_ms,
              greatest(0, extract(epoch FROM coalesce(reply_due_at, '-infinity') - clock_timestamp()) * 1000)::int AS wait_ms,
              (turn_started_at IS NOT NULL AND turn_started_at >= clock_timestamp() - ${stale}) AS busy
         FROM sessions WHERE id = $1`,
      [sessionId, staleMs],
    );
    if (!state || Number(state.pending) === 0) return null;
    return Number(state.wait_ms) > 0 ? { waitMs: Number(state.wait_ms), dueAt: Number(state.due_ms) } : { busy: true };
  }

  /** The messages by id (a channel turn's pending ones), in no particular order. */
  async findMessagesByIds(ids: string[]): Promise<MessageEntity[]> {
    if (!ids.length) return [];
    const { messages } = this.readers;
    const rows = await this.query<Record<string, unknown>[]>(`SELECT ${messages.columns} FROM messages m WHERE m.id = ANY($1::uuid[])`, [ids]);
    return rows.map((r) => messages.read(r)!);
  }

  /** Ends a channel turn that wrote no messages: the session is free again and the answered messages are no longer pending. */
  async finishChannelTurn(sessionId: string, answered: string[], tx: EntityManager): Promise<void> {
    await tx.query(`UPDATE sessions SET turn_started_at = NULL, ${answeredSql('$2')} WHERE id = $1`, [sessionId, answered]);
  }

  /** Whether the session still has messages for the assistant, and how long until they are due. */
  async pendingReply(sessionId: string): Promise<{ waitMs: number } | null> {
    const [row] = await this.query<{ wait_ms: number }[]>(
      `SELECT greatest(0, extract(epoch FROM coalesce(reply_due_at, '-infinity') - clock_timestamp()) * 1000)::int AS wait_ms
         FROM sessions WHERE id = $1 AND cardinality(reply_pending) > 0`,
      [sessionId],
    );
    return row ? { waitMs: Number(row.wait_ms) } : null;
  }

  /** Sessions whose reply is overdue by `lateMs` and no live turn holds (an enqueue that failed, a worker that died mid-turn). */
  async overdueReplies(lateMs: number, staleMs: number, limit = 500): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT id FROM sessions
        WHERE reply_due_at IS NOT NULL AND reply_due_at < now() - make_interval(secs => $1::double precision / 1000)
          AND (turn_started_at IS NULL OR turn_started_at < now() - make_interval(secs => $2::double precision / 1000))
        ORDER BY reply_due_at LIMIT $3`,
      [lateMs, staleMs, limit],
    );
    return rows.map((r) => r.id);
  }

  /** A message we did not send after all (the send-policy gate refused it): shown as not delivered, with the reason. */
  async markNotSent(messageId: string, rule: string, reason: string, tx: EntityManager): Promise<void> {
    await tx.query(`UPDATE messages SET delivery_status = 'failed', delivery_updated_at = now(), delivery_errors = $2::jsonb WHERE id = $1`, [messageId, JSON.stringify([{ code: rule, title: reason }])]);
  }

  /** Runs an UPDATE … RETURNING and gives its rows (the driver answers UPDATE with [rows, count]). */
  private async updated<T>(tx: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
    const res = (await tx.query(sql, params)) as unknown;
    if (Array.isArray(res) && res.length === 2 && Array.isArray(res[0]) && typeof res[1] === 'number') return res[0] as T[];
    return res as T[];
  }

  /** The lead's latest session on a channel, locked so two messages arriving at once share it. */
  async findChannelSession(leadId: string, channel: string, tx: EntityManager): Promise<SessionEntity | null> {
    return tx.getRepository(SessionEntity).findOne({ where: { leadId, channel }, order: { createdAt: 'DESC' }, lock: { mode: 'pessimistic_write' } });
  }

  async setChannelId(messageId: string, externalId: string, rank: Record<string, number>, tx: EntityManager): Promise<void> {
    await tx.query(
      `UPDATE messages SET external_id = coalesce(external_id, $2),
              delivery_status = CASE WHEN coalesce(($3::jsonb ->> delivery_status)::int, 0) < 1 THEN 'sent' ELSE delivery_status END,
              delivery_updated_at = coalesce(delivery_updated_at, now())
        WHERE id = $1`,
      [messageId, externalId, JSON.stringify(rank)],
    );
  }

  async messageExists(externalId: string, tx: EntityManager): Promise<boolean> {
    return (await tx.query<unknown[]>(`SELECT 1 FROM messages WHERE external_id = $1`, [externalId])).length > 0;
  }

  /**
   * Moves an outbound message's delivery status forward only (rank order); an older status that
   * arrives late changes nothing. Returns whether a message with that channel id exists at all.
   */
  async advanceDelivery(externalId: string, status: string, rank: Record<string, number>, at: Date, errors: unknown[] | null, tx: EntityManager): Promise<{ found: boolean; changed: boolean }> {
    const ranks = JSON.stringify(rank);
    const rows = await tx.query<{ changed: boolean }[]>(
      `WITH m AS (SELECT id, delivery_status FROM messages WHERE external_id = $1 AND role IN ('assistant', 'human') FOR UPDATE)
       , u AS (
         UPDATE messages SET delivery_status = $2, delivery_updated_at = $3, delivery_errors = coalesce($4::jsonb, delivery_errors)
           FROM m WHERE messages.id = m.id AND coalesce(($5::jsonb ->> m.delivery_status)::int, 0) < ($5::jsonb ->> $2)::int
         RETURNING messages.id)
       SELECT EXISTS (SELECT 1 FROM u) AS changed FROM m`,
      [externalId, status, at, errors ? JSON.stringify(errors) : null, ranks],
    );
    return { found: rows.length > 0, changed: rows[0]?.changed === true };
  }

  /** The lead with its contact, profile and current qualification. */
  async findLead(leadId: string): Promise<LeadEntity | null> {
    const [row] = await this.query<Record<string, unknown>[]>(`SELECT ${this.leadColumns} FROM leads l ${LEAD_JOINS} WHERE l.id = $1`, [leadId]);
    return row ? this.readLead(row) : null;
  }

  /**
   * Of these people, the active ones, fewest open leads first (then the longest-standing): who
   * shows a viewing booked for a lead routing left in the pond, among the agents free at that time.
   */
  async byOpenLeads(ids: string[], tx: EntityManager): Promise<{ id: string; name: string }[]> {
    if (!ids.length) return [];
    return tx.query<{ id: string; name: string }[]>(
      `SELECT u.id, u.name FROM users u
        LEFT JOIN leads l ON l.assignee_id = u.id AND l.stage NOT IN ('won', 'lost') AND l.merged_into_id IS NULL
        WHERE u.active AND u.id = ANY($1::uuid[])
        GROUP BY u.id ORDER BY count(l.id), min(u.created_at)`,
      [ids],
    );
  }

  /**
   * Who shows a home to this lead, as the assistant tells them while booking: its own agent. A lead
   * nobody holds has none yet: routing gives it one when the booking is written (`TurnWriter`).
   */
  async agentFor(assigneeId: string | null): Promise<{ id: string; name: string } | null> {
    const user = assigneeId ? await this.findUser(assigneeId) : null;
    return user ? { id: user.id, name: user.name } : null;
  }

  findUser(id: string): Promise<UserEntity | null> {
    return this.db.getRepository(UserEntity).findOne({ where: { id } });
  }

  /** Lower-cased names the inventory answers to: cities, areas and their parts, zips. */
  async placeNames(): Promise<string[]> {
    const rows = await this.db.query<{ name: string }[]>(
      `SELECT DISTINCT lower(city) AS name FROM units
       UNION SELECT DISTINCT btrim(part) FROM units, unnest(string_to_array(lower(area), '/')) AS part WHERE area IS NOT NULL
       UNION SELECT DISTINCT zip FROM units WHERE zip IS NOT NULL`,
    );
    return rows.map((r) => r.name).filter(Boolean);
  }

  /** A merge: this lead's conversations and their messages move to the survivor (LeadMergeParticipant). */
  moveToSurvivor(tx: EntityManager, fromLeadId: string, toLeadId: string): Promise<MovedLeadRows> {
    return reassignRows(tx, MOVED_ON_MERGE, 'lead_id', fromLeadId, toLeadId);
  }

  /** Its undo: the rows moved go back; what the survivor got since stays. */
  restore(tx: EntityManager, moved: MovedLeadRows, survivorId: string, restoredId: string): Promise<void> {
    return restoreReassigned(tx, MOVED_ON_MERGE, 'lead_id', moved, survivorId, restoredId);
  }
}
