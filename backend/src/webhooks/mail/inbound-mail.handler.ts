import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AgentSessionsService } from '../../agent/sessions.service';
import { LeadSource } from '../../leads/lead.enums';
import { LeadsService } from '../../leads/leads.service';
import { MessagingService } from '../../messaging/messaging.service';
import { WebhookEventEntity, WebhookEventStatus, WebhookProvider } from '../webhook-event.entity';
import type { HandlerOutcome, WebhookHandler } from '../webhook-handler';
import type { InboundMailPayload } from './inbound-mail.service';
import { keywordCandidates, replyText } from './reply-text';

/**
 * An email from a lead → a message in the lead's email conversation and on the timeline. A reply
 * to one of our emails (In-Reply-To / References name its Message-ID) from the lead's own address
 * joins that lead; otherwise the sender's known contact's latest lead, or a new lead with source
 * email, by the contact rule every lead source uses. STOP or unsubscribe (first line or subject)
 * opts the contact out; START opts back in.
 */
@Injectable()
export class InboundMailHandler implements WebhookHandler {
  readonly provider = WebhookProvider.Email;

  constructor(
    private readonly leads: LeadsService,
    private readonly agent: AgentSessionsService,
    private readonly messaging: MessagingService,
  ) {}

  async apply(event: WebhookEventEntity, _prepared: unknown, tx: EntityManager): Promise<HandlerOutcome> {
    const mail = event.payload as unknown as InboundMailPayload;
    // Bounces and our own mail coming back are not a person writing in: kept in the inbox, no lead.
    if (this.isAutomatic(mail.from.address)) return { status: WebhookEventStatus.Ignored, leadId: null, note: 'an automatic mail (bounce or our own address), not from a person' };
    const threadLead = await this.messaging.leadForEmailReply(mail.thread, mail.from.address, tx);
    const lead = threadLead
      ? { leadId: threadLead, optedOut: false }
      : await this.leads.createFromSource(
          {
            source: LeadSource.Email,
            sourceRef: mail.messageId.slice(0, 200),
            contact: { name: mail.from.name ?? mail.from.address, email: mail.from.address },
            origin: { summary: `New lead from an email: “${mail.subject.slice(0, 200)}”`, data: { channel: 'email', subject: mail.subject.slice(0, 300) } },
            joinContactLead: true,
          },
          tx,
        );
    const content = replyText(mail.text).slice(0, 20_000) || `(an empty email: “${mail.subject.slice(0, 200)}”)`;
    const recorded = await this.agent.recordChannelMessage(
      {
        leadId: lead.leadId,
        channel: 'email',
        externalId: mail.messageId,
        content,
        data: { type: 'email', subject: mail.subject.slice(0, 998), from: mail.from.address, inReplyTo: mail.inReplyTo, references: mail.references },
        sentAt: mail.date ? new Date(mail.date) : null,
      },
      tx,
    );
    if (recorded.duplicate) return { status: WebhookEventStatus.Processed, leadId: lead.leadId, note: 'already stored' };
    for (const word of keywordCandidates(content, mail.subject)) {
      const opt = await this.messaging.applyOptKeywords(lead.leadId, 'email', word, tx);
      if (opt) return { status: WebhookEventStatus.Processed, leadId: lead.leadId, note: opt === 'opted_out' ? 'contact opted out' : 'contact opted back in' };
    }
    return { status: WebhookEventStatus.Processed, leadId: lead.leadId, note: lead.optedOut ? 'contact opted out: stored, no reply' : null };
  }

  private isAutomatic(address: string): boolean {
    const a = address.toLowerCase();
    return this.messaging.isOwnMailAddress(a) || /^(mailer-daemon|postmaster)@/.test(a);
  }
}
