import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { LeadScope } from '../access/lead-access';
import type { SqlBatch } from '../core/database/sql-batch';
import { ContactEntity } from './contact.entity';
import type { DuplicateOrigin } from './duplicate-candidate.entity';
import { FieldEvidence, LeadProfileEntity } from './lead-profile.entity';
import { LeadEntity } from './lead.entity';
import { type LeadStage, QualificationStatus, type SlaClockKind } from './lead.enums';
import { type DuplicateCandidate, DuplicateDetectorService } from './duplicate-detector.service';
import { type LeadRecordTable, LeadsRepository, type RecordRow } from './leads.repository';

// Other features take these from here (the repository is the leads feature's own).
export type { LeadRecordTable, RecordRow };
import { StageMoveInput, StageMoveResult, StageMover, StageMoves } from './stage-moves';
import { TaskEntity } from './task.entity';
import { NewActivity, TimelineRepository } from './timeline.repository';

/**
 * How other features change a lead's own records (the lead row, its contact, profile, tasks and
 * timeline), always as part of what they are doing: in the caller's transaction, or added to the
 * caller's batch of writes (`…To(batch)`, see `SqlBatch`) so that one statement still carries them.
 * The leads feature's repositories stay the only code that writes these tables.
 */
@Injectable()
export class LeadRecordsService {
  constructor(
    private readonly leads: LeadsRepository,
    private readonly timeline: TimelineRepository,
    private readonly detector: DuplicateDetectorService,
    private readonly stageMoves: StageMoves,
  ) {}

  /**
   * Moves the lead's stage by the admin's stage rules, in the caller's transaction (the one way
   * any feature changes a stage). A move the rules refuse comes back with `refusal` and changes nothing.
   */
  moveStage(leadId: string, input: StageMoveInput, mover: StageMover, tx: EntityManager): Promise<StageMoveResult> {
    return this.stageMoves.move(leadId, input, mover, tx);
  }

  /** Appends one timeline entry and moves the lead's last-activity clock. */
  appendTimeline(leadId: string, activity: NewActivity, tx: EntityManager): Promise<void> {
    return this.timeline.append(leadId, activity, tx);
  }

  /** Timeline entries in the order given, as part of a batch (which then changes the lead row: no other write in it may). */
  appendTimelineTo(batch: SqlBatch, leadId: string, activities: NewActivity[]): void {
    this.timeline.appendManyTo(batch, leadId, activities);
  }

  updateLead(id: string, changes: Partial<Pick<LeadEntity, 'assigneeId' | 'firstResponseAt'>>, tx: EntityManager): Promise<void> {
    return this.leads.updateLead(id, changes, tx);
  }

  updateContact(id: string, changes: Partial<ContactEntity>, tx: EntityManager): Promise<void> {
    return this.leads.updateContact(id, changes, tx);
  }

  /**
   * A lead's own contact gets a new email or phone (edited by a person or learned by the assistant
   * in a conversation): only that contact changes; any other contact with the same email or phone
   * is left alone and recorded as a possible duplicate (visibility judged for `scope`).
   */
  async contactDetailsChanged(own: { contactId: string; leadId: string }, changes: Partial<ContactEntity>, scope: LeadScope, origin: DuplicateOrigin, tx: EntityManager): Promise<void> {
    await this.leads.updateContact(own.contactId, changes, tx);
    if (changes.emailNormalized || changes.phoneE164 || changes.whatsappId) {
      const contact = (await this.leads.findContactById(own.contactId, tx))!;
      const candidates = await this.detector.findCandidates(contact, scope, tx, own.contactId);
      await this.recordPossibleDuplicates(own, candidates, origin, tx);
    }
  }

