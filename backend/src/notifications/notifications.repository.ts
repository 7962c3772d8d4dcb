import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { leadVisibleSql, type LeadScope } from '../access/lead-access';
import { NotificationKind } from './notification.enums';

export interface NotificationRow {
  id: string;
  kind: NotificationKind;
  leadId: string | null;
  leadName: string | null;
  actorName: string | null;
  excerpt: string;
  createdAt: Date;
  readAt: Date | null;
}

const SELECT = `SELECT n.id, n.kind, n.lead_id AS "leadId", c.name AS "leadName", a.name AS "actorName", n.excerpt,
  n.created_at AS "createdAt", n.read_at AS "readAt"
  FROM notifications n
  LEFT JOIN leads l ON l.id = n.lead_id
  LEFT JOIN contacts c ON c.id = l.contact_id
  LEFT JOIN users a ON a.id = n.actor_id`;

/**
 * The one access rule, applied when reading: a notification about a lead the person may no
 * longer see (handed to someone else since) is neither listed nor counted, so it reveals nothing.
 */
const visible = (scope: LeadScope) => (scope.all ? 'TRUE' : `(n.lead_id IS NULL OR ${leadVisibleSql(scope, 'l', '$1')})`);

@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Newest first, after the (createdAt, id) keyset position, if any. */
  page(scope: LeadScope, limit: number, after: { createdAt: Date; id: string } | null): Promise<NotificationRow[]> {
    const params: unknown[] = [scope.userId, limit];
    let cursor = '';
    if (after) {
      params.push(after.createdAt, after.id);
      cursor = `AND (n.created_at, n.id) < ($3, $4)`;
    }
    return this.db.query(`${SELECT} WHERE n.user_id = $1 AND ${visible(scope)} ${cursor} ORDER BY n.created_at DESC, n.id DESC LIMIT $2`, params);
  }

  async unreadCount(scope: LeadScope): Promise<number> {
    const [row] = await this.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM notifications n LEFT JOIN leads l ON l.id = n.lead_id WHERE n.user_id = $1 AND n.read_at IS NULL AND ${visible(scope)}`, [
      scope.userId,
    ]);
    return row.n;
  }

  async findVisible(scope: LeadScope, id: string): Promise<NotificationRow | null> {
    const rows = await this.db.query<NotificationRow[]>(`${SELECT} WHERE n.user_id = $1 AND n.id = $2 AND ${visible(scope)}`, [scope.userId, id]);
    return rows[0] ?? null;
  }

  /** Marks one of the user's notifications read; says whether it is theirs. */
  async markRead(userId: string, id: string): Promise<boolean> {
    const rows = await this.db.query<[unknown[], number]>(`UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING id`, [id, userId]);
    return rows[1] > 0;
  }

  async markAllRead(userId: string): Promise<void> {
    await this.db.query(`UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, [userId]);
  }

  async mutedKinds(userId: string): Promise<NotificationKind[]> {
    const rows = await this.db.query<{ muted: NotificationKind[] }[]>(`SELECT muted_kinds::text[] AS muted FROM notification_settings WHERE user_id = $1`, [userId]);
    return rows[0]?.muted ?? [];
  }

  async saveMutedKinds(userId: string, muted: NotificationKind[]): Promise<void> {
    await this.db.query(
      `INSERT INTO notification_settings (user_id, muted_kinds) VALUES ($1, $2::notification_kind[])
       ON CONFLICT (user_id) DO UPDATE SET muted_kinds = EXCLUDED.muted_kinds`,
      [userId, muted],
    );
  }
}
