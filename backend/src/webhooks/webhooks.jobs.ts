import { defineJobs } from '../core/queue/jobs';

declare module '../core/queue/jobs' {
  interface JobPayloads {
    /** Apply inbox events (Lead Ads leads, WhatsApp messages or statuses), each on its own. Idempotent: a finished event is skipped. */
    'process-webhook-events': { eventIds: string[] };
    /** Enqueue inbox events that were stored but never picked up. */
    'sweep-webhooks': Record<string, never>;
  }
}

/** The jobs this feature's worker runs, and their queue. */
export const WEBHOOK_JOBS = defineJobs('webhooks', ['process-webhook-events', 'sweep-webhooks']);
