import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { OutboxMessageEntity, OutboxStatus } from './outbox.entity';
import { type LeadMergeParticipant, type MovedLeadRows, MovesLeadRows } from '../leads/lead-merge-participant';
import { reassignRows, restoreReassigned } from '../core/database/reassign-rows';

/** What the send-policy gate reads about a lead (one statement, inside the caller's transaction). */
export interface LeadSendContext {
  leadId: string;
  name: string;
  assigneeId: string | null;
  optedOutAt: Date | null;
  timezone: string;
  whatsappId: string | null;
  phoneE164: string | null;
  email: string | null;
  /** The lead's last message on WhatsApp (opens the 24-hour window). */
  lastWhatsAppInboundAt: Date | null;
  /** The lead's last message on any channel. */
  lastInboundAt: Date | null;
  /** Unprompted automated messages queued or sent to this lead in the last 24 hours. */
  automatedLastDay: number;
}

/** This feature's rows that belong to a lead: they follow it when it is merged into another (messages waiting to go out or sent). */
const MOVED_ON_MERGE = ['outbox_messages'] as const;

/** The outbox (outbox_messages) and the reads the gate needs. The only SQL of the messaging module. */
@Injectable()
@MovesLeadRows()
export class MessagingRepository implements LeadMergeParticipant {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async leadContext(leadId: string, tx: EntityManager): Promise<LeadSendContext | null> {
    const rows = await tx.query<Record<string, unknown>[]>(
      `SELECT l.id, c.name, l.assignee_id, c.opted_out_at, c.timezone, c.whatsapp_id, c.phone_e164, c.email,
              (SELECT max(m.created_at) FROM messages m JOIN sessions s ON s.id = m.session_id WHERE m.lead_id = l.id AND m.role = 'lead' AND s.channel = 'whatsapp') AS last_wa,
              (SELECT max(m.created_at) FROM messages m WHERE m.lead_id = l.id AND m.role = 'lead') AS last_in,
              (SELECT count(*) FROM outbox_messages o WHERE o.lead_id = l.id AND o.origin = 'system' AND o.created_at > now() - interval '24 hours' AND o.status <> 'failed')::int AS automated
         FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE l.id = $1 FOR UPDATE OF l`,
      [leadId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      leadId: String(r.id),
      name: String(r.name),
      assigneeId: (r.assignee_id as string | null) ?? null,
      optedOutAt: (r.opted_out_at as Date | null) ?? null,
      timezone: typeof r.timezone === 'string' && r.timezone ? r.timezone : 'UTC',
      whatsappId: (r.whatsapp_id as string | null) ?? null,
      phoneE164: (r.phone_e164 as string | null) ?? null,
      email: (r.email as string | null) ?? null,
      lastWhatsAppInboundAt: (r.last_wa as Date | null) ?? null,
      lastInboundAt: (r.last_in as Date | null) ?? null,
      automatedLastDay: Number(r.automated ?? 0),
    };
  }

  /** When the lead last wrote on WhatsApp (the 24-hour window runs from there). */
  async lastWhatsAppInbound(leadId: string): Promise<Date | null> {
    const rows = await this.db.query<{ at: Date | null }[]>(
      `SELECT max(m.created_at) AS at FROM messages m JOIN sessions s ON s.id = m.session_id WHERE m.lead_id = $1 AND m.role = 'lead' AND s.channel = 'whatsapp'`,
      [leadId],
    );
    return rows[0]?.at ?? null;
  }

  /** Inserts outbox rows; a key already queued is kept as it was (the same message is never queued twice). Returns the ids inserted. */
  async insert(rows: Omit<Partial<OutboxMessageEntity>, 'lead'>[], tx: EntityManager): Promise<string[]> {
    if (!rows.length) return [];
    const res = await tx.createQueryBuilder().insert().into(OutboxMessageEntity).values(rows as QueryDeepPartialEntity<OutboxMessageEntity>[]).orIgnore().returning(['id']).execute();
    return (res.raw as { id: string }[]).map((r) => r.id);
  }

  find(id: string, tx: EntityManager = this.db.manager): Promise<OutboxMessageEntity | null> {
    return tx.getRepository(OutboxMessageEntity).findOne({ where: { id } });
  }

  findByKey(key: string, tx: EntityManager = this.db.manager): Promise<OutboxMessageEntity | null> {
    return tx.getRepository(OutboxMessageEntity).findOne({ where: { idempotencyKey: key } });
  }

  findByExternalId(externalId: string, tx: EntityManager): Promise<OutboxMessageEntity | null> {
    return tx.getRepository(OutboxMessageEntity).findOne({ where: { externalId } });
  }

