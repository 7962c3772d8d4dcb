import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config';
import { DomainError, notFound } from '../core/http/domain-error';
import { JobQueue } from '../core/queue/job-queue';
import { checkMetaSignature } from './meta-signature';
import { EVENTS_OF, type InboundEvent, type MetaProvider, parseDelivery, UnreadableDelivery } from './meta-payloads';
import { rejectionCounts, webhookRejections } from './webhook-metrics';
import { WebhookEventEntity, WebhookEventStatus, WebhookProvider } from './webhook-event.entity';
import { WEBHOOK_HANDLERS, WebhookHandler } from './webhook-handler';
import { WebhooksRepository } from './webhooks.repository';
import type { DeliveryAcceptedDto, IntegrationStatusDto, WebhookEventDto } from './webhooks.dto';

/** Events stored but not picked up within this long are enqueued again by the sweep. */
const STRANDED_AFTER_MS = 60_000;

/**
 * Events per job. One job per event made the enqueue the most expensive part of a 50-event
 * delivery (a queue round trip per event); a job per delivery would apply a 1,000-event batch on
 * one worker, one event after another. Each event is still applied and retried on its own.
 */
const EVENTS_PER_JOB = 25;

/**
 * New events wait this long to be queued together: under load, one queue round trip carries the
 * events of many deliveries instead of one each (the round trip was most of a one-message
 * delivery's cost). They are already committed, so a crash in between loses nothing (the sweep).
 * 20 ms rather than 5: at a few hundred one-message deliveries a second, 5 ms gathered one or
 * two deliveries per round trip and the enqueue was still ~6 % of the API's CPU; 20 ms adds at
 * most 15 ms before a worker sees the message (the delivery-to-reply bench's budget is 300 ms).
 */
const ENQUEUE_LINGER_MS = 20;

const chunks = <T>(xs: T[], size: number): T[][] => Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));

const mapEvent = (e: WebhookEventEntity): WebhookEventDto => ({
  id: e.id,
  provider: e.provider,
  kind: e.kind,
  externalId: e.externalId,
  status: e.status,
  attempts: e.attempts,
  lastError: e.lastError,
  leadId: e.leadId,
  receivedAt: e.receivedAt.toISOString(),
  processedAt: e.processedAt?.toISOString() ?? null,
});

/**
 * The inbound webhook inbox. A delivery is verified on its raw bytes, split into events and
 * stored (one statement, before the 200); workers then apply each event exactly once through its
 * provider's handler, retrying with backoff, and dead-letter what keeps failing for an admin.
 */
@Injectable()
export class WebhooksService implements OnApplicationShutdown {
  private readonly log = new Logger('Webhooks');
  private readonly handlers: Map<WebhookProvider, WebhookHandler>;
  private pending: string[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    @Inject(WEBHOOK_HANDLERS) handlers: WebhookHandler[],
  ) {
    this.handlers = new Map(handlers.map((h) => [h.provider, h]));
  }

  /** Meta's subscription handshake: the challenge back when the verify token matches. */
  verifySubscription(mode: string | undefined, token: string | undefined, challenge: string | undefined): string {
    const expected = this.config.env.META_VERIFY_TOKEN;
    if (!expected || mode !== 'subscribe' || token !== expected || !challenge) {
      throw new DomainError('forbidden', 'verification_failed', 'The subscription could not be verified');
    }
    return challenge;
  }

