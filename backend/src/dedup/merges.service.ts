import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { scopeOf } from '../access/lead-access';
import { AuthUser } from '../core/auth/auth-user';
import { DomainError, notFound } from '../core/http/domain-error';
import { JobQueue } from '../core/queue/job-queue';
import { DuplicateCandidateDto } from '../leads/duplicates.dto';
import { LeadRecordsService, type RecordRow as Row } from '../leads/lead-records.service';
import { ActivityType } from '../leads/lead.enums';
import { PROFILE_FIELDS } from '../leads/profile.dto';
import { ScoringService } from '../scoring/scoring.service';
import { MergeSnapshot } from './lead-merge.entity';
import { isMergeSide, MERGE_CONTACT_FIELDS, MERGE_FIELDS, MergeField, MergeLeadDto, MergeResultDto, MergeSide, UndoResultDto } from './merges.dto';
import { MergesRepository } from './merges.repository';
import { LeadRowMoves } from './lead-row-moves';

import { DuplicatesQueries } from './duplicates.queries';
import { AuditTrail } from '../core/audit/audit-trail';

/** How long a merge can be undone. */
export const UNDO_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

const snake = (f: string) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The contact columns each choosable contact field carries (a raw value and its match key go together). */
const CONTACT_COLUMNS: Record<(typeof MERGE_CONTACT_FIELDS)[number], string[]> = {
  name: ['name'],
  email: ['email', 'email_normalized'],
  phone: ['phone', 'phone_e164'],
  whatsappId: ['whatsapp_id'],
  timezone: ['timezone'],
  preferredChannel: ['preferred_channel'],
};
const isContactField = (f: MergeField): f is keyof typeof CONTACT_COLUMNS => f in CONTACT_COLUMNS;

const empty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Columns whose values differ between two versions of a row (what a merge wrote). */
function diff(before: Row | null, after: Row | null): Row {
  const out: Row = {};
  if (!after) return out;
  for (const [k, v] of Object.entries(after)) if (!before || !same(before[k], v)) out[k] = v;
  return out;
}

const conflict = (code: string, message: string) => new DomainError('conflict', code, message);
const invalid = (code: string, message: string, field: string) => new DomainError('invalid', code, message, [{ field, errors: [message] }]);

/**
 * Merging two leads of one person, and undoing it. A merge is one transaction: the survivor keeps
 * the value chosen for each field (the profile's evidence follows the value), every row of the
 * other lead moves to the survivor, the other lead stays as a tombstone pointing at it, the score
 * is recomputed and one timeline entry says who merged what and why. A snapshot taken inside the
 * same transaction lets undo (30 days) restore both leads exactly; what happened to the survivor
 * since stays on the survivor.
 */
@Injectable()
export class MergesService {
  constructor(
    private readonly merges: MergesRepository,
    private readonly duplicates: DuplicatesQueries,
    private readonly leadRecords: LeadRecordsService,
    private readonly rowMoves: LeadRowMoves,
    private readonly scoring: ScoringService,
    private readonly jobs: JobQueue,
    private readonly audit: AuditTrail,
  ) {}

  async merge(survivorId: string, dto: MergeLeadDto, user: AuthUser): Promise<MergeResultDto> {
    const result = await this.merges.transaction((tx) => this.mergeIn(survivorId, dto, user, tx));
    await this.audit.record({ action: 'lead.merged', actorId: user.id, apiKeyId: user.apiKeyId, targetType: 'lead', targetId: survivorId, changes: { merged: result.mergedId, mergeId: result.mergeId, reason: dto.reason ?? null, fields: result.fields } });
    // Matches follow the merged profile; if the queue is down they are computed on the next read.
    await this.jobs.enqueueOrDefer('refresh-lead', { leadId: survivorId, reason: 'leads merged' });
    return result;
  }

