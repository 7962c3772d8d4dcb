import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuthUser, isAdmin } from '../core/auth/auth-user';
import { SqlBatch } from '../core/database/sql-batch';
import { DomainError, notFound } from '../core/http/domain-error';
import { scopeOf } from '../access/lead-access';
import { LeadRecordsService } from '../leads/lead-records.service';
import { ActivityType, LeadSource } from '../leads/lead.enums';
import { LeadsService } from '../leads/leads.service';
import { ScoringService } from '../scoring/scoring.service';
import { CreateSessionDto, HumanReplyDto, mapMessage, mapSession, SessionCreatedDto, SessionDto, SessionSummaryDto, UnitCardDto } from './agent.dto';
import { AgentRepository, SessionRow } from './agent.repository';
import { MessageRole } from './message.entity';
import { SessionMode } from './session.entity';

/** How far a sent message got; a status only ever moves it up. A failure ranks above sent only: a delivered message cannot fail. */
const DELIVERY_RANK: Record<string, number> = { sent: 1, failed: 2, delivered: 3, read: 4 };

/**
 * Sends a person's reply on a channel other than web chat (WhatsApp), through the send-policy gate
 * and the outbox. The messaging module registers itself (it depends on this module, not the other
 * way round); it records the message in the session itself, and refuses with a 409 the gate's denials.
 */
export interface ChannelSender {
  sendFromPerson(leadId: string, dto: { channel: 'whatsapp' | 'email'; text: string }, user: AuthUser): Promise<unknown>;
  /**
   * Before the assistant answers on a channel: the gate's rules that do not depend on the words
   * (opted out, no address, the channel's window). A refusal is recorded like every decision and
   * returned; null: an answer may go (its text is decided again when it is queued).
   */
  refusesReply(leadId: string, channel: 'whatsapp', key: string, tx: EntityManager): Promise<GateRefusal | null>;
  /**
   * The assistant's reply, already in the conversation as `messageId`: through the gate into the
   * outbox, in the turn's transaction (`key` makes it once only). Homes it suggests go with it (as
   * a list the lead can tap, where the channel has one). `dispatch` hands it to the workers after commit.
   */
  queueAssistantReply(
    reply: { leadId: string; channel: 'whatsapp'; messageId: string; text: string; units: UnitCardDto[]; key: string },
    tx: EntityManager,
  ): Promise<{ refused: GateRefusal | null; dispatch: () => Promise<void> }>;
}

/** The send-policy gate's refusal: its rule and the reason in a broker's words. */
export interface GateRefusal {
  rule: string;
  reason: string;
}

/**
 * Conversations as people and channels administer them: starting one, reading them, a person
 * taking one over from the AI, writing in it, and giving it back; messages and delivery statuses
 * arriving from a channel. The AI's turns are `AgentTurnService`'s.
 */
@Injectable()
export class AgentSessionsService {
  constructor(
    private readonly repo: AgentRepository,
    private readonly leads: LeadsService,
    private readonly leadRecords: LeadRecordsService,
    private readonly scoring: ScoringService,
  ) {}

  private channelSender: ChannelSender | null = null;

  /** Called once by the messaging module at start-up. */
  useChannelSender(sender: ChannelSender): void {
    this.channelSender = sender;
  }

  /** What sends on channels other than web chat (the messaging module); null before it registered. */
  get sender(): ChannelSender | null {
    return this.channelSender;
  }

  async createSession(dto: CreateSessionDto, user: AuthUser): Promise<SessionCreatedDto> {
    const leadId = dto.leadId ? (await this.leads.get(dto.leadId, user)).id : (await this.leads.create({ source: LeadSource.Web, contact: { name: 'Web visitor' } }, user, { fromConversation: true })).id;
    const session = await this.repo.insertSession(leadId, dto.channel ?? 'web');
    return { sessionId: session.id, leadId };
  }

  /** A new conversation on a channel for a lead, in the caller's transaction (the chat widget starts one per visitor). */
  async startChannelSession(leadId: string, channel: string, tx: EntityManager): Promise<string> {
    return (await this.repo.insertSession(leadId, channel, tx)).id;
  }

  async listSessions(leadId: string, user: AuthUser): Promise<SessionSummaryDto[]> {
    await this.leads.get(leadId, user);
    return (await this.repo.listSessions(leadId)).map(mapSession);
  }

  async getSession(id: string, user: AuthUser): Promise<SessionDto> {
    const session = await this.visibleSession(id, user);
    const messages = await this.repo.findMessages(id);
    return { ...mapSession(session), messages: messages.map(mapMessage) };
  }

  /** A person takes the conversation: the AI stays silent until it is released. */
  async takeOver(id: string, user: AuthUser): Promise<SessionDto> {
    const session = await this.visibleSession(id, user);
    if (session.mode === SessionMode.Human && session.heldById === user.id) return this.getSession(id, user);
    if (session.mode === SessionMode.Human && session.heldById && session.heldById !== user.id && !isAdmin(user)) {
      throw new DomainError('conflict', 'session_held', `${session.heldByName ?? 'Another person'} already holds this conversation`);
    }
    await this.repo.transaction(async (tx) => {
      await this.repo.setMode(id, SessionMode.Human, user.id, tx);
      await this.leadRecords.appendTimeline(session.leadId, { type: ActivityType.Handover, actorId: user.id, summary: `${user.name} took the conversation over from the AI`, data: { sessionId: id, mode: 'human' } }, tx);
    });
    return this.getSession(id, user);
  }

