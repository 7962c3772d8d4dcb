import { Inject, Injectable, Optional } from '@nestjs/common';
import { DuplicateAutoMerger } from './duplicate-auto-merger';
import type { EntityManager } from 'typeorm';
import { canSeeLead, type LeadScope, scopeOf } from '../access/lead-access';
import { AuthUser, isAdmin } from '../core/auth/auth-user';
import { DomainError, notFound } from '../core/http/domain-error';
import { JobQueue } from '../core/queue/job-queue';
import { isTimeZone } from '../core/time/zoned-time';
import { LEAD_SCORING, type LeadScoring } from './lead-scoring';
import { UserDirectoryService } from '../users/user-directory.service';
import { normalizeEmail, normalizeLanguage, normalizePhone } from './contact-normalizers';
import { ContactEntity } from './contact.entity';
import { DuplicateOrigin, DuplicateStatus } from './duplicate-candidate.entity';
import { DuplicateCandidateDto, DuplicatePageDto, ListDuplicatesQueryDto, mapDuplicate } from './duplicates.dto';
import { InboxFilter } from './inbox-query';

/** A scope that matches no user: a lead no agent holds yet sees no one's contacts. */
const NO_USER = '00000000-0000-0000-0000-000000000000';
import { LeadRecordsService } from './lead-records.service';
import { FieldEvidence, LeadProfileEntity } from './lead-profile.entity';
import { LeadEntity } from './lead.entity';
import { ActivityType, LeadSource, TaskType } from './lead.enums';
import { StageMoveInput, StageMoves } from './stage-moves';
import { TaskEntity } from './task.entity';
import { mapInboxRow, mapLeadDetail, mapTask } from './lead.mapper';
import {
  AddNoteDto,
  AssignLeadDto,
  ChangeStageDto,
  ContactPatchDto,
  CreateLeadDto,
  CreateTaskDto,
  LeadDetailDto,
  LeadPageDto,
  ListLeadsQueryDto,
  LogMessageDto,
  MyTaskDto,
  QualifyLeadDto,
  ReassignedLeadsDto,
  ReassignLeadsDto,
  TaskDto,
  UpdateLeadDto,
  UpdateTaskDto,
  PossibleDuplicateDto,
  PossibleDuplicatesQueryDto,
} from './leads.dto';
import { LeadsRepository } from './leads.repository';
import { type DuplicateCandidate, DuplicateDetectorService } from './duplicate-detector.service';
import { PROFILE_FIELDS, ProfileField, ProfileInputDto, profileChanges } from './profile.dto';
import { NewActivity, TimelineRepository } from './timeline.repository';
import { LeadRoutingService, type RoutingFacts } from './lead-routing.service';
import { RoutingRepository } from './routing.repository';

/** What routing reads from a new lead's source and profile. */
const routingFacts = (source: LeadSource, profile: Partial<Record<ProfileField, unknown>>, language: string | null | undefined): RoutingFacts => {
  const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() && !Number.isNaN(Number(v)) ? Number(v) : null);
  const locations = Array.isArray(profile.locations) ? profile.locations.filter((x): x is string => typeof x === 'string') : [];
  return { source, areas: locations, price: num(profile.budgetMax) ?? num(profile.budgetMin), language: language ?? null };
};

/** A lead arriving from an outside source (Meta Lead Ads, WhatsApp…), created by the system, not a person. */
export interface SourceLeadInput {
  source: LeadSource;
  /** The lead's id at its source (a leadgen id, the first WhatsApp message id). */
  sourceRef: string | null;
  /** `language` as the source gave it (a locale, an Accept-Language header); read by `normalizeLanguage`, dropped when unreadable. */
  contact: { name: string; email?: string | null; phone?: string | null; whatsappId?: string | null; language?: string | null };
  /** Profile facts the source gave, each with its evidence. */
  profile?: Partial<Record<ProfileField, unknown>>;
  evidence?: Partial<Record<ProfileField, FieldEvidence>>;
  /** The timeline's "lead created" entry: where it came from, in words, and the source's ids. */
  origin: { summary: string; data: Record<string, unknown> };
  /** More timeline entries after the creation (answers no field took, "details missing"…). */
  notes?: NewActivity[];
  /** A known contact's latest lead takes the contact instead of a new lead (a conversation channel). */
  joinContactLead?: boolean;
}

export interface SourceLeadResult {
  leadId: string;
  contactId: string;
  created: boolean;
  /** The contact asked not to be contacted: record what they send, never answer. */
  optedOut: boolean;
}

/** How long a new lead may wait for its first reply before the inbox flags it overdue. */
export const FIRST_REPLY_SLA_MS = 15 * 60 * 1000;


/** A move as the API takes it (the stage endpoint, or a PATCH that carries a stage). */
function stageMoveOf(dto: ChangeStageDto): StageMoveInput {
  return { stage: dto.stage, note: dto.reason ?? null, lostReason: dto.lostReason ?? null, unitId: dto.unitId ?? null, price: dto.price ?? null, version: dto.version ?? null };
}

