import { NotifiedCache, SETTINGS_CHANNEL } from './notified-cache';
import type { PgNotifications } from './pg-notifications';

/** A stand-in for the LISTEN connection: notices are delivered by the test; `live` is whether it listens. */
function notifications() {
  const subscribers: { channel: string; onMessage(p: string): void; onGap(): void }[] = [];
  const fake = {
    live: true,
    listen: (channel: string, s: { onMessage(p: string): void; onGap(): void }) => subscribers.push({ channel, ...s }),
    notice: (channel: string, payload: string) => subscribers.filter((s) => s.channel === channel).forEach((s) => s.onMessage(payload)),
    gap: () => subscribers.forEach((s) => s.onGap()),
  };
  return fake;
}

/** The table as the database holds it, and how many times it was read. */
function table(initial: string[]) {
  const t = { rows: initial, reads: 0, load: () => (t.reads++, Promise.resolve([...t.rows])) };
  return t;
}

describe("NotifiedCache (settings read once per process, dropped by any process's change)", () => {
  it('reads the table once while nothing changes; a notice for that table makes the next read see the change', async () => {
    const n = notifications();
    const rules = table(['note_backwards']);
    const cache = new NotifiedCache(n as unknown as PgNotifications, 'stage_rules', rules.load);
    expect(await cache.get()).toEqual(['note_backwards']);
    expect(await cache.get()).toEqual(['note_backwards']);
    expect(rules.reads).toBe(1);

    rules.rows = ['note_backwards', 'lost_reason'];
    n.notice(SETTINGS_CHANNEL, 'sla_rules'); // another table's change leaves this copy alone
    expect(await cache.get()).toEqual(['note_backwards']);
    n.notice(SETTINGS_CHANNEL, 'stage_rules');
    expect(await cache.get()).toEqual(['note_backwards', 'lost_reason']);
    expect(rules.reads).toBe(2);
  });

  it('keeps nothing while notices cannot be heard, and forgets its copy when the connection comes back', async () => {
    const n = notifications();
    const rules = table(['a']);
    const cache = new NotifiedCache(n as unknown as PgNotifications, 'stage_rules', rules.load);
    n.live = false;
    await cache.get();
    await cache.get();
    expect(rules.reads).toBe(2);
    n.live = true;
    await cache.get();
    rules.rows = ['b'];
    n.gap(); // notices sent while the connection was down are lost
    expect(await cache.get()).toEqual(['b']);
  });

  it('does not keep a read that a change overtook (the notice arrived while the old rows were on their way)', async () => {
    const n = notifications();
    let release!: () => void;
    const rows = { value: ['old'] };
    let reads = 0;
    const cache = new NotifiedCache(n as unknown as PgNotifications, 'sla_rules', async () => {
      reads++;
      const seen = [...rows.value];
      if (reads === 1) await new Promise<void>((ok) => (release = ok));
      return seen;
    });
    const first = cache.get();
    await Promise.resolve();
    rows.value = ['new'];
    n.notice(SETTINGS_CHANNEL, 'sla_rules');
    release();
    expect(await first).toEqual(['old']);
    expect(await cache.get()).toEqual(['new']);
    expect(reads).toBe(2);
  });

  it("reads with the caller's own transaction when it has no copy, and keeps that read for the next caller", async () => {
    const n = notifications();
    const rules = table(['a']);
    const cache = new NotifiedCache(n as unknown as PgNotifications, 'stage_rules', rules.load);
    let ownReads = 0;
    expect(await cache.get(() => (ownReads++, Promise.resolve(['from the transaction'])))).toEqual(['from the transaction']);
    expect(await cache.get()).toEqual(['from the transaction']);
    expect(ownReads).toBe(1);
    expect(rules.reads).toBe(0);
  });
});
