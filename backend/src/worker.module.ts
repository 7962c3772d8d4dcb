import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './core/config/app-config';
import { ConfigModule } from './core/config/config.module';
import { DatabaseModule } from './core/database/database.module';
import { LoggingModule } from './core/logging/logging.module';
import { MetricsModule } from './core/metrics/metrics.module';
import { QueueBackendOptions } from './core/queue/queue-backend';
import { QueueModule } from './core/queue/queue.module';
import { JOBS } from './queues';
import { AgentModule } from './agent/agent.module';
import { AgentProcessor } from './agent/agent.processor';
import { EmbeddingModule } from './embedding/embedding.module';
import { IndexedUnitsModule } from './embedding/indexed-units';
import { InventoryModule } from './inventory/inventory.module';
import { EmbeddingProcessor } from './embedding/embedding.processor';
import { LeadsProcessor } from './matching/matching.processor';
import { MatchingModule } from './matching/matching.module';
import { MessagingModule } from './messaging/messaging.module';
import { MessagingProcessor } from './messaging/messaging.processor';
import { WebhooksModule } from './webhooks/webhooks.module';
import { WebhooksProcessor } from './webhooks/webhooks.processor';
import { ScoringModule } from './scoring/scoring.module';
import { LeadScoringModule } from './leads/lead-scoring';
import { StageClockModule } from './leads/stage-clock';
import { IntegrationEventsModule } from './core/events/integration-events.module';
import { IntegrationsModule } from './integrations/integrations.module';
import { IntegrationsOutboxModule } from './integrations/integrations-outbox.module';
import { AutoMergeModule } from './dedup/auto-merge.module';
import { IntegrationsProcessor } from './integrations/integrations.processor';
import { AuditTrailModule } from './core/audit/audit-trail.module';
import { AuditModule } from './audit/audit.module';
import { ImportsModule } from './imports/imports.module';
import { ImportsProcessor } from './imports/imports.processor';
import { SlaModule } from './sla/sla.module';
import { SlaProcessor } from './sla/sla.processor';
import { SlaScheduler } from './sla/sla-scheduler';
import { AnalyticsModule } from './analytics/analytics.module';
import { AnalyticsProcessor } from './analytics/analytics.processor';

export const PROCESSORS = [EmbeddingProcessor, LeadsProcessor, WebhooksProcessor, MessagingProcessor, AgentProcessor, IntegrationsProcessor, ImportsProcessor, SlaProcessor, AnalyticsProcessor];

/** The worker process: the same services as the API, consumed through job processors; no HTTP. */
@Module({})
export class WorkerModule {
  static register(config: AppConfig, queue: QueueBackendOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), LoggingModule, MetricsModule.register(config, { serve: false }), DatabaseModule, QueueModule.register(queue, { admin: false, jobs: JOBS }), IntegrationEventsModule.forRoot(IntegrationsOutboxModule), LeadScoringModule.forRoot(ScoringModule), StageClockModule.forRoot(SlaModule), IndexedUnitsModule.forRoot(InventoryModule), AuditTrailModule.forRoot(AuditModule), AutoMergeModule, EmbeddingModule, MatchingModule, WebhooksModule, MessagingModule, AgentModule, IntegrationsModule, ImportsModule, SlaModule, AnalyticsModule],
      // SlaScheduler: SLA timers follow lead changes (worker processes only; docs/PIPELINE.md).
      providers: [...PROCESSORS, SlaScheduler],
    };
  }
}
