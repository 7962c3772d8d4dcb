import { Logger } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { DomainError } from '../http/domain-error';
import type { JobDefinition, JobName, JobPayloads } from './jobs';

/** How long an enqueue may take before the queue backend counts as unreachable. */
const ENQUEUE_TIMEOUT_MS = 3000;

/**
 * Typed producer for every queue. Services enqueue through this, never through BullMQ directly.
 * Built by `QueueModule` from the features' job definitions (backend/src/queues.ts).
 */
export class JobQueue {
  private readonly logger = new Logger(JobQueue.name);
  private readonly queues = new Map<string, Queue>();
  private readonly queueOf = new Map<JobName, Queue>();

  constructor(queues: Queue[], definitions: readonly JobDefinition[]) {
    for (const q of queues) this.queues.set(q.name, q);
    for (const d of definitions) for (const job of d.jobs) this.queueOf.set(job, this.queues.get(d.queue)!);
    // Without listeners, a connection error event would crash the process; report it instead.
    for (const q of queues) q.on('error', (e: Error) => this.logger.warn(`Queue ${q.name}: ${e.message}`));
  }

  /** A queue by name (admin reads, schedulers); a name no feature registered is a programming error. */
  queue(name: string): Queue {
    const q = this.queues.get(name);
    if (!q) throw new Error(`No queue named ${name}`);
    return q;
  }

  has(name: string): boolean {
    return this.queues.has(name);
  }

  /** The queue a job runs on. */
  queueFor(name: JobName): Queue {
    return this.queueOf.get(name)!;
  }

  get all(): Queue[] {
    return [...this.queues.values()];
  }

  /** Adds a job; a backend that does not answer within 3 s is a 503, never a silent drop. */
  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts: JobsOptions = {}): Promise<string> {
    const queue = this.queueFor(name);
    let timer: NodeJS.Timeout | undefined;
    try {
      const job = await Promise.race([
        queue.add(name, payload, opts),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`enqueue timed out after ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
        }),
      ]);
      return String(job.id);
    } catch (e) {
      this.logger.error(`Could not enqueue ${name}: ${e instanceof Error ? e.message : String(e)}`);
      throw new DomainError('unavailable', 'queue_unavailable', 'The job queue is not reachable right now; try again shortly');
    } finally {
      clearTimeout(timer);
    }
  }

  /** Adds many jobs of one name in one round trip (same 3 s limit, same 503). */
  async enqueueMany<N extends JobName>(name: N, jobs: { payload: JobPayloads[N]; opts?: JobsOptions }[]): Promise<void> {
    if (!jobs.length) return;
    const queue = this.queueFor(name);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        queue.addBulk(jobs.map((j) => ({ name, data: j.payload, opts: j.opts }))),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`enqueue timed out after ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
        }),
      ]);
    } catch (e) {
      this.logger.error(`Could not enqueue ${jobs.length} ${name}: ${e instanceof Error ? e.message : String(e)}`);
      throw new DomainError('unavailable', 'queue_unavailable', 'The job queue is not reachable right now; try again shortly');
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Puts delayed jobs in place under fixed ids, replacing any job already under the same id
   * (waiting, delayed or finished), so one id always means one job with the latest schedule; and
   * removes the jobs under `cancel`. A job running right now cannot be removed: it re-checks its
   * state when it runs and moves itself to its right time. Same 3 s limit, same 503.
   */
  async replaceDelayed<N extends JobName>(name: N, jobs: { jobId: string; payload: JobPayloads[N]; runAt: number; fresh?: boolean }[], cancel: string[] = [], now = Date.now()): Promise<void> {
    const queue = this.queueFor(name);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        (async () => {
          // A job marked `fresh` (its lead was just made) has no earlier version to remove.
          await Promise.all([...jobs.filter((j) => !j.fresh).map((j) => j.jobId), ...cancel].map((id) => queue.remove(id).catch(() => 0)));
          if (jobs.length) await queue.addBulk(jobs.map((j) => ({ name, data: j.payload, opts: { jobId: j.jobId, delay: Math.max(0, j.runAt - now) } })));
        })(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`enqueue timed out after ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
        }),
      ]);
    } catch (e) {
      this.logger.error(`Could not schedule ${jobs.length} ${name}: ${e instanceof Error ? e.message : String(e)}`);
      throw new DomainError('unavailable', 'queue_unavailable', 'The job queue is not reachable right now; try again shortly');
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Enqueues work whose need is also recorded durably (e.g. a unit's stale embedding_version):
   * if the queue is down, the periodic sweep picks it up later, so the request need not fail.
   */
  async enqueueOrDefer<N extends JobName>(name: N, payload: JobPayloads[N], opts: JobsOptions = {}): Promise<boolean> {
    try {
      await this.enqueue(name, payload, opts);
      return true;
    } catch {
      this.logger.warn(`${name} deferred to the next sweep`);
      return false;
    }
  }
}
