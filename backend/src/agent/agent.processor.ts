import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import type { JobPayloads } from '../core/queue/jobs';
import { AGENT_JOBS } from './agent.jobs';
import { ChannelRepliesService } from './channel-replies.service';

/** Thin adapter from the assistant's channel jobs to its service. Registered in the worker process only. */
@Processor(AGENT_JOBS.queue, { concurrency: 2 })
export class AgentProcessor extends WorkerHost {
  constructor(private readonly replies: ChannelRepliesService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case 'answer-channel':
        return this.replies.answer((job.data as JobPayloads['answer-channel']).sessionId);
      case 'sweep-channel-replies':
        return this.replies.sweep();
      default:
        throw new Error(`Unknown job ${job.name} on queue ${AGENT_JOBS.queue}`);
    }
  }
}
