import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import type { JobPayloads } from '../core/queue/jobs';
import { WEBHOOK_JOBS } from './webhooks.jobs';
import { WebhooksService } from './webhooks.service';

/** Thin adapter from webhook jobs to the inbox service. Registered in the worker process only. */
@Processor(WEBHOOK_JOBS.queue, { concurrency: 2 })
export class WebhooksProcessor extends WorkerHost {
  constructor(private readonly webhooks: WebhooksService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case 'process-webhook-events': {
        const data = job.data as JobPayloads['process-webhook-events'];
        // The last attempt decides: a lead Meta will not give is then made from the webhook alone.
        return this.webhooks.processEvents(data.eventIds, { final: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) });
      }
      case 'sweep-webhooks':
        return this.webhooks.sweep();
      default:
        throw new Error(`Unknown job ${job.name} on queue ${WEBHOOK_JOBS.queue}`);
    }
  }
}
