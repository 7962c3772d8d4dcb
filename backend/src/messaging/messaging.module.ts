import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgentModule } from '../agent/agent.module';
import { screenFairHousing } from '../compliance/fair-housing';
import { LeadsModule } from '../leads/leads.module';
import { MessagingController } from './messaging.controller';
import { MessagingRepository } from './messaging.repository';
import { MessagingService } from './messaging.service';
import { OutboxMessageEntity } from './outbox.entity';
import { OUTBOUND_TEXT_SCREEN, OutboundTextScreen, SendPolicy } from './send-policy';
import { WhatsAppSender } from './whatsapp-sender';

/**
 * Outbound messaging: the send-policy gate, the outbox and the channel senders. The only module
 * that talks to a sender; everything that sends calls MessagingService.
 */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessageEntity]), LeadsModule, AgentModule],
  controllers: [MessagingController],
  providers: [
    MessagingService,
    MessagingRepository,
    SendPolicy,
    WhatsAppSender,
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
