import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgentModule } from '../agent/agent.module';
import { screenFairHousing } from '../compliance/fair-housing';
import { LeadsModule } from '../leads/leads.module';
import { ViewingsModule } from '../viewings/viewings.module';
import { emailSenderFor, EMAIL_SENDER } from './email-sender';
import { MessagingController, SentMailAdminController } from './messaging.controller';
import { AppConfig } from '../core/config/app-config';
import { MessagingRepository } from './messaging.repository';
import { MessagingService } from './messaging.service';
import { OutboxMessageEntity } from './outbox.entity';
import { OUTBOUND_TEXT_SCREEN, OutboundTextScreen, SendPolicy } from './send-policy';
import { WhatsAppSender } from './whatsapp-sender';

/**
 * Outbound messaging: the send-policy gate, the outbox and the channel senders (WhatsApp, email). The only module
 * that talks to a sender; everything that sends calls MessagingService.
 */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessageEntity]), LeadsModule, AgentModule, ViewingsModule],
  controllers: [MessagingController, SentMailAdminController],
  providers: [
    MessagingService,
    MessagingRepository,
    SendPolicy,
    WhatsAppSender,
    // SMTP_URL set: nodemailer to that server; unset: mails are kept in the outbox (Admin → Sent mail).
    { provide: EMAIL_SENDER, inject: [AppConfig], useFactory: emailSenderFor },
    // The same fair-housing screen the assistant applies to every lead message (compliance/fair-housing.ts).
    {
      provide: OUTBOUND_TEXT_SCREEN,
      useValue: {
        protectedCharacteristicIn: (text: string) => {
          const s = screenFairHousing(text);
          return s.verdict === 'steering' ? s.classes.join(', ') : null;
        },
      } satisfies OutboundTextScreen,
    },
  ],
  exports: [MessagingService],
})
export class MessagingModule {}