  /**
   * The merge inside the caller's transaction. `user` null: the system merges (auto-merge of an
   * exact identity), seeing every lead; the timeline says it was automatic.
   */
  async mergeIn(survivorId: string, dto: MergeLeadDto, user: AuthUser | null, tx: EntityManager): Promise<MergeResultDto> {
    const mergedId = dto.otherLeadId;
    if (survivorId === mergedId) throw invalid('merge_with_itself', 'A lead cannot be merged with itself', 'otherLeadId');
    for (const [field, side] of Object.entries(dto.fields ?? {})) {
      if (!(MERGE_FIELDS as readonly string[]).includes(field)) throw invalid('unknown_field', `${field} is not a field a merge chooses`, `fields.${field}`);
      if (!isMergeSide(side)) throw invalid('invalid_side', `fields.${field} must be "survivor" or "merged"`, `fields.${field}`);
    }
    {
      await this.lockPair(survivorId, mergedId, user, tx);
      const before = {
        survivor: { lead: (await this.leadRecords.rowAsJson('leads', survivorId, tx))!, contact: {} as Row, profile: await this.leadRecords.rowAsJson('lead_profiles', survivorId, tx) },
        merged: { lead: (await this.leadRecords.rowAsJson('leads', mergedId, tx))!, contact: {} as Row, profile: await this.leadRecords.rowAsJson('lead_profiles', mergedId, tx) },
      };
      before.survivor.contact = (await this.leadRecords.rowAsJson('contacts', before.survivor.lead.contact_id as string, tx))!;
      before.merged.contact = (await this.leadRecords.rowAsJson('contacts', before.merged.lead.contact_id as string, tx))!;
      const sameContact = before.survivor.contact.id === before.merged.contact.id;

      const choices = this.choose(before, dto.fields ?? {}, sameContact);
      // The survivor's contact: chosen values; an opt-out on either side stays (consent is never merged away).
      const contactChanges: Row = {};
      if (!sameContact) {
        for (const f of MERGE_CONTACT_FIELDS) if (choices[f] === 'merged') for (const c of CONTACT_COLUMNS[f]) contactChanges[c] = before.merged.contact[c];
        if (before.merged.contact.opted_out_at && !before.survivor.contact.opted_out_at) Object.assign(contactChanges, { opted_out_at: before.merged.contact.opted_out_at, marketing_consent: false });
        if (!before.merged.contact.marketing_consent && before.survivor.contact.marketing_consent) contactChanges.marketing_consent = false;
        await this.leadRecords.setColumns('contacts', before.survivor.contact.id as string, contactChanges, tx);
      }
      // The survivor's profile: chosen values, each with the evidence of the lead it came from.
      const profileChanges: Row = {};
      const evidence = { ...((before.survivor.profile?.evidence as Row | undefined) ?? {}) };
      const mergedEvidence = (before.merged.profile?.evidence as Row | undefined) ?? {};
      for (const f of PROFILE_FIELDS) {
        if (choices[f] !== 'merged' || !before.merged.profile) continue;
        profileChanges[snake(f)] = before.merged.profile[snake(f)];
        if (mergedEvidence[f]) evidence[f] = mergedEvidence[f];
        else delete evidence[f];
      }
      if (Object.keys(profileChanges).length) {
        profileChanges.evidence = evidence;
        if (before.survivor.profile) await this.leadRecords.setColumns('lead_profiles', survivorId, profileChanges, tx);
        else await this.leadRecords.insertProfileRow({ ...before.merged.profile, ...profileChanges, lead_id: survivorId }, tx);
      }

      // Each feature moves its own rows (timeline, tasks, score history, conversations, viewings, matches, …).
      const moved = await this.rowMoves.moveToSurvivor(tx, mergedId, survivorId);
      await this.leadRecords.setColumns('leads', mergedId, { merged_into_id: survivorId }, tx);
      const candidates = await this.leadRecords.closePairsAsMerged(survivorId, mergedId, user?.id ?? null, tx);

      const mergeId = randomUUID();
      const otherName = before.merged.contact.name as string;
      const fromMerged = Object.entries(choices).filter(([, s]) => s === 'merged').map(([f]) => f);
      await this.leadRecords.appendTimeline(
        survivorId,
        {
          type: ActivityType.Merged,
          actorId: user?.id ?? null,
          summary: `${user ? user.name : 'Openhouse automatically'} merged the ${before.merged.lead.source as string} lead of ${otherName} (created ${(before.merged.lead.created_at as string).slice(0, 10)}) into this one${dto.reason ? `: ${dto.reason}` : ''}${fromMerged.length ? `. Kept from it: ${fromMerged.join(', ')}` : ''}`,
          data: { mergeId, mergedLeadId: mergedId, reason: dto.reason ?? null, fields: choices, moved: Object.fromEntries(Object.entries(moved).flatMap(([t, ids]) => (Array.isArray(ids) ? [[t, ids.length]] : []))) },
        },
        tx,
      );
      const [activityId] = await this.merges.createdInThisTransaction('activities', survivorId, tx);
      const score = await this.scoring.recompute(survivorId, 'leads merged', tx);
      const createdActivities = await this.merges.createdInThisTransaction('activities', survivorId, tx);
      const createdQualifications = await this.merges.createdInThisTransaction('qualifications', survivorId, tx);

      const after = {
        lead: (await this.leadRecords.rowAsJson('leads', survivorId, tx))!,
        contact: (await this.leadRecords.rowAsJson('contacts', before.survivor.contact.id as string, tx))!,
        profile: await this.leadRecords.rowAsJson('lead_profiles', survivorId, tx),
      };
      const snapshot: MergeSnapshot = {
        created: { activities: createdActivities.filter((id) => id !== activityId), qualifications: createdQualifications },
        survivor: before.survivor,
        merged: before.merged,
        written: { lead: diff(before.survivor.lead, after.lead), contact: sameContact ? {} : diff(before.survivor.contact, after.contact), profile: diff(before.survivor.profile, after.profile) },
        moved,
        qualificationId: createdQualifications[0] ?? null,
        activityId: activityId ?? null,
        candidates,
      };
      const row = await this.merges.insertMerge({ id: mergeId, survivorId, mergedId, mergedById: user?.id ?? null, reason: dto.reason ?? null, choices, snapshot }, tx);
      return { mergeId: row.id, survivorId, mergedId, fields: choices, score: score.score, undoUntil: new Date(row.createdAt.getTime() + UNDO_WINDOW_MS).toISOString() };
    }
  }