  listForLead(leadId: string, limit = 200): Promise<OutboxMessageEntity[]> {
    return this.db.getRepository(OutboxMessageEntity).find({ where: { leadId }, order: { createdAt: 'DESC' }, take: limit });
  }

  /**
   * Claims a due row for sending: queued, or `sending` whose earlier attempt is in doubt and has
   * waited `inDoubtMs` for Meta's status. Returns the row as it was before the claim (its status
   * says whether this attempt follows one that may have reached Graph), or null if not due.
   */
  /** Runs an UPDATE … RETURNING and gives its rows (the driver answers UPDATE with [rows, count]). */
  private async updated<T>(tx: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
    const res = (await tx.query(sql, params)) as unknown;
    if (Array.isArray(res) && res.length === 2 && Array.isArray(res[0]) && typeof res[1] === 'number') return res[0] as T[];
    return res as T[];
  }

  async claim(id: string, inDoubtMs: number): Promise<{ row: OutboxMessageEntity; inDoubt: boolean } | null> {
    const rows = await this.updated<{ prev: string; id: string }>(
      this.db.manager,
      `UPDATE outbox_messages o SET status = 'sending', attempts = o.attempts + 1, claimed_at = now(), updated_at = now()
         FROM (SELECT id, status AS prev FROM outbox_messages WHERE id = $1 FOR UPDATE) p
        WHERE o.id = p.id AND o.external_id IS NULL
          AND ((o.status = 'queued' AND (o.not_before IS NULL OR o.not_before <= now()))
            OR (o.status = 'sending' AND o.claimed_at <= now() - make_interval(secs => $2::double precision / 1000)))
        RETURNING o.id, p.prev`,
      [id, inDoubtMs],
    );
    if (!rows.length) return null;
    const row = await this.find(id);
    return row ? { row, inDoubt: rows[0].prev === String(OutboxStatus.Sending) } : null;
  }

  /** Stores the channel's id: the row is sent. Only the first id counts. */
  async markSent(id: string, externalId: string, tx: EntityManager): Promise<boolean> {
    const res = await this.updated(
      tx,
      `UPDATE outbox_messages SET status = 'sent', external_id = $2, sent_at = now(), error_code = NULL, error_title = NULL, updated_at = now() WHERE id = $1 AND external_id IS NULL RETURNING id`,
      [id, externalId],
    );
    return res.length > 0;
  }

  async markFailed(id: string, code: string, title: string, tx: EntityManager): Promise<void> {
    await tx.query(`UPDATE outbox_messages SET status = 'failed', error_code = $2, error_title = $3, updated_at = now() WHERE id = $1 AND status <> 'sent'`, [id, code, title]);
  }

  /** A failed attempt that will be retried: back to queued, the error kept for admins to see. */
  async requeue(id: string, code: string, title: string): Promise<void> {
    await this.db.query(`UPDATE outbox_messages SET status = 'queued', error_code = $2, error_title = $3, updated_at = now() WHERE id = $1 AND status = 'sending'`, [id, code, title]);
  }

  /** A status for a failed send after Graph accepted it (the webhook): the row becomes failed. Returns it if it changed. */
  async failSent(externalId: string, code: string, title: string, tx: EntityManager): Promise<OutboxMessageEntity | null> {
    const rows = await this.updated<{ id: string }>(
      tx,
      `UPDATE outbox_messages SET status = 'failed', error_code = $2, error_title = $3, updated_at = now() WHERE external_id = $1 AND status <> 'failed' RETURNING id`,
      [externalId, code, title],
    );
    return rows.length ? this.find(rows[0].id, tx) : null;
  }

  /** Rows due and not in a queue (the queue was down at commit, or a hold ended), and in-doubt sends whose wait is over. */
  async due(inDoubtMs: number, limit = 500): Promise<{ id: string }[]> {
    return this.db.query(
      `SELECT id FROM outbox_messages
        WHERE external_id IS NULL AND ((status = 'queued' AND coalesce(not_before, created_at) <= now() - interval '10 seconds')
           OR (status = 'sending' AND claimed_at <= now() - make_interval(secs => $1::double precision / 1000)))
        ORDER BY created_at LIMIT $2`,
      [inDoubtMs, limit],
    );
  }

  /** The zero-setup email sender kept the mail (no SMTP_URL): it is done, with its Message-ID, and never sent. */
  async markKept(id: string, externalId: string): Promise<boolean> {
    const res = await this.updated(
      this.db.manager,
      `UPDATE outbox_messages SET status = 'kept', external_id = $2, error_code = NULL, error_title = NULL, updated_at = now() WHERE id = $1 AND external_id IS NULL RETURNING id`,
      [id, externalId],
    );
    return res.length > 0;
  }

