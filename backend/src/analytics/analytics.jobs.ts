import { defineJobs } from '../core/queue/jobs';

declare module '../core/queue/jobs' {
  interface JobPayloads {
    /** Bring the analytics summaries up to date with everything since the last refresh. Idempotent; one at a time. */
    'refresh-analytics': Record<string, never>;
  }
}

/** The jobs this feature's worker runs, and their queue. */
export const ANALYTICS_JOBS = defineJobs('analytics', ['refresh-analytics']);
