import { defineJobs } from '../core/queue/jobs';

declare module '../core/queue/jobs' {
  interface JobPayloads {
    /** Embed (or re-embed) these units and store their vectors. Idempotent. */
    'embed-units': { unitIds: string[]; reason: 'changed' | 'reindex' | 'sweep' };
    /** Find units whose embedding is missing or from another provider/version and embed them. */
    'sweep-embeddings': Record<string, never>;
  }
}

/** The jobs this feature's worker runs, and their queue. */
export const EMBEDDING_JOBS = defineJobs('embedding', ['embed-units', 'sweep-embeddings']);
