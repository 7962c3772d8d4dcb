import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { SqlBatch } from '../core/database/sql-batch';
import { IntegrationEvent, IntegrationEventSink } from '../core/events/integration-events';
import { type LeadMergeParticipant, type MovedLeadRows, MovesLeadRows } from '../leads/lead-merge-participant';
import { reassignRows, restoreReassigned } from '../core/database/reassign-rows';

/** This feature's rows that belong to a lead: they follow it when it is merged into another (events for integrators about the lead). */
const MOVED_ON_MERGE = ['integration_events'] as const;

/**
 * Writes events into the integrations outbox (`integration_events`) as part of the publisher's
 * batch, so an event exists exactly when its change committed. Only types some enabled
 * subscription wants are kept: a brokerage with no integrations writes nothing. A statement
 * trigger (see the migration) notifies the workers at commit (`integration_events` channel).
 * The one writer of `integration_events`: the fan-out's mark and the clean-up are here too.
 */
@Injectable()
@MovesLeadRows()
export class IntegrationEventsRepository extends IntegrationEventSink implements LeadMergeParticipant {
  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  recordTo(batch: SqlBatch, events: IntegrationEvent[]): void {
    if (!events.length) return;
    const rows = events.map((e) => ({ type: e.type, lead_id: e.leadId, payload: e.data }));
    batch.add(
      () => `INSERT INTO integration_events (type, lead_id, payload)
         SELECT x.type, x.lead_id, x.payload
           FROM ROWS FROM (jsonb_to_recordset(${batch.param(JSON.stringify(rows))}::jsonb) AS (type text, lead_id uuid, payload jsonb)) WITH ORDINALITY AS x(type, lead_id, payload, n)
          WHERE EXISTS (SELECT 1 FROM integration_subscriptions s WHERE s.enabled AND x.type = ANY(s.events))
          ORDER BY x.n`,
    );
  }

  /**
   * Marks up to `limit` events not yet fanned out as fanned out, in the caller's batch (events
   * locked by another worker are skipped); the returned name reads their `id, type`.
   */
  takeForFanOutTo(batch: SqlBatch, limit: number): string {
    return batch.add(
      () => `UPDATE integration_events SET fanned_out_at = now()
         WHERE id IN (SELECT id FROM integration_events WHERE fanned_out_at IS NULL ORDER BY occurred_at LIMIT ${batch.param(limit)} FOR UPDATE SKIP LOCKED)
         RETURNING id, type`,
    );
  }

  /**
   * Removes events older than `days` whose every delivery was received (their deliveries and
   * attempt logs go with them); events with a delivery that failed stay for an admin to see.
   */
  async deleteDeliveredOlderThan(days: number, limit: number): Promise<number> {
    const [, count] = await this.db.query<[unknown[], number]>(
      `DELETE FROM integration_events WHERE id IN (
         SELECT e.id FROM integration_events e
          WHERE e.occurred_at < now() - make_interval(days => $1::int) AND e.fanned_out_at IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM integration_deliveries d WHERE d.event_id = e.id AND d.status <> 'delivered')
          LIMIT $2)`,
      [days, limit],
    );
    return count;
  }

  /** A merge: this lead's events for integrators about the lead move to the survivor (LeadMergeParticipant). */
  moveToSurvivor(tx: EntityManager, fromLeadId: string, toLeadId: string): Promise<MovedLeadRows> {
    return reassignRows(tx, MOVED_ON_MERGE, 'lead_id', fromLeadId, toLeadId);
  }

  /** Its undo: the rows moved go back; what the survivor got since stays. */
  restore(tx: EntityManager, moved: MovedLeadRows, survivorId: string, restoredId: string): Promise<void> {
    return restoreReassigned(tx, MOVED_ON_MERGE, 'lead_id', moved, survivorId, restoredId);
  }
}
