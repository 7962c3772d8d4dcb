import { Processor, WorkerHost } from '@nestjs/bullmq';
import { DelayedError, type Job } from 'bullmq';
import type { JobPayloads } from '../core/queue/jobs';
import { SLA_JOBS } from './sla.jobs';
import { SlaService } from './sla.service';

/** Thin adapter from SLA jobs to the service. Registered in the worker only. */
@Processor(SLA_JOBS.queue, { concurrency: 4 })
export class SlaProcessor extends WorkerHost {
  constructor(private readonly sla: SlaService) {
    super();
  }

  async process(job: Job, token?: string): Promise<unknown> {
    switch (job.name) {
      case 'sla-timer': {
        const { leadId, ruleId } = job.data as JobPayloads['sla-timer'];
        const next = await this.sla.fire(leadId, ruleId);
        if (!next) return null;
        // Its next moment (the breach after the warning, or a due time that moved later): the same job waits again.
        await job.moveToDelayed(Math.max(Date.now(), next.getTime() - this.sla.clockSkew()), token);
        throw new DelayedError();
      }
      case 'sla-reconcile':
        return this.sla.reconcile((job.data as JobPayloads['sla-reconcile']).force ?? false);
      default:
        throw new Error(`Unknown job ${job.name} on queue ${SLA_JOBS.queue}`);
    }
  }
}
