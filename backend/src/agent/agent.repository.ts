import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, type QueryDeepPartialEntity } from 'typeorm';
import { ContactEntity } from '../leads/contact.entity';
import { leadVisibleSql, type LeadScope } from '../leads/inbox-query';
import { LeadProfileEntity } from '../leads/lead-profile.entity';
import { LeadEntity } from '../leads/lead.entity';
import { TaskEntity } from '../leads/task.entity';
import { UserEntity, UserRole } from '../users/user.entity';
import { MessageEntity } from './message.entity';
import { SessionEntity, SessionMode } from './session.entity';

/** A message to add to a session (the session is `addMessages`' own argument). */
export type NewMessage = Partial<Omit<MessageEntity, 'session' | 'lead' | 'sessionId'>> & Pick<MessageEntity, 'id' | 'leadId' | 'role'>;

export interface SessionRow extends SessionEntity {
  heldByName: string | null;
}

/** The only place that talks to the database about agent sessions and their messages. */
@Injectable()
export class AgentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  insertSession(leadId: string, channel: string, tx: EntityManager = this.db.manager): Promise<SessionEntity> {
    const repo = tx.getRepository(SessionEntity);
    return repo.save(repo.create({ leadId, channel }));
  }

  /** The session if `scope` may see its lead; null otherwise (callers answer 404 either way). */
  async findVisibleSession(id: string, scope: LeadScope): Promise<SessionRow | null> {
    const qb = this.db
      .getRepository(SessionEntity)
      .createQueryBuilder('s')
      .innerJoin(LeadEntity, 'l', 'l.id = s.lead_id')
      .leftJoin(UserEntity, 'u', 'u.id = s.held_by_id')
      .addSelect('u.name', 'held_by_name')
      .where('s.id = :id', { id });
    if (!scope.all) qb.andWhere(leadVisibleSql('l', ':uid'), { uid: scope.userId });
    const { entities, raw } = await qb.getRawAndEntities();
    if (!entities.length) return null;
    return Object.assign(entities[0], { heldByName: (raw[0] as { held_by_name: string | null }).held_by_name });
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

  /** The lead's latest messages across all its sessions, oldest first: the agent's memory. */
  async recentLeadMessages(leadId: string, limit: number): Promise<MessageEntity[]> {
    const rows = await this.db.getRepository(MessageEntity).find({ where: { leadId }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
    return rows.reverse();
  }

  /**
   * Marks a turn as running unless one already is (a turn older than `staleMs` is taken as dead).
   * False when another turn holds the session.
   */
  async claimTurn(sessionId: string, scope: LeadScope, staleMs: number): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [, affected] = await this.db.query<[unknown[], number]>(
      `UPDATE sessions s SET turn_started_at = clock_timestamp()
         FROM leads l
        WHERE s.id = $1 AND l.id = s.lead_id ${scope.all ? '' : `AND ${leadVisibleSql('l', '$3')}`}
          AND (s.turn_started_at IS NULL OR s.turn_started_at < clock_timestamp() - make_interval(secs => $2::double precision / 1000))
        RETURNING s.id`,
      scope.all ? [sessionId, staleMs] : [sessionId, staleMs, scope.userId],
    );
    return affected > 0;
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
    }));
    await tx.query(
      `WITH added AS (
         INSERT INTO messages (id, session_id, lead_id, role, content, tool_calls, tool_call_id, tool_name, data, status, author_id, model, prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms)
         SELECT x.id, $1, x.lead_id, x.role::message_role, x.content, x.tool_calls, x.tool_call_id, x.tool_name, x.data, coalesce(x.status, 'delivered')::message_status,
                x.author_id, x.model, x.prompt_tokens, x.completion_tokens, x.cached_tokens, x.cost_usd, x.latency_ms
           FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS (id uuid, lead_id uuid, role text, content text, tool_calls jsonb, tool_call_id varchar, tool_name varchar, data jsonb, status text,
                author_id uuid, model varchar, prompt_tokens int, completion_tokens int, cached_tokens int, cost_usd numeric, latency_ms int))
                WITH ORDINALITY AS x(id, lead_id, role, content, tool_calls, tool_call_id, tool_name, data, status, author_id, model, prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms, n)
          ORDER BY x.n)
       UPDATE sessions SET last_message_at = clock_timestamp(), updated_at = clock_timestamp(), turn_started_at = CASE WHEN $3 THEN NULL ELSE turn_started_at END
        WHERE id = $1`,
      [sessionId, JSON.stringify(json), endTurn],
    );
  }

  findLead(leadId: string, tx: EntityManager = this.db.manager): Promise<LeadEntity | null> {
    // A query builder rather than findOne: findOne with relations adds a LIMIT, which TypeORM
    // answers with two queries (distinct ids, then rows). This is on every agent turn.
    return tx
      .getRepository(LeadEntity)
      .createQueryBuilder('l')
      .leftJoinAndSelect('l.contact', 'c')
      .leftJoinAndSelect('l.profile', 'p')
      .leftJoinAndSelect('l.currentQualification', 'q')
      .where('l.id = :leadId', { leadId })
      .getOne();
  }

  async updateContact(id: string, changes: Partial<ContactEntity>, tx: EntityManager): Promise<void> {
    if (Object.keys(changes).length) await tx.getRepository(ContactEntity).update({ id }, changes);
  }

  async saveProfile(profile: Partial<LeadProfileEntity> & { leadId: string }, tx: EntityManager): Promise<void> {
    // One statement whether the lead has a profile row yet or not.
    await tx.getRepository(LeadProfileEntity).upsert(profile as QueryDeepPartialEntity<LeadProfileEntity>, ['leadId']);
  }

  async updateLead(id: string, changes: Partial<Pick<LeadEntity, 'assigneeId' | 'firstResponseAt'>>, tx: EntityManager): Promise<void> {
    await tx.getRepository(LeadEntity).update({ id }, changes);
  }

  async insertTask(task: Partial<TaskEntity>, tx: EntityManager): Promise<TaskEntity> {
    const repo = tx.getRepository(TaskEntity);
    return repo.save(repo.create(task));
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
