import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { poolOf, preparedQuery, type Query } from '../core/database/prepared';
import type { InboundEvent } from './meta-payloads';
import { WebhookEventEntity, WebhookEventStatus, WebhookProvider } from './webhook-event.entity';
import { type LeadMergeParticipant, type MovedLeadRows, MovesLeadRows } from '../leads/lead-merge-participant';
import { reassignRows, restoreReassigned } from '../core/database/reassign-rows';

/** The delivery and its events in one statement: both are written, or neither. */
export const INSERT_DELIVERY = `WITH d AS (
    INSERT INTO webhook_deliveries (provider, raw_body, event_count) VALUES ($1, $2, $3) RETURNING id
  )
  INSERT INTO webhook_events (provider, kind, external_id, delivery_id, payload, status, last_error)
  SELECT $1, x.kind, x.external_id, d.id, x.payload, x.status, x.note
    FROM d, ROWS FROM (jsonb_to_recordset($4::jsonb) AS (kind text, external_id text, payload jsonb, status text, note text)) WITH ORDINALITY AS x(kind, external_id, payload, status, note, n)
   ORDER BY x.n
  ON CONFLICT (provider, external_id) DO NOTHING
  RETURNING id, status`;

/** JSON.stringify writes an unpaired surrogate as an escape; jsonb refuses it. */
const LONE_SURROGATE_ESCAPE = /\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f][0-9a-f]{2})|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/gi;

/** The parameters of INSERT_DELIVERY (shared with the benchmark's bare baseline). */
export function insertDeliveryParams(provider: WebhookProvider, raw: Buffer, events: InboundEvent[]): unknown[] {
  const rows = JSON.stringify(events.map((e) => ({ kind: e.kind, external_id: e.externalId, payload: e.payload, status: e.status, note: e.note })))
    .replace(/\\u0000/g, '\\ufffd')
    .replace(LONE_SURROGATE_ESCAPE, '\\ufffd');
  return [provider, raw, events.length, rows];
}

export interface ProviderStatusRow {
  provider: string;
  lastDeliveryAt: Date | null;
  deliveries24h: number;
  waiting: number;
  failed: number;
  dead: number;
  /** An enabled admin-defined source exists (partner and web only). */
  hasSource: boolean;
}

/** This feature's rows that belong to a lead: they follow it when it is merged into another (channel events (Lead Ads, WhatsApp) that named the lead). */
const MOVED_ON_MERGE = ['webhook_events'] as const;

