import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { runCappedCount } from '../core/database/capped-count';
import { ListReads } from '../core/database/list-reads';
import type { SqlBatch } from '../core/database/sql-batch';
import { ActivityEntity } from './activity.entity';
import { ContactEntity } from './contact.entity';
import { type LeadScope, leadVisibleSql } from '../access/lead-access';
import { DuplicateCandidateEntity, DuplicateSignal, DuplicateStatus } from './duplicate-candidate.entity';
import { type BoardCardRow, type BoardCursor, boardCardsSql, boardCountsSql } from './board-query';
import { InboxFilter, inboxCountSql, inboxPageSql, InboxRow } from './inbox-query';
import type { LeadStage } from './lead.enums';
import { FieldEvidence, LeadProfileEntity } from './lead-profile.entity';
import { LeadEntity } from './lead.entity';
import { QualificationStatus } from './lead.enums';
import type { LeadSort } from './leads.dto';
import { TaskEntity } from './task.entity';

/** What messages in a batch of timeline entries mean for the lead's reply clock. */
export interface ReplyClock {
  /** The assistant wrote to the lead. */
  ai?: boolean;
  /** A person wrote to the lead. */
  person?: boolean;
  /** The direction of the batch's last message. */
  last?: 'inbound' | 'outbound';
}

/** An existing contact that shares an email or phone with incoming details. */
export interface ContactMatch {
  contactId: string;
  /** Whether the caller may see it (through one of its leads). */
  visible: boolean;
  /** Its most recent lead, if any. */
  leadId: string | null;
  signal: DuplicateSignal;
}

export interface TimelineRow extends ActivityEntity {
  actorName: string | null;
}

export interface OpenTaskRow extends TaskEntity {
  leadName: string;
  assigneeName: string | null;
}

/**
 * The only place that writes leads, their contacts, profiles and tasks (the timeline's entries are
 * `TimelineRepository`'s). Other features change them through `LeadRecordsService`.
 */
