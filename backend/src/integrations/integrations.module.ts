import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IntegrationDeliveryAttemptEntity, IntegrationDeliveryEntity } from './integration-delivery.entity';
import { IntegrationEventEntity } from './integration-event.entity';
import { IntegrationSubscriptionEntity } from './integration-subscription.entity';
import { IntegrationsController } from './integrations.controller';
import { IntegrationsOutboxModule } from './integrations-outbox.module';
import { IntegrationsRepository } from './integrations.repository';
import { IntegrationsService } from './integrations.service';
import { WebhookSender } from './webhook-sender';

/**
 * Outbound webhooks for integrators. Events reach it through core's IntegrationEventSink port
 * (implemented by IntegrationsOutboxModule); it imports no other feature.
 */
@Module({
  imports: [TypeOrmModule.forFeature([IntegrationSubscriptionEntity, IntegrationEventEntity, IntegrationDeliveryEntity, IntegrationDeliveryAttemptEntity]), IntegrationsOutboxModule],
  controllers: [IntegrationsController],
  providers: [IntegrationsService, IntegrationsRepository, { provide: WebhookSender, useFactory: () => new WebhookSender() }],
  exports: [IntegrationsService],
})
export class IntegrationsModule {}
