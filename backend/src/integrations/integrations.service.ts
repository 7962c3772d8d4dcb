import { AuditTrail } from '../core/audit/audit-trail';
import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AuthUser } from '../core/auth/auth-user';
import { AppConfig } from '../core/config/app-config';
import { PgNotifications } from '../core/database/pg-notifications';
import { DomainError, notFound } from '../core/http/domain-error';
import { JobQueue } from '../core/queue/job-queue';
import { DeliveryStatus } from './integration-delivery.entity';
import { IntegrationSubscriptionEntity } from './integration-subscription.entity';
import {
  CreatedSubscriptionDto,
  CreateSubscriptionDto,
  DeliveryAttemptDto,
  DeliveryDto,
  eventIdOf,
  ListDeliveriesQueryDto,
  mapAttempt,
  mapDelivery,
  mapSubscription,
  ResendAcceptedDto,
  SubscriptionDto,
  UpdateSubscriptionDto,
} from './integrations.dto';
import { ClaimedDelivery, IntegrationsRepository } from './integrations.repository';
import { urlProblem } from './url-guard';
import { WebhookOutcome, WebhookSender } from './webhook-sender';

/** Events fanned out per round trip. */
const FAN_OUT_BATCH = 500;
/** Events whose every delivery was received are kept this long (the admin's log), then removed. */
const KEEP_DELIVERED_DAYS = 30;
/** A sender holds a delivery this long past its timeout before another worker may take it over. */
const LEASE_MARGIN_MS = 30_000;
/** The channel the outbox's statement trigger notifies at commit (see the migration). */
export const INTEGRATION_EVENTS_CHANNEL = 'integration_events';

export interface DeliverResult {
  delivered: boolean;
  skipped?: boolean;
}

/**
 * Outbound webhooks to integrators: subscriptions (admins only), the fan-out of outbox events into
 * one delivery per (event, subscription), and sending each with Standard Webhooks signatures,
 * retries, a log of every attempt and turning off a subscription that keeps failing.
 */
@Injectable()
export class IntegrationsService {
  private readonly logger = new Logger(IntegrationsService.name);
  private fanning: Promise<void> | null = null;
  private fanAgain = false;

  constructor(
    private readonly repo: IntegrationsRepository,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    private readonly notifications: PgNotifications,
    private readonly sender: WebhookSender,
    private readonly audit: AuditTrail,
  ) {}

  async list(): Promise<SubscriptionDto[]> {
    return (await this.repo.listSubscriptions()).map(mapSubscription);
  }

  async get(id: string): Promise<SubscriptionDto> {
    const found = (await this.repo.listSubscriptions()).find((s) => s.id === id);
    if (!found) throw notFound('Subscription');
    return mapSubscription(found);
  }

  /** A new subscription; its signing secret is in this answer and never again. A private URL is a 400 unless allowed. */
  async create(dto: CreateSubscriptionDto, user: AuthUser): Promise<CreatedSubscriptionDto> {
    const allowPrivate = dto.allowPrivate ?? false;
    await this.assertUrl(dto.url, allowPrivate);
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const saved = await this.repo.insertSubscription({ name: dto.name.trim(), url: dto.url.trim(), events: dto.events, secret, allowPrivate, createdBy: user.id });
    await this.audit.record({ action: 'integration.created', actorId: user.id, apiKeyId: user.apiKeyId, targetType: 'subscription', targetId: saved.id, changes: { name: dto.name.trim(), url: dto.url.trim(), events: dto.events, allowPrivate } });
    return { ...(await this.get(saved.id)), secret };
  }

