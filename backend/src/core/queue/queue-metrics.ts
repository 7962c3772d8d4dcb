import { Injectable, OnModuleInit } from '@nestjs/common';
import { Metrics } from '../metrics/metrics';
import { JobQueue } from './job-queue';

const STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'] as const;

/**
 * Queue depths and failures, read from the queue backend at scrape time: the backend is shared, so
 * one scrape of any API process covers the jobs of every worker process.
 */
@Injectable()
export class QueueMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    const jobs = this.metrics.gauge({ name: 'openhouse_queue_jobs', help: 'Jobs per queue and state (failed: kept a week for admins to retry)', labelNames: ['queue', 'state'] });
    const up = this.metrics.gauge({ name: 'openhouse_queue_backend_up', help: '1 when the queue backend answered the last scrape, 0 when it did not' });
    this.metrics.onScrape('queues', async () => {
      try {
        for (const q of this.jobs.all) {
          const counts = await q.getJobCounts(...STATES);
          for (const state of STATES) jobs.set({ queue: q.name, state }, counts[state] ?? 0);
        }
        up.set(1);
      } catch (e) {
        up.set(0);
        throw e;
      }
    });
  }
}
