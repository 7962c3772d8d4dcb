import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { runCappedCount } from '../core/database/capped-count';
import { ListReads } from '../core/database/list-reads';
import { SqlBatch } from '../core/database/sql-batch';
import { ActivityEntity } from './activity.entity';
import { ContactEntity } from './contact.entity';
import { type LeadScope, leadVisibleSql } from '../access/lead-access';
import { DuplicateCandidateEntity, DuplicateSignal, DuplicateStatus } from './duplicate-candidate.entity';
import { type BoardCardRow, type BoardCursor, boardCardsSql, boardCountsSql } from './board-query';
import { InboxFilter, inboxCountSql, inboxExportSql, inboxPageSql, InboxRow } from './inbox-query';
import { type LeadStage, PIPELINE_CHANNEL, type SlaClockKind } from './lead.enums';
import { FieldEvidence, LeadProfileEntity } from './lead-profile.entity';
import { LeadEntity } from './lead.entity';
import { LeadSource, QualificationStatus } from './lead.enums';
import type { ContactKeys } from './duplicate-detector.service';
import type { LeadSort } from './leads.dto';
import type { ExistingContact, ImportedLead } from './lead-import.service';
import { TaskEntity } from './task.entity';
import { type LeadMergeParticipant, type MovedLeadRows, MovesLeadRows } from './lead-merge-participant';
import { ident, reassignRows, restoreReassigned } from '../core/database/reassign-rows';

/** A lead's own rows a merge reads and writes column by column (as to_jsonb gives them). */
export type LeadRecordTable = 'leads' | 'contacts' | 'lead_profiles';
export type RecordRow = Record<string, unknown>;
const keyOf = (table: LeadRecordTable) => (table === 'lead_profiles' ? 'lead_id' : 'id');

/** A possible-duplicate pair to record. */
export type NewDuplicateCandidate = Pick<DuplicateCandidateEntity, 'contactId' | 'leadId' | 'otherContactId' | 'otherLeadId' | 'signal' | 'origin' | 'confidence' | 'evidence'>;

/** What messages in a batch of timeline entries mean for the lead's reply clock. */
export interface ReplyClock {
  /** The assistant wrote to the lead. */
  ai?: boolean;
  /** A person wrote to the lead. */
  person?: boolean;
  /** The direction of the batch's last message. */
  last?: 'inbound' | 'outbound';
}

export interface TimelineRow extends ActivityEntity {
  actorName: string | null;
}

export interface OpenTaskRow extends TaskEntity {
  leadName: string;
  assigneeName: string | null;
}

/** This feature's rows that belong to a lead: they follow it when it is merged into another (tasks). */
const MOVED_ON_MERGE = ['tasks'] as const;

/**
 * `pg_notify` of a lead's SLA clock to open boards (`sla` on the pipeline channel): its id, assignee
 * and clock (null when none runs), from the columns of `row` (an alias with a dot, or '').
 */
const slaNotice = (channel: string, row: string) =>
  `pg_notify(${channel}, json_build_object('leadId', ${row}id, 'assigneeId', ${row}assignee_id, 'sla',
     CASE WHEN ${row}sla_kind IS NULL THEN NULL ELSE json_build_object('kind', ${row}sla_kind, 'dueAt', to_char(${row}sla_due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) END)::text)`;

/**
 * The only place that writes leads, their contacts, profiles and tasks (the timeline's entries are
 * `TimelineRepository`'s). Other features change them through `LeadRecordsService`.
 */
@Injectable()
@MovesLeadRows()
export class LeadsRepository implements LeadMergeParticipant {
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

