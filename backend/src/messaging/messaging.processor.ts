import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import type { JobPayloads } from '../core/queue/jobs';
import { MESSAGING_JOBS } from './messaging.jobs';
import { MessagingService } from './messaging.service';

/** Thin adapter from outbox jobs to the messaging service. Registered in the worker process only. */
@Processor(MESSAGING_JOBS.queue, { concurrency: 4 })
export class MessagingProcessor extends WorkerHost {
  constructor(private readonly messaging: MessagingService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case 'send-outbox': {
        const data = job.data as JobPayloads['send-outbox'];
        return this.messaging.deliver(data.outboxId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
      }
      case 'viewing-reminder':
        return this.messaging.sendViewingReminder(job.data as JobPayloads['viewing-reminder']);
      case 'viewing-feedback-request':
        return this.messaging.sendViewingFeedbackRequest(job.data as JobPayloads['viewing-feedback-request']);
      case 'push-viewing-calendar':
        return this.messaging.pushViewingToCalendar((job.data as JobPayloads['push-viewing-calendar']).viewingId);
      case 'sweep-outbox':
        return this.messaging.sweep();
      default:
        throw new Error(`Unknown job ${job.name} on queue ${MESSAGING_JOBS.queue}`);
    }
  }
}
