import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { AuthUser } from '../core/auth/auth-user';
import { PgNotifications } from '../core/database/pg-notifications';
import type { EventStream } from '../core/http/event-stream';
import { NOTIFICATIONS_CHANNEL } from './notification.enums';
import type { NotificationDto } from './notifications.dto';
import { NotificationsService } from './notifications.service';

export type NotificationFeedEvent =
  | { event: 'notification'; data: { notification: NotificationDto; unread: number } }
  /** Notifications may have been missed (the listening connection dropped): read the list again. */
  | { event: 'resync'; data: Record<string, never> }
  | { event: 'ready'; data: Record<string, never> };

export const notificationFrame = (e: NotificationFeedEvent): string => `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;

interface Listener {
  user: AuthUser;
  stream: EventStream<NotificationFeedEvent>;
}

/**
 * Live notification centres, in every API process: the insert trigger NOTIFYs {id, userId} at
 * commit; each process listens once and, for the owner's open streams only, reads the row through
 * the same visibility rule as the list before sending it.
 */
@Injectable()
export class NotificationFeed implements BeforeApplicationShutdown {
  private readonly listeners = new Map<string, Set<Listener>>();
  private listening = false;

  constructor(
    private readonly pg: PgNotifications,
    private readonly service: NotificationsService,
  ) {}

  subscribe(user: AuthUser, stream: EventStream<NotificationFeedEvent>): () => void {
    if (!this.listening) {
      this.listening = true;
      this.pg.listen(NOTIFICATIONS_CHANNEL, {
        onMessage: (payload) => void this.dispatch(payload),
        onGap: () => {
          for (const set of this.listeners.values()) for (const l of set) l.stream.send({ event: 'resync', data: {} });
        },
      });
    }
    const listener = { user, stream };
    const set = this.listeners.get(user.id) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(user.id, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(user.id) === set) this.listeners.delete(user.id);
    };
  }

  beforeApplicationShutdown(): void {
    for (const set of this.listeners.values()) for (const l of set) l.stream.end();
    this.listeners.clear();
  }

  private async dispatch(payload: string): Promise<void> {
    let m: { id?: unknown; userId?: unknown };
    try {
      m = JSON.parse(payload) as typeof m;
    } catch {
      return;
    }
    if (typeof m.id !== 'string' || typeof m.userId !== 'string') return;
    const set = this.listeners.get(m.userId);
    if (!set?.size) return;
    const first = set.values().next().value as Listener;
    const found = await this.service.visibleTo(first.user, m.id).catch(() => null);
    if (!found) return;
    for (const l of set) if (!l.stream.closed) l.stream.send({ event: 'notification', data: found });
  }
}