  /** The lead's latest email to us: what a reply by email answers (subject and thread headers). */
  async lastInboundEmail(leadId: string, tx: EntityManager = this.db.manager): Promise<{ messageId: string; subject: string; references: string[] } | null> {
    const rows = await tx.query<{ external_id: string; data: Record<string, unknown> | null }[]>(
      `SELECT m.external_id, m.data FROM messages m JOIN sessions s ON s.id = m.session_id
        WHERE m.lead_id = $1 AND m.role = 'lead' AND s.channel = 'email' AND m.external_id IS NOT NULL
        ORDER BY m.created_at DESC LIMIT 1`,
      [leadId],
    );
    const r = rows[0];
    if (!r) return null;
    const refs = Array.isArray(r.data?.references) ? (r.data.references as unknown[]).filter((x): x is string => typeof x === 'string') : [];
    return { messageId: r.external_id, subject: typeof r.data?.subject === 'string' ? r.data.subject : '', references: refs };
  }

  /** The lead an email of ours (by its Message-ID) went to: a reply naming it in In-Reply-To belongs to that lead. */
  async leadOfEmail(messageIds: string[], tx: EntityManager): Promise<string | null> {
    if (!messageIds.length) return null;
    const rows = await tx.query<{ lead_id: string }[]>(`SELECT lead_id FROM outbox_messages WHERE channel = 'email' AND external_id = ANY($1::text[]) ORDER BY created_at DESC LIMIT 1`, [messageIds]);
    return rows[0]?.lead_id ?? null;
  }

  /** Every email in the outbox, newest first (Admin → Sent mail), with the lead's and the author's names. */
  async listEmail(filter: { status?: OutboxStatus[]; before?: Date; limit: number }): Promise<(OutboxMessageEntity & { leadName: string; authorName: string | null })[]> {
    const params: unknown[] = [filter.limit];
    const where = [`o.channel = 'email'`];
    if (filter.status?.length) {
      params.push(filter.status);
      where.push(`o.status = ANY($${params.length}::text[])`);
    }
    if (filter.before) {
      params.push(filter.before);
      where.push(`o.created_at < $${params.length}`);
    }
    const rows = await this.db.query<Record<string, unknown>[]>(
      `SELECT o.id, o.lead_id, o.idempotency_key, o.channel, o.kind, o.origin, o.recipient, o.payload, o.message_id, o.author_id, o.status,
              o.not_before, o.attempts, o.claimed_at, o.external_id, o.error_code, o.error_title, o.sent_at, o.created_at, o.updated_at,
              c.name AS lead_name, u.name AS author_name
         FROM outbox_messages o JOIN leads l ON l.id = o.lead_id JOIN contacts c ON c.id = l.contact_id LEFT JOIN users u ON u.id = o.author_id
        WHERE ${where.join(' AND ')} ORDER BY o.created_at DESC, o.id DESC LIMIT $1`,
      params,
    );
    return rows.map((r) => ({
      id: String(r.id),
      leadId: String(r.lead_id),
      idempotencyKey: String(r.idempotency_key),
      channel: r.channel as OutboxMessageEntity['channel'],
      kind: r.kind as OutboxMessageEntity['kind'],
      origin: r.origin as OutboxMessageEntity['origin'],
      recipient: String(r.recipient),
      payload: r.payload as OutboxMessageEntity['payload'],
      messageId: (r.message_id as string | null) ?? null,
      authorId: (r.author_id as string | null) ?? null,
      status: r.status as OutboxStatus,
      notBefore: (r.not_before as Date | null) ?? null,
      attempts: Number(r.attempts),
      claimedAt: (r.claimed_at as Date | null) ?? null,
      externalId: (r.external_id as string | null) ?? null,
      errorCode: (r.error_code as string | null) ?? null,
      errorTitle: (r.error_title as string | null) ?? null,
      sentAt: (r.sent_at as Date | null) ?? null,
      createdAt: r.created_at as Date,
      updatedAt: r.updated_at as Date,
      leadName: String(r.lead_name),
      authorName: (r.author_name as string | null) ?? null,
    }));
  }

  /** A merge: this lead's messages waiting to go out or sent move to the survivor (LeadMergeParticipant). */
  moveToSurvivor(tx: EntityManager, fromLeadId: string, toLeadId: string): Promise<MovedLeadRows> {
    return reassignRows(tx, MOVED_ON_MERGE, 'lead_id', fromLeadId, toLeadId);
  }

  /** Its undo: the rows moved go back; what the survivor got since stays. */
  restore(tx: EntityManager, moved: MovedLeadRows, survivorId: string, restoredId: string): Promise<void> {
    return restoreReassigned(tx, MOVED_ON_MERGE, 'lead_id', moved, survivorId, restoredId);
  }
}
