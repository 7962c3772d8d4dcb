import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SqlBatch } from '../core/database/sql-batch';
import { IntegrationEvent, IntegrationEventSink } from '../core/events/integration-events';
import type { NewActivity } from './activity.entity';
import { integrationEventOf } from './lead-events';
import { ActivityType } from './lead.enums';
import { LeadsRepository } from './leads.repository';
import { type LeadMergeParticipant, type MovedLeadRows, MovesLeadRows } from './lead-merge-participant';
import { reassignRows, restoreReassigned } from '../core/database/reassign-rows';

// In-module imports of the type keep their path; other features take it from activity.entity.ts.
export type { NewActivity };

/** This feature's rows that belong to a lead: they follow it when it is merged into another (timeline). */
const MOVED_ON_MERGE = ['activities'] as const;

/**
 * The one writer of a lead's timeline (`activities`). Other features append through
 * `LeadRecordsService`, in their own transaction or batch. Entries that integrators hear about
 * (`lead-events.ts`) are published through the `IntegrationEventSink` port in the same statement.
 */
@Injectable()
@MovesLeadRows()
export class TimelineRepository implements LeadMergeParticipant {
  constructor(
    private readonly leads: LeadsRepository,
    private readonly events: IntegrationEventSink,
  ) {}

  /** Appends one entry and moves the lead's last-activity clock, inside the caller's transaction. */
  append(leadId: string, activity: NewActivity, tx: EntityManager): Promise<void> {
    return this.appendMany(leadId, [activity], tx);
  }

  /**
   * Appends entries in the order given (each row takes its own clock_timestamp(), so the order
   * holds) and moves the lead's last-activity clock to the last of them: one statement, one round
   * trip, inside the caller's transaction. Moving the clock updates the lead row, which also locks
   * it until the transaction ends.
   */
  async appendMany(leadId: string, activities: NewActivity[], tx: EntityManager): Promise<void> {
    const batch = new SqlBatch();
    this.appendManyTo(batch, leadId, activities);
    await batch.run(tx);
  }

  /** `appendMany` as part of a batch of writes (which then changes the lead row: no other write in it may). */
  appendManyTo(batch: SqlBatch, leadId: string, activities: NewActivity[]): void {
    if (!activities.length) return;
    const rows = activities.map((a) => ({ type: a.type, summary: a.summary, actor_id: a.actorId ?? null, direction: a.direction ?? null, data: a.data ?? {} }));
    const lead = batch.param(leadId);
    const added = batch.add(
      () => `INSERT INTO activities (lead_id, type, summary, actor_id, direction, data)
         SELECT ${lead}::uuid, x.type::activity_type, x.summary, x.actor_id, x.direction, x.data
           FROM ROWS FROM (jsonb_to_recordset(${batch.param(JSON.stringify(rows))}::jsonb) AS (type text, summary text, actor_id uuid, direction varchar, data jsonb)) WITH ORDINALITY AS x(type, summary, actor_id, direction, data, n)
          ORDER BY x.n
         RETURNING created_at`,
    );
    const messages = activities.filter((a) => a.type === ActivityType.Message && a.direction);
    const out = messages.filter((a) => a.direction === 'outbound');
    this.leads.moveActivityClockTo(batch, leadId, added, {
      ai: out.some((a) => a.data?.by === 'ai'),
      person: out.some((a) => a.data?.by !== 'ai'),
      last: messages.at(-1)?.direction ?? undefined,
    });
    // The entries' events for integrators, in the same statement: they commit with the entries.
    const events = activities.map((a) => integrationEventOf(leadId, a)).filter((e): e is IntegrationEvent => e !== null);
    if (events.length) this.events.recordTo(batch, events);
  }

  /**
   * An import batch's timeline entries for the leads it created, in the order given: one statement.
   * Like the rest of the batch, they go to no integrator and leave the leads' clocks as the import set them.
   */
  async insertImported(activities: object[], tx: EntityManager): Promise<void> {
    if (!activities.length) return;
    await tx.query(
      `INSERT INTO activities (lead_id, type, summary, actor_id, data)
       SELECT x.lead_id, x.type::activity_type, x.summary, x.actor_id, x.data
         FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (lead_id uuid, type text, summary text, actor_id uuid, data jsonb)) WITH ORDINALITY AS x(lead_id, type, summary, actor_id, data, n)
        ORDER BY x.n`,
      [JSON.stringify(activities)],
    );
  }

  /** Removes entries by id (an undone merge's own rescoring entries). */
  async deleteEntries(ids: string[], tx: EntityManager): Promise<void> {
    if (ids.length) await tx.query(`DELETE FROM activities WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** A merge: this lead's timeline move to the survivor (LeadMergeParticipant). */
  moveToSurvivor(tx: EntityManager, fromLeadId: string, toLeadId: string): Promise<MovedLeadRows> {
    return reassignRows(tx, MOVED_ON_MERGE, 'lead_id', fromLeadId, toLeadId);
  }

  /** Its undo: the rows moved go back; what the survivor got since stays. */
  restore(tx: EntityManager, moved: MovedLeadRows, survivorId: string, restoredId: string): Promise<void> {
    return restoreReassigned(tx, MOVED_ON_MERGE, 'lead_id', moved, survivorId, restoredId);
  }
}