  /**
   * Every inbox row the filter selects, in sort order, `batch` at a time, through a server-side
   * cursor in one read-only snapshot: memory stays flat however many leads match, and rows are
   * neither skipped nor repeated while others change leads during the export.
   */
  async *streamInbox(filter: InboxFilter, scope: LeadScope, sort: LeadSort, batch = 1000): AsyncGenerator<InboxRow[]> {
    const { sql, params } = inboxExportSql(filter, scope, sort);
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await runner.query(`DECLARE inbox_export NO SCROLL CURSOR FOR ${sql}`, params);
      for (;;) {
        const rows = (await runner.query(`FETCH ${batch} FROM inbox_export`)) as InboxRow[];
        if (!rows.length) break;
        yield rows;
      }
      await runner.query('COMMIT');
    } catch (e) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      await runner.release();
    }
  }

  /**
   * Contacts with any of these normalised emails or phones, keyed `e:<email>` / `p:<phone>`, each
   * with whether `scope` may see it and its latest live lead: the import's duplicate check.
   */
  async findContactsByKeys(emails: string[], phones: string[], scope: LeadScope, tx: EntityManager): Promise<Map<string, ExistingContact[]>> {
    const out = new Map<string, ExistingContact[]>();
    if (!emails.length && !phones.length) return out;
    const params: unknown[] = [emails, phones];
    const visible = scope.all ? 'true' : `EXISTS (SELECT 1 FROM leads l WHERE l.contact_id = c.id AND l.merged_into_id IS NULL AND ${leadVisibleSql(scope, 'l', `$${params.push(scope.userId)}`)})`;
    const rows = await tx.query<{ id: string; name: string; email: string | null; email_normalized: string | null; phone_e164: string | null; visible: boolean; lead_id: string | null }[]>(
      `SELECT c.id, c.name, c.email, c.email_normalized, c.phone_e164, ${visible} AS visible,
              (SELECT l2.id FROM leads l2 WHERE l2.contact_id = c.id AND l2.merged_into_id IS NULL ORDER BY l2.created_at DESC LIMIT 1) AS lead_id
         FROM contacts c
        WHERE c.email_normalized = ANY($1::varchar[]) OR c.phone_e164 = ANY($2::varchar[])
        ORDER BY c.created_at ASC, c.id ASC`,
      params,
    );
    const emailSet = new Set(emails);
    const phoneSet = new Set(phones);
    for (const r of rows) {
      const byEmail = !!r.email_normalized && emailSet.has(r.email_normalized);
      const byPhone = !!r.phone_e164 && phoneSet.has(r.phone_e164);
      const hit: ExistingContact = { contactId: r.id, visible: r.visible, leadId: r.lead_id, keys: { name: r.name, email: r.email, emailNormalized: r.email_normalized, phoneE164: r.phone_e164 }, signal: byEmail && byPhone ? DuplicateSignal.EmailAndPhone : byEmail ? DuplicateSignal.Email : DuplicateSignal.Phone };
      if (byEmail) out.set(`e:${r.email_normalized}`, [...(out.get(`e:${r.email_normalized}`) ?? []), hit]);
      if (byPhone) out.set(`p:${r.phone_e164}`, [...(out.get(`p:${r.phone_e164}`) ?? []), hit]);
    }
    return out;
  }

  /** An import batch's new contacts, leads, profiles and duplicate pairs: one statement per table (their timeline entries: `TimelineRepository.insertImported`). */
  async insertImported(rows: { contacts: object[]; leads: object[]; profiles: object[]; candidates: NewDuplicateCandidate[] }, tx: EntityManager): Promise<void> {
    if (rows.contacts.length) {
      await tx.query(
        `INSERT INTO contacts (id, name, email, email_normalized, phone, phone_e164, language)
         SELECT x.id, x.name, x.email, x.email_normalized, x.phone, x.phone_e164, x.language
           FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, name varchar, email varchar, email_normalized varchar, phone varchar, phone_e164 varchar, language varchar)`,
        [JSON.stringify(rows.contacts)],
      );
    }
    if (rows.leads.length) {
      await tx.query(
        `INSERT INTO leads (id, contact_id, source, source_ref, assignee_id, pond_since, created_at, last_activity_at)
         SELECT x.id, x.contact_id, 'import', x.source_ref, x.assignee_id, x.pond_since, x.created_at, x.last_activity_at
           FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, contact_id uuid, source_ref varchar, assignee_id uuid, pond_since timestamptz, created_at timestamptz, last_activity_at timestamptz)`,
        [JSON.stringify(rows.leads)],
      );
    }
    if (rows.profiles.length) {
      await tx.query(
        `INSERT INTO lead_profiles (lead_id, purpose, budget_min, budget_max, currency, bedrooms, bathrooms, locations, evidence)
         SELECT x.lead_id, x.purpose::purpose, x.budget_min, x.budget_max, coalesce(x.currency, 'USD'), x.bedrooms, x.bathrooms, coalesce(x.locations, '{}'), x.evidence
           FROM jsonb_to_recordset($1::jsonb) AS x(lead_id uuid, purpose text, budget_min bigint, budget_max bigint, currency char(3), bedrooms smallint, bathrooms real, locations text[], evidence jsonb)`,
        [JSON.stringify(rows.profiles)],
      );
    }
    // Pairs go through the one writer of duplicate pairs: a pair already recorded or called "not the same person" is left alone.
    await this.insertDuplicateCandidates(rows.candidates, tx);
  }

  /**
   * Adds to an existing lead what an imported row knows and the lead lacks (contact email/phone,
   * empty profile fields), never overwriting; returns the fields it filled. Locks the lead.
   */
  async fillImportedGaps(leadId: string, row: ImportedLead, evidence: Record<string, FieldEvidence>, tx: EntityManager): Promise<string[]> {
    const lead = await tx.getRepository(LeadEntity).findOne({ where: { id: leadId }, relations: { contact: true }, lock: { mode: 'pessimistic_write', tables: ['leads'] } });
    if (!lead?.contact) return [];
    const filled: string[] = [];
    const contact: Partial<ContactEntity> = {};
    if (!lead.contact.emailNormalized && row.emailNormalized) {
      Object.assign(contact, { email: row.email, emailNormalized: row.emailNormalized });
      filled.push('email');
    }
    if (!lead.contact.phoneE164 && row.phoneE164) {
      Object.assign(contact, { phone: row.phone, phoneE164: row.phoneE164 });
      filled.push('phone');
    }
    if (Object.keys(contact).length) await tx.getRepository(ContactEntity).update({ id: lead.contact.id }, contact);
    const current = await tx.getRepository(LeadProfileEntity).findOne({ where: { leadId } });
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row.profile)) {
      if (v === undefined || v === null || k === 'currency') continue;
      const now = current?.[k as keyof LeadProfileEntity];
      if (now === null || now === undefined || (Array.isArray(now) && now.length === 0)) values[k] = v;
    }
    if ((values.budgetMin !== undefined || values.budgetMax !== undefined) && row.profile.currency) values.currency = row.profile.currency;
    const fields = Object.keys(values).filter((k) => k !== 'currency');
    if (fields.length) {
      const batch = new SqlBatch();
      this.saveProfileChangesTo(batch, leadId, values, Object.fromEntries(fields.map((f) => [f, evidence[f]])));
      await batch.run(tx);
    }
    return [...filled, ...fields];
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
   * Contacts sharing an identity key with `input` (normalised email, E.164 phone, WhatsApp id, or
   * the same Lead Ads lead), each with its most recent unmerged lead (the one with the same source
   * ref first) and whether `scope` may see it. Served by one index per key; at most 20 rows.
   */
  /** Per contact, its newest lead (not merged away) that `scope` may see, with the person's name and the lead's agent. */
  async visibleLeadsOfContacts(contactIds: string[], scope: LeadScope): Promise<{ contact_id: string; lead_id: string; name: string; assignee_id: string | null; assignee_name: string | null }[]> {
    if (!contactIds.length) return [];
    const params: unknown[] = [contactIds];
    const visible = scope.all ? 'true' : leadVisibleSql(scope, 'l', `$${params.push(scope.userId)}`);
    return this.manager.query(
      `SELECT DISTINCT ON (l.contact_id) l.contact_id, l.id AS lead_id, c.name, u.id AS assignee_id, u.name AS assignee_name
         FROM leads l JOIN contacts c ON c.id = l.contact_id LEFT JOIN users u ON u.id = l.assignee_id
        WHERE l.contact_id = ANY($1::uuid[]) AND l.merged_into_id IS NULL AND ${visible}
        ORDER BY l.contact_id, l.created_at DESC`,
      params,
    );
  }

  async findDuplicateKeyMatches(
    input: Pick<ContactKeys, 'emailNormalized' | 'phoneE164' | 'whatsappId' | 'source' | 'sourceRef'>,
    scope: LeadScope,
    tx: EntityManager,
    except: string | null,
  ): Promise<(ContactKeys & { contactId: string; leadId: string | null; visible: boolean })[]> {
    const leadAds = input.source === LeadSource.MetaLeadAds && input.sourceRef ? input.sourceRef : null;
    if (!input.emailNormalized && !input.phoneE164 && !input.whatsappId && !leadAds) return [];
    const params: unknown[] = [input.emailNormalized ?? null, input.phoneE164 ?? null, input.whatsappId ?? null, leadAds, except];
    const visible = scope.all ? 'true' : `EXISTS (SELECT 1 FROM leads v WHERE v.contact_id = c.id AND ${leadVisibleSql(scope, 'v', `$${params.push(scope.userId)}`)})`;
    const rows = await tx.query<{ id: string; name: string; email: string | null; email_normalized: string | null; phone_e164: string | null; whatsapp_id: string | null; lead_id: string | null; source: LeadSource | null; source_ref: string | null; visible: boolean }[]>(
      `WITH hits AS (
         SELECT id FROM contacts WHERE email_normalized = $1::varchar
         UNION SELECT id FROM contacts WHERE phone_e164 = $2::varchar
         UNION SELECT id FROM contacts WHERE whatsapp_id = $3::varchar
         UNION SELECT contact_id FROM leads WHERE source = 'meta_lead_ads' AND source_ref = $4::varchar
       ),
       -- The 20 oldest first, then their latest lead and visibility for those alone (a phone a
       -- family or an office shares can match dozens of contacts).
       top AS MATERIALIZED (
         SELECT c.id, c.name, c.email, c.email_normalized, c.phone_e164, c.whatsapp_id, c.created_at
           FROM hits JOIN contacts c ON c.id = hits.id
          WHERE c.id IS DISTINCT FROM $5::uuid
          ORDER BY c.created_at ASC, c.id ASC
          LIMIT 20
       )
       SELECT c.id, c.name, c.email, c.email_normalized, c.phone_e164, c.whatsapp_id,
              ll.id AS lead_id, ll.source, ll.source_ref, ${visible} AS visible
         FROM top c
         LEFT JOIN LATERAL (
           SELECT l.id, l.source, l.source_ref FROM leads l
            WHERE l.contact_id = c.id AND l.merged_into_id IS NULL
            ORDER BY (l.source = 'meta_lead_ads' AND l.source_ref = $4::varchar) IS TRUE DESC, l.created_at DESC
            LIMIT 1
         ) ll ON true
        ORDER BY c.created_at ASC, c.id ASC`,
      params,
    );
    return rows.map((r) => ({
      contactId: r.id,
      leadId: r.lead_id,
      visible: r.visible,
      name: r.name,
      email: r.email,
      emailNormalized: r.email_normalized,
      phoneE164: r.phone_e164,
      whatsappId: r.whatsapp_id,
      source: r.source,
      sourceRef: r.source_ref,
    }));
  }

  /**
   * Records possible duplicates. A pair already recorded (either way round) is left as it is, and
   * so is a pair of contacts somebody called "not the same person": it is never proposed again.
   */
  async insertDuplicateCandidates(rows: NewDuplicateCandidate[], tx: EntityManager): Promise<void> {
    if (!rows.length) return;
    const json = rows.map((r) => ({ contact_id: r.contactId, lead_id: r.leadId, other_contact_id: r.otherContactId, other_lead_id: r.otherLeadId, signal: r.signal, origin: r.origin, confidence: r.confidence, evidence: r.evidence }));
    await tx.query(
      `INSERT INTO duplicate_candidates (contact_id, lead_id, other_contact_id, other_lead_id, signal, origin, confidence, evidence)
       SELECT x.contact_id, x.lead_id, x.other_contact_id, x.other_lead_id, x.signal, x.origin, x.confidence, x.evidence
         FROM jsonb_to_recordset($1::jsonb) AS x(contact_id uuid, lead_id uuid, other_contact_id uuid, other_lead_id uuid, signal varchar, origin varchar, confidence real, evidence jsonb)
        WHERE NOT EXISTS (SELECT 1 FROM duplicate_candidates d WHERE d.lead_id = x.other_lead_id AND d.other_lead_id = x.lead_id)
          AND NOT EXISTS (SELECT 1 FROM duplicate_candidates d
                           WHERE d.status = 'dismissed' AND x.contact_id <> x.other_contact_id
                             AND ((d.contact_id = x.contact_id AND d.other_contact_id = x.other_contact_id)
                               OR (d.contact_id = x.other_contact_id AND d.other_contact_id = x.contact_id)))
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(json)],
    );
  }

  /** Possible duplicates for the admin's review, newest first, with both contacts. */
  findDuplicateCandidates(status: DuplicateStatus, limit: number, offset: number): Promise<[DuplicateCandidateEntity[], number]> {
    return this.db.getRepository(DuplicateCandidateEntity).findAndCount({
      // A pair still open whose lead was merged away since (with a third lead) is no longer a question.
      where: status === DuplicateStatus.Open ? { status, lead: { mergedIntoId: IsNull() }, otherLead: { mergedIntoId: IsNull() } } : { status },
      relations: { contact: true, otherContact: true, lead: true, otherLead: true },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
      skip: offset,
    });
  }

  /** "Not the same person": an open pair is closed for good (returns false when there is no open pair with that id). */
  async dismissDuplicate(id: string, userId: string, tx: EntityManager = this.db.manager): Promise<boolean> {
    const res = await tx.getRepository(DuplicateCandidateEntity).update({ id, status: DuplicateStatus.Open }, { status: DuplicateStatus.Dismissed, decidedById: userId, decidedAt: new Date() });
    return (res.affected ?? 0) > 0;
  }

  findDuplicate(id: string): Promise<DuplicateCandidateEntity | null> {
    return this.db.getRepository(DuplicateCandidateEntity).findOne({ where: { id }, relations: { contact: true, otherContact: true, lead: true, otherLead: true } });
  }

  /** The contact's most recent lead (merged ones skipped): where a new message from them belongs. */
  async findLatestLeadOfContact(contactId: string, tx: EntityManager): Promise<LeadEntity | null> {
    return tx.getRepository(LeadEntity).findOne({ where: { contactId, mergedIntoId: IsNull() }, order: { createdAt: 'DESC' } });
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

  /**
   * Sets leads' SLA clocks (what the soonest running SLA timer waits for, and when) in one
   * statement; rows whose clock is already that are left alone.
   */
  async setSlaClocks(clocks: { leadId: string; kind: SlaClockKind | null; dueAt: Date | null }[], tx: EntityManager = this.db.manager): Promise<void> {
    if (!clocks.length) return;
    // Open boards hear of each changed clock (`sla` on the pipeline channel), so a card's clock follows a move live.
    await tx.query(
      `WITH changed AS (
         UPDATE leads l SET sla_kind = c.kind, sla_due_at = c.due_at
           FROM unnest($1::uuid[], $2::varchar[], $3::timestamptz[]) AS c(id, kind, due_at)
          WHERE l.id = c.id AND (l.sla_kind IS DISTINCT FROM c.kind OR l.sla_due_at IS DISTINCT FROM c.due_at)
         RETURNING l.id, l.assignee_id, l.sla_kind, l.sla_due_at)
       SELECT ${slaNotice('$4', '')} FROM changed`,
      [clocks.map((c) => c.leadId), clocks.map((c) => c.kind), clocks.map((c) => c.dueAt?.toISOString() ?? null), PIPELINE_CHANNEL],
    );
  }

  /** Clears the SLA clock of leads outside `stages` (no SLA rule runs there any more). */
  async clearSlaClocksOutside(stages: LeadStage[]): Promise<void> {
    await this.db.query(`UPDATE leads SET sla_kind = NULL, sla_due_at = NULL WHERE sla_kind IS NOT NULL AND NOT (stage = ANY($1::lead_stage[]))`, [stages]);
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

  /**
   * First claim wins: the lead is given to the claimer only while nobody has it (one UPDATE, so two
   * claims at once cannot both succeed). Null when someone already has it.
   */
  async claim(leadId: string, userId: string, tx: EntityManager): Promise<{ version: number } | null> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [rows] = await tx.query<[{ version: number }[], number]>(
      `UPDATE leads SET assignee_id = $2, version = version + 1
        WHERE id = $1 AND assignee_id IS NULL AND merged_into_id IS NULL RETURNING version`,
      [leadId, userId],
    );
    return rows[0] ?? null;
  }

  /** The lead went to the pond (routing found nobody for it). */
  async markInPond(leadId: string, tx: EntityManager): Promise<void> {
    await tx.query('UPDATE leads SET pond_since = now() WHERE id = $1', [leadId]);
  }

  /** Writes a stage move and tells every open board (delivered when the transaction commits). */
  async applyMove(
    id: string,
    change: { stage: LeadStage; lostReason: string | null; wonUnitId: string | null; wonPrice: number | null; answered: boolean },
    notice: Record<string, unknown>,
    channel: string,
    tx: EntityManager,
    clock?: { kind: SlaClockKind; dueAt: Date } | null,
  ): Promise<number> {
    // With `clock` (undefined: left to the worker), the lead's SLA clock is written too, and open boards told of it when it changed.
    const rows = await tx.query<{ version: number }[]>(
      `WITH before AS (SELECT sla_kind, sla_due_at FROM leads WHERE id = $1),
       moved AS (
         UPDATE leads SET stage = $2::lead_stage, version = version + 1, stage_entered_at = now(),
                sla_kind = CASE WHEN $9 THEN $10 ELSE sla_kind END,
                sla_due_at = CASE WHEN $9 THEN $11::timestamptz ELSE sla_due_at END,
                lost_reason = CASE WHEN $2 = 'lost' THEN $3 ELSE lost_reason END,
                won_unit_id = CASE WHEN $2 = 'won' THEN coalesce($4::uuid, won_unit_id) ELSE won_unit_id END,
                won_price = CASE WHEN $2 = 'won' THEN coalesce($5::numeric, won_price) ELSE won_price END,
                first_response_at = CASE WHEN $6 THEN coalesce(first_response_at, now()) ELSE first_response_at END,
                first_human_response_at = CASE WHEN $6 THEN coalesce(first_human_response_at, now()) ELSE first_human_response_at END,
                awaiting_reply_since = CASE WHEN $6 THEN NULL ELSE awaiting_reply_since END,
                updated_at = now()
          WHERE id = $1 RETURNING id, version, assignee_id, sla_kind, sla_due_at)
       SELECT m.version, pg_notify($7, (jsonb_build_object('version', m.version, 'assigneeId', m.assignee_id) || $8::jsonb)::text),
              CASE WHEN $9 AND (b.sla_kind IS DISTINCT FROM m.sla_kind OR b.sla_due_at IS DISTINCT FROM m.sla_due_at) THEN ${slaNotice('$7', 'm.')} END
         FROM moved m, before b`,
      [id, change.stage, change.lostReason, change.wonUnitId, change.wonPrice, change.answered, channel, JSON.stringify(notice), clock !== undefined, clock?.kind ?? null, clock?.dueAt.toISOString() ?? null],
    );
    return rows[0].version;
  }

  /** One lead, contact or profile row as JSON (column → value), e.g. for a merge's snapshot. */
  async rowAsJson(table: LeadRecordTable, key: string, tx: EntityManager): Promise<RecordRow | null> {
    const rows = await tx.query<{ r: RecordRow }[]>(`SELECT to_jsonb(t) AS r FROM ${table} t WHERE t.${keyOf(table)} = $1`, [key]);
    return rows[0]?.r ?? null;
  }

  /** Sets the given columns of one row to the values in `values` (as `rowAsJson` gave them). */
  async setColumns(table: LeadRecordTable, key: string, values: RecordRow, tx: EntityManager): Promise<void> {
    const cols = Object.keys(values);
    if (!cols.length) return;
    await tx.query(
      `UPDATE ${table} t SET ${cols.map((c) => `${ident(c)} = r.${ident(c)}`).join(', ')}
         FROM jsonb_populate_record(NULL::${table}, $2::jsonb) r WHERE t.${keyOf(table)} = $1`,
      [key, JSON.stringify(values)],
    );
  }

  /** Each column in `written` goes back to its value in `before`, but only while it still holds what was written (a later change is kept). */
  async restoreUnchanged(table: LeadRecordTable, key: string, written: RecordRow, before: RecordRow, tx: EntityManager): Promise<void> {
    const cols = Object.keys(written);
    if (!cols.length) return;
    await tx.query(
      `UPDATE ${table} t SET ${cols.map((c) => `${ident(c)} = CASE WHEN t.${ident(c)} IS NOT DISTINCT FROM w.${ident(c)} THEN b.${ident(c)} ELSE t.${ident(c)} END`).join(', ')}
         FROM jsonb_populate_record(NULL::${table}, $2::jsonb) w, jsonb_populate_record(NULL::${table}, $3::jsonb) b
        WHERE t.${keyOf(table)} = $1`,
      [key, JSON.stringify(written), JSON.stringify(before)],
    );
  }

  /** Inserts a profile row as `rowAsJson` gave it. */
  async insertProfileRow(values: RecordRow, tx: EntityManager): Promise<void> {
    const cols = Object.keys(values);
    await tx.query(`INSERT INTO lead_profiles (${cols.map(ident).join(', ')}) SELECT ${cols.map((c) => `r.${ident(c)}`).join(', ')} FROM jsonb_populate_record(NULL::lead_profiles, $1::jsonb) r`, [JSON.stringify(values)]);
  }

  /** Open duplicate pairs between two leads are closed as merged; returns their ids. */
  async closePairsAsMerged(a: string, b: string, userId: string | null, tx: EntityManager): Promise<string[]> {
    const [rows] = await tx.query<[{ id: string }[], number]>(
      `UPDATE duplicate_candidates SET status = 'merged', decided_by_id = $3, decided_at = now()
        WHERE status = 'open' AND ((lead_id = $1 AND other_lead_id = $2) OR (lead_id = $2 AND other_lead_id = $1)) RETURNING id`,
      [a, b, userId],
    );
    return rows.map((r) => r.id);
  }

  /** Pairs closed by a merge that is undone are open again. */
  async reopenMergedPairs(ids: string[], tx: EntityManager): Promise<void> {
    if (ids.length) await tx.query(`UPDATE duplicate_candidates SET status = 'open', decided_by_id = NULL, decided_at = NULL WHERE id = ANY($1::uuid[]) AND status = 'merged'`, [ids]);
  }

  /** A merge: this lead's tasks move to the survivor (LeadMergeParticipant). */
  moveToSurvivor(tx: EntityManager, fromLeadId: string, toLeadId: string): Promise<MovedLeadRows> {
    return reassignRows(tx, MOVED_ON_MERGE, 'lead_id', fromLeadId, toLeadId);
  }

  /** Its undo: the rows moved go back; what the survivor got since stays. */
  restore(tx: EntityManager, moved: MovedLeadRows, survivorId: string, restoredId: string): Promise<void> {
    return restoreReassigned(tx, MOVED_ON_MERGE, 'lead_id', moved, survivorId, restoredId);
  }
}
