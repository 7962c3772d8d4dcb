import { inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { ApiConfiguration } from '../api/api-configuration';
import { followNotifications } from '../api/fn/notifications/follow-notifications';
import { getNotificationSettings } from '../api/fn/notifications/get-notification-settings';
import { listNotifications } from '../api/fn/notifications/list-notifications';
import { markAllNotificationsRead } from '../api/fn/notifications/mark-all-notifications-read';
import { markNotificationRead } from '../api/fn/notifications/mark-notification-read';
import { updateNotificationSettings } from '../api/fn/notifications/update-notification-settings';
import { NotificationDto } from '../api/models/notification-dto';
import { NotificationEventDto } from '../api/models/notification-event-dto';
import { NotificationKindSettingDto } from '../api/models/notification-kind-setting-dto';
import { readFrames } from '../chat/event-stream';
import { errorMessage } from '../core/api-error';
import { AuthStore } from '../core/auth-store';
import { SessionReset } from '../core/session-reset';

const RECONNECT_MS = 3_000;

/**
 * My notification centre: the newest notifications and the unread count, kept live over SSE
 * (read with fetch, like the board's feed: EventSource cannot send the bearer token), and which
 * kinds I want.
 */
@Injectable({ providedIn: 'root' })
export class NotificationsStore {
  private readonly api = inject(Api);
  private readonly config = inject(ApiConfiguration);
  private readonly auth = inject(AuthStore);
  private feed: AbortController | null = null;

  readonly items = signal<NotificationDto[]>([]);
  readonly unread = signal(0);
  readonly settings = signal<NotificationKindSettingDto[]>([]);
  readonly error = signal<string | null>(null);

  constructor() {
    inject(SessionReset).register(() => this.reset());
  }

  async load(): Promise<void> {
    try {
      const page = await this.api.invoke(listNotifications, { limit: 20 });
      this.items.set(page.items);
      this.unread.set(page.unread);
      this.error.set(null);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  /** Loads, then follows new notifications until `stop`, reconnecting after a drop. */
  follow(): void {
    if (this.feed) return;
    const abort = new AbortController();
    this.feed = abort;
    void this.load();
    void this.readFeed(abort);
  }

  stop(): void {
    this.feed?.abort();
    this.feed = null;
  }

  /** A notification arrived on the stream: first in the list, and the server's unread count. */
  received(e: NotificationEventDto): void {
    this.items.update((list) => [e.notification, ...list.filter((n) => n.id !== e.notification.id)].slice(0, 50));
    this.unread.set(e.unread);
  }

  async markRead(n: NotificationDto): Promise<void> {
    if (n.read) return;
    this.items.update((list) => list.map((x) => (x.id === n.id ? { ...x, read: true } : x)));
    this.unread.update((u) => Math.max(0, u - 1));
    await this.api.invoke(markNotificationRead, { id: n.id }).catch(() => this.load());
  }

  async markAllRead(): Promise<void> {
    this.items.update((list) => list.map((x) => ({ ...x, read: true })));
    this.unread.set(0);
    await this.api.invoke(markAllNotificationsRead, {}).catch(() => this.load());
  }

  async loadSettings(): Promise<void> {
    try {
      this.settings.set((await this.api.invoke(getNotificationSettings, {})).kinds);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  async saveSetting(setting: NotificationKindSettingDto): Promise<void> {
    try {
      this.settings.set((await this.api.invoke(updateNotificationSettings, { body: { kinds: [setting] } })).kinds);
      this.error.set(null);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  reset(): void {
    this.stop();
    this.items.set([]);
    this.unread.set(0);
    this.settings.set([]);
    this.error.set(null);
  }

  private async readFeed(abort: AbortController): Promise<void> {
    while (!abort.signal.aborted) {
      try {
        const token = this.auth.token();
        const res = await fetch(`${this.config.rootUrl}${followNotifications.PATH}`, { headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) }, signal: abort.signal });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        for await (const frame of readFrames(res.body)) {
          if (frame.event === 'notification') this.received(JSON.parse(frame.data) as NotificationEventDto);
          else if (frame.event === 'resync') void this.load();
        }
      } catch {
        // dropped or refused: try again shortly (unless stopped)
      }
      if (abort.signal.aborted) return;
      await new Promise((r) => setTimeout(r, RECONNECT_MS));
      void this.load();
    }
  }
}
