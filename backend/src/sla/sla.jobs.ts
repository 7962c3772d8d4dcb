import { defineJobs } from '../core/queue/jobs';

declare module '../core/queue/jobs' {
  interface JobPayloads {
    /** One SLA timer (a lead and a rule) comes due: re-checked against the lead as it is now; warns, breaches, or waits for its next moment. Job id `sla-<lead>-<rule>`. */
    'sla-timer': { leadId: string; ruleId: string };
    /** Re-create the SLA timers' jobs from the leads as they are (worker start, a missed change notice). */
    'sla-reconcile': { force?: boolean };
  }
}

/** The jobs this feature's worker runs, and their queue. */
export const SLA_JOBS = defineJobs('sla', ['sla-timer', 'sla-reconcile']);
