import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobPayloads, QUEUE } from '../core/queue/jobs';
import { ImportsService } from './imports.service';

/** Thin adapter from import jobs to the service. Registered in the worker only. */
@Processor(QUEUE.imports, { concurrency: 1 })
export class ImportsProcessor extends WorkerHost {
  constructor(private readonly imports: ImportsService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case 'run-import':
        return this.imports.run((job.data as JobPayloads['run-import']).importId);
      default:
        throw new Error(`Unknown job ${job.name} on queue ${QUEUE.imports}`);
    }
  }
}
