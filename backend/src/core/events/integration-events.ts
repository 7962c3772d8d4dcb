import type { SqlBatch } from '../database/sql-batch';

/**
 * What integrators can subscribe to (outbound webhooks, Standard Webhooks). The names are part of
 * the public API: add to the list, never rename.
 */
export const INTEGRATION_EVENT_TYPES = [
  'lead.created',
  'lead.updated',
  'lead.stage_changed',
  'lead.assigned',
  'message.received',
  'message.sent',
  'viewing.booked',
  'viewing.cancelled',
] as const;
export type IntegrationEventType = (typeof INTEGRATION_EVENT_TYPES)[number];

/** One thing that happened, as integrators receive it in `data` (ids and what changed; the full record is one API call away). */
export interface IntegrationEvent {
  type: IntegrationEventType;
  leadId: string | null;
  data: Record<string, unknown>;
}

/**
 * The port through which features publish events for integrators: the events are written as part
 * of the caller's batch of writes, so they commit (or roll back) with the change they describe.
 * Implemented by the integrations feature (its outbox table) and handed to core by the app
 * (`IntegrationEventsModule.forRoot`): core knows no feature.
 */
export abstract class IntegrationEventSink {
  abstract recordTo(batch: SqlBatch, events: IntegrationEvent[]): void;
}
