import type { PgNotifications } from './pg-notifications';

/**
 * The channel a trigger on a settings table NOTIFYs (statement level, at commit; the payload is the
 * table's name) whenever anything writes it: admin pages, migrations, a script, a test's SQL.
 * Migration `SettingsChangedNotices` installs it on the tables listed there.
 */
export const SETTINGS_CHANNEL = 'settings_changed';

/** Kept at most this long even when no notice arrives (a lost notice heals by itself). */
const MAX_AGE_MS = 60_000;

/**
 * A small settings table (stage rules, SLA rules, business hours) read once per process and kept
 * until the table changes, in any process: its trigger's notice drops the copy everywhere. While
 * this process cannot hear notices (the listening connection is down, or it never listens) nothing
 * is kept, so a change made elsewhere is never missed. A read that raced with a change is not kept.
 */
export class NotifiedCache<T> {
  private value: { data: T; at: number } | null = null;
  /** Raised by every drop: a read that began before it is not kept. */
  private generation = 0;
  private loading: { generation: number; promise: Promise<T> } | null = null;

  constructor(
    private readonly notifications: PgNotifications,
    private readonly table: string,
    private readonly load: () => Promise<T>,
  ) {
    notifications.listen(SETTINGS_CHANNEL, {
      onMessage: (payload) => {
        if (payload === table) this.drop();
      },
      onGap: () => this.drop(),
    });
  }

  /**
   * The copy, or a fresh read. `read`: how to read it inside the caller's transaction (a caller
   * holding a pooled connection must not wait for another one: twenty moves at once on a pool of
   * ten would each hold one and wait forever); such a read is the caller's own, not shared.
   */
  async get(read?: () => Promise<T>): Promise<T> {
    if (this.value && this.notifications.live && Date.now() - this.value.at < MAX_AGE_MS) return this.value.data;
    const generation = this.generation;
    if (read) return this.keep(generation, await read());
    // Requests arriving together share one read.
    if (this.loading?.generation === this.generation) return this.loading.promise;
    const promise = this.load();
    this.loading = { generation, promise };
    try {
      return this.keep(generation, await promise);
    } finally {
      if (this.loading?.promise === promise) this.loading = null;
    }
  }

  private keep(generation: number, data: T): T {
    if (generation === this.generation && this.notifications.live) this.value = { data, at: Date.now() };
    return data;
  }

  /** Forgets the copy (this process wrote the table: it need not wait for its own notice). */
  drop(): void {
    this.generation++;
    this.value = null;
  }
}
