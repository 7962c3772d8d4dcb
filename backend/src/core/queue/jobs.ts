/** Queue names and, per queue, the jobs it carries with their payloads. */
export const QUEUE = {
  embedding: 'embedding',
  leads: 'leads',
  webhooks: 'webhooks',
  messaging: 'messaging',
  agent: 'agent',
  integrations: 'integrations',
  imports: 'imports',
  sla: 'sla',
  analytics: 'analytics',
} as const;
export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

export interface JobPayloads {
  /** Embed (or re-embed) these units and store their vectors. Idempotent. */
  'embed-units': { unitIds: string[]; reason: 'changed' | 'reindex' | 'sweep' };
  /** Find units whose embedding is missing or from another provider/version and embed them. */
  'sweep-embeddings': Record<string, never>;
  /** Recompute a lead's score and matches after its profile or activity changed. */
  'refresh-lead': { leadId: string; reason: string };
  /** Apply inbox events (Lead Ads leads, WhatsApp messages or statuses), each on its own. Idempotent: a finished event is skipped. */
  'process-webhook-events': { eventIds: string[] };
  /** Enqueue inbox events that were stored but never picked up. */
  'sweep-webhooks': Record<string, never>;
  /** Send one outbox row (WhatsApp or email). Idempotent: a row already sent is skipped, the channel id is kept. */
  'send-outbox': { outboxId: string };
  /** Enqueue outbox rows that are due and were never picked up (queue down at commit, held until after quiet hours). */
  'sweep-outbox': Record<string, never>;
  /** The assistant answers a channel conversation's pending messages (WhatsApp), if they are due. Idempotent: one claim per reply. */
  'answer-channel': { sessionId: string };
  /** Hand overdue channel replies (enqueue failed, worker died mid-turn) to the workers again. */
  'sweep-channel-replies': Record<string, never>;
  /** First attempts of one event's outbound webhook deliveries, side by side (one queue round trip for all its subscribers); failures go on as `deliver-integration-webhook` retries. */
  'deliver-integration-event': { deliveryIds: string[] };
  /** Send one outbound webhook delivery (one event to one subscription). Claimed first: one answered 2xx is never sent again unless `manual`. */
  'deliver-integration-webhook': { deliveryId: string; manual?: boolean };
  /** Remind a lead of a booked viewing (24 h or 2 h before). Stale (moved, cancelled) reminders do nothing; one message per viewing, reminder and start. */
  'viewing-reminder': { viewingId: string; before: '24h' | '2h'; startsAt: string };
  /** Ask the lead for feedback when a viewing has ended. Stale (moved, cancelled) requests do nothing; one message per viewing and channel. */
  'viewing-feedback-request': { viewingId: string; endsAt: string };
  /** Bring the external calendar (Google) in line with a viewing as it is now. Idempotent. */
  'push-viewing-calendar': { viewingId: string };
  /** Fan out integration events never fanned out; enqueue deliveries that fell out of the queue. */
  'sweep-integration-events': Record<string, never>;
  /** Run (or dry-run) one uploaded CSV import. Resumable: a batch commits with the import's progress, and a retry starts after the last committed row. */
  'run-import': { importId: string };
  /** One SLA timer (a lead and a rule) comes due: re-checked against the lead as it is now; warns, breaches, or waits for its next moment. Job id `sla-<lead>-<rule>`. */
  'sla-timer': { leadId: string; ruleId: string };
  /** Re-create the SLA timers' jobs from the leads as they are (worker start, a missed change notice). */
  'sla-reconcile': { force?: boolean };
  /** Bring the analytics summaries up to date with everything since the last refresh. Idempotent; one at a time. */
  'refresh-analytics': Record<string, never>;
}
export type JobName = keyof JobPayloads;

export const JOB_QUEUE: Record<JobName, QueueName> = {
  'embed-units': QUEUE.embedding,
  'sweep-embeddings': QUEUE.embedding,
  'refresh-lead': QUEUE.leads,
  'process-webhook-events': QUEUE.webhooks,
  'sweep-webhooks': QUEUE.webhooks,
  'send-outbox': QUEUE.messaging,
  'sweep-outbox': QUEUE.messaging,
  'viewing-reminder': QUEUE.messaging,
  'viewing-feedback-request': QUEUE.messaging,
  'push-viewing-calendar': QUEUE.messaging,
  'answer-channel': QUEUE.agent,
  'sweep-channel-replies': QUEUE.agent,
  'deliver-integration-event': QUEUE.integrations,
  'deliver-integration-webhook': QUEUE.integrations,
  'sweep-integration-events': QUEUE.integrations,
  'run-import': QUEUE.imports,
  'sla-timer': QUEUE.sla,
  'sla-reconcile': QUEUE.sla,
  'refresh-analytics': QUEUE.analytics,
};
