import { defineJobs } from '../core/queue/jobs';

declare module '../core/queue/jobs' {
  interface JobPayloads {
    /** Run (or dry-run) one uploaded CSV import. Resumable: a batch commits with the import's progress, and a retry starts after the last committed row. */
    'run-import': { importId: string };
  }
}

/** The jobs this feature's worker runs, and their queue. */
export const IMPORT_JOBS = defineJobs('imports', ['run-import']);