/** The only place that talks to the database about the webhook inbox. */
@Injectable()
@MovesLeadRows()
export class WebhooksRepository implements LeadMergeParticipant {
  private readonly query: Query;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.query = preparedQuery(poolOf(db));
  }

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Stores a delivery (its raw bytes) and its events; an event whose provider key is already in
   * the inbox is skipped. Returns the rows that are new. PostgreSQL rejects U+0000 and unpaired
   * surrogates in jsonb, so the per-event copies carry U+FFFD instead; the raw bytes keep the original.
   */
  async insertDelivery(provider: WebhookProvider, raw: Buffer, events: InboundEvent[]): Promise<{ id: string; status: WebhookEventStatus }[]> {
    return this.query<{ id: string; status: WebhookEventStatus }[]>(INSERT_DELIVERY, insertDeliveryParams(provider, raw, events));
  }

  findEvent(id: string): Promise<WebhookEventEntity | null> {
    return this.db.getRepository(WebhookEventEntity).findOne({ where: { id } });
  }

  /** The event, locked until the transaction ends: two workers never apply it at once. */
  lockEvent(id: string, tx: EntityManager): Promise<WebhookEventEntity | null> {
    return tx.getRepository(WebhookEventEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * Holds events from one sender (a WhatsApp number) one at a time until `tx` ends: two messages
   * from a new number applied at once by two workers would otherwise both make a lead.
   */
  async lockSender(key: string, tx: EntityManager): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [key]);
  }

  async finish(id: string, status: WebhookEventStatus.Processed | WebhookEventStatus.Ignored, leadId: string | null, note: string | null, tx: EntityManager): Promise<void> {
    await tx.query(`UPDATE webhook_events SET status = $2, lead_id = $3, last_error = $4, processed_at = now(), attempts = attempts + 1 WHERE id = $1`, [id, status, leadId, note]);
  }

  /** A failed attempt: counted, with why; `dead` once no attempt is left. Never undoes a finished event. */
  async recordFailure(id: string, error: string, dead: boolean): Promise<void> {
    await this.db.query(
      `UPDATE webhook_events SET status = $2, attempts = attempts + 1, last_error = $3 WHERE id = $1 AND status NOT IN ('processed', 'ignored')`,
      [id, dead ? WebhookEventStatus.Dead : WebhookEventStatus.Failed, error.slice(0, 1000)],
    );
  }

  listByStatus(statuses: WebhookEventStatus[], limit: number, provider?: WebhookProvider): Promise<WebhookEventEntity[]> {
    const qb = this.db.getRepository(WebhookEventEntity).createQueryBuilder('e').where('e.status IN (:...statuses)', { statuses });
    if (provider) qb.andWhere('e.provider = :provider', { provider });
    return qb.orderBy('e.received_at', 'DESC').limit(limit).getMany();
  }

  /** Dead events back to `received` for another round of attempts; returns those that were dead. */
  async revive(ids: string[]): Promise<string[]> {
    const rows = await this.query<{ id: string }[]>(`UPDATE webhook_events SET status = 'received', attempts = 0 WHERE id = ANY($1::uuid[]) AND status = 'dead' RETURNING id`, [ids]);
    return rows.map((r) => r.id);
  }

  /** Events stored but never picked up (the enqueue after the 200 failed, or the API died before it). */
  async findStranded(olderThanMs: number, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT id FROM webhook_events WHERE status IN ('received', 'failed') AND received_at < now() - make_interval(secs => $1::double precision / 1000) ORDER BY seq LIMIT $2`,
      [olderThanMs, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Per provider: events waiting for a worker (received or failed and retrying), the age of the
   * oldest of them, and the longest time from receipt to processing among events finished in the
   * last five minutes. Served by idx_webhook_events_status.
   */
  async lag(): Promise<{ provider: string; waiting: number; oldestWaitingSeconds: number; recentLagSeconds: number }[]> {
    const rows = await this.db.query<{ provider: string; waiting: string; oldest: string | null; recent: string | null }[]>(
      `SELECT p.provider,
              (SELECT count(*) FROM webhook_events e WHERE e.provider = p.provider AND e.status IN ('received', 'failed')) AS waiting,
              (SELECT extract(epoch FROM now() - min(received_at)) FROM webhook_events e WHERE e.provider = p.provider AND e.status IN ('received', 'failed')) AS oldest,
              (SELECT extract(epoch FROM max(processed_at - received_at)) FROM webhook_events e
                WHERE e.provider = p.provider AND e.status IN ('processed', 'ignored') AND e.processed_at > now() - interval '5 minutes') AS recent
         FROM unnest($1::text[]) AS p(provider)`,
      [Object.values(WebhookProvider)],
    );
    return rows.map((r) => ({ provider: r.provider, waiting: Number(r.waiting), oldestWaitingSeconds: Number(r.oldest ?? 0), recentLagSeconds: Number(r.recent ?? 0) }));
  }

  async providerStatus(): Promise<ProviderStatusRow[]> {
    const rows = await this.db.query<{ provider: string; last_delivery_at: Date | null; deliveries_24h: string; waiting: string; failed: string; dead: string; has_source: boolean }[]>(
      `SELECT p.provider,
              (SELECT max(received_at) FROM webhook_deliveries d WHERE d.provider = p.provider) AS last_delivery_at,
              (SELECT count(*) FROM webhook_deliveries d WHERE d.provider = p.provider AND d.received_at > now() - interval '24 hours') AS deliveries_24h,
              (SELECT count(*) FROM webhook_events e WHERE e.provider = p.provider AND e.status = 'received') AS waiting,
              (SELECT count(*) FROM webhook_events e WHERE e.provider = p.provider AND e.status = 'failed') AS failed,
              (SELECT count(*) FROM webhook_events e WHERE e.provider = p.provider AND e.status = 'dead') AS dead,
              EXISTS (SELECT 1 FROM inbound_sources s WHERE s.disabled_at IS NULL AND s.kind = CASE p.provider WHEN 'partner' THEN 'signed' WHEN 'web' THEN 'web_form' END) AS has_source
         FROM unnest($1::text[]) AS p(provider)`,
      [Object.values(WebhookProvider)],
    );
    return rows.map((r) => ({ provider: r.provider, lastDeliveryAt: r.last_delivery_at, deliveries24h: Number(r.deliveries_24h), waiting: Number(r.waiting), failed: Number(r.failed), dead: Number(r.dead), hasSource: r.has_source }));
  }

  /** A merge: this lead's channel events (Lead Ads, WhatsApp) that named the lead move to the survivor (LeadMergeParticipant). */
  moveToSurvivor(tx: EntityManager, fromLeadId: string, toLeadId: string): Promise<MovedLeadRows> {
    return reassignRows(tx, MOVED_ON_MERGE, 'lead_id', fromLeadId, toLeadId);
  }

  /** Its undo: the rows moved go back; what the survivor got since stays. */
  restore(tx: EntityManager, moved: MovedLeadRows, survivorId: string, restoredId: string): Promise<void> {
    return restoreReassigned(tx, MOVED_ON_MERGE, 'lead_id', moved, survivorId, restoredId);
  }
}
