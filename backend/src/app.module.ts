import { DynamicModule, Module } from '@nestjs/common';
import { AgentModule } from './agent/agent.module';
import { AuthModule } from './core/auth/auth.module';
import { QueueBackendOptions } from './core/queue/queue-backend';
import { QueueModule } from './core/queue/queue.module';
import { JOBS } from './queues';
import { EmbeddingModule } from './embedding/embedding.module';
import { IndexedUnitsModule } from './embedding/indexed-units';
import { AppConfig } from './core/config/app-config';
import { ConfigModule } from './core/config/config.module';
import { DatabaseModule } from './core/database/database.module';
import { HealthModule } from './core/health/health.module';
import { LoggingModule } from './core/logging/logging.module';
import { MetricsModule } from './core/metrics/metrics.module';
import { InventoryModule } from './inventory/inventory.module';
import { LeadsModule } from './leads/leads.module';
import { AutoMergeModule } from './dedup/auto-merge.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PipelineModule } from './pipeline/pipeline.module';
import { SlaModule } from './sla/sla.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { MatchingModule } from './matching/matching.module';
import { ScoringModule } from './scoring/scoring.module';
import { SeedModule } from './seed/seed.module';
import { UserDirectoryModule } from './users/user-directory.module';
import { UsersModule } from './users/users.module';
import { ViewsModule } from './views/views.module';
import { MessagingModule } from './messaging/messaging.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { LeadScoringModule } from './leads/lead-scoring';
import { StageClockModule } from './leads/stage-clock';
import { IntegrationEventsModule } from './core/events/integration-events.module';
import { IntegrationsModule } from './integrations/integrations.module';
import { IntegrationsOutboxModule } from './integrations/integrations-outbox.module';
import { AuditTrailModule } from './core/audit/audit-trail.module';
import { AuditModule } from './audit/audit.module';
import { ImportsModule } from './imports/imports.module';

@Module({})
export class AppModule {
  static register(config: AppConfig, queue: QueueBackendOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        MetricsModule.register(config, { serve: true }),
        DatabaseModule,
        QueueModule.register(queue, { admin: true, jobs: JOBS }),
        EmbeddingModule,
        AuthModule.forRoot(UserDirectoryModule),
        IntegrationEventsModule.forRoot(IntegrationsOutboxModule), LeadScoringModule.forRoot(ScoringModule), StageClockModule.forRoot(SlaModule), IndexedUnitsModule.forRoot(InventoryModule),
        AuditTrailModule.forRoot(AuditModule),
        UsersModule,
        HealthModule,
        LeadsModule,
        AutoMergeModule,
        PipelineModule,
        SlaModule,
        NotificationsModule,
        InventoryModule,
        MatchingModule,
        ScoringModule,
        SeedModule,
        AgentModule,
        ViewsModule,
        WebhooksModule,
        MessagingModule,
        IntegrationsModule,
        ImportsModule,
        AnalyticsModule,
      ],
    };
  }
}
