import { Injectable } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import { Metrics } from '../core/metrics/metrics';
import type { TurnUsage } from './events';

export type TurnOutcome = 'answered' | 'unanswered' | 'failed';

/** Agent turn latency and model cost, registered through core's Metrics. */
@Injectable()
export class TurnMetrics {
  private readonly latency: Histogram<'model' | 'outcome'>;
  private readonly cost: Counter<'model'>;
  private readonly tokens: Counter<'model' | 'kind'>;

  constructor(metrics: Metrics) {
    this.latency = metrics.histogram({
      name: 'openhouse_agent_turn_duration_seconds',
      help: 'Agent turn latency, from the request to the last event, by model and outcome',
      labelNames: ['model', 'outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60],
    });
    this.cost = metrics.counter({ name: 'openhouse_agent_model_cost_usd_total', help: 'Estimated model cost of agent turns in US dollars', labelNames: ['model'] });
    this.tokens = metrics.counter({ name: 'openhouse_agent_model_tokens_total', help: 'Model tokens used by agent turns (prompt, completion, cached)', labelNames: ['model', 'kind'] });
  }

  turnEnded(model: string, outcome: TurnOutcome, startedAt: number, usage: TurnUsage | null): void {
    this.latency.observe({ model, outcome }, (performance.now() - startedAt) / 1000);
    if (!usage) return;
    this.cost.inc({ model }, usage.costUsd ?? 0);
    this.tokens.inc({ model, kind: 'prompt' }, usage.promptTokens ?? 0);
    this.tokens.inc({ model, kind: 'completion' }, usage.completionTokens ?? 0);
    this.tokens.inc({ model, kind: 'cached' }, usage.cachedTokens ?? 0);
  }
}
