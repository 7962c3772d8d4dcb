import { Counter, register } from 'prom-client';

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