function invalid(code: string, message: string, field?: string): DomainError {
  return new DomainError('invalid', code, message, field ? [{ field, errors: [message] }] : undefined);
}

/** A minute's grace: "now" typed in a form is not "in the past" by the time it arrives. */
const PAST_DUE_GRACE_MS = 60_000;

/** A due time, refused when it has passed unless the person confirmed it. */
function checkedDue(iso: string, allowPast: boolean | undefined): Date {
  const due = new Date(iso);
  if (!allowPast && due.getTime() < Date.now() - PAST_DUE_GRACE_MS) {
    throw invalid('due_in_past', 'dueAt is in the past: pick a later time, or confirm it as already overdue', 'dueAt');
  }
  return due;
}

/** The inbox's filter from its query (the list and the CSV export read the same leads). */
export function inboxFilterOf(query: Omit<ListLeadsQueryDto, 'page' | 'pageSize'>, user: AuthUser): InboxFilter {
  if (query.scoreMin !== undefined && query.scoreMax !== undefined && query.scoreMin > query.scoreMax) {
    throw invalid('invalid_range', 'scoreMin must not be greater than scoreMax', 'scoreMin');
  }
  const createdFrom = query.createdFrom ? new Date(query.createdFrom) : undefined;
  const createdTo = query.createdTo ? new Date(query.createdTo) : undefined;
  if (createdFrom && createdTo && createdFrom >= createdTo) {
    throw invalid('invalid_range', 'createdFrom must be before createdTo', 'createdFrom');
  }
  return {
    stage: query.stage,
    source: query.source,
    assigneeId: query.assignee === 'me' ? user.id : query.assignee === 'unassigned' ? null : query.assignee,
    scoreMin: query.scoreMin,
    scoreMax: query.scoreMax,
    createdFrom,
    createdTo,
    q: query.q,
    needsReply: query.needsReply,
  };
}

/** Contact fields as stored: the raw value kept for display, a normalised key for matching. */
function contactFields(input: ContactPatchDto): Partial<ContactEntity> {
  const out: Partial<ContactEntity> = {};
  // null is "not given" for a field that cannot be empty (@IsOptional lets it through); it was a 500 (API fuzz suite).
  if (input.name != null) out.name = input.name.trim();
  if (input.timezone !== undefined) {
    if (!isTimeZone(input.timezone)) {
      throw invalid('invalid_timezone', 'timezone is not a known IANA time zone', 'contact.timezone');
    }
    out.timezone = input.timezone;
  }
  if (input.email !== undefined) {
    out.email = input.email === null ? null : input.email.trim();
    out.emailNormalized = input.email === null ? null : normalizeEmail(input.email);
  }
  if (input.preferredChannel !== undefined) out.preferredChannel = input.preferredChannel;
  if (input.language !== undefined) {
    const language = input.language === null ? null : normalizeLanguage(input.language);
    if (input.language !== null && !language) throw invalid('invalid_language', 'language is not a language tag we can read (e.g. "es" or "es-MX")', 'contact.language');
    out.language = language;
  }
  if (input.phone !== undefined) {
    const e164 = input.phone === null ? null : normalizePhone(input.phone);
    if (input.phone !== null && !e164) throw invalid('invalid_phone', 'phone is not a phone number we can read', 'contact.phone');
    out.phone = input.phone === null ? null : input.phone.trim();
    out.phoneE164 = e164;
  }
  return out;
}

@Injectable()
export class LeadsService {
  constructor(
    private readonly leads: LeadsRepository,
    private readonly timeline: TimelineRepository,
    private readonly leadRecords: LeadRecordsService,
    private readonly users: UserDirectoryService,
    @Inject(LEAD_SCORING) private readonly scoring: LeadScoring,
    private readonly jobs: JobQueue,
    private readonly detector: DuplicateDetectorService,
    private readonly stageMoves: StageMoves,
    private readonly routing: LeadRoutingService,
    private readonly routingRules: RoutingRepository,
    // Absent in processes that do not wire the dedup feature (then nothing is merged automatically).
    @Optional() private readonly autoMerger?: DuplicateAutoMerger,
  ) {}

  /**
   * Leads the caller can already see whose person has the email or phone being typed into the
   * new-lead form (the same detector a saved lead goes through), best match first. A contact the
   * caller cannot see is never mentioned.
   */
  async possibleDuplicates(query: PossibleDuplicatesQueryDto, user: AuthUser): Promise<PossibleDuplicateDto[]> {
    const emailNormalized = query.email?.trim() ? normalizeEmail(query.email) : null;
    const phoneE164 = query.phone?.trim() ? normalizePhone(query.phone) : null;
    if (!emailNormalized && !phoneE164) return [];
    const scope = scopeOf(user);
    const candidates = (await this.detector.findCandidates({ name: query.name ?? '', email: query.email?.trim() ?? null, emailNormalized, phoneE164 }, scope, this.leads.manager)).filter((c) => c.visible);
    const leads = new Map((await this.leads.visibleLeadsOfContacts(candidates.map((c) => c.contactId), scope)).map((r) => [r.contact_id, r]));
    return candidates.flatMap((c) => {
      const l = leads.get(c.contactId);
      if (!l) return [];
      const matchedOn = (['email', 'phone'] as const).filter((k) => c.evidence.some((e) => e.startsWith(k) || (k === 'email' && e.startsWith('emails '))));
      return [{ leadId: l.lead_id, name: l.name, assignee: l.assignee_id ? { id: l.assignee_id, name: l.assignee_name ?? '' } : null, matchedOn }];
    }).slice(0, 5);
  }

