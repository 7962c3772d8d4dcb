import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';

import { ANALYTICS_JOBS } from './analytics.jobs';
import { AnalyticsService } from './analytics.service';

/** Thin adapter from the analytics queue to the service. Registered in the worker process only. */
@Processor(ANALYTICS_JOBS.queue, { concurrency: 1 })
export class AnalyticsProcessor extends WorkerHost {
  constructor(private readonly analytics: AnalyticsService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case 'refresh-analytics':
        return this.analytics.refresh();
      default:
        throw new Error(`Unknown job ${job.name} on queue ${ANALYTICS_JOBS.queue}`);
    }
  }
}
