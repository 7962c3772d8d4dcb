import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SqlBatch } from '../core/database/sql-batch';
import { IntegrationEventsRepository } from './integration-events.repository';
import { DeliveryStatus, IntegrationDeliveryAttemptEntity, IntegrationDeliveryEntity } from './integration-delivery.entity';
import { IntegrationSubscriptionEntity } from './integration-subscription.entity';

export interface SubscriptionRow extends IntegrationSubscriptionEntity {
  delivered24h: number;
  failing: number;
}

export interface DeliveryRow extends IntegrationDeliveryEntity {
  eventType: string;
  occurredAt: Date;
}

/** A delivery a worker has claimed, with all it needs to send. */
export interface ClaimedDelivery {
  id: string;
  /** The delivery's status before this claim. */
  previousStatus: DeliveryStatus;
  attempts: number;
  subscriptionId: string;
  url: string;
  secret: string;
  allowPrivate: boolean;
  eventId: string;
  eventType: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

export interface AttemptRecord {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  responseExcerpt: string | null;
  manual: boolean;
}

/** The only code that touches the integrations feature's tables; writes to `integration_events` go through IntegrationEventsRepository, their one writer. */
@Injectable()
export class IntegrationsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: IntegrationEventsRepository,
  ) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async listSubscriptions(): Promise<SubscriptionRow[]> {
    const { entities, raw } = await this.db
      .getRepository(IntegrationSubscriptionEntity)
      .createQueryBuilder('s')
      .addSelect(`(SELECT count(*) FROM integration_deliveries d WHERE d.subscription_id = s.id AND d.status = 'delivered' AND d.delivered_at > now() - interval '24 hours')::int`, 'delivered_24h')
      .addSelect(`(SELECT count(*) FROM integration_deliveries d WHERE d.subscription_id = s.id AND d.status IN ('retrying', 'failed'))::int`, 'failing')
      .orderBy('s.created_at', 'ASC')
      .getRawAndEntities();
    const extra = new Map((raw as { s_id: string; delivered_24h: number; failing: number }[]).map((r) => [r.s_id, r]));
    return entities.map((e) => Object.assign(e, { delivered24h: extra.get(e.id)?.delivered_24h ?? 0, failing: extra.get(e.id)?.failing ?? 0 }));
  }

  findSubscription(id: string, tx: EntityManager = this.db.manager): Promise<IntegrationSubscriptionEntity | null> {
    return tx.getRepository(IntegrationSubscriptionEntity).findOne({ where: { id } });
  }

  /** The subscription, locked until the transaction ends. */
  lockSubscription(id: string, tx: EntityManager): Promise<IntegrationSubscriptionEntity | null> {
    return tx.getRepository(IntegrationSubscriptionEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  insertSubscription(s: Partial<IntegrationSubscriptionEntity>): Promise<IntegrationSubscriptionEntity> {
    const repo = this.db.getRepository(IntegrationSubscriptionEntity);
    return repo.save(repo.create(s));
  }

  async updateSubscription(id: string, changes: Partial<IntegrationSubscriptionEntity>, tx: EntityManager = this.db.manager): Promise<void> {
    if (Object.keys(changes).length) await tx.getRepository(IntegrationSubscriptionEntity).update({ id }, changes);
  }

  async deleteSubscription(id: string): Promise<boolean> {
    const res = await this.db.getRepository(IntegrationSubscriptionEntity).delete({ id });
    return (res.affected ?? 0) > 0;
  }

  /**
   * Turns up to `limit` new events into deliveries, one per (event, subscription that wants its
   * type), and marks them fanned out; events locked by another worker are skipped. Returns the new
   * deliveries' ids. The unique pair makes a second fan-out of the same event a no-op.
   */
  async fanOut(limit: number): Promise<{ events: number; deliveries: { id: string; eventId: string }[] }> {
    const batch = new SqlBatch();
    const ev = this.events.takeForFanOutTo(batch, limit);
    const ins = batch.add(
      () => `INSERT INTO integration_deliveries (event_id, subscription_id)
         SELECT ev.id, s.id FROM ${ev} ev JOIN integration_subscriptions s ON s.enabled AND ev.type = ANY(s.events)
         ON CONFLICT (event_id, subscription_id) DO NOTHING
         RETURNING id, event_id`,
    );
    const [row] = await batch.select<{ events: number; deliveries: { id: string; eventId: string }[] }>(
      this.db.manager,
      `SELECT (SELECT count(*) FROM ${ev})::int AS events, coalesce((SELECT json_agg(json_build_object('id', id, 'eventId', event_id)) FROM ${ins}), '[]'::json) AS deliveries`,
    );
    return { events: row.events, deliveries: row.deliveries };
  }

  /**
   * Claims a delivery for sending until `leaseMs` from now: nobody else sends it meanwhile. An
   * automatic attempt takes only an undelivered one of an enabled subscription; a manual one
   * (an admin's re-send) any that is not being sent right now. Null when not claimable.
   */
  async claim(id: string, manual: boolean, leaseMs: number): Promise<ClaimedDelivery | null> {
    return (await this.claimMany([id], manual, leaseMs))[0] ?? null;
  }

  /** `claim` for several deliveries in one statement (an event's first attempts); those not claimable are left out. */
  async claimMany(ids: string[], manual: boolean, leaseMs: number): Promise<ClaimedDelivery[]> {
    const [rows] = await this.db.query<[ClaimedDelivery[], number]>(
      `UPDATE integration_deliveries d
          SET status = 'sending', attempts = d.attempts + 1, lease_until = now() + make_interval(secs => $2::int / 1000.0), updated_at = now()
         FROM integration_subscriptions s, integration_events e, (SELECT id, status FROM integration_deliveries WHERE id = ANY($1::uuid[])) old
        WHERE d.id = old.id AND s.id = d.subscription_id AND e.id = d.event_id
          AND (d.status <> 'sending' OR d.lease_until < now())
          AND ($3::boolean OR (d.status IN ('pending', 'retrying', 'sending') AND s.enabled))
        RETURNING d.id, old.status AS "previousStatus", d.attempts, s.id AS "subscriptionId", s.url, s.secret, s.allow_private AS "allowPrivate",
                  e.id AS "eventId", e.type AS "eventType", e.payload, e.occurred_at AS "occurredAt"`,
      [ids, leaseMs, manual],
    );
    return rows;
  }

  /** An undelivered delivery whose subscription is off waits as paused. */
  async pauseIfDisabled(id: string): Promise<void> {
    await this.db.query(
      `UPDATE integration_deliveries d SET status = 'paused', lease_until = NULL, updated_at = now()
         FROM integration_subscriptions s
        WHERE d.id = $1 AND s.id = d.subscription_id AND NOT s.enabled AND d.status IN ('pending', 'retrying', 'sending')`,
      [id],
    );
  }

  /** The attempt's outcome on the delivery, and its line in the log. */
  async recordAttempt(deliveryId: string, status: DeliveryStatus, attempt: AttemptRecord, tx: EntityManager): Promise<void> {
    await tx.getRepository(IntegrationDeliveryEntity).update(
      { id: deliveryId },
      { status, leaseUntil: null, lastStatusCode: attempt.statusCode, lastError: attempt.error, ...(attempt.ok ? { deliveredAt: new Date() } : {}) },
    );
    await tx.getRepository(IntegrationDeliveryAttemptEntity).insert({ deliveryId, ...attempt });
  }

  /**
   * A 2xx: the delivery is done, the attempt logged and the subscription's row of failures (if any)
   * ended, in one statement (the hot path of every fan-out).
   */
  async recordSuccess(deliveryId: string, subscriptionId: string, attempt: AttemptRecord): Promise<void> {
    await this.db.query(
      `WITH d AS (
         UPDATE integration_deliveries SET status = 'delivered', lease_until = NULL, last_status_code = $2, last_error = NULL, delivered_at = now(), updated_at = now() WHERE id = $1
       ), a AS (
         INSERT INTO integration_delivery_attempts (delivery_id, ok, status_code, error, latency_ms, response_excerpt, manual) VALUES ($1, true, $2, NULL, $3, $4, $5)
       ), s AS (
         UPDATE integration_subscriptions SET consecutive_failures = 0, failing_since = NULL WHERE id = $6 AND (consecutive_failures > 0 OR failing_since IS NOT NULL)
       )
       SELECT 1`,
      [deliveryId, attempt.statusCode, attempt.latencyMs, attempt.responseExcerpt, attempt.manual, subscriptionId],
    );
  }

  findDelivery(id: string): Promise<IntegrationDeliveryEntity | null> {
    return this.db.getRepository(IntegrationDeliveryEntity).findOne({ where: { id } });
  }

  /** A subscription's deliveries, newest first, with their event's type and time. */
  async listDeliveries(subscriptionId: string, status: DeliveryStatus | undefined, limit: number): Promise<DeliveryRow[]> {
    const qb = this.db
      .getRepository(IntegrationDeliveryEntity)
      .createQueryBuilder('d')
      .innerJoin('integration_events', 'e', 'e.id = d.event_id')
      .addSelect('e.type', 'event_type')
      .addSelect('e.occurred_at', 'occurred_at')
      .where('d.subscription_id = :subscriptionId', { subscriptionId })
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(limit);
    if (status) qb.andWhere('d.status = :status', { status });
    const { entities, raw } = await qb.getRawAndEntities();
    const extra = new Map((raw as { d_id: string; event_type: string; occurred_at: Date }[]).map((r) => [r.d_id, r]));
    return entities.map((e) => Object.assign(e, { eventType: extra.get(e.id)?.event_type ?? '', occurredAt: extra.get(e.id)?.occurred_at ?? e.createdAt }));
  }

  listAttempts(deliveryId: string): Promise<IntegrationDeliveryAttemptEntity[]> {
    return this.db.getRepository(IntegrationDeliveryAttemptEntity).find({ where: { deliveryId }, order: { attemptedAt: 'DESC' }, take: 100 });
  }

  /** Paused deliveries of a subscription that was turned back on: pending again. */
  async resumePaused(subscriptionId: string): Promise<string[]> {
    const rows = await this.db.query<[{ id: string }[], number]>(
      `UPDATE integration_deliveries SET status = 'pending', updated_at = now() WHERE subscription_id = $1 AND status = 'paused' RETURNING id`,
      [subscriptionId],
    );
    return rows[0].map((r) => r.id);
  }

  /**
   * Deliveries that fell out of the queue: never attempted a minute after they were made (the
   * enqueue failed), held by a sender that died (lease over), or waiting for a retry longer than
   * any backoff lasts (`retryOverdueMs`: the queue lost the delayed job).
   */
  async findStranded(retryOverdueMs: number, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT id FROM integration_deliveries
        WHERE (status = 'pending' AND updated_at < now() - interval '1 minute')
           OR (status = 'sending' AND lease_until < now())
           OR (status = 'retrying' AND updated_at < now() - make_interval(secs => $1::bigint / 1000.0))
        ORDER BY updated_at LIMIT $2`,
      [retryOverdueMs, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Old events whose every delivery was received, with their deliveries (the events' writer removes them). */
  deleteDeliveredOlderThan(days: number, limit: number): Promise<number> {
    return this.events.deleteDeliveredOlderThan(days, limit);
  }

}
