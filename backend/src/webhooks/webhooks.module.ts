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
import { WebhookLagMetrics } from './webhook-metrics';
import { WebhooksService } from './webhooks.service';
import { WhatsAppHandler } from './whatsapp.handler';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../core/config/app-config';
import { WidgetController } from './widget/widget.controller';
import { WidgetService } from './widget/widget.service';
import { InboundSourceEntity } from './sources/inbound-source.entity';
import { InboundSourcesAdminController, InboundWebhooksController, PublicLeadsController } from './sources/inbound-sources.controller';
import { PartnerHandler, WebFormHandler } from './sources/inbound-sources.handlers';
import { InboundSourcesRepository } from './sources/inbound-sources.repository';
import { InboundSourcesService } from './sources/inbound-sources.service';
import { InboundMailController } from './mail/inbound-mail.controller';
import { InboundMailHandler } from './mail/inbound-mail.handler';
import { InboundMailService } from './mail/inbound-mail.service';

/**
 * Inbound webhooks: the inbox (webhook_deliveries, webhook_events), the Meta routes, and one
 * handler per provider. A new source adds its route (or a parser in meta-payloads.ts) and a handler.
 */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookDeliveryEntity, WebhookEventEntity, InboundSourceEntity]),
    LeadsModule,
    AgentModule,
    MessagingModule,
    // Chat widget visitor tokens: a key of their own, so one is never taken for a staff login.
    JwtModule.registerAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => ({ secret: `${config.jwtSecret}:website-visitor`, signOptions: { expiresIn: '1d', algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }) }),
  ],
  controllers: [WebhooksController, WebhooksAdminController, InboundWebhooksController, PublicLeadsController, InboundSourcesAdminController, WidgetController, InboundMailController],
  providers: [
    WebhooksService,
    WebhooksRepository,
    WebhookLagMetrics,
    GraphClient,
    LeadAdsHandler,
    WhatsAppHandler,
    PartnerHandler,
    WebFormHandler,
    InboundSourcesRepository,
    InboundSourcesService,
    WidgetService,
    InboundMailService,
    InboundMailHandler,
    { provide: WEBHOOK_HANDLERS, inject: [LeadAdsHandler, WhatsAppHandler, PartnerHandler, WebFormHandler, InboundMailHandler], useFactory: (...handlers: WebhookHandler[]) => handlers },
  ],
  exports: [WebhooksService],
})
export class WebhooksModule {}