  async update(id: string, dto: UpdateSubscriptionDto, user: AuthUser): Promise<SubscriptionDto> {
    const current = await this.repo.findSubscription(id);
    if (!current) throw notFound('Subscription');
    const url = dto.url?.trim() ?? current.url;
    const allowPrivate = dto.allowPrivate ?? current.allowPrivate;
    if (url !== current.url || allowPrivate !== current.allowPrivate) await this.assertUrl(url, allowPrivate);
    const changes: Partial<IntegrationSubscriptionEntity> = { url, allowPrivate };
    if (dto.name !== undefined) changes.name = dto.name.trim();
    if (dto.events !== undefined) changes.events = dto.events;
    const turnedOn = dto.enabled === true && !current.enabled;
    if (dto.enabled !== undefined) {
      changes.enabled = dto.enabled;
      // On again: a fresh start. Off by hand: no system notice.
      Object.assign(changes, { consecutiveFailures: 0, failingSince: null, disabledAt: null, disabledReason: null });
    }
    await this.repo.updateSubscription(id, changes);
    const diff: Record<string, unknown> = {};
    for (const k of ['name', 'url', 'events', 'enabled', 'allowPrivate'] as const) {
      if (k in changes && JSON.stringify(changes[k]) !== JSON.stringify(current[k])) diff[k] = { from: current[k], to: changes[k] };
    }
    await this.audit.record({ action: 'integration.updated', actorId: user.id, apiKeyId: user.apiKeyId, targetType: 'subscription', targetId: id, changes: diff });
    // Their first job may still be kept by the queue under the plain id: these get ids of their own.
    if (turnedOn) await this.enqueueDeliveries(await this.repo.resumePaused(id), `-resumed-${Date.now()}`);
    return this.get(id);
  }

  async remove(id: string, user: AuthUser): Promise<void> {
    if (!(await this.repo.deleteSubscription(id))) throw notFound('Subscription');
    await this.audit.record({ action: 'integration.deleted', actorId: user.id, apiKeyId: user.apiKeyId, targetType: 'subscription', targetId: id });
  }

  async deliveries(subscriptionId: string, query: ListDeliveriesQueryDto): Promise<DeliveryDto[]> {
    if (!(await this.repo.findSubscription(subscriptionId))) throw notFound('Subscription');
    return (await this.repo.listDeliveries(subscriptionId, query.status, query.limit ?? 100)).map(mapDelivery);
  }

  async attempts(deliveryId: string): Promise<DeliveryAttemptDto[]> {
    if (!(await this.repo.findDelivery(deliveryId))) throw notFound('Delivery');
    return (await this.repo.listAttempts(deliveryId)).map(mapAttempt);
  }

  /** An admin sends a delivery again (whatever its status; even to a subscription that is off): one attempt, logged as manual. */
  async resend(deliveryId: string): Promise<ResendAcceptedDto> {
    const d = await this.repo.findDelivery(deliveryId);
    if (!d) throw notFound('Delivery');
    if (d.status === DeliveryStatus.Sending && d.leaseUntil && d.leaseUntil > new Date()) {
      throw new DomainError('conflict', 'delivery_in_progress', 'This delivery is being sent right now; look at its attempts in a moment');
    }
    await this.jobs.enqueue('deliver-integration-webhook', { deliveryId, manual: true }, { jobId: `dlv-${deliveryId}-manual-${Date.now()}`, attempts: 1 });
    return { queued: true };
  }

  /** Workers: fan out as soon as an outbox write commits (and after a missed notification). */
  startFanOut(): void {
    this.notifications.listen(INTEGRATION_EVENTS_CHANNEL, { onMessage: () => this.fanOutSoon(), onGap: () => this.fanOutSoon() });
  }

  /** One fan-out at a time per process; a notification meanwhile makes it go round once more. */
  fanOutSoon(): void {
    if (this.fanning) {
      this.fanAgain = true;
      return;
    }
    this.fanning = (async () => {
      do {
        this.fanAgain = false;
        try {
          await this.fanOut();
        } catch (err) {
          this.logger.warn({ err }, 'fan-out of integration events failed; the sweep tries again');
        }
      } while (this.fanAgain);
      this.fanning = null;
    })();
  }

  /** New outbox events → one delivery per (event, subscription) → one job per event for their first attempts (a stored, pending delivery whose job was never queued is the sweep's). */
  async fanOut(): Promise<number> {
    let total = 0;
    for (;;) {
      const { events, deliveries } = await this.repo.fanOut(FAN_OUT_BATCH);
      total += deliveries.length;
      const byEvent = new Map<string, string[]>();
      for (const d of deliveries) byEvent.set(d.eventId, [...(byEvent.get(d.eventId) ?? []), d.id]);
      try {
        await this.jobs.enqueueMany('deliver-integration-event', [...byEvent].map(([eventId, deliveryIds]) => ({ payload: { deliveryIds }, opts: { jobId: `evt-${eventId}`, attempts: 3 } })));
      } catch {
        // The deliveries are stored as pending: the sweep enqueues them a minute from now.
        this.logger.warn(`${deliveries.length} webhook deliveries left for the sweep`);
      }
      if (events < FAN_OUT_BATCH) return total;
    }
  }