  async undo(mergeId: string, user: AuthUser): Promise<UndoResultDto> {
    const result = await this.merges.transaction(async (tx) => {
      const merge = await this.merges.lockMerge(mergeId, tx);
      if (!merge) throw notFound('Merge');
      const leads = await this.merges.lockLeads([merge.survivorId, merge.mergedId], scopeOf(user), tx);
      const survivor = leads.find((l) => l.id === merge.survivorId);
      if (!survivor?.visible) throw notFound('Merge');
      if (merge.undoneAt) throw conflict('merge_already_undone', `This merge was already undone on ${merge.undoneAt.toISOString().slice(0, 10)}`);
      if (Date.now() - merge.createdAt.getTime() > UNDO_WINDOW_MS) throw conflict('undo_window_passed', `A merge can be undone for 30 days; this one was made on ${merge.createdAt.toISOString().slice(0, 10)}`);
      const later = (await this.merges.laterMergeOf(merge.survivorId, merge, tx)) ?? (await this.merges.laterMergeOf(merge.mergedId, merge, tx));
      if (later) throw conflict('later_merge', `The lead was merged again on ${later.createdAt.toISOString().slice(0, 10)} (merge ${later.id}); undo that merge first`);

      const s = merge.snapshot;
      // Merges made before the participants kept matches beside the moved rows.
      await this.rowMoves.restore(tx, s.matches ? { ...s.moved, lead_matches: s.matches } : s.moved, merge.survivorId, merge.mergedId);
      const mergedLead = { ...s.merged.lead };
      delete mergedLead.id;
      await this.leadRecords.setColumns('leads', merge.mergedId, mergedLead, tx);
      await this.leadRecords.restoreUnchanged('contacts', s.survivor.contact.id as string, s.written.contact, s.survivor.contact, tx);
      if (s.survivor.profile) await this.leadRecords.restoreUnchanged('lead_profiles', merge.survivorId, s.written.profile, s.survivor.profile, tx);
      await this.leadRecords.restoreUnchanged('leads', merge.survivorId, s.written.lead, s.survivor.lead, tx);
      const now = await this.leadRecords.rowAsJson('leads', merge.survivorId, tx);
      const scoreRestored = now?.current_qualification_id === s.survivor.lead.current_qualification_id;
      await this.scoring.deleteHistory(s.created?.qualifications ?? [], tx);
      if (scoreRestored) await this.leadRecords.deleteTimelineEntries(s.created?.activities ?? [], tx);
      await this.leadRecords.reopenMergedPairs(s.candidates, tx);
      await this.merges.markUndone(merge.id, user.id, tx);
      await this.leadRecords.appendTimeline(
        merge.survivorId,
        { type: ActivityType.Merged, actorId: user.id, summary: `${user.name} undid the merge with ${s.merged.contact.name as string}: that lead is on its own again`, data: { mergeId: merge.id, undone: true, restoredLeadId: merge.mergedId } },
        tx,
      );
      // The survivor was rescored since the merge: score it again without the other lead's rows.
      if (!scoreRestored) await this.scoring.recompute(merge.survivorId, 'merge undone', tx);
      return { mergeId: merge.id, survivorId: merge.survivorId, restoredId: merge.mergedId };
    });
    await this.audit.record({ action: 'merge.undone', actorId: user.id, apiKeyId: user.apiKeyId, targetType: 'merge', targetId: result.mergeId, changes: { survivor: result.survivorId, restored: result.restoredId } });
    await this.jobs.enqueueOrDefer('refresh-lead', { leadId: result.survivorId, reason: 'merge undone' });
    return result;
  }

