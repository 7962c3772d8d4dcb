import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { QueueBackendOptions } from './queue-backend';
import { JobQueue } from './job-queue';
import { QueueAdminService } from './queue-admin.service';
import { QueueMetrics } from './queue-metrics';
import { QueuesController } from './queues.controller';
import type { Queue } from 'bullmq';
import type { JobDefinition } from './jobs';

/**
 * Queues for the API (producer) and the worker (consumer). Retries: 5 attempts with exponential
 * backoff from 2 s; failed jobs are kept a week for admins to see and retry.
 */
@Global()
@Module({})
export class QueueModule {
  /**
   * `jobs`: every feature's jobs and their queues (backend/src/queues.ts). `admin`: serve the admin
   * endpoints (the API does; the worker has no HTTP).
   */
  static register(backend: QueueBackendOptions, opts: { admin: boolean; jobs: readonly JobDefinition[] }): DynamicModule {
    const names = [...new Set(opts.jobs.map((d) => d.queue))];
    const jobQueue = {
      provide: JobQueue,
      useFactory: (...queues: Queue[]) => new JobQueue(queues, opts.jobs),
      inject: names.map((n) => getQueueToken(n)),
    };
    return {
      module: QueueModule,
      imports: [
        BullModule.forRoot({
          connection: backend.connection,
          ...(backend.prefix ? { prefix: backend.prefix } : {}),
          defaultJobOptions: {
            attempts: 5,
            backoff: { type: 'exponential', delay: 2000 },
            removeOnComplete: { age: 24 * 3600, count: 5000 },
            removeOnFail: { age: 7 * 24 * 3600 },
          },
        }),
        BullModule.registerQueue(...names.map((name) => ({ name }))),
      ],
      controllers: opts.admin ? [QueuesController] : [],
      providers: opts.admin ? [jobQueue, QueueAdminService, QueueMetrics] : [jobQueue],
      exports: [JobQueue, BullModule],
    };
  }
}
