import { Injectable, OnModuleInit } from '@nestjs/common';
import { Counter, register } from 'prom-client';
import { Metrics } from '../core/metrics/metrics';
import { WebhooksRepository } from './webhooks.repository';

const NAME = 'openhouse_webhook_rejected_total';

/** Deliveries refused before anything was stored, by provider and reason (signature missing, malformed or wrong). */
export const webhookRejections: Counter<'provider' | 'reason'> =
  (register.getSingleMetric(NAME) as Counter<'provider' | 'reason'> | undefined) ??
  new Counter({ name: NAME, help: 'Webhook deliveries refused before anything was stored', labelNames: ['provider', 'reason'] });

export async function rejectionCounts(): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  for (const v of (await webhookRejections.get()).values) {
    const provider = String(v.labels.provider);
    (out[provider] ??= {})[String(v.labels.reason)] = v.value;
  }
  return out;
}

/**
 * Webhook lag at scrape time, from the inbox table (so it covers every worker process): events
 * waiting, the age of the oldest waiting one, and the slowest receipt-to-processed time of the
 * last five minutes.
 */
@Injectable()
export class WebhookLagMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly repo: WebhooksRepository,
  ) {}

  onModuleInit(): void {
    const waiting = this.metrics.gauge({ name: 'openhouse_webhook_events_waiting', help: 'Inbox events not yet processed (received or failed and retrying)', labelNames: ['provider'] });
    const oldest = this.metrics.gauge({ name: 'openhouse_webhook_oldest_waiting_seconds', help: 'Age of the oldest inbox event not yet processed', labelNames: ['provider'] });
    const lag = this.metrics.gauge({ name: 'openhouse_webhook_lag_seconds', help: 'Longest receipt-to-processed time among events processed in the last five minutes', labelNames: ['provider'] });
    this.metrics.onScrape('webhook lag', async () => {
      for (const r of await this.repo.lag()) {
        waiting.set({ provider: r.provider }, r.waiting);
        oldest.set({ provider: r.provider }, r.oldestWaitingSeconds);
        lag.set({ provider: r.provider }, r.recentLagSeconds);
      }
    });
  }
}