  /**
   * Records possible duplicates of this lead (pairs with the candidates' leads); a pair already
   * recorded, or one somebody called "not the same person", is left as it is.
   */
  async recordPossibleDuplicates(own: { contactId: string; leadId: string }, candidates: DuplicateCandidate[], origin: DuplicateOrigin, tx: EntityManager): Promise<void> {
    const rows = candidates
      // A contact with no lead left (all merged away) has nothing to merge with.
      .filter((c) => c.leadId !== null && c.leadId !== own.leadId && c.signal !== null)
      .map((c) => ({ contactId: own.contactId, leadId: own.leadId, otherContactId: c.contactId, otherLeadId: c.leadId, signal: c.signal!, origin, confidence: c.confidence, evidence: c.evidence }));
    await this.leads.insertDuplicateCandidates(rows, tx);
  }

  /** Profile fields learned elsewhere (only those), with their evidence, as part of a batch. */
  saveProfileChangesTo(batch: SqlBatch, leadId: string, values: Partial<Record<keyof LeadProfileEntity, unknown>>, evidence: Record<string, FieldEvidence>): void {
    this.leads.saveProfileChangesTo(batch, leadId, values, evidence);
  }

  /** Sets leads' SLA clocks (the SLA timers keep them; screens show them). */
  setSlaClocks(clocks: { leadId: string; kind: SlaClockKind | null; dueAt: Date | null }[], tx?: EntityManager): Promise<void> {
    return this.leads.setSlaClocks(clocks, tx);
  }

  clearSlaClocksOutside(stages: LeadStage[]): Promise<void> {
    return this.leads.clearSlaClocksOutside(stages);
  }

  addTask(task: Partial<TaskEntity>, tx: EntityManager): Promise<TaskEntity> {
    return this.leads.insertTask(task, tx);
  }

  /** A new automatic score, as part of the batch whose write `qualification` inserted its history row (`RETURNING id`). */
  setAutoScoreTo(batch: SqlBatch, leadId: string, score: number, status: QualificationStatus, qualification: string): void {
    this.leads.setAutoScoreTo(batch, leadId, score, status, qualification);
  }

  setScore(leadId: string, changes: Partial<Pick<LeadEntity, 'score' | 'currentQualificationId' | 'scoreSource' | 'qualificationStatus'>>, tx: EntityManager): Promise<void> {
    return this.leads.setScore(leadId, changes, tx);
  }

  // Merging two leads (the dedup feature chooses the values; these write them, in its transaction).

  /** One lead, contact or profile row as JSON (column → value). */
  rowAsJson(table: LeadRecordTable, key: string, tx: EntityManager): Promise<RecordRow | null> {
    return this.leads.rowAsJson(table, key, tx);
  }

  /** Sets the given columns of one lead, contact or profile row (values as `rowAsJson` gave them). */
  setColumns(table: LeadRecordTable, key: string, values: RecordRow, tx: EntityManager): Promise<void> {
    return this.leads.setColumns(table, key, values, tx);
  }

  /** Undoes `setColumns` column by column, keeping any column changed since. */
  restoreUnchanged(table: LeadRecordTable, key: string, written: RecordRow, before: RecordRow, tx: EntityManager): Promise<void> {
    return this.leads.restoreUnchanged(table, key, written, before, tx);
  }

  insertProfileRow(values: RecordRow, tx: EntityManager): Promise<void> {
    return this.leads.insertProfileRow(values, tx);
  }

  /** Open duplicate pairs between the two leads are closed as merged; returns their ids (to reopen on undo). */
  closePairsAsMerged(a: string, b: string, userId: string | null, tx: EntityManager): Promise<string[]> {
    return this.leads.closePairsAsMerged(a, b, userId, tx);
  }

  reopenMergedPairs(ids: string[], tx: EntityManager): Promise<void> {
    return this.leads.reopenMergedPairs(ids, tx);
  }

  /** Removes timeline entries by id (an undone merge's rescoring entries). */
  deleteTimelineEntries(ids: string[], tx: EntityManager): Promise<void> {
    return this.timeline.deleteEntries(ids, tx);
  }
}
