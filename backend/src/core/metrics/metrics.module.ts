import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics';

/**
 * Metrics for every process: features inject `Metrics` to register theirs. `serve`: the API serves
 * them at GET /metrics when METRICS_TOKEN is set; a worker serves its own on WORKER_METRICS_PORT (worker-metrics-server.ts).
 */
@Global()
@Module({})
export class MetricsModule {
  static register(config: AppConfig, opts: { serve: boolean }): DynamicModule {
    return {
      module: MetricsModule,
      controllers: opts.serve && config.env.METRICS_TOKEN ? [MetricsController] : [],
      providers: [Metrics],
      exports: [Metrics],
    };
  }
}