@Injectable()
export class LeadsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly lists: ListReads,
  ) {}

  get manager(): EntityManager {
    return this.db.manager;
  }

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async findInboxPage(filter: InboxFilter, scope: LeadScope, sort: LeadSort, limit: number, offset: number) {
    const page = inboxPageSql(filter, scope, sort, limit, offset);
    const count = inboxCountSql(filter, scope);
    const { query } = this.lists;
    const [rows, { total, exact }] = await Promise.all([query<InboxRow[]>(page.sql, page.params), runCappedCount(query, count)]);
    return { rows, total, exact };
  }

  /** The board's cards (first page of each stage, or one column's next page after `after`). */
  findBoardCards(filter: InboxFilter, scope: LeadScope, stages: LeadStage[], perColumn: number, after: BoardCursor | null): Promise<BoardCardRow[]> {
    const { sql, params } = boardCardsSql(filter, scope, stages, perColumn, after);
    return this.lists.query<BoardCardRow[]>(sql, params);
  }

  /** Leads per stage under the board's filters. */
  async countByStage(filter: InboxFilter, scope: LeadScope): Promise<Map<LeadStage, number>> {
    const { sql, params } = boardCountsSql(filter, scope);
    const rows = await this.lists.query<{ stage: LeadStage; count: number }[]>(sql, params);
    return new Map(rows.map((r) => [r.stage, r.count]));
  }

  /** The lead if `scope` may see it; null otherwise (callers answer 404 either way). */
  findVisible(id: string, scope: LeadScope, tx: EntityManager = this.db.manager): Promise<LeadEntity | null> {
    const qb = tx.getRepository(LeadEntity).createQueryBuilder('l').where('l.id = :id', { id });
    if (!scope.all) qb.andWhere(leadVisibleSql(scope, 'l', ':uid'), { uid: scope.userId });
    return qb.getOne();
  }

  /** The lead with its contact, read inside the caller's transaction. */
  findWithContact(id: string, tx: EntityManager): Promise<LeadEntity | null> {
    return tx.getRepository(LeadEntity).findOne({ where: { id }, relations: { contact: true } });
  }

  findDetail(id: string): Promise<LeadEntity | null> {
    return this.db.getRepository(LeadEntity).findOne({ where: { id }, relations: { contact: true, assignee: true, profile: true, currentQualification: true } });
  }

  async findTimeline(leadId: string, limit = 200): Promise<TimelineRow[]> {
    const { entities, raw } = await this.db
      .getRepository(ActivityEntity)
      .createQueryBuilder('a')
      .leftJoin('users', 'u', 'u.id = a.actor_id')
      .addSelect('u.name', 'actor_name')
      .where('a.lead_id = :leadId', { leadId })
      .orderBy('a.created_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(limit)
      .getRawAndEntities();
    const names = new Map((raw as { a_id: string; actor_name: string | null }[]).map((r) => [r.a_id, r.actor_name]));
    return entities.map((e) => Object.assign(e, { actorName: names.get(e.id) ?? null }));
  }

  findTasks(leadId: string): Promise<TaskEntity[]> {
    return this.db.getRepository(TaskEntity).find({ where: { leadId }, order: { completedAt: { direction: 'DESC', nulls: 'FIRST' }, dueAt: { direction: 'ASC', nulls: 'LAST' }, createdAt: 'DESC' } });
  }

  findTask(leadId: string, taskId: string, tx: EntityManager = this.db.manager): Promise<TaskEntity | null> {
    return tx.getRepository(TaskEntity).findOne({ where: { id: taskId, leadId } });
  }

  /** The oldest contact with this normalised email or phone, whoever may see it (system callers only). */
  findContactByIdentity(emailNormalized: string | null, phoneE164: string | null, tx: EntityManager): Promise<ContactEntity | null> {
    if (!emailNormalized && !phoneE164) return Promise.resolve(null);
    const qb = tx.getRepository(ContactEntity).createQueryBuilder('c');
    if (emailNormalized) qb.orWhere('c.email_normalized = :e', { e: emailNormalized });
    if (phoneE164) qb.orWhere('c.phone_e164 = :p', { p: phoneE164 });
    return qb.orderBy('c.created_at', 'ASC').getOne();
  }

  findContactById(id: string, tx: EntityManager): Promise<ContactEntity | null> {
    return tx.getRepository(ContactEntity).findOne({ where: { id } });
  }

  /**
   * Contacts with this normalised email or phone (oldest first, `except` left out), each with
   * whether `scope` may see it: a contact is visible when one of its leads is, by the one lead
   * visibility rule (`leadVisibleSql`). Only ids and flags come back, never the contact's details.
   */
  async findContactMatches(emailNormalized: string | null, phoneE164: string | null, scope: LeadScope, tx: EntityManager, except: string | null = null): Promise<ContactMatch[]> {
    if (!emailNormalized && !phoneE164) return [];
    const params: unknown[] = [emailNormalized, phoneE164];
    const visible = scope.all ? 'true' : `EXISTS (SELECT 1 FROM leads l WHERE l.contact_id = c.id AND ${leadVisibleSql(scope, 'l', `$${params.push(scope.userId)}`)})`;
    const notExcept = except ? `AND c.id <> $${params.push(except)}` : '';
    const rows = await tx.query<{ id: string; visible: boolean; by_email: boolean; by_phone: boolean; lead_id: string | null }[]>(
      `SELECT c.id, ${visible} AS visible,
              coalesce(c.email_normalized = $1::varchar, false) AS by_email,
              coalesce(c.phone_e164 = $2::varchar, false) AS by_phone,
              (SELECT l2.id FROM leads l2 WHERE l2.contact_id = c.id ORDER BY l2.created_at DESC LIMIT 1) AS lead_id
         FROM contacts c
        WHERE (c.email_normalized = $1::varchar OR c.phone_e164 = $2::varchar) ${notExcept}
        ORDER BY c.created_at ASC, c.id ASC
        LIMIT 20`,
      params,
    );
    return rows.map((r) => ({
      contactId: r.id,
      visible: r.visible,
      leadId: r.lead_id,
      signal: r.by_email && r.by_phone ? DuplicateSignal.EmailAndPhone : r.by_email ? DuplicateSignal.Email : DuplicateSignal.Phone,
    }));
  }

  /** Records possible duplicates; a pair already recorded is left as it is. */
  async insertDuplicateCandidates(rows: Pick<DuplicateCandidateEntity, 'contactId' | 'leadId' | 'otherContactId' | 'otherLeadId' | 'signal' | 'origin'>[], tx: EntityManager): Promise<void> {
    if (rows.length) await tx.createQueryBuilder().insert().into(DuplicateCandidateEntity).values(rows).orIgnore().execute();
  }

  /** Possible duplicates for the admin's review, newest first, with both contacts. */
  findDuplicateCandidates(status: DuplicateStatus, limit: number, offset: number): Promise<[DuplicateCandidateEntity[], number]> {
    return this.db.getRepository(DuplicateCandidateEntity).findAndCount({
      where: { status },
      relations: { contact: true, otherContact: true },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
      skip: offset,
    });
  }

  /** The contact's most recent lead (merged ones skipped): where a new message from them belongs. */
  async findLatestLeadOfContact(contactId: string, tx: EntityManager): Promise<LeadEntity | null> {
    return tx.getRepository(LeadEntity).findOne({ where: { contactId, mergedIntoId: IsNull() }, order: { createdAt: 'DESC' } });
  }

  /** The active agent with the fewest open leads (until pipeline routing exists). */
  async leastBusyAgentId(tx: EntityManager): Promise<string | null> {
    const rows = await tx.query<{ id: string }[]>(
      `SELECT u.id FROM users u
        LEFT JOIN leads l ON l.assignee_id = u.id AND l.stage NOT IN ('won', 'lost')
        WHERE u.active AND u.role = 'agent'
        GROUP BY u.id ORDER BY count(l.id), min(u.created_at) LIMIT 1`,
    );
    return rows[0]?.id ?? null;
  }

  insertContact(contact: Partial<ContactEntity>, tx: EntityManager): Promise<ContactEntity> {
    const repo = tx.getRepository(ContactEntity);
    return repo.save(repo.create(contact));
  }

  async updateContact(id: string, changes: Partial<ContactEntity>, tx: EntityManager): Promise<void> {
    if (Object.keys(changes).length) await tx.getRepository(ContactEntity).update({ id }, changes);
  }

  insertLead(lead: Partial<LeadEntity>, tx: EntityManager): Promise<LeadEntity> {
    const repo = tx.getRepository(LeadEntity);
    const now = new Date();
    // A new lead waits for its first reply from the moment it arrives.
    return repo.save(repo.create({ lastActivityAt: now, awaitingReplySince: now, ...lead }));
  }

  /** Changes the lead row (never its stage: that is `StageMoves`' alone). A new assignee bumps the version a board card carries. */
  async updateLead(id: string, changes: Partial<Pick<LeadEntity, 'assigneeId' | 'firstResponseAt' | 'slaDueAt' | 'mergedIntoId'>>, tx: EntityManager): Promise<void> {
    const bump = 'assigneeId' in changes ? { version: () => 'version + 1' } : {};
    await tx.createQueryBuilder().update(LeadEntity).set({ ...changes, ...bump }).where('id = :id', { id }).execute();
  }

  /** Moves the lead's last-activity clock to the latest `created_at` returned by the batch's write `entries` (which then changes the lead row). */
  moveActivityClockTo(batch: SqlBatch, leadId: string, entries: string, replies: ReplyClock = {}): void {
    // Speed to lead and "needs reply", kept by the one timeline writer so every path counts:
    // the first message out by the assistant and by a person, and since when the lead waits.
    const sets: string[] = [];
    if (replies.ai) sets.push('first_ai_response_at = coalesce(first_ai_response_at, now())');
    if (replies.person) sets.push('first_human_response_at = coalesce(first_human_response_at, now())');
    if (replies.ai || replies.person) sets.push('first_response_at = coalesce(first_response_at, now())');
    if (replies.last === 'outbound') sets.push('awaiting_reply_since = NULL');
    if (replies.last === 'inbound') sets.push('awaiting_reply_since = coalesce(awaiting_reply_since, now())');
    batch.add(() => `UPDATE leads SET last_activity_at = (SELECT max(created_at) FROM ${entries}), ${sets.map((x) => `${x}, `).join('')}updated_at = now() WHERE id = ${batch.param(leadId)}::uuid`);
  }

  /**
   * A new automatic score on the lead, as part of a batch: `qualification` is the batch's write
   * that inserted its history row (`RETURNING id`).
   */
  setAutoScoreTo(batch: SqlBatch, leadId: string, score: number, status: QualificationStatus, qualification: string): void {
    batch.add(
      () => `UPDATE leads SET score = ${batch.param(score)}, current_qualification_id = (SELECT id FROM ${qualification}), score_source = 'auto', qualification_status = ${batch.param(status)}::qualification_status, updated_at = now()
        WHERE id = ${batch.param(leadId)}::uuid`,
    );
  }

  async setScore(leadId: string, changes: Partial<Pick<LeadEntity, 'score' | 'currentQualificationId' | 'scoreSource' | 'qualificationStatus'>>, tx: EntityManager): Promise<void> {
    await tx.getRepository(LeadEntity).update({ id: leadId }, changes);
  }

  findProfile(leadId: string, tx: EntityManager): Promise<LeadProfileEntity | null> {
    return tx.getRepository(LeadProfileEntity).findOne({ where: { leadId } });
  }

  /** The profile, locked until the transaction ends: the caller writes it back merged. */
  findProfileForUpdate(leadId: string, tx: EntityManager): Promise<LeadProfileEntity | null> {
    return tx.getRepository(LeadProfileEntity).findOne({ where: { leadId }, lock: { mode: 'pessimistic_write' } });
  }

  async saveProfile(profile: Partial<LeadProfileEntity> & { leadId: string }, tx: EntityManager): Promise<void> {
    const repo = tx.getRepository(LeadProfileEntity);
    await repo.save(repo.create(profile));
  }

  /**
   * Writes the given profile fields, and their evidence, as part of a batch: only those fields, so
   * a change a person made meanwhile to another field is kept; the evidence of the others stays as
   * it is. Creates the profile row if the lead has none yet.
   */
  saveProfileChangesTo(batch: SqlBatch, leadId: string, values: Partial<Record<keyof LeadProfileEntity, unknown>>, evidence: Record<string, FieldEvidence>): void {
    const meta = this.db.getMetadata(LeadProfileEntity);
    const cols: string[] = [];
    const vals: string[] = [];
    for (const [property, value] of Object.entries(values)) {
      const column = meta.findColumnWithPropertyName(property);
      if (!column || column.isPrimary) throw new Error(`not a profile field: ${property}`);
      cols.push(column.databaseName);
      vals.push(batch.param(this.db.driver.preparePersistentValue(value, column)));
    }
    batch.add(
      () => `INSERT INTO lead_profiles (lead_id, ${cols.map((c) => `${c}, `).join('')}evidence, updated_at)
         VALUES (${batch.param(leadId)}, ${vals.map((v) => `${v}, `).join('')}${batch.param(JSON.stringify(evidence))}::jsonb, now())
         ON CONFLICT (lead_id) DO UPDATE SET ${cols.map((c) => `${c} = EXCLUDED.${c}, `).join('')}evidence = lead_profiles.evidence || EXCLUDED.evidence, updated_at = now()`,
    );
  }

  insertTask(task: Partial<TaskEntity>, tx: EntityManager): Promise<TaskEntity> {
    const repo = tx.getRepository(TaskEntity);
    return repo.save(repo.create(task));
  }

  async updateTask(taskId: string, changes: Partial<Pick<TaskEntity, 'title' | 'type' | 'dueAt'>>, tx: EntityManager): Promise<void> {
    if (Object.keys(changes).length) await tx.getRepository(TaskEntity).update({ id: taskId }, changes);
  }

  /** A user's open tasks on leads `scope` may see, soonest due first, undated last (uses idx_tasks_open_due). */
  async findOpenTasksOf(userId: string, scope: LeadScope, limit = 300): Promise<OpenTaskRow[]> {
    const qb = this.db
      .getRepository(TaskEntity)
      .createQueryBuilder('t')
      .innerJoin(LeadEntity, 'l', 'l.id = t.lead_id')
      .innerJoin(ContactEntity, 'c', 'c.id = l.contact_id')
      .leftJoin('users', 'u', 'u.id = t.assignee_id')
      .addSelect('c.name', 'lead_name')
      .addSelect('u.name', 'assignee_name')
      .where('t.assignee_id = :uid AND t.completed_at IS NULL', { uid: userId })
      .orderBy('t.due_at', 'ASC', 'NULLS LAST')
      .addOrderBy('t.created_at', 'ASC')
      .limit(limit);
    if (!scope.all) qb.andWhere(leadVisibleSql(scope, 'l', ':uid'));
    const { entities, raw } = await qb.getRawAndEntities();
    const extra = new Map((raw as { t_id: string; lead_name: string; assignee_name: string | null }[]).map((r) => [r.t_id, r]));
    return entities.map((e) => Object.assign(e, { leadName: extra.get(e.id)?.lead_name ?? '', assigneeName: extra.get(e.id)?.assignee_name ?? null }));
  }

  async completeTask(taskId: string, userId: string, tx: EntityManager): Promise<void> {
    await tx.getRepository(TaskEntity).update({ id: taskId }, { completedAt: new Date(), completedById: userId });
  }
}
