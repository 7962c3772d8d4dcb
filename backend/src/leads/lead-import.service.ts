import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type LeadScope } from '../access/lead-access';
import { JobQueue } from '../core/queue/job-queue';
import { DuplicateSignal } from './duplicate-candidate.entity';
import type { FieldEvidence } from './lead-profile.entity';
import { ActivityType, LeadSource, Purpose } from './lead.enums';
import { LeadsRepository, type NewDuplicateCandidate } from './leads.repository';
import { TimelineRepository } from './timeline.repository';
import { LeadRoutingService } from './lead-routing.service';
import { compareContacts, type ContactKeys } from './duplicate-detector.service';

/** One row of an import, already read and normalised by the importer (the API's normalisers). */
export interface ImportedLead {
  /** The row's number in the file (1 = first row under the header). */
  row: number;
  name: string;
  email: string | null;
  emailNormalized: string | null;
  phone: string | null;
  phoneE164: string | null;
  /** BCP-47 primary tag ("es"), already read by `normalizeLanguage`. */
  language?: string | null;
  profile: Partial<{ purpose: Purpose; budgetMin: number; budgetMax: number; currency: string; bedrooms: number; bathrooms: number; locations: string[] }>;
  note: string | null;
  createdAt: Date | null;
}

/** An existing contact an imported row is the same person as (exact email or phone). */
export interface ExistingContact {
  contactId: string;
  /** The caller may see it (one of its leads is visible to them). */
  visible: boolean;
  /** Its latest lead that is not merged away. */
  leadId: string | null;
  signal: DuplicateSignal;
  /** What the duplicate detector compares (name, email, phone), for the pair's confidence and evidence. */
  keys: ContactKeys;
}

export type ImportOutcome =
  | { row: number; outcome: 'created'; leadId: string; possibleDuplicates: number }
  | { row: number; outcome: 'updated'; leadId: string; fields: string[] }
  | { row: number; outcome: 'merged'; leadId: string; fields: string[] };

/** What to do with one row, decided before anything is written (a dry run stops there). */
export type ImportPlan =
  | { kind: 'create'; lead: ImportedLead; notReused: ExistingContact[] }
  | { kind: 'update'; lead: ImportedLead; into: ExistingContact }
  /** The same person as an earlier row of this file (`intoRow`), whose lead takes this row's details. */
  | { kind: 'merge'; lead: ImportedLead; intoRow: number };

/**
 * Writes imported leads in bulk (one statement per table per batch, ids made here), inside the
 * importer's transaction. The contact rule is the API's: an exact identity (email or phone) on a
 * contact the importer can see attaches to it; one they cannot see is never touched, and the pair
 * is recorded for review. Rows add to an existing lead only what it lacks: an import never
 * overwrites what a person typed.
 */
@Injectable()
export class LeadImportService {
  constructor(
    private readonly leads: LeadsRepository,
    private readonly timeline: TimelineRepository,
    private readonly jobs: JobQueue,
    private readonly routing: LeadRoutingService,
  ) {}

  /**
   * THE duplicate check of the import, in one place: existing contacts with the same normalised
   * email or phone, per key, with visibility from `scope`. (Issue 15's detector replaces this.)
   */
  findExisting(emails: string[], phones: string[], scope: LeadScope, tx?: EntityManager): Promise<Map<string, ExistingContact[]>> {
    return this.leads.findContactsByKeys(emails, phones, scope, tx ?? this.leads.manager);
  }

