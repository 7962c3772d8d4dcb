import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { QueueBackendOptions } from './queue-backend';
import { JobQueue } from './job-queue';
import { QueueAdminService } from './queue-admin.service';
import { QueueMetrics } from './queue-metrics';
import { QueuesController } from './queues.controller';
import { QUEUE } from './jobs';

/**
 * Queues for the API (producer) and the worker (consumer). Retries: 5 attempts with exponential
 * backoff from 2 s; failed jobs are kept a week for admins to see and retry.
 */
@Global()
@Module({})
export class QueueModule {
  /** `admin`: serve the admin endpoints (the API does; the worker has no HTTP). */
  static register(backend: QueueBackendOptions, opts: { admin: boolean }): DynamicModule {
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
        BullModule.registerQueue({ name: QUEUE.embedding }, { name: QUEUE.leads }, { name: QUEUE.webhooks }, { name: QUEUE.messaging }, { name: QUEUE.agent }, { name: QUEUE.integrations }, { name: QUEUE.imports }, { name: QUEUE.analytics }),
      ],
      controllers: opts.admin ? [QueuesController] : [],
      providers: opts.admin ? [JobQueue, QueueAdminService, QueueMetrics] : [JobQueue],
      exports: [JobQueue, BullModule],
    };
  }
}
