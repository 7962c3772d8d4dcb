import { Injectable } from '@nestjs/common';
import { scopeOf } from '../access/lead-access';
import type { AuthUser } from '../core/auth/auth-user';
import { DomainError, notFound } from '../core/http/domain-error';
import { NotificationKind } from './notification.enums';
import { mapNotification, NotificationDto, NotificationPageDto, NotificationSettingsDto, NotificationsQueryDto } from './notifications.dto';
import { NotificationsRepository } from './notifications.repository';

const encodeCursor = (createdAt: Date, id: string) => Buffer.from(`${new Date(createdAt).toISOString()}|${id}`).toString('base64url');

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(createdAt.getTime())) {
    throw new DomainError('invalid', 'bad_cursor', 'cursor is not one this API gave', [{ field: 'cursor', errors: ['unknown cursor'] }]);
  }
  return { createdAt, id };
}

@Injectable()
export class NotificationsService {
  constructor(private readonly repo: NotificationsRepository) {}

  async list(query: NotificationsQueryDto, user: AuthUser): Promise<NotificationPageDto> {
    const limit = query.limit ?? 20;
    const scope = scopeOf(user);
    const rows = await this.repo.page(scope, limit + 1, query.cursor ? decodeCursor(query.cursor) : null);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(mapNotification),
      unread: await this.repo.unreadCount(scope),
      nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
    };
  }

  /** One notification as its owner may see it now (null: not theirs, or about a lead they no longer see). */
  async visibleTo(user: AuthUser, id: string): Promise<{ notification: NotificationDto; unread: number } | null> {
    const scope = scopeOf(user);
    const row = await this.repo.findVisible(scope, id);
    return row ? { notification: mapNotification(row), unread: await this.repo.unreadCount(scope) } : null;
  }

  async markRead(id: string, user: AuthUser): Promise<void> {
    if (!(await this.repo.markRead(user.id, id))) throw notFound('Notification');
  }

  markAllRead(user: AuthUser): Promise<void> {
    return this.repo.markAllRead(user.id);
  }

  async settings(user: AuthUser): Promise<NotificationSettingsDto> {
    const muted = new Set(await this.repo.mutedKinds(user.id));
    return { kinds: Object.values(NotificationKind).map((kind) => ({ kind, enabled: !muted.has(kind) })) };
  }

  /** Kinds left out of `dto` keep their current setting. */
  async saveSettings(dto: NotificationSettingsDto, user: AuthUser): Promise<NotificationSettingsDto> {
    const muted = new Set(await this.repo.mutedKinds(user.id));
    for (const k of dto.kinds) {
      if (k.enabled) muted.delete(k.kind);
      else muted.add(k.kind);
    }
    await this.repo.saveMutedKinds(user.id, [...muted]);
    return this.settings(user);
  }
}
