/** Queue names and, per queue, the jobs it carries with their payloads. */
export const QUEUE = {
  embedding: 'embedding',
  leads: 'leads',
  webhooks: 'webhooks',
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
}
export type JobName = keyof JobPayloads;

export const JOB_QUEUE: Record<JobName, QueueName> = {
  'embed-units': QUEUE.embedding,
  'sweep-embeddings': QUEUE.embedding,
  'refresh-lead': QUEUE.leads,
  'process-webhook-events': QUEUE.webhooks,
  'sweep-webhooks': QUEUE.webhooks,
};
