import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../core/auth/auth-user';
import { DomainError, notFound } from '../core/http/domain-error';
import type { EventStream } from '../core/http/event-stream';
import { scopeOf } from '../access/lead-access';
import { ConversationFeed, ConversationFeedEvent } from './conversation-feed';
import {
  ConversationChannel,
  ConversationPageDto,
  ConversationSummaryDto,
  ConversationThreadDto,
  ListConversationsQueryDto,
  RefusedMessageDto,
  ThreadMessageDto,
} from './conversations.dto';
import { ConversationRow, ConversationsRepository, DecisionRow, ThreadMessageRow } from './conversations.repository';

/** The latest messages a thread shows. */
const THREAD_MESSAGES = 500;

const fromOf = (role: string): 'lead' | 'assistant' | 'person' => (role === 'lead' ? 'lead' : role === 'human' ? 'person' : 'assistant');

/** A page's last conversation as an opaque cursor: its last message time (to the microsecond) and id. */
const encodeCursor = (row: ConversationRow) => Buffer.from(`${row.last_mark}|${row.id}`).toString('base64url');
function decodeCursor(cursor: string): { lastMessageAt: string; id: string } {
  const [lastMessageAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  // PostgreSQL's text form of a timestamptz (microseconds kept), as the list wrote it.
  if (!/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/.test(lastMessageAt ?? '') || !/^[0-9a-f-]{36}$/.test(id ?? '')) {
    throw new DomainError('invalid', 'bad_cursor', 'cursor is not one this list gave out');
  }
  return { lastMessageAt, id };
}

/** Web chat of a lead who came through the website's widget is a widget conversation. */
const channelOf = (row: Pick<ConversationRow, 'channel' | 'lead_source'>): ConversationChannel =>
  row.channel === 'web' && row.lead_source === 'widget' ? 'widget' : (row.channel as ConversationChannel);

function mapConversation(r: ConversationRow): ConversationSummaryDto {
  return {
    id: r.id,
    leadId: r.lead_id,
    leadName: r.lead_name,
    channel: channelOf(r),
    mode: r.mode,
    heldBy: r.held_by_id ? { id: r.held_by_id, name: r.held_by_name ?? '' } : null,
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? '' } : null,
    lastMessageAt: r.last_message_at.toISOString(),
    lastMessage: r.last_role ? { from: fromOf(r.last_role), preview: r.last_content ?? '', delivery: r.last_delivery } : null,
    unread: r.unread,
    waiting: r.last_role === 'lead',
    readAt: r.read_at?.toISOString() ?? null,
  };
}

function deliveryError(errors: unknown[] | null): string | null {
  if (!errors?.length) return null;
  const first = errors[0] as { title?: unknown; message?: unknown; code?: unknown };
  const title = typeof first.title === 'string' ? first.title : typeof first.message === 'string' ? first.message : 'Not delivered';
  return typeof first.code === 'string' || typeof first.code === 'number' ? `${title} (${first.code})` : title;
}

/**
 * The Conversations page: every conversation the caller may see across channels, the unread
 * count (the lead's messages after anyone on the team last opened it), one thread with its ticks
 * and the send rules' holds and refusals, and a feed of changes. Starting, taking over, replying
 * and releasing stay `AgentSessionsService`'s.
 */
@Injectable()
export class ConversationsService {
  constructor(
    private readonly repo: ConversationsRepository,
    private readonly feed: ConversationFeed,
  ) {}

  async list(query: ListConversationsQueryDto, user: AuthUser): Promise<ConversationPageDto> {
    const limit = query.limit ?? 30;
    const rows = await this.repo.findPage(scopeOf(user), {
      channel: query.channel,
      assigneeId: query.mine ? user.id : undefined,
      waiting: query.waiting,
      mode: query.mode,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return { items: page.map(mapConversation), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null };
  }

  async thread(sessionId: string, user: AuthUser): Promise<ConversationThreadDto> {
    const row = await this.repo.findVisible(sessionId, scopeOf(user));
    if (!row) throw notFound('Conversation');
    const [messages, contact] = await Promise.all([this.repo.findThreadMessages(sessionId, THREAD_MESSAGES), this.repo.findContact(row.lead_id)]);
    const since = messages.length ? messages[0].created_at : new Date(0);
    const decisions = row.channel === 'web' ? [] : await this.repo.findGateDecisions(row.lead_id, row.channel, since);
    const holds = new Map(decisions.filter((d) => d.data.verdict === 'hold' && typeof d.data.key === 'string').map((d) => [d.data.key as string, d]));
    return {
      conversation: mapConversation(row),
      contact: { email: contact?.email ?? null, phone: contact?.phone_e164 ?? null, optedOut: Boolean(contact?.opted_out_at) },
      messages: messages.map((m) => this.mapThreadMessage(m, holds)),
      refused: decisions.filter((d) => d.data.verdict === 'deny').map(mapRefused),
    };
  }

  /** The caller opened the conversation: its messages up to now are read, for the whole team. */
  async markRead(sessionId: string, user: AuthUser): Promise<void> {
    if (!(await this.repo.findVisible(sessionId, scopeOf(user)))) throw notFound('Conversation');
    await this.repo.markRead(sessionId, user.id);
  }

  /** Changes to conversations the caller may see, on `stream` as they happen, until shutdown; returns the function that stops them. */
  follow(user: AuthUser, stream: EventStream<ConversationFeedEvent>): () => void {
    return this.feed.subscribe(scopeOf(user), stream);
  }

  private mapThreadMessage(m: ThreadMessageRow, holds: Map<string, DecisionRow>): ThreadMessageDto {
    const key = typeof m.data?.outboxKey === 'string' ? m.data.outboxKey : null;
    const hold = key ? holds.get(key) : undefined;
    return {
      id: m.id,
      from: fromOf(m.role),
      authorName: m.role === 'human' ? m.author_name : null,
      text: m.content,
      subject: typeof m.data?.subject === 'string' ? m.data.subject : null,
      at: m.created_at.toISOString(),
      delivery: m.delivery_status,
      deliveryError: m.delivery_status === 'failed' ? deliveryError(m.delivery_errors) : null,
      // Once it has gone, the hold is history.
      held: hold && !m.delivery_status ? { until: typeof hold.data.notBefore === 'string' ? hold.data.notBefore : null, reason: hold.summary } : null,
      failed: m.status === 'failed',
    };
  }
}

function mapRefused(d: DecisionRow): RefusedMessageDto {
  return { id: d.id, at: d.created_at.toISOString(), reason: d.summary, rule: typeof d.data.rule === 'string' ? d.data.rule : '', text: typeof d.data.text === 'string' ? d.data.text : '' };
}
