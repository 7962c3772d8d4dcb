import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import type { JobPayloads } from '../core/queue/jobs';
import { MATCHING_JOBS } from './matching.jobs';
import { MatchingService } from './matching.service';

/**
 * Thin adapter from lead jobs to the service that refreshes a lead (its score, then its matches:
 * matching is the feature that knows both leads and inventory). Registered in the worker only.
 */
@Processor(MATCHING_JOBS.queue, { concurrency: 2 })
export class LeadsProcessor extends WorkerHost {
  constructor(private readonly matching: MatchingService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case 'refresh-lead': {
        const data = job.data as JobPayloads['refresh-lead'];
        return this.matching.refreshLead(data.leadId, data.reason);
      }
      default:
        throw new Error(`Unknown job ${job.name} on queue ${MATCHING_JOBS.queue}`);
    }
  }
}
