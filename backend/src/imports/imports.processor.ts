import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import type { JobPayloads } from '../core/queue/jobs';
import { IMPORT_JOBS } from './imports.jobs';
import { ImportsService } from './imports.service';

/** Thin adapter from import jobs to the service. Registered in the worker only. */
@Processor(IMPORT_JOBS.queue, { concurrency: 1 })
export class ImportsProcessor extends WorkerHost {
  constructor(private readonly imports: ImportsService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case 'run-import':
        return this.imports.run((job.data as JobPayloads['run-import']).importId);
      default:
        throw new Error(`Unknown job ${job.name} on queue ${IMPORT_JOBS.queue}`);
    }
  }
}
