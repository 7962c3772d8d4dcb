import type { JobName } from './core/queue/jobs';
import { AGENT_JOBS } from './agent/agent.jobs';
import { ANALYTICS_JOBS } from './analytics/analytics.jobs';
import { EMBEDDING_JOBS } from './embedding/embedding.jobs';
import { IMPORT_JOBS } from './imports/imports.jobs';
import { INTEGRATION_JOBS } from './integrations/integrations.jobs';
import { MATCHING_JOBS } from './matching/matching.jobs';
import { MESSAGING_JOBS } from './messaging/messaging.jobs';
import { SLA_JOBS } from './sla/sla.jobs';
import { WEBHOOK_JOBS } from './webhooks/webhooks.jobs';

/**
 * Every feature's jobs, for `QueueModule` (the API enqueues them, the worker runs them). This file
 * is the composition root's, like app.module.ts and worker.module.ts: core knows no feature.
 */
export const JOBS = [EMBEDDING_JOBS, MATCHING_JOBS, WEBHOOK_JOBS, MESSAGING_JOBS, AGENT_JOBS, INTEGRATION_JOBS, IMPORT_JOBS, SLA_JOBS, ANALYTICS_JOBS] as const;

// A job whose payload a feature declared but whose queue nobody named fails the build here.
type Unplaced = Exclude<JobName, (typeof JOBS)[number]['jobs'][number]>;
export const everyJobHasAQueue: [Unplaced] extends [never] ? true : { unplaced: Unplaced } = true;

/** The queue a job runs on, by the features' definitions (operators' scripts and tests name jobs, not queues). */
export function queueOf(job: JobName): string {
  return JOBS.find((d) => (d.jobs as readonly JobName[]).includes(job))!.queue;
}