  async list(query: ListLeadsQueryDto, user: AuthUser): Promise<LeadPageDto> {
    const filter = inboxFilterOf(query, user);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const { rows, total, exact } = await this.leads.findInboxPage(filter, scopeOf(user), query.sort ?? '-score', pageSize, (page - 1) * pageSize);
    const now = Date.now();
    return { items: rows.map((r) => mapInboxRow(r, now)), total, totalExact: exact, page, pageSize };
  }

  /**
   * Claims a lead from the pond: first claim wins (one conditional UPDATE); the second answers 409.
   * A lead the caller may not see and that never was in the pond answers 404, like any hidden lead.
   */
  async claim(id: string, user: AuthUser): Promise<LeadDetailDto> {
    await this.leads.transaction(async (tx) => {
      const claimed = await this.leads.claim(id, user.id, tx);
      if (!claimed) {
        const visible = await this.leads.findVisible(id, scopeOf(user), tx);
        if (!visible && !(await this.routingRules.wasInPond(id, tx))) throw notFound('Lead');
        if (visible?.assigneeId === user.id) return; // already yours: claiming again changes nothing
        throw new DomainError('conflict', 'already_claimed', 'Someone else has this lead already');
      }
      await this.timeline.append(id, { type: ActivityType.Assigned, actorId: user.id, summary: `Claimed from the pond by ${user.name}`, data: { from: null, to: user.id, claimed: true, version: claimed.version } }, tx);
    });
    return this.detail(id);
  }

  async get(id: string, user: AuthUser): Promise<LeadDetailDto> {
    await this.visibleOrFail(id, user);
    return this.detail(id);
  }

  async create(dto: CreateLeadDto, user: AuthUser, options: { fromConversation?: boolean } = {}): Promise<LeadDetailDto> {
    // An agent's own lead is theirs; a person adding a lead by hand decides who has it (an admin may
    // leave it in the unassigned pool); a lead an integrator sends with an admin's API key and no
    // assignee is a lead from a source like any webhook's, so routing decides — as it does for the
    // visitor of a conversation an admin opens with the assistant (`fromConversation`).
    const chosen = await this.allowedAssignee(dto.assigneeId ?? (isAdmin(user) ? null : user.id), null, user);
    const routeIt = !chosen && (user.via === 'api_key' || options.fromConversation === true);
    const contactInput = contactFields(dto.contact);
    const profile = dto.profile ? this.checkedProfile(dto.profile) : {};
    const id = await this.leads.transaction(async (tx) => {
      const routed = routeIt ? await this.routing.route(routingFacts(dto.source, profile, contactInput.language), tx) : null;
      const assigneeId = chosen ?? routed?.assigneeId ?? null;
      const { contactId, candidates } = await this.contactForNewLead(contactInput, scopeOf(user), tx, { source: dto.source, sourceRef: dto.sourceRef ?? null });
      const now = new Date();
      const lead = await this.leads.insertLead(
        { contactId, source: dto.source, sourceRef: dto.sourceRef ?? null, assigneeId, slaDueAt: new Date(now.getTime() + FIRST_REPLY_SLA_MS) },
        tx,
      );
      await this.recordPossibleDuplicates({ contactId, leadId: lead.id }, candidates, 'lead_created', tx);
      await this.leads.saveProfile({ leadId: lead.id, ...this.profileWithEvidence(null, profile) }, tx);
      await this.timeline.append(lead.id, { type: ActivityType.LeadCreated, actorId: user.id, summary: `Lead created by ${user.name} (${dto.source})`, data: { source: dto.source, assigneeId } }, tx);
      if (routed) {
        await this.timeline.append(lead.id, routed.activity, tx);
        await this.routing.markPond(lead.id, routed, tx);
      }
      if (dto.note) await this.timeline.append(lead.id, { type: ActivityType.Note, actorId: user.id, summary: dto.note }, tx);
      await this.scoring.recompute(lead.id, 'lead created', tx);
      await this.autoMerger?.mergeNewLead(lead.id, candidates, tx);
      return lead.id;
    });
    return this.detail(id);
  }

