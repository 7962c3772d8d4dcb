/**
 * Jobs, as core knows them: by name only. Each feature declares the jobs it runs in its own
 * `<feature>.jobs.ts` — their payloads by adding to `JobPayloads` (TypeScript declaration merging)
 * and the queue they run on with `defineJobs` — and the composition root (`backend/src/queues.ts`)
 * hands the list to `QueueModule`. Core names no feature's job or queue.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the features (declaration merging)
export interface JobPayloads {}
export type JobName = keyof JobPayloads;

/** The jobs a feature runs on one queue. Several features may put jobs on the same queue. */
export interface JobDefinition<Q extends string = string, J extends JobName = JobName> {
  queue: Q;
  jobs: readonly J[];
}

export function defineJobs<const Q extends string, const J extends JobName>(queue: Q, jobs: readonly J[]): JobDefinition<Q, J> {
  return { queue, jobs };
}
