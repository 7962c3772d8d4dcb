import { defineJobs } from '../core/queue/jobs';

declare module '../core/queue/jobs' {
  interface JobPayloads {
    /** Recompute a lead's score and matches after its profile or activity changed. */
    'refresh-lead': { leadId: string; reason: string };
  }
}

/** The jobs this feature's worker runs, and their queue. */
export const MATCHING_JOBS = defineJobs('leads', ['refresh-lead']);