  /**
   * A lead from an outside source, inside the caller's transaction (the webhook worker commits it
   * together with its inbox event, so a redelivery or a crash never makes it twice). The contact is
   * found or made by the same rule as a lead typed in; a conversation channel joins the contact's
   * latest lead instead of making another. New leads are routed (`LeadRoutingService`) and scored.
   */
  async createFromSource(input: SourceLeadInput, tx: EntityManager): Promise<SourceLeadResult> {
    const contactInput = contactFields({ name: input.contact.name, ...(input.contact.email ? { email: input.contact.email } : {}), ...(input.contact.phone ? { phone: input.contact.phone } : {}) });
    if (input.contact.whatsappId) contactInput.whatsappId = input.contact.whatsappId;
    // A source's locale that names no language is dropped, not refused: the lead matters more.
    const language = normalizeLanguage(input.contact.language);
    if (language) contactInput.language = language;
    // A conversation channel (WhatsApp) joins the lead its sender already has: that lead's agent
    // already sees the contact, so nothing is revealed to anyone new.
    if (input.joinContactLead) {
      const known = await this.leads.findContactByIdentity(contactInput.emailNormalized ?? null, contactInput.phoneE164 ?? null, tx);
      const existing = known ? await this.leads.findLatestLeadOfContact(known.id, tx) : null;
      if (known && existing) {
        const learned = { ...(input.contact.whatsappId && !known.whatsappId ? { whatsappId: input.contact.whatsappId } : {}), ...(language && !known.language ? { language } : {}) };
        if (Object.keys(learned).length) await this.leads.updateContact(known.id, learned, tx);
        return { leadId: existing.id, contactId: known.id, created: false, optedOut: known.optedOutAt !== null };
      }
    }
    // A new lead: the contact rule, seen from the agent the lead is given to.
    const routed = await this.routing.route(routingFacts(input.source, input.profile ?? {}, language), tx);
    const assigneeId = routed.assigneeId;
    const { contactId, candidates } = await this.contactForNewLead(contactInput, { userId: assigneeId ?? NO_USER, all: false }, tx, { source: input.source, sourceRef: input.sourceRef });
    const contact = (await this.leads.findContactById(contactId, tx))!;
    const learned = { ...(input.contact.whatsappId && !contact.whatsappId ? { whatsappId: input.contact.whatsappId } : {}), ...(language && !contact.language ? { language } : {}) };
    if (Object.keys(learned).length) await this.leads.updateContact(contact.id, learned, tx);
    const optedOut = contact.optedOutAt !== null;
    const lead = await this.leads.insertLead(
      { contactId: contact.id, source: input.source, sourceRef: input.sourceRef, assigneeId, slaDueAt: new Date(Date.now() + FIRST_REPLY_SLA_MS) },
      tx,
    );
    const profile = input.profile ?? {};
    const at = new Date().toISOString();
    const evidence = Object.fromEntries(Object.keys(profile).map((f) => [f, input.evidence?.[f as ProfileField] ?? ({ value: profile[f as ProfileField], messageId: null, confidence: 1, source: 'webhook', at } satisfies FieldEvidence)]));
    await this.leads.saveProfile({ leadId: lead.id, ...(profile as Partial<LeadProfileEntity>), evidence }, tx);
    const entries: NewActivity[] = [{ type: ActivityType.LeadCreated, summary: input.origin.summary, data: { source: input.source, ...input.origin.data, assigneeId } }];
    entries.push(routed.activity);
    await this.timeline.appendMany(lead.id, [...entries, ...(input.notes ?? [])], tx);
    await this.routing.markPond(lead.id, routed, tx);
    await this.recordPossibleDuplicates({ contactId, leadId: lead.id }, candidates, 'lead_created', tx);
    await this.scoring.recompute(lead.id, 'lead created', tx);
    const mergedInto = await this.autoMerger?.mergeNewLead(lead.id, candidates, tx);
    // Merged automatically into the person's existing lead: what follows (a reply, the conversation) goes there.
    if (mergedInto) return { leadId: mergedInto, contactId: contact.id, created: false, optedOut };
    return { leadId: lead.id, contactId: contact.id, created: true, optedOut };
  }

  /**
   * Profile facts an outside source gave for an existing lead (a WhatsApp form), with their
   * evidence, in the caller's transaction; the score follows.
   */
  async recordSourceFacts(leadId: string, changes: Partial<Record<ProfileField, unknown>>, evidence: Partial<Record<ProfileField, FieldEvidence>>, summary: string, tx: EntityManager): Promise<void> {
    const fields = Object.keys(changes) as ProfileField[];
    if (!fields.length) return;
    const current = await this.leads.findProfileForUpdate(leadId, tx);
    const merged: Record<string, unknown> = {};
    for (const f of PROFILE_FIELDS) merged[f] = f in changes ? changes[f] : current ? current[f] : undefined;
    this.assertBudget((merged.budgetMin as number | null | undefined) ?? null, (merged.budgetMax as number | null | undefined) ?? null);
    await this.leads.saveProfile({ leadId, ...(merged as Partial<LeadProfileEntity>), evidence: { ...(current?.evidence ?? {}), ...evidence } }, tx);
    await this.timeline.append(leadId, { type: ActivityType.ProfileUpdated, summary, data: { fields, values: changes } }, tx);
    await this.scoring.recompute(leadId, 'profile updated', tx);
  }

