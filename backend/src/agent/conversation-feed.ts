import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { canSeeLead, type LeadScope } from '../access/lead-access';
import { PgNotifications } from '../core/database/pg-notifications';
import type { EventStream } from '../core/http/event-stream';

/** The PostgreSQL channel the triggers of migration ConversationReads notify on (messages, sessions, read marks). */
export const CONVERSATION_CHANNEL = 'conversation_changed';

export type ConversationFeedEvent =
  | { event: 'changed'; data: { sessionId: string; leadId: string } }
  /** Notifications may have been missed (the listening connection dropped): read the list again. */
  | { event: 'resync'; data: Record<string, never> }
  /** The stream is open: whatever changes from now on is in it. */
  | { event: 'ready'; data: Record<string, never> };

/** One Server-Sent Events frame. */
export const feedFrame = (e: ConversationFeedEvent): string => `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;

interface Listener {
  scope: LeadScope;
  send(e: ConversationFeedEvent): void;
  end(): void;
}

/**
 * What a stream gets: every change while the reader keeps up. A reader that falls behind (the
 * socket's buffer is full) gets nothing more until it has caught up, then one `resync` in place of
 * what it missed: a change is only a hint to read again, so a slow tab never holds a growing queue.
 */
function coalescing(stream: EventStream<ConversationFeedEvent>): (e: ConversationFeedEvent) => void {
  let behind = false;
  return (e) => {
    if (behind || stream.closed) return;
    if (stream.send(e)) return;
    behind = true;
    void stream.drained().then(() => {
      behind = false;
      stream.send({ event: 'resync', data: {} });
    });
  };
}

/**
 * Tells open Conversations pages that a conversation changed, in every API process. The database
 * notifies (triggers on messages, sessions and read marks, so every writer is covered: the
 * assistant's turns, webhooks in workers, the outbox, people); each process listens once and
 * passes a change on to the people who may see that lead, by the one access rule.
 */
@Injectable()
export class ConversationFeed implements BeforeApplicationShutdown {
  private readonly listeners = new Set<Listener>();
  private listening = false;

  constructor(private readonly notifications: PgNotifications) {}

  /** On the first subscriber only: worker processes, which have none, keep no listening connection for this. */
  private startListening(): void {
    if (this.listening) return;
    this.listening = true;
    this.notifications.listen(CONVERSATION_CHANNEL, {
      onMessage: (payload) => this.dispatch(payload),
      onGap: () => {
        for (const l of this.listeners) l.send({ event: 'resync', data: {} });
      },
    });
  }

  /**
   * Starts passing changes `scope` may see to `stream`; returns the function that stops it. The
   * stream is ended when the process shuts down: an open stream never ends by itself, and the HTTP
   * server waits for every open request before it closes.
   */
  subscribe(scope: LeadScope, stream: EventStream<ConversationFeedEvent>): () => void {
    this.startListening();
    const listener = { scope, send: coalescing(stream), end: () => stream.end() };
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  beforeApplicationShutdown(): void {
    for (const l of this.listeners) l.end();
    this.listeners.clear();
  }

  private dispatch(payload: string): void {
    let change: { sessionId?: unknown; leadId?: unknown; assigneeId?: unknown };
    try {
      change = JSON.parse(payload) as typeof change;
    } catch {
      return;
    }
    if (typeof change.sessionId !== 'string' || typeof change.leadId !== 'string') return;
    const assigneeId = typeof change.assigneeId === 'string' ? change.assigneeId : null;
    const event: ConversationFeedEvent = { event: 'changed', data: { sessionId: change.sessionId, leadId: change.leadId } };
    for (const l of this.listeners) if (canSeeLead(l.scope, { assigneeId })) l.send(event);
  }
}
