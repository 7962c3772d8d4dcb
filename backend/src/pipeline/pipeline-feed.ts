import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { canSeeLead, type LeadScope } from '../access/lead-access';
import { PgNotifications } from '../core/database/pg-notifications';
import type { EventStream } from '../core/http/event-stream';
import { LeadStage, PIPELINE_CHANNEL } from '../leads/lead.enums';

export type PipelineFeedEvent =
  | { event: 'moved'; data: { leadId: string; from: LeadStage; to: LeadStage; version: number; actorId: string | null } }
  /** A lead's SLA clock changed (a timer started, stopped or moved): what is due and when, or null. */
  | { event: 'sla'; data: { leadId: string; sla: { kind: 'reply' | 'stage'; dueAt: string } | null } }
  /** Moves may have been missed (the listening connection dropped, or the reader fell behind): read the board again. */
  | { event: 'resync'; data: Record<string, never> }
  | { event: 'ready'; data: Record<string, never> };

export const pipelineFrame = (e: PipelineFeedEvent): string => `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;

interface Listener {
  scope: LeadScope;
  send(e: PipelineFeedEvent): void;
  end(): void;
}

const STAGES = new Set<string>(Object.values(LeadStage));

/** Every move while the reader keeps up; one `resync` in place of what a slow reader missed (as the Conversations feed does). */
function coalescing(stream: EventStream<PipelineFeedEvent>): (e: PipelineFeedEvent) => void {
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
 * Tells open boards that a lead moved, in every API process: every stage move NOTIFYs in its own
 * transaction (`StageMoves`, whatever the path: board, lead page, API, assistant, worker), each
 * process listens once and passes the move to the people who may see that lead, by the one access rule.
 */
@Injectable()
export class PipelineFeed implements BeforeApplicationShutdown {
  private readonly listeners = new Set<Listener>();
  private listening = false;

  constructor(private readonly notifications: PgNotifications) {}

  subscribe(scope: LeadScope, stream: EventStream<PipelineFeedEvent>): () => void {
    if (!this.listening) {
      this.listening = true;
      this.notifications.listen(PIPELINE_CHANNEL, {
        onMessage: (payload) => this.dispatch(payload),
        onGap: () => {
          for (const l of this.listeners) l.send({ event: 'resync', data: {} });
        },
      });
    }
    const listener = { scope, send: coalescing(stream), end: () => stream.end() };
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  beforeApplicationShutdown(): void {
    for (const l of this.listeners) l.end();
    this.listeners.clear();
  }

  private dispatch(payload: string): void {
    let m: { leadId?: unknown; from?: unknown; to?: unknown; version?: unknown; assigneeId?: unknown; actorId?: unknown; sla?: { kind?: unknown; dueAt?: unknown } | null };
    try {
      m = JSON.parse(payload) as typeof m;
    } catch {
      return;
    }
    if (typeof m.leadId === 'string' && 'sla' in m) return this.dispatchClock(m.leadId, typeof m.assigneeId === 'string' ? m.assigneeId : null, m.sla ?? null);
    if (typeof m.leadId !== 'string' || typeof m.from !== 'string' || typeof m.to !== 'string' || !STAGES.has(m.from) || !STAGES.has(m.to)) return;
    const assigneeId = typeof m.assigneeId === 'string' ? m.assigneeId : null;
    const event: PipelineFeedEvent = {
      event: 'moved',
      data: { leadId: m.leadId, from: m.from as LeadStage, to: m.to as LeadStage, version: typeof m.version === 'number' ? m.version : 0, actorId: typeof m.actorId === 'string' ? m.actorId : null },
    };
    for (const l of this.listeners) if (canSeeLead(l.scope, { assigneeId })) l.send(event);
  }

  private dispatchClock(leadId: string, assigneeId: string | null, sla: { kind?: unknown; dueAt?: unknown } | null): void {
    const kind = sla?.kind;
    const dueAt = sla?.dueAt;
    const clock: { kind: 'reply' | 'stage'; dueAt: string } | null = (kind === 'reply' || kind === 'stage') && typeof dueAt === 'string' ? { kind, dueAt } : null;
    const event: PipelineFeedEvent = { event: 'sla', data: { leadId, sla: clock } };
    for (const l of this.listeners) if (canSeeLead(l.scope, { assigneeId })) l.send(event);
  }
}
