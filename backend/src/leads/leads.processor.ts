import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobPayloads, QUEUE } from '../core/queue/jobs';
import { LeadsService } from './leads.service';

/** Thin adapter from lead jobs to the leads service. Registered in the worker process only. */
@Processor(QUEUE.leads, { concurrency: 2 })
export class LeadsProcessor extends WorkerHost {
  constructor(private readonly leads: LeadsService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case 'refresh-lead': {
        const data = job.data as JobPayloads['refresh-lead'];
        return this.leads.refresh(data.leadId, data.reason);
      }
      default:
        throw new Error(`Unknown job ${job.name} on queue ${QUEUE.leads}`);
    }
  }
}
