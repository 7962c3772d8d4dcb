import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import type { JobPayloads } from '../core/queue/jobs';
import { EMBEDDING_JOBS } from './embedding.jobs';
import { UnitIndexer } from './unit-indexer.service';

/** Thin adapter from embedding jobs to the indexer. Registered in the worker process only. */
@Processor(EMBEDDING_JOBS.queue, { concurrency: 2 })
export class EmbeddingProcessor extends WorkerHost {
  constructor(private readonly indexer: UnitIndexer) {
    super();
  }

  async process(job: Job): Promise<{ embedded: number }> {
    switch (job.name) {
      case 'embed-units':
        return { embedded: await this.indexer.embedUnits((job.data as JobPayloads['embed-units']).unitIds) };
      case 'sweep-embeddings': {
        let embedded = 0;
        // Drain in passes so one sweep catches up after an outage; stop when a pass makes no progress.
        for (let pass = 0, n = await this.indexer.sweep(); n > 0 && pass < 1000; pass++, n = await this.indexer.sweep()) embedded += n;
        return { embedded };
      }
      default:
        throw new Error(`Unknown job ${job.name} on queue ${EMBEDDING_JOBS.queue}`);
    }
  }
}
