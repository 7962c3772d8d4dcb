import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { QUEUE } from '../core/queue/jobs';
import { AnalyticsService } from './analytics.service';

/** Thin adapter from the analytics queue to the service. Registered in the worker process only. */
@Processor(QUEUE.analytics, { concurrency: 1 })
export class AnalyticsProcessor extends WorkerHost {
  constructor(private readonly analytics: AnalyticsService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case 'refresh-analytics':
        return this.analytics.refresh();
      default:
        throw new Error(`Unknown job ${job.name} on queue ${QUEUE.analytics}`);
    }
  }
}
