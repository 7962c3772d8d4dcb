import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { DomainError } from '../http/domain-error';
import { JOB_QUEUE, JobName, JobPayloads, QUEUE, QueueName } from './jobs';

/** How long an enqueue may take before the queue backend counts as unreachable. */
const ENQUEUE_TIMEOUT_MS = 3000;

/** Typed producer for every queue. Services enqueue through this, never through BullMQ directly. */
@Injectable()
export class JobQueue {
  private readonly logger = new Logger(JobQueue.name);
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @InjectQueue(QUEUE.embedding) embedding: Queue,
    @InjectQueue(QUEUE.leads) leads: Queue,
    @InjectQueue(QUEUE.webhooks) webhooks: Queue,
    @InjectQueue(QUEUE.messaging) messaging: Queue,
    @InjectQueue(QUEUE.agent) agent: Queue,
    @InjectQueue(QUEUE.integrations) integrations: Queue,
    @InjectQueue(QUEUE.imports) imports: Queue,
    @InjectQueue(QUEUE.sla) sla: Queue,
    @InjectQueue(QUEUE.analytics) analytics: Queue,
  ) {
    this.queues = { embedding, leads, webhooks, messaging, agent, integrations, imports, sla, analytics };
    // Without listeners, a connection error event would crash the process; report it instead.
    for (const q of Object.values(this.queues)) q.on('error', (e: Error) => this.logger.warn(`Queue ${q.name}: ${e.message}`));
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }

  get all(): Queue[] {
    return Object.values(this.queues);
  }

  /** Adds a job; a backend that does not answer within 3 s is a 503, never a silent drop. */
  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts: JobsOptions = {}): Promise<string> {
    const queue = this.queues[JOB_QUEUE[name]];
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
    const queue = this.queues[JOB_QUEUE[name]];
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
    const queue = this.queues[JOB_QUEUE[name]];
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
