import { Processor, WorkerHost } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { JobPayloads } from '../core/queue/jobs';
import { INTEGRATION_JOBS } from './integrations.jobs';
import { IntegrationsService } from './integrations.service';

/** Thin adapter from outbound-webhook jobs to the integrations service. Registered in the worker process only. */
@Processor(INTEGRATION_JOBS.queue, { concurrency: 16 })
export class IntegrationsProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(private readonly integrations: IntegrationsService) {
    super();
  }

  onApplicationBootstrap(): void {
    this.integrations.startFanOut();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case 'deliver-integration-event':
        return this.integrations.deliverEvent((job.data as JobPayloads['deliver-integration-event']).deliveryIds);
      case 'deliver-integration-webhook': {
        const data = job.data as JobPayloads['deliver-integration-webhook'];
        return this.integrations.deliver(data.deliveryId, data.manual ?? false, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
      }
      case 'sweep-integration-events':
        return this.integrations.sweep();
      default:
        throw new Error(`Unknown job ${job.name} on queue ${INTEGRATION_JOBS.queue}`);
    }
  }
}
