import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { DomainError, notFound } from '../http/domain-error';
import { JobQueue } from './job-queue';
import { queueBackendName } from './queue-backend';
import type { FailedJobDto, QueuesDto } from './queues.controller';

/** What operators and admins see of the queues. */
@Injectable()
export class QueueAdminService {
  constructor(
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  private queue(name: string): Queue {
    if (!this.jobs.has(name)) throw notFound('Queue');
    return this.jobs.queue(name);
  }

  async overview(): Promise<QueuesDto> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const read = Promise.all(
        this.jobs.all.map(async (q) => {
          const c = await q.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed');
          return {
            name: q.name,
            counts: { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, completed: c.completed ?? 0, failed: c.failed ?? 0 },
            workers: await q.getWorkersCount(),
          };
        }),
      );
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer within 3 s')), 3000);
      });
      return { backend: queueBackendName(this.config), queues: await Promise.race([read, timeout]) };
    } catch (e) {
      throw new DomainError('unavailable', 'queue_unavailable', `The queue backend is not reachable: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  async failed(name: string): Promise<FailedJobDto[]> {
    const jobs = await this.queue(name).getFailed(0, 49);
    return jobs.map((j) => ({
      id: String(j.id),
      name: j.name,
      failedReason: j.failedReason ?? '',
      attemptsMade: j.attemptsMade,
      createdAt: new Date(j.timestamp).toISOString(),
      failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
      data: j.data as Record<string, unknown>,
    }));
  }

  async retry(name: string, id: string): Promise<void> {
    const job = await this.queue(name).getJob(id);
    if (!job) throw notFound('Job');
    if (!job.failedReason) throw new DomainError('conflict', 'job_not_failed', 'Only failed jobs can be retried');
    await job.retry('failed');
  }
}