  /** Gives the conversation back to the AI. */
  async release(id: string, user: AuthUser): Promise<SessionDto> {
    const session = await this.visibleSession(id, user);
    if (session.mode === SessionMode.Ai) return this.getSession(id, user);
    await this.repo.transaction(async (tx) => {
      await this.repo.setMode(id, SessionMode.Ai, null, tx);
      await this.leadRecords.appendTimeline(session.leadId, { type: ActivityType.Handover, actorId: user.id, summary: `${user.name} gave the conversation back to the AI`, data: { sessionId: id, mode: 'ai' } }, tx);
    });
    return this.getSession(id, user);
  }

  /** A person writes to the lead; only while they hold the conversation. */
  async humanReply(id: string, dto: HumanReplyDto, user: AuthUser): Promise<SessionDto> {
    const session = await this.visibleSession(id, user);
    if (session.mode !== SessionMode.Human || session.heldById !== user.id) {
      throw new DomainError('conflict', 'session_not_held', 'Take the conversation over before replying in it');
    }
    if (session.channel === 'whatsapp' || session.channel === 'email') {
      // Leaves through the gate and the outbox like every outbound message; nothing else sends.
      if (!this.channelSender) throw new DomainError('unavailable', 'channel_unavailable', `Sending on ${session.channel === 'email' ? 'email' : 'WhatsApp'} is not available right now`);
      await this.channelSender.sendFromPerson(session.leadId, { channel: session.channel, text: dto.message }, user);
      return this.getSession(id, user);
    }
    const lead = await this.repo.findLead(session.leadId);
    await this.repo.transaction(async (tx) => {
      const messageId = randomUUID();
      await this.repo.addMessages(id, [{ id: messageId, leadId: session.leadId, role: MessageRole.Human, content: dto.message, authorId: user.id }], tx);
      await this.leadRecords.appendTimeline(session.leadId, { type: ActivityType.Message, actorId: user.id, direction: 'outbound', summary: dto.message, data: { channel: session.channel, sessionId: id, messageId } }, tx);
      if (lead && lead.firstResponseAt === null) await this.leadRecords.updateLead(session.leadId, { firstResponseAt: new Date() }, tx);
    });
    return this.getSession(id, user);
  }

  /**
   * A message the lead sent on a channel (WhatsApp), inside the caller's transaction: it joins the
   * lead's latest session on that channel (a new one if there is none), goes on the timeline as
   * inbound, and counts for the score. A channel id already stored is not added twice.
   */
  async recordChannelMessage(
    input: { leadId: string; channel: string; externalId: string; content: string; data: Record<string, unknown>; sentAt: Date | null },
    tx: EntityManager,
  ): Promise<{ sessionId: string; messageId: string; duplicate: boolean }> {
    const session = (await this.repo.findChannelSession(input.leadId, input.channel, tx)) ?? (await this.repo.insertSession(input.leadId, input.channel, tx));
    if (await this.repo.messageExists(input.externalId, tx)) return { sessionId: session.id, messageId: '', duplicate: true };
    const messageId = randomUUID();
    const batch = new SqlBatch();
    const data = { ...input.data, ...(input.sentAt ? { sentAt: input.sentAt.toISOString() } : {}) };
    this.repo.addMessagesTo(batch, session.id, [{ id: messageId, leadId: input.leadId, role: MessageRole.Lead, content: input.content, data, externalId: input.externalId }]);
    this.leadRecords.appendTimelineTo(batch, input.leadId, [{ type: ActivityType.Message, direction: 'inbound', summary: input.content, data: { channel: input.channel, sessionId: session.id, messageId, type: input.data.type ?? null } }]);
    await batch.run(tx);
    await this.scoring.recompute(input.leadId, 'message from the lead', tx, { leadLocked: true });
    return { sessionId: session.id, messageId, duplicate: false };
  }

  /**
   * A message we send on a channel (a person's or the assistant's), in the caller's transaction:
   * it joins the lead's latest session on that channel (a new one if there is none). Its channel id
   * and delivery status arrive later, when the outbox has sent it.
   */
  async recordOutboundMessage(
    input: { leadId: string; channel: string; role: 'human' | 'assistant'; content: string; authorId: string | null; data?: Record<string, unknown> },
    tx: EntityManager,
  ): Promise<{ sessionId: string; messageId: string }> {
    const session = (await this.repo.findChannelSession(input.leadId, input.channel, tx)) ?? (await this.repo.insertSession(input.leadId, input.channel, tx));
    const messageId = randomUUID();
    const role = input.role === 'human' ? MessageRole.Human : MessageRole.Assistant;
    await this.repo.addMessages(session.id, [{ id: messageId, leadId: input.leadId, role, content: input.content, authorId: input.authorId, data: input.data ?? null }], tx);
    return { sessionId: session.id, messageId };
  }

  /** The channel accepted a message we sent: its id (statuses name it) and `sent`, unless a status already moved it further. */
  setChannelId(messageId: string, externalId: string, tx: EntityManager): Promise<void> {
    return this.repo.setChannelId(messageId, externalId, DELIVERY_RANK, tx);
  }

  /**
   * A channel's delivery status for a message we sent (sent → delivered → read; failed). Statuses
   * arrive in any order; one never moves a message back. `found: false`: we never sent it.
   */
  applyDeliveryStatus(externalId: string, status: 'sent' | 'delivered' | 'read' | 'failed', at: Date, errors: unknown[] | null, tx: EntityManager): Promise<{ found: boolean; changed: boolean }> {
    return this.repo.advanceDelivery(externalId, status, DELIVERY_RANK, at, errors, tx);
  }

  private async visibleSession(id: string, user: AuthUser): Promise<SessionRow> {
    const s = await this.repo.findVisibleSession(id, scopeOf(user));
    if (!s) throw notFound('Session');
    return s;
  }
}