  /**
   * The name and phone a website chat visitor left: they go on the lead's own contact (made for
   * the visitor when the chat started) and on the timeline. Nobody on the staff did it.
   */
  async recordVisitorContact(leadId: string, contact: { name: string; phone: string }): Promise<void> {
    const input = contactFields({ name: contact.name, phone: contact.phone });
    await this.leads.transaction(async (tx) => {
      const lead = await this.leads.findVisible(leadId, { userId: leadId, all: true }, tx);
      if (!lead) throw notFound('Lead');
      // Judged as the lead's agent would see it: a possible duplicate is recorded, never attached.
      await this.leadRecords.contactDetailsChanged({ contactId: lead.contactId, leadId }, input, { userId: lead.assigneeId ?? NO_USER, all: false }, 'lead_updated', tx);
      await this.timeline.append(leadId, { type: ActivityType.LeadUpdated, summary: 'The visitor left their name and phone in the website chat', data: { fields: ['name', 'phone'] } }, tx);
      await this.scoring.recompute(leadId, 'contact details given', tx);
    });
  }

  /** A system entry on a lead's timeline (no person did it), in the caller's transaction. */
  async noteFromSystem(leadId: string, activity: NewActivity, tx: EntityManager): Promise<void> {
    await this.timeline.append(leadId, activity, tx);
  }

  /**
   * The contact rule, for every way a lead arrives (API, API key, webhooks, the website form and
   * widget, the assistant's new web visitors, CSV import): the duplicate detector finds contacts
   * sharing an identity (email, phone, WhatsApp, the same Lead Ads lead). An exact identity (the
   * names agree too) on a contact the caller may see (one of its leads is visible to them) is
   * reused. A contact they may not see is never returned, attached or changed: the caller gets a
   * contact of their own. Every candidate, attached or not, is paired with the new lead for review
   * (`recordPossibleDuplicates`, once the lead exists), so two leads of one person can be merged.
   */
  async contactForNewLead(input: Partial<ContactEntity>, scope: LeadScope, tx: EntityManager, lead: { source: LeadSource; sourceRef: string | null } | null = null): Promise<{ contactId: string; candidates: DuplicateCandidate[] }> {
    const candidates = await this.detector.findCandidates({ name: input.name ?? '', email: input.email, emailNormalized: input.emailNormalized, phoneE164: input.phoneE164, whatsappId: input.whatsappId, source: lead?.source, sourceRef: lead?.sourceRef }, scope, tx);
    const reused = candidates.find((c) => c.visible && c.exact);
    if (reused) return { contactId: reused.contactId, candidates };
    const contact = await this.leads.insertContact(input, tx);
    return { contactId: contact.id, candidates };
  }

  /**
   * The same rule when a lead's own contact gets a new email or phone (edited by a person or
   * learned by the assistant in a conversation): only that contact changes; any other contact with
   * the same email or phone is left alone and recorded as a possible duplicate.
   */
  async contactDetailsChanged(own: { contactId: string; leadId: string }, changes: Partial<ContactEntity>, user: AuthUser, origin: DuplicateOrigin, tx: EntityManager): Promise<void> {
    await this.leadRecords.contactDetailsChanged(own, changes, scopeOf(user), origin, tx);
  }

  recordPossibleDuplicates(own: { contactId: string; leadId: string }, candidates: DuplicateCandidate[], origin: DuplicateOrigin, tx: EntityManager): Promise<void> {
    return this.leadRecords.recordPossibleDuplicates(own, candidates, origin, tx);
  }

