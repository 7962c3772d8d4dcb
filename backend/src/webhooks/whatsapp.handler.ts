import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChannelRepliesService } from '../agent/channel-replies.service';
import { AgentSessionsService } from '../agent/sessions.service';
import { normalizePhone } from '../leads/contact-normalizers';
import { ActivityType, LeadSource } from '../leads/lead.enums';
import { LeadsService } from '../leads/leads.service';
import { MessagingService } from '../messaging/messaging.service';
import { readFlowResponse } from './flow-answers';
import { WebhookEventEntity, WebhookEventStatus, WebhookProvider } from './webhook-event.entity';
import type { HandlerOutcome, WebhookHandler } from './webhook-handler';
import { readWhatsAppMessage } from './whatsapp-message';
import { WebhooksRepository } from './webhooks.repository';

type Json = Record<string, unknown>;
const DELIVERY_STATES = new Set(['sent', 'delivered', 'read', 'failed']);

/**
 * WhatsApp Cloud API inbound: a message from a new number makes a contact (wa_id → E.164) and a
 * lead with source whatsapp; from a known number it joins that contact's lead. Each message is a
 * lead message in the lead's WhatsApp session, on the timeline, and counts for the score. A
 * status moves the outbound message it names forward (never back).
 */
@Injectable()
export class WhatsAppHandler implements WebhookHandler {
  readonly provider = WebhookProvider.WhatsApp;

  constructor(
    private readonly leads: LeadsService,
    private readonly agent: AgentSessionsService,
    private readonly messaging: MessagingService,
    private readonly replies: ChannelRepliesService,
    private readonly inbox: WebhooksRepository,
  ) {}

  apply(event: WebhookEventEntity, _prepared: unknown, tx: EntityManager): Promise<HandlerOutcome> {
    if (event.kind === 'message') return this.message(event, tx);
    if (event.kind === 'status') return this.status(event, tx);
    return Promise.resolve({ status: WebhookEventStatus.Ignored, leadId: null, note: `no handler for ${event.kind}` });
  }

  private async message(event: WebhookEventEntity, tx: EntityManager): Promise<HandlerOutcome> {
    const message = event.payload.message as Json;
    const contact = (event.payload.contact ?? null) as Json | null;
    const waId = String(message.from).replace(/\D/g, '');
    const phone = normalizePhone(`+${waId}`);
    if (!phone) return { status: WebhookEventStatus.Ignored, leadId: null, note: 'sender is not a phone number we can read' };
    await this.inbox.lockSender(`whatsapp:${waId}`, tx);
    const profileName = typeof (contact?.profile as Json | undefined)?.name === 'string' ? String((contact?.profile as Json).name).trim().slice(0, 200) : '';
    const lead = await this.leads.createFromSource(
      {
        source: LeadSource.WhatsApp,
        sourceRef: event.externalId,
        contact: { name: profileName || `WhatsApp ${phone}`, phone, whatsappId: waId },
        origin: { summary: 'New lead from WhatsApp', data: { channel: 'whatsapp', phoneNumberId: (event.payload.metadata as Json | undefined)?.phone_number_id ?? null } },
        joinContactLead: true,
      },
      tx,
    );
    const read = readWhatsAppMessage(message);
    const sentAt = typeof message.timestamp === 'string' && /^\d+$/.test(message.timestamp) ? new Date(Number(message.timestamp) * 1000) : null;
    const recorded = await this.agent.recordChannelMessage({ leadId: lead.leadId, channel: 'whatsapp', externalId: event.externalId, content: read.content, data: read.data, sentAt }, tx);
    if (read.flowResponse !== undefined || (read.type === 'interactive' && (message.interactive as Json | undefined)?.type === 'nfm_reply')) {
      const flow = readFlowResponse(read.flowResponse);
      if (flow.ok) {
        for (const e of Object.values(flow.evidence)) if (e) e.messageId = recorded.messageId || null;
        await this.leads.recordSourceFacts(lead.leadId, flow.profile, flow.evidence, `Profile from the WhatsApp form: ${Object.keys(flow.profile).join(', ') || 'no answers'}`, tx);
        if (flow.contactTime) await this.leads.noteFromSystem(lead.leadId, { type: ActivityType.Webhook, summary: `Prefers to be called: ${flow.contactTime}`, data: { contactTime: flow.contactTime, messageId: recorded.messageId } }, tx);
      } else {
        await this.leads.noteFromSystem(lead.leadId, { type: ActivityType.Webhook, summary: `WhatsApp form answer not used: ${flow.reason}`, data: { messageId: recorded.messageId, reason: flow.reason } }, tx);
      }
    }
    // STOP / unsubscribe opt out, START opts back in; the send-policy gate reads the same flag.
    const opt = read.type === 'text' && !recorded.duplicate ? await this.messaging.applyOptKeywords(lead.leadId, 'WhatsApp', read.content, tx) : null;
    // The assistant answers (a few seconds later, with whatever else arrives meanwhile) unless a
    // person holds the conversation. To an opted-out lead it says nothing: the gate refuses that
    // answer, and the refusal is on the timeline.
    const afterCommit = read.answerable && !recorded.duplicate ? ((await this.replies.expectReply(recorded.sessionId, recorded.messageId, tx)) ?? undefined) : undefined;
    if (opt) return { status: WebhookEventStatus.Processed, leadId: lead.leadId, note: opt === 'opted_out' ? 'contact opted out' : 'contact opted back in', afterCommit };
    // Opted out: kept on the record; nothing answers them (the sending side checks the same flag).
    return { status: WebhookEventStatus.Processed, leadId: lead.leadId, note: lead.optedOut ? 'contact opted out: stored, no reply' : null, afterCommit };
  }

  private async status(event: WebhookEventEntity, tx: EntityManager): Promise<HandlerOutcome> {
    const status = event.payload.status as Json;
    const state = String(status.status);
    if (!DELIVERY_STATES.has(state)) return { status: WebhookEventStatus.Ignored, leadId: null, note: `unknown status ${state}` };
    const at = typeof status.timestamp === 'string' && /^\d+$/.test(status.timestamp) ? new Date(Number(status.timestamp) * 1000) : new Date();
    const errors = Array.isArray(status.errors) ? (status.errors as unknown[]).slice(0, 10) : null;
    // The outbox first: it may learn the message id here (a send whose worker died before storing it).
    const key = typeof status.biz_opaque_callback_data === 'string' ? status.biz_opaque_callback_data : null;
    const ours = await this.messaging.applyWhatsAppStatus({ externalId: String(status.id), state, key, errors }, tx);
    const result = await this.agent.applyDeliveryStatus(String(status.id), state as 'sent' | 'delivered' | 'read' | 'failed', at, errors, tx);
    if (!result.found && ours) return { status: WebhookEventStatus.Processed, leadId: null, note: 'part of a longer message' };
    if (!result.found) return { status: WebhookEventStatus.Ignored, leadId: null, note: 'no message we sent has this id' };
    return { status: WebhookEventStatus.Processed, leadId: null, note: result.changed ? null : 'older than the status already recorded' };
  }
}
