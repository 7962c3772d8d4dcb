import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, CounterConfiguration, Gauge, GaugeConfiguration, Histogram, HistogramConfiguration, register } from 'prom-client';

/** Something a feature measures at scrape time (a queue depth, the age of the oldest waiting event). */
export type ScrapeHook = () => Promise<void>;

const SCRAPE_HOOK_TIMEOUT_MS = 2000;

/**
 * The process's Prometheus metrics, for every feature: core knows none of them. A feature asks
 * for its counters, histograms and gauges here (by name; asking twice returns the same one, so
 * several app instances in one process, as in tests, share them) and, for values read from a
 * store rather than counted as they happen, registers a hook that runs before each scrape.
 * Uses prom-client's default registry, so metrics made directly with prom-client (the webhook
 * rejection counter) are exposed too. Served at GET /metrics (MetricsController) when METRICS_TOKEN is set.
 */
@Injectable()
export class Metrics {
  private readonly log = new Logger('Metrics');
  private readonly hooks: { name: string; run: ScrapeHook }[] = [];

  constructor() {
    // The process's own figures (CPU, resident memory, heap, event-loop lag, handles), once per
    // process however many app instances it holds (tests start several).
    if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
  }

  counter<L extends string>(config: CounterConfiguration<L>): Counter<L> {
    return (register.getSingleMetric(config.name) as Counter<L> | undefined) ?? new Counter(config);
  }

  histogram<L extends string>(config: HistogramConfiguration<L>): Histogram<L> {
    return (register.getSingleMetric(config.name) as Histogram<L> | undefined) ?? new Histogram(config);
  }

  gauge<L extends string>(config: GaugeConfiguration<L>): Gauge<L> {
    return (register.getSingleMetric(config.name) as Gauge<L> | undefined) ?? new Gauge(config);
  }

  /** Runs before each scrape; a hook that fails or takes over 2 s is logged and skipped, never fails the scrape. */
  onScrape(name: string, run: ScrapeHook): void {
    this.hooks.push({ name, run });
  }

  async scrape(): Promise<{ contentType: string; body: string }> {
    await Promise.all(
      this.hooks.map(async (h) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([h.run(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${SCRAPE_HOOK_TIMEOUT_MS} ms`)), SCRAPE_HOOK_TIMEOUT_MS)))]);
        } catch (e) {
          this.log.warn(`metrics hook ${h.name} failed: ${e instanceof Error ? e.message : String(e)}`);
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    return { contentType: register.contentType, body: await register.metrics() };
  }
}