  /** Possible duplicate contacts for an admin to review (admins only, by the route). */
  async listDuplicates(query: ListDuplicatesQueryDto): Promise<DuplicatePageDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const [rows, total] = await this.leads.findDuplicateCandidates(query.status ?? DuplicateStatus.Open, pageSize, (page - 1) * pageSize);
    return { items: rows.map(mapDuplicate), total, page, pageSize };
  }

  /**
   * "Not the same person": the pair leaves the queue and is never proposed again (the detector
   * skips a contact pair someone dismissed). 404 for an unknown pair, 409 when it was already decided.
   */
  async dismissDuplicate(id: string, user: AuthUser): Promise<DuplicateCandidateDto> {
    const found = await this.leads.findDuplicate(id);
    if (!found) throw notFound('Duplicate pair');
    if (!(await this.leads.dismissDuplicate(id, user.id))) throw new DomainError('conflict', 'pair_already_decided', `This pair was already decided (${found.status})`);
    return mapDuplicate((await this.leads.findDuplicate(id))!);
  }

  /**
   * The lead's contact opts out (STOP, unsubscribe) or back in (START) by a message on a channel,
   * in the caller's transaction; on the timeline. Returns false when nothing changed.
   */
  async setOptOutFromChannel(leadId: string, optedOut: boolean, channel: string, tx: EntityManager): Promise<boolean> {
    const lead = await this.leads.findWithContact(leadId, tx);
    if (!lead?.contact) return false;
    if (Boolean(lead.contact.optedOutAt) === optedOut) return false;
    await this.leads.updateContact(lead.contact.id, optedOut ? { optedOutAt: new Date(), marketingConsent: false } : { optedOutAt: null }, tx);
    await this.timeline.append(
      leadId,
      { type: ActivityType.OptedOut, summary: optedOut ? `Asked on ${channel} not to be contacted again: no more messages will be sent` : `Wrote START on ${channel}: messages may be sent again`, data: { channel, optedOut } },
      tx,
    );
    return true;
  }

  /** A task the system creates for the lead's agent (unassigned leads: nobody yet), in the caller's transaction. */
  async addSystemTask(leadId: string, task: { title: string; details?: string; dueAt?: Date }, tx: EntityManager): Promise<void> {
    const lead = await this.leads.findWithContact(leadId, tx);
    const row = await this.leads.insertTask({ leadId, title: task.title.slice(0, 200), notes: task.details ?? null, dueAt: task.dueAt ?? new Date(), assigneeId: lead?.assigneeId ?? null, createdById: null }, tx);
    await this.timeline.append(leadId, { type: ActivityType.TaskCreated, summary: `Task: ${row.title}`, data: { taskId: row.id } }, tx);
  }

  async update(id: string, dto: UpdateLeadDto, user: AuthUser): Promise<LeadDetailDto> {
    const lead = await this.visibleOrFail(id, user);
    const contactInput = dto.contact ? contactFields(dto.contact) : {};
    const profile = dto.profile ? this.checkedProfile(dto.profile) : {};
    await this.leads.transaction(async (tx) => {
      // A stage in the PATCH is the same move as the stage endpoint's, by the same rules.
      if (dto.stage !== undefined) await this.stageMoves.moveOrRefuse(id, stageMoveOf({ ...dto, stage: dto.stage }), { id: user.id, name: user.name, by: 'person' }, tx);
      if (Object.keys(contactInput).length) {
        await this.contactDetailsChanged({ contactId: lead.contactId, leadId: id }, contactInput, user, 'lead_updated', tx);
        await this.timeline.append(id, { type: ActivityType.LeadUpdated, actorId: user.id, summary: `Contact details updated by ${user.name}`, data: { fields: Object.keys(contactInput).filter((k) => !k.endsWith('Normalized') && k !== 'phoneE164') } }, tx);
      }
      const fields = Object.keys(profile) as ProfileField[];
      if (fields.length) {
        const current = await this.leads.findProfileForUpdate(id, tx);
        const merged = this.profileWithEvidence(current, profile);
        this.assertBudget(merged.budgetMin ?? null, merged.budgetMax ?? null);
        await this.leads.saveProfile({ leadId: id, ...merged }, tx);
        await this.timeline.append(id, { type: ActivityType.ProfileUpdated, actorId: user.id, summary: `Profile updated by ${user.name}: ${fields.join(', ')}`, data: { fields, values: profile } }, tx);
        await this.scoring.recompute(id, 'profile updated', tx);
      }
    });
    // Matches follow the profile; if the queue is down they are computed on the next read.
    if (Object.keys(profile).length) await this.jobs.enqueueOrDefer('refresh-lead', { leadId: id, reason: 'profile updated' });
    return this.detail(id);
  }

  async assign(id: string, dto: AssignLeadDto, user: AuthUser): Promise<LeadDetailDto> {
    const lead = await this.visibleOrFail(id, user);
    const assigneeId = await this.allowedAssignee(dto.assigneeId, lead.assigneeId, user);
    if (assigneeId === lead.assigneeId) return this.detail(id);
    // An agent taking an unassigned (pond) lead claims it: first one wins, the second gets 409.
    if (!isAdmin(user) && lead.assigneeId === null && assigneeId === user.id) return this.claim(id, user);
    const assignee = assigneeId ? await this.users.findById(assigneeId) : null;
    await this.leads.transaction(async (tx) => {
      await this.leads.updateLead(id, { assigneeId }, tx);
      await this.timeline.append(
        id,
        { type: ActivityType.Assigned, actorId: user.id, summary: assignee ? `Assigned to ${assignee.name} by ${user.name}` : `Returned to the unassigned pool by ${user.name}`, data: { from: lead.assigneeId, to: assigneeId } },
        tx,
      );
    });
    return this.detail(id);
  }

  /**
   * Bulk reassignment from the inbox. Every lead is checked first (one that is not visible answers
   * 404, one you may not move 403) and nothing is written unless all pass; then every change and
   * its timeline entry are written in one transaction.
   */
  async reassignMany(dto: ReassignLeadsDto, user: AuthUser): Promise<ReassignedLeadsDto> {
    const leads: LeadEntity[] = [];
    for (const id of dto.leadIds) leads.push(await this.visibleOrFail(id, user));
    const changing: LeadEntity[] = [];
    for (const lead of leads) {
      const assigneeId = await this.allowedAssignee(dto.assigneeId, lead.assigneeId, user);
      if (assigneeId !== lead.assigneeId) changing.push(lead);
    }
    const assignee = dto.assigneeId ? await this.users.findById(dto.assigneeId) : null;
    await this.leads.transaction(async (tx) => {
      for (const lead of changing) {
        await this.leads.updateLead(lead.id, { assigneeId: dto.assigneeId }, tx);
        await this.timeline.append(
          lead.id,
          { type: ActivityType.Assigned, actorId: user.id, summary: assignee ? `Assigned to ${assignee.name} by ${user.name}` : `Returned to the unassigned pool by ${user.name}`, data: { from: lead.assigneeId, to: dto.assigneeId } },
          tx,
        );
      }
    });
    return { reassigned: changing.length };
  }

  /** Moves the lead along the pipeline by the stage rules (422 with the rule when refused, 409 on a stale version). */
  async changeStage(id: string, dto: ChangeStageDto, user: AuthUser): Promise<LeadDetailDto> {
    await this.visibleOrFail(id, user);
    await this.leads.transaction((tx) => this.stageMoves.moveOrRefuse(id, stageMoveOf(dto), { id: user.id, name: user.name, by: 'person' }, tx));
    return this.detail(id);
  }

  /**
   * Logs a message on the timeline. An inbound one is engagement, so the score is recomputed; the
   * first outbound one is the first reply and stops the "needs reply" clock.
   */
  async logMessage(id: string, dto: LogMessageDto, user: AuthUser): Promise<LeadDetailDto> {
    const lead = await this.visibleOrFail(id, user);
    await this.leads.transaction(async (tx) => {
      await this.timeline.append(
        id,
        { type: ActivityType.Message, actorId: user.id, direction: dto.direction, summary: dto.body, data: { channel: dto.channel, loggedBy: user.id, ...(dto.outcome ? { outcome: dto.outcome } : {}) } },
        tx,
      );
      if (dto.direction === 'outbound' && lead.firstResponseAt === null) await this.leads.updateLead(id, { firstResponseAt: new Date() }, tx);
      if (dto.direction === 'inbound') await this.scoring.recompute(id, 'message from the lead', tx);
    });
    return this.detail(id);
  }

  async addNote(id: string, dto: AddNoteDto, user: AuthUser): Promise<LeadDetailDto> {
    await this.visibleOrFail(id, user);
    await this.leads.transaction((tx) => this.timeline.append(id, { type: ActivityType.Note, actorId: user.id, summary: dto.body }, tx));
    return this.detail(id);
  }

  async addTask(id: string, dto: CreateTaskDto, user: AuthUser): Promise<TaskDto> {
    const lead = await this.visibleOrFail(id, user);
    const assigneeId = dto.assigneeId ?? lead.assigneeId ?? user.id;
    if (dto.assigneeId && !(await this.users.findById(dto.assigneeId))?.active) {
      throw invalid('unknown_assignee', 'assigneeId is not an active user', 'assigneeId');
    }
    const dueAt = dto.dueAt ? checkedDue(dto.dueAt, dto.allowPastDue) : null;
    const task = await this.leads.transaction(async (tx) => {
      const saved = await this.leads.insertTask({ leadId: id, title: dto.title.trim(), type: dto.type ?? TaskType.FollowUp, notes: dto.notes ?? null, dueAt, assigneeId, createdById: user.id }, tx);
      await this.timeline.append(id, { type: ActivityType.TaskCreated, actorId: user.id, summary: `Task: ${saved.title}`, data: { taskId: saved.id, dueAt: saved.dueAt } }, tx);
      return saved;
    });
    return mapTask(task);
  }

  async completeTask(id: string, taskId: string, user: AuthUser): Promise<TaskDto> {
    await this.visibleOrFail(id, user);
    const task = await this.leads.transaction(async (tx) => {
      const found = await this.leads.findTask(id, taskId, tx);
      if (!found) throw notFound('Task');
      if (found.completedAt) return found; // completing twice is harmless
      await this.leads.completeTask(taskId, user.id, tx);
      await this.timeline.append(id, { type: ActivityType.TaskCompleted, actorId: user.id, summary: `Task done: ${found.title}`, data: { taskId } }, tx);
      return (await this.leads.findTask(id, taskId, tx)) as NonNullable<typeof found>;
    });
    return mapTask(task);
  }

  /** Snoozes (a new due time), retitles or retypes an open task. */
  async updateTask(id: string, taskId: string, dto: UpdateTaskDto, user: AuthUser): Promise<TaskDto> {
    await this.visibleOrFail(id, user);
    const changes: Partial<Pick<TaskEntity, 'title' | 'type' | 'dueAt'>> = {};
    // title and type cannot be cleared: null means "not given" (it was a 500 on title).
    if (dto.title != null) changes.title = dto.title.trim();
    if (dto.type != null) changes.type = dto.type;
    if (dto.dueAt !== undefined) changes.dueAt = dto.dueAt === null ? null : checkedDue(dto.dueAt, dto.allowPastDue);
    const task = await this.leads.transaction(async (tx) => {
      const found = await this.leads.findTask(id, taskId, tx);
      if (!found) throw notFound('Task');
      if (found.completedAt) throw new DomainError('conflict', 'task_done', 'This task is already done');
      await this.leads.updateTask(taskId, changes, tx);
      return (await this.leads.findTask(id, taskId, tx)) as TaskEntity;
    });
    return mapTask(task);
  }

  /** My open tasks across every lead I can see, soonest due first (no due time last). */
  async myTasks(user: AuthUser): Promise<MyTaskDto[]> {
    const rows = await this.leads.findOpenTasksOf(user.id, scopeOf(user));
    return rows.map((r) => ({ ...mapTask(r), lead: { id: r.leadId, name: r.leadName }, assignee: r.assigneeId ? { id: r.assigneeId, name: r.assigneeName ?? '' } : null }));
  }

  /** 404 unless `user` may see the lead (another agent's lead answers like a missing one). */
  async assertVisible(id: string, user: AuthUser): Promise<void> {
    await this.visibleOrFail(id, user);
  }

  /** The lead's profile as stored, or null. */
  profileOf(id: string): Promise<LeadProfileEntity | null> {
    return this.leads.findProfile(id, this.leads.manager);
  }

  /** Recomputes the lead's score (the worker's refresh job; matching stores the matches after). */
  recomputeScore(id: string, reason: string): Promise<{ score: number }> {
    return this.scoring.recompute(id, reason);
  }

  async qualify(id: string, dto: QualifyLeadDto, user: AuthUser): Promise<LeadDetailDto> {
    await this.visibleOrFail(id, user);
    if (dto.clearOverride && (dto.score !== undefined || dto.status !== undefined)) {
      throw invalid('conflicting_fields', 'clearOverride cannot be combined with score or status', 'clearOverride');
    }
    if (!dto.clearOverride && dto.score === undefined && dto.status === undefined) {
      throw invalid('nothing_to_do', 'Give a score, a status, or clearOverride: true', 'score');
    }
    await this.scoring.qualify(id, dto, user);
    return this.detail(id);
  }

  private async visibleOrFail(id: string, user: AuthUser): Promise<LeadEntity> {
    const lead = await this.leads.findVisible(id, scopeOf(user));
    // Another agent's lead answers exactly like a lead that does not exist.
    if (!lead) throw notFound('Lead');
    return lead;
  }

  private async detail(id: string): Promise<LeadDetailDto> {
    const [lead, timeline, tasks, qualifications] = await Promise.all([
      this.leads.findDetail(id),
      this.leads.findTimeline(id),
      this.leads.findTasks(id),
      this.scoring.history(id),
    ]);
    if (!lead?.contact) throw notFound('Lead');
    return mapLeadDetail(lead as LeadEntity & { contact: ContactEntity }, timeline, tasks, qualifications);
  }

  /**
   * Who may be assigned: admins may assign any active user or none; agents may take an
   * unassigned lead or give their own back, nothing else.
   */
  private async allowedAssignee(wanted: string | null, current: string | null, user: AuthUser): Promise<string | null> {
    const scope = scopeOf(user);
    if (scope.team) {
      // Team leads move a lead they may see (theirs, the pool's, their team's) to themselves, to an
      // active member of their team, or back to the pool; never out of the team.
      if (wanted === null || wanted === user.id || (await this.users.findActiveTeamMember(wanted, scope.team))) return wanted;
      throw new DomainError('forbidden', 'assign_outside_team', 'Team leads can only hand leads to members of their team', [{ field: 'assigneeId', errors: ['not an active member of your team'] }]);
    }
    if (!isAdmin(user)) {
      // Agents take a lead they may see (theirs or the pool's) for themselves, or give it back.
      const takesOrReleases = canSeeLead(scopeOf(user), { assigneeId: current }) && (wanted === user.id || wanted === null);
      if (!takesOrReleases) throw new DomainError('forbidden', 'assign_forbidden', 'Agents can only take unassigned leads or release their own');
      return wanted;
    }
    if (wanted !== null && !(await this.users.findById(wanted))?.active) {
      throw invalid('unknown_assignee', 'assigneeId is not an active user', 'assigneeId');
    }
    return wanted;
  }

  private checkedProfile(input: ProfileInputDto): Partial<Record<ProfileField, unknown>> {
    const changes = profileChanges(input);
    this.assertBudget((changes.budgetMin as number | null | undefined) ?? null, (changes.budgetMax as number | null | undefined) ?? null);
    return changes;
  }

  private assertBudget(min: number | null, max: number | null): void {
    if (min !== null && max !== null && min > max) throw invalid('invalid_budget', 'budgetMin must not be greater than budgetMax', 'profile.budgetMin');
  }

  /** Merges typed-in fields over the current profile, each with evidence that a person set it. */
  private profileWithEvidence(current: LeadProfileEntity | null, changes: Partial<Record<ProfileField, unknown>>): Partial<LeadProfileEntity> {
    const at = new Date().toISOString();
    const evidence = { ...(current?.evidence ?? {}) };
    const out: Record<string, unknown> = {};
    for (const f of PROFILE_FIELDS) {
      if (current) out[f] = current[f];
      if (f in changes) {
        out[f] = changes[f];
        const ev: FieldEvidence = { value: changes[f], messageId: null, confidence: 1, source: 'user', at };
        evidence[f] = ev;
      }
    }
    return { ...(out as Partial<LeadProfileEntity>), evidence };
  }
}
