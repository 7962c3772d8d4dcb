import type { EntityManager } from 'typeorm';
import type { WebhookEventEntity, WebhookEventStatus, WebhookProvider } from './webhook-event.entity';

export interface HandlerOutcome {
  status: WebhookEventStatus.Processed | WebhookEventStatus.Ignored;
  leadId: string | null;
  /** Why it was ignored, or what is worth knowing (never personal data). */
  note: string | null;
  /** Work that must follow the commit (queueing the assistant's answer); a failure there is logged, the sweeps catch up. */
  afterCommit?: () => Promise<void>;
}

/**
 * What one provider's events do. The inbox calls `prepare` outside any transaction (network work,
 * e.g. a Graph lookup; throw to retry later) and then `apply` inside the transaction that marks the
 * event done, so the event's effect and its "processed" mark commit together or not at all.
 */
export interface WebhookHandler<P = unknown> {
  readonly provider: WebhookProvider;
  prepare?(event: WebhookEventEntity, attempt: { final: boolean }): Promise<P>;
  apply(event: WebhookEventEntity, prepared: P | undefined, tx: EntityManager): Promise<HandlerOutcome>;
}

export const WEBHOOK_HANDLERS = Symbol('WEBHOOK_HANDLERS');