  /** Possible duplicates of a lead that the caller may see (others are never mentioned), most likely first. */
  async duplicatesOf(leadId: string, user: AuthUser): Promise<DuplicateCandidateDto[]> {
    const scope = scopeOf(user);
    const lead = await this.merges.visibility(leadId, scope);
    if (!lead?.visible) throw notFound('Lead');
    return this.duplicates.openPairsOf(leadId, scope);
  }

  /** Both leads visible to the caller, neither merged away; locked until the transaction ends. */
  private async lockPair(survivorId: string, mergedId: string, user: AuthUser | null, tx: EntityManager): Promise<void> {
    const leads = await this.merges.lockLeads([survivorId, mergedId], user ? scopeOf(user) : { userId: mergedId, all: true }, tx);
    // A lead the caller cannot see answers exactly like one that does not exist.
    for (const id of [survivorId, mergedId]) if (!leads.find((l) => l.id === id)?.visible) throw notFound('Lead');
    for (const l of leads) {
      if (l.merged_into_id) throw conflict('lead_already_merged', `Lead ${l.id} was already merged into another lead (${l.merged_into_id}); merge with that one instead`);
    }
  }

  /**
   * Which lead's value each field keeps: the caller's choice, else the value that is there (most
   * complete), else of two different values the more recent one (profile: the evidence's time;
   * contact: the contact changed last).
   */
  private choose(before: { survivor: { contact: Row; profile: Row | null }; merged: { contact: Row; profile: Row | null } }, wanted: Partial<Record<MergeField, MergeSide>>, sameContact: boolean): Record<string, MergeSide> {
    const out: Record<string, MergeSide> = {};
    for (const f of MERGE_FIELDS) {
      if (isContactField(f) && sameContact) {
        out[f] = 'survivor';
        continue;
      }
      const [a, b] = isContactField(f)
        ? [before.survivor.contact[CONTACT_COLUMNS[f][0]], before.merged.contact[CONTACT_COLUMNS[f][0]]]
        : [before.survivor.profile?.[snake(f)] ?? null, before.merged.profile?.[snake(f)] ?? null];
      if (wanted[f]) out[f] = wanted[f];
      else if (empty(b) || same(a, b)) out[f] = 'survivor';
      else if (empty(a)) out[f] = 'merged';
      else {
        const when = (side: { contact: Row; profile: Row | null }): string =>
          (isContactField(f) ? (side.contact.updated_at as string | undefined) : ((side.profile?.evidence as Record<string, { at?: string }> | undefined)?.[f]?.at ?? (side.profile?.updated_at as string | undefined))) ?? '';
        out[f] = new Date(when(before.merged)).getTime() > new Date(when(before.survivor)).getTime() ? 'merged' : 'survivor';
      }
    }
    return out;
  }
}