  /**
   * Applies a batch of plans. `leadOfRow` maps rows created earlier in this import to their lead
   * (for merges) and is filled in with this batch's new leads.
   */
  async apply(plans: ImportPlan[], ctx: { importId: string; fileName: string; actorId: string; assigneeId: string | null }, leadOfRow: Map<number, string>, tx: EntityManager): Promise<ImportOutcome[]> {
    const now = new Date();
    const out: ImportOutcome[] = [];
    const contacts: Record<string, unknown>[] = [];
    const leads: Record<string, unknown>[] = [];
    const profiles: Record<string, unknown>[] = [];
    const activities: Record<string, unknown>[] = [];
    const candidates: NewDuplicateCandidate[] = [];
    const fill: Array<{ leadId: string; lead: ImportedLead; row: number; kind: 'update' | 'merge' }> = [];
    // An admin's rows are routed: the rules are read once per batch, not once per row.
    const rules = ctx.assigneeId ? null : await this.routing.enabledRules(tx);

    for (const p of plans) {
      if (p.kind === 'create') {
        const contactId = randomUUID();
        const leadId = randomUUID();
        const l = p.lead;
        contacts.push({ id: contactId, name: l.name, email: l.email, email_normalized: l.emailNormalized, phone: l.phone, phone_e164: l.phoneE164, language: l.language ?? null });
        const created = l.createdAt ?? now;
        // An agent's import is theirs; an admin's rows are routed one by one like any other new lead.
        const routed = rules ? await this.routing.route({ source: LeadSource.Import, areas: l.profile.locations ?? [], price: l.profile.budgetMax ?? l.profile.budgetMin ?? null, language: l.language ?? null }, tx, { rules }) : null;
        const assigneeId = ctx.assigneeId ?? routed?.assigneeId ?? null;
        const pondSince = routed && !routed.assigneeId ? now.toISOString() : null;
        leads.push({ id: leadId, contact_id: contactId, source_ref: `${ctx.importId}#${l.row}`, assignee_id: assigneeId, pond_since: pondSince, created_at: created.toISOString(), last_activity_at: created.toISOString() });
        profiles.push({ lead_id: leadId, ...profileColumns(l.profile), evidence: evidenceOf(l.profile, ctx.fileName, l.row, now) });
        activities.push({ lead_id: leadId, type: ActivityType.LeadCreated, actor_id: ctx.actorId, summary: `Imported from ${ctx.fileName} (row ${l.row})`, data: { source: LeadSource.Import, importId: ctx.importId, row: l.row } });
        if (routed) activities.push({ lead_id: leadId, type: routed.activity.type, actor_id: null, summary: routed.activity.summary, data: routed.activity.data });
        if (l.note) activities.push({ lead_id: leadId, type: ActivityType.Note, actor_id: ctx.actorId, summary: l.note, data: { importId: ctx.importId, row: l.row } });
        for (const m of p.notReused) {
          // The same comparison as every other way in: confidence and evidence in words for the review queue.
          const c = compareContacts({ name: l.name, email: l.email, emailNormalized: l.emailNormalized, phoneE164: l.phoneE164 }, m.keys);
          candidates.push({ contactId, leadId, otherContactId: m.contactId, otherLeadId: m.leadId, signal: c.signal ?? m.signal, origin: 'import', confidence: c.confidence, evidence: c.evidence });
        }
        leadOfRow.set(l.row, leadId);
        out.push({ row: l.row, outcome: 'created', leadId, possibleDuplicates: p.notReused.length });
      } else if (p.kind === 'update') {
        if (!p.into.leadId) continue;
        fill.push({ leadId: p.into.leadId, lead: p.lead, row: p.lead.row, kind: 'update' });
      } else {
        const leadId = leadOfRow.get(p.intoRow);
        if (leadId) fill.push({ leadId, lead: p.lead, row: p.lead.row, kind: 'merge' });
      }
    }
    await this.leads.insertImported({ contacts, leads, profiles, candidates }, tx);
    await this.timeline.insertImported(activities, tx);
    // Rows for existing leads: only the gaps are filled, one lead at a time (rarer than new rows).
    for (const f of fill) {
      const fields = await this.leads.fillImportedGaps(f.leadId, f.lead, evidenceOf(f.lead.profile, ctx.fileName, f.row, now), tx);
      const summary = f.kind === 'merge' ? `Row ${f.row} of ${ctx.fileName} is the same person` : `Matched row ${f.row} of ${ctx.fileName}`;
      await this.timeline.append(f.leadId, { type: ActivityType.LeadUpdated, actorId: ctx.actorId, summary: fields.length ? `${summary}; added ${fields.join(', ')}` : `${summary}; nothing new`, data: { importId: ctx.importId, row: f.row, fields } }, tx);
      out.push({ row: f.row, outcome: f.kind === 'merge' ? 'merged' : 'updated', leadId: f.leadId, fields });
    }
    return out.sort((a, b) => a.row - b.row);
  }

  /** Scores and matches of the imported leads follow in the worker (refresh-lead jobs), after the batch commits. */
  async refreshLater(leadIds: string[]): Promise<void> {
    await this.jobs.enqueueMany(
      'refresh-lead',
      leadIds.map((leadId) => ({ payload: { leadId, reason: 'imported' }, opts: { jobId: `refresh-import-${leadId}` } })),
    );
  }
}

const PROFILE_COLUMN: Record<string, string> = { purpose: 'purpose', budgetMin: 'budget_min', budgetMax: 'budget_max', currency: 'currency', bedrooms: 'bedrooms', bathrooms: 'bathrooms', locations: 'locations' };

function profileColumns(profile: ImportedLead['profile']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(profile)) if (v !== undefined && v !== null) out[PROFILE_COLUMN[k]] = v;
  return out;
}

function evidenceOf(profile: ImportedLead['profile'], fileName: string, row: number, at: Date): Record<string, FieldEvidence> {
  const out: Record<string, FieldEvidence> = {};
  for (const [k, v] of Object.entries(profile)) if (v !== undefined && v !== null && k !== 'currency') out[k] = { value: v, messageId: null, quote: `${fileName}, row ${row}`, confidence: 1, source: 'import', at: at.toISOString() };
  return out;
}