  /**
   * Verifies, stores and acknowledges one delivery. Nothing is stored unless the signature over
   * the exact bytes is right; once this returns, every event is committed. Work is queued after.
   */
  async receive(provider: MetaProvider, body: unknown, signature: string | string[] | undefined, requestId: string): Promise<DeliveryAcceptedDto> {
    const secret = this.config.env.META_APP_SECRET;
    if (!secret) throw new DomainError('unavailable', 'webhooks_not_configured', 'Webhooks are not configured on this server (META_APP_SECRET is not set)');
    if (!Buffer.isBuffer(body)) throw new DomainError('unsupported_media', 'unsupported_content_type', 'Send the delivery as application/json');
    const check = checkMetaSignature(secret, body, signature);
    if (check !== 'ok') {
      webhookRejections.inc({ provider, reason: check });
      this.log.warn({ provider, reason: check, requestId, bytes: body.length }, 'webhook delivery refused: bad signature');
      throw new DomainError('unauthorized', 'invalid_signature', 'The X-Hub-Signature-256 header is missing or does not match the body');
    }
    let events;
    try {
      events = EVENTS_OF[provider](parseDelivery(body));
    } catch (e) {
      if (e instanceof UnreadableDelivery) throw new DomainError('invalid', e.code, e.message);
      throw e;
    }
    return this.ingest(provider, body, events);
  }

  /**
   * Stores a verified delivery's events in the inbox (one statement; an event whose key is already
   * there is a replay and is skipped) and queues the new ones. Every inbound route ends here.
   */
  async ingest(provider: WebhookProvider, body: Buffer, events: InboundEvent[]): Promise<DeliveryAcceptedDto> {
    if (!events.length) return { received: 0, duplicates: 0 };
    const fresh = await this.repo.insertDelivery(provider, body, events);
    const toQueue = fresh.filter((r) => r.status === WebhookEventStatus.Received).map((r) => r.id);
    // After the commit; the caller's 200 does not wait for the queue. If it is down, the sweep
    // finds the stored events (nothing is lost either way).
    if (toQueue.length) this.queueSoon(toQueue);
    return { received: events.length, duplicates: events.length - fresh.length };
  }

  /**
   * Applies one event (worker). A finished event is skipped, so a job that runs twice (a worker
   * killed after the commit, a sweep racing the first enqueue) has one effect.
   */
  async process(eventId: string, attempt: { final: boolean }): Promise<{ status: string }> {
    const event = await this.repo.findEvent(eventId);
    if (!event) return { status: 'missing' };
    if (event.status === WebhookEventStatus.Processed || event.status === WebhookEventStatus.Ignored) return { status: event.status };
    const handler = this.handlers.get(event.provider);
    if (!handler) throw new Error(`no handler for provider ${event.provider}`);
    try {
      const prepared = handler.prepare ? await handler.prepare(event, attempt) : undefined;
      const done = await this.repo.transaction(async (tx) => {
        const locked = await this.repo.lockEvent(eventId, tx);
        if (!locked || locked.status === WebhookEventStatus.Processed || locked.status === WebhookEventStatus.Ignored) return { status: locked?.status ?? 'missing' };
        const outcome = await handler.apply(locked, prepared, tx);
        await this.repo.finish(eventId, outcome.status, outcome.leadId, outcome.note, tx);
        return { status: outcome.status, afterCommit: outcome.afterCommit };
      });
      if (done.afterCommit) await done.afterCommit().catch((err: unknown) => this.log.warn({ err, eventId }, 'work after a webhook event failed; its sweep will catch up'));
      return { status: done.status };
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      await this.repo.recordFailure(eventId, why, attempt.final).catch((err: unknown) => this.log.error({ err, eventId }, 'could not record a webhook failure'));
      this.log.warn({ eventId, provider: event.provider, kind: event.kind, final: attempt.final, error: why }, attempt.final ? 'webhook event dead-lettered' : 'webhook event failed; will retry');
      throw e;
    }
  }

  /**
   * A job's events, each applied on its own (its own transaction). If any failed, the job fails
   * after the others are done, so its retry re-runs only those (finished ones are skipped).
   */
  async processEvents(eventIds: string[], attempt: { final: boolean }): Promise<{ processed: number; failed: number }> {
    let failed = 0;
    let first: unknown = null;
    for (const id of eventIds) {
      try {
        await this.process(id, attempt);
      } catch (e) {
        failed++;
        first ??= e;
      }
    }
    if (failed) throw new Error(`${failed} of ${eventIds.length} webhook events failed; first: ${first instanceof Error ? first.message : String(first)}`);
    return { processed: eventIds.length, failed };
  }