  /**
   * First attempts of one event's deliveries, side by side (at most INTEGRATION_WEBHOOKS_CONCURRENCY
   * at once), in one job: one queue round trip for all the event's subscribers. Each failure goes on
   * as its own job, retried with the same backoff as if it had started there; a slow receiver only
   * holds this job, never another subscriber's delivery. Run again (a worker died), it skips what was
   * delivered or is being sent.
   */
  async deliverEvent(deliveryIds: string[]): Promise<{ delivered: number; retrying: number }> {
    const env = this.config.env;
    const lastAttempt = env.INTEGRATION_WEBHOOKS_ATTEMPTS <= 1;
    let delivered = 0;
    let retrying = 0;
    // One statement claims them all (20 claims at once would queue for the pool's connections).
    // The lease covers the wait of the last one: at most one timeout per round of the pool before it.
    const rounds = Math.ceil(deliveryIds.length / env.INTEGRATION_WEBHOOKS_CONCURRENCY);
    const claimed = await this.repo.claimMany(deliveryIds, false, rounds * env.INTEGRATION_WEBHOOKS_TIMEOUT_MS + LEASE_MARGIN_MS);
    const claimedIds = new Set(claimed.map((c) => c.id));
    for (const id of deliveryIds) if (!claimedIds.has(id)) await this.repo.pauseIfDisabled(id);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(claimed.length, env.INTEGRATION_WEBHOOKS_CONCURRENCY) }, async () => {
        while (next < claimed.length) {
          const c = claimed[next++];
          const id = c.id;
          const result = await this.send(c, false, lastAttempt);
          if (result.delivered) delivered++;
          else if (result.failed && !lastAttempt) {
            retrying++;
            // Attempt 2 after one backoff, then doubling: the schedule of a job that began with attempt 1.
            await this.jobs.enqueueOrDefer('deliver-integration-webhook', { deliveryId: id }, {
              jobId: `dlv-${id}`,
              delay: env.INTEGRATION_WEBHOOKS_BACKOFF_MS,
              attempts: env.INTEGRATION_WEBHOOKS_ATTEMPTS - 1,
              backoff: { type: 'exponential', delay: env.INTEGRATION_WEBHOOKS_BACKOFF_MS * 2 },
            });
          }
        }
      }),
    );
    return { delivered, retrying };
  }

  /** Every 30 s: events never fanned out, deliveries that fell out of the queue, and old delivered events. */
  async sweep(): Promise<{ fannedOut: number; requeued: number; removed: number }> {
    const env = this.config.env;
    const fannedOut = await this.fanOut();
    // The longest wait between two attempts is the last backoff; a retry overdue by 10 minutes more was lost by the queue.
    const longestBackoffMs = env.INTEGRATION_WEBHOOKS_BACKOFF_MS * 2 ** Math.max(0, env.INTEGRATION_WEBHOOKS_ATTEMPTS - 2);
    const stranded = await this.repo.findStranded(longestBackoffMs + 10 * 60_000, 1000);
    for (const id of stranded) await this.jobs.enqueueOrDefer('deliver-integration-webhook', { deliveryId: id }, this.jobOptions(`dlv-${id}-sweep-${Date.now()}`));
    const removed = await this.repo.deleteDeliveredOlderThan(KEEP_DELIVERED_DAYS, 1000);
    return { fannedOut, requeued: stranded.length, removed };
  }

  /**
   * Sends one delivery (a worker's job). Claimed first, so no two workers send it at once and one
   * answered 2xx is never sent again automatically. A failure throws, so the queue retries with
   * backoff; the last attempt marks it failed.
   */
  async deliver(deliveryId: string, manual: boolean, lastAttempt: boolean): Promise<DeliverResult> {
    const result = await this.attempt(deliveryId, manual, lastAttempt);
    if (result.failed && !manual && !lastAttempt) throw new Error(result.error ?? 'delivery failed');
    return result.skipped ? { delivered: false, skipped: true } : { delivered: result.delivered };
  }

  /** One attempt: claim, sign, send, record. Never throws for the receiver's sake. */
  private async attempt(deliveryId: string, manual: boolean, lastAttempt: boolean): Promise<{ delivered: boolean; skipped?: boolean; failed?: boolean; error?: string | null }> {
    const env = this.config.env;
    const claimed = await this.repo.claim(deliveryId, manual, env.INTEGRATION_WEBHOOKS_TIMEOUT_MS + LEASE_MARGIN_MS);
    if (!claimed) {
      if (!manual) await this.repo.pauseIfDisabled(deliveryId);
      return { delivered: false, skipped: true };
    }
    return this.send(claimed, manual, lastAttempt);
  }

  /** Signs, sends and records a claimed delivery. */
  private async send(claimed: ClaimedDelivery, manual: boolean, lastAttempt: boolean): Promise<{ delivered: boolean; failed: boolean; error: string | null }> {
    const env = this.config.env;
    const outcome = await this.sender.send({
      url: claimed.url,
      secret: claimed.secret,
      messageId: eventIdOf(claimed.eventId),
      body: JSON.stringify({ type: claimed.eventType, timestamp: new Date(claimed.occurredAt).toISOString(), data: claimed.payload }),
      allowPrivate: claimed.allowPrivate || env.INTEGRATION_WEBHOOKS_ALLOW_PRIVATE,
      timeoutMs: env.INTEGRATION_WEBHOOKS_TIMEOUT_MS,
    });
    await this.recordOutcome(claimed, outcome, manual, lastAttempt);
    return { delivered: outcome.ok, failed: !outcome.ok, error: outcome.error };
  }

  private async recordOutcome(claimed: ClaimedDelivery, outcome: WebhookOutcome, manual: boolean, lastAttempt: boolean): Promise<void> {
    const env = this.config.env;
    const status = outcome.ok
      ? DeliveryStatus.Delivered
      : manual
        ? // A failed re-send leaves the delivery as it was (delivered stays delivered; scheduled retries go on).
          ([DeliveryStatus.Delivered, DeliveryStatus.Retrying, DeliveryStatus.Pending, DeliveryStatus.Paused].includes(claimed.previousStatus) ? claimed.previousStatus : DeliveryStatus.Failed)
        : lastAttempt
          ? DeliveryStatus.Failed
          : DeliveryStatus.Retrying;
    if (outcome.ok) return this.repo.recordSuccess(claimed.id, claimed.subscriptionId, { ...outcome, manual });
    // A failure counts towards turning the subscription off: its row is locked while the count moves.
    await this.repo.transaction(async (tx) => {
      await this.repo.recordAttempt(claimed.id, status, { ...outcome, manual }, tx);
      const sub = await this.repo.lockSubscription(claimed.subscriptionId, tx);
      if (!sub) return;
      const failures = sub.consecutiveFailures + 1;
      const since = sub.failingSince ?? new Date();
      const turnOff = sub.enabled && failures >= env.INTEGRATION_WEBHOOKS_DISABLE_AFTER_FAILURES && Date.now() - since.getTime() >= env.INTEGRATION_WEBHOOKS_DISABLE_AFTER_MS;
      const reason = `Turned off after ${failures} failed deliveries in a row; the last: ${outcome.error ?? 'no answer'}`.slice(0, 300);
      await this.repo.updateSubscription(sub.id, { consecutiveFailures: failures, failingSince: since, ...(turnOff ? { enabled: false, disabledAt: new Date(), disabledReason: reason } : {}) }, tx);
      if (turnOff) this.logger.warn({ subscriptionId: sub.id, failures }, 'integration subscription turned off: it kept failing');
    });
  }

  private async enqueueDeliveries(ids: string[], jobIdSuffix = ''): Promise<void> {
    if (!ids.length) return;
    try {
      await this.jobs.enqueueMany(
        'deliver-integration-webhook',
        ids.map((id) => ({ payload: { deliveryId: id }, opts: this.jobOptions(`dlv-${id}${jobIdSuffix}`) })),
      );
    } catch {
      // The deliveries are stored as pending: the sweep enqueues them a minute from now.
      this.logger.warn(`${ids.length} webhook deliveries left for the sweep`);
    }
  }

  private jobOptions(jobId: string) {
    const env = this.config.env;
    return { jobId, attempts: env.INTEGRATION_WEBHOOKS_ATTEMPTS, backoff: { type: 'exponential' as const, delay: env.INTEGRATION_WEBHOOKS_BACKOFF_MS } };
  }

  private async assertUrl(url: string, allowPrivate: boolean): Promise<void> {
    const problem = await urlProblem(url, allowPrivate || this.config.env.INTEGRATION_WEBHOOKS_ALLOW_PRIVATE);
    if (problem) throw new DomainError('invalid', problem.code, problem.message, [{ field: 'url', errors: [problem.message] }]);
  }
}
