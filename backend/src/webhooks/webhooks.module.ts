import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgentModule } from '../agent/agent.module';
import { LeadsModule } from '../leads/leads.module';
import { MessagingModule } from '../messaging/messaging.module';
import { GraphClient } from './graph-client';
import { LeadAdsHandler } from './lead-ads.handler';
import { WebhookDeliveryEntity, WebhookEventEntity } from './webhook-event.entity';
import { WEBHOOK_HANDLERS, WebhookHandler } from './webhook-handler';
import { WebhooksAdminController } from './webhooks-admin.controller';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';
import { WhatsAppHandler } from './whatsapp.handler';

/**
 * Inbound webhooks: the inbox (webhook_deliveries, webhook_events), the Meta routes, and one
 * handler per provider. A new source adds its route (or a parser in meta-payloads.ts) and a handler.
 */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookDeliveryEntity, WebhookEventEntity]), LeadsModule, AgentModule, MessagingModule],
  controllers: [WebhooksController, WebhooksAdminController],
  providers: [
    WebhooksService,
    WebhooksRepository,
    GraphClient,
    LeadAdsHandler,
    WhatsAppHandler,
    { provide: WEBHOOK_HANDLERS, inject: [LeadAdsHandler, WhatsAppHandler], useFactory: (...handlers: WebhookHandler[]) => handlers },
  ],
  exports: [WebhooksService],
})
export class WebhooksModule {}
