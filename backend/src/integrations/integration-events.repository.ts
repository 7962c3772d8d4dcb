import { Injectable } from '@nestjs/common';
import type { SqlBatch } from '../core/database/sql-batch';
import { IntegrationEvent, IntegrationEventSink } from '../core/events/integration-events';

/**
 * Writes events into the integrations outbox (`integration_events`) as part of the publisher's
 * batch, so an event exists exactly when its change committed. Only types some enabled
 * subscription wants are kept: a brokerage with no integrations writes nothing. A statement
 * trigger (see the migration) notifies the workers at commit (`integration_events` channel).
 */
@Injectable()
export class IntegrationEventsRepository extends IntegrationEventSink {
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
}
