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
import { UserEntity, UserRole } from '../users/user.entity';
import { ViewingEntity } from '../viewings/viewing.entity';
import { nextViewingSql } from '../viewings/viewings.repository';
import { MessageEntity } from './message.entity';
import { SessionEntity, SessionMode } from './session.entity';

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

/** The only place that talks to the database about agent sessions and their messages. */
@Injectable()
export class AgentRepository {
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
        WHERE s.id = $1 ${scope.all ? '' : `AND ${leadVisibleSql('l', '$2')}`}`,
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
        WHERE s.id = $1 AND l.id = s.lead_id ${scope.all ? '' : `AND ${leadVisibleSql('l', '$3')}`}
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
        WHERE s.id = $1 ${scope.all ? '' : `AND ${leadVisibleSql('l', '$3')}`}`,
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
  addMessagesTo(batch: SqlBatch, sessionId: string, rows: NewMessage[], endTurn = false): void {
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
        WHERE id = ${session}::uuid`,
    );
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

  /** The active agent with the fewest open leads: who gets a handed-over lead nobody holds. */
  async leastBusyAgent(tx: EntityManager): Promise<UserEntity | null> {
    const rows = await tx.query<{ id: string }[]>(
      `SELECT u.id FROM users u
        LEFT JOIN leads l ON l.assignee_id = u.id AND l.stage NOT IN ('won', 'lost')
        WHERE u.active AND u.role = $1
        GROUP BY u.id ORDER BY count(l.id), min(u.created_at) LIMIT 1`,
      [UserRole.Agent],
    );
    return rows.length ? tx.getRepository(UserEntity).findOne({ where: { id: rows[0].id } }) : null;
  }

  /**
   * Who shows a home to this lead: its own agent, or — for an unassigned lead — the least busy
   * active agent (the routing rule the handover uses too).
   */
  async agentFor(assigneeId: string | null): Promise<{ id: string; name: string } | null> {
    const user = assigneeId ? await this.findUser(assigneeId) : await this.leastBusyAgent(this.db.manager);
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
}