  /** Worker job: events stored but never queued (queue down at delivery, API killed before enqueue). */
  async sweep(): Promise<{ enqueued: number }> {
    const ids = await this.repo.findStranded(STRANDED_AFTER_MS, 1000);
    await this.enqueue(ids, 'sweep');
    return { enqueued: ids.length };
  }

  async listEvents(status: WebhookEventStatus, provider: WebhookProvider | undefined, limit: number): Promise<WebhookEventDto[]> {
    return (await this.repo.listByStatus([status], limit, provider)).map(mapEvent);
  }

  /** Admin: dead events get a fresh set of attempts. */
  async reprocess(ids: string[]): Promise<{ requeued: string[] }> {
    const revived = await this.repo.revive(ids);
    if (!revived.length) throw notFound('Dead event');
    await this.jobs.enqueueMany(
      'process-webhook-events',
      chunks(revived, EVENTS_PER_JOB).map((ids) => ({ payload: { eventIds: ids }, opts: { ...this.jobOptions(), jobId: `r${Date.now()}-${ids[0]}` } })),
    );
    return { requeued: revived };
  }

  async status(): Promise<IntegrationStatusDto[]> {
    const env = this.config.env;
    const [rows, refused] = await Promise.all([this.repo.providerStatus(), rejectionCounts()]);
    const configured: Record<string, boolean> = {
      [WebhookProvider.LeadAds]: Boolean(env.META_APP_SECRET && env.META_VERIFY_TOKEN && env.META_PAGE_ACCESS_TOKEN),
      [WebhookProvider.WhatsApp]: Boolean(env.META_APP_SECRET && env.META_VERIFY_TOKEN),
      [WebhookProvider.Email]: Boolean(env.INBOUND_MAIL_SECRET),
    };
    for (const r of rows) if (r.provider === String(WebhookProvider.Partner) || r.provider === String(WebhookProvider.Web)) configured[r.provider] = r.hasSource;
    return rows.map((r) => ({
      provider: r.provider as WebhookProvider,
      configured: configured[r.provider] ?? false,
      lastDeliveryAt: r.lastDeliveryAt?.toISOString() ?? null,
      deliveries24h: r.deliveries24h,
      waiting: r.waiting,
      failing: r.failed,
      dead: r.dead,
      refusedSinceStart: Object.values(refused[r.provider] ?? {}).reduce((a, b) => a + b, 0),
    }));
  }

  async onApplicationShutdown(): Promise<void> {
    this.flush();
    await this.flushing;
  }

  private queueSoon(ids: string[]): void {
    this.pending.push(...ids);
    if (this.pending.length >= EVENTS_PER_JOB * 4) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), ENQUEUE_LINGER_MS);
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (!this.pending.length) return;
    const ids = this.pending;
    this.pending = [];
    this.flushing = this.flushing.then(() => this.enqueue(ids, 'new'));
  }

  private jobOptions() {
    return { attempts: this.config.env.WEBHOOK_ATTEMPTS, backoff: { type: 'exponential' as const, delay: this.config.env.WEBHOOK_BACKOFF_MS } };
  }

  private async enqueue(ids: string[], why: 'new' | 'sweep'): Promise<void> {
    try {
      // The first event's id is the job's id: the sweep re-adding the same events is one job. A
      // sweep that groups them differently runs an event twice at worst, which is harmless.
      await this.jobs.enqueueMany('process-webhook-events', chunks(ids, EVENTS_PER_JOB).map((part) => ({ payload: { eventIds: part }, opts: { ...this.jobOptions(), jobId: part[0] } })));
    } catch {
      this.log.warn({ events: ids.length, why }, 'webhook events stored but not queued; the sweep will pick them up');
    }
  }
}
