import { scopeOf } from '../access/lead-access';
import type { AuthUser } from '../core/auth/auth-user';
import type { PgNotifications } from '../core/database/pg-notifications';
import type { EventStream } from '../core/http/event-stream';
import { ConversationFeed, ConversationFeedEvent } from './conversation-feed';

/** PostgreSQL's side, played by hand: what the triggers would notify. */
class Notifications {
  subscriber: { onMessage(p: string): void; onGap(): void } | null = null;
  listen(_channel: string, s: { onMessage(p: string): void; onGap(): void }) {
    this.subscriber = s;
  }
  notify(change: { sessionId: string; leadId: string; assigneeId: string | null }) {
    this.subscriber!.onMessage(JSON.stringify(change));
  }
}

/** A stream whose reader is as fast or as slow as the test says. */
class Stream implements EventStream<ConversationFeedEvent> {
  sent: ConversationFeedEvent[] = [];
  full = false;
  ended = false;
  private release: (() => void) | null = null;
  readonly closed = false;
  readonly bufferedBytes = 0;
  send(e: ConversationFeedEvent) {
    this.sent.push(e);
    return !this.full;
  }
  drained() {
    return this.full ? new Promise<void>((r) => (this.release = r)) : Promise.resolve();
  }
  catchUp() {
    this.full = false;
    this.release?.();
  }
  end() {
    this.ended = true;
  }
}

const agent = (id: string): AuthUser => ({ id, name: id, email: `${id}@x`, role: 'agent' }) as AuthUser;
const change = (n: number, assigneeId: string | null = 'alice') => ({ sessionId: `s${n}`, leadId: `l${n}`, assigneeId });

describe('ConversationFeed', () => {
  let pg: Notifications;
  let feed: ConversationFeed;
  beforeEach(() => {
    pg = new Notifications();
    feed = new ConversationFeed(pg as unknown as PgNotifications);
  });

  it('passes a change only to people who may see the lead: its agent and, for the pool, everyone', () => {
    const alice = new Stream();
    const bob = new Stream();
    feed.subscribe(scopeOf(agent('alice')), alice);
    feed.subscribe(scopeOf(agent('bob')), bob);
    pg.notify(change(1, 'alice'));
    pg.notify(change(2, null));
    expect(alice.sent.map((e) => e.event === 'changed' && e.data.sessionId)).toEqual(['s1', 's2']);
    expect(bob.sent.map((e) => e.event === 'changed' && e.data.sessionId)).toEqual(['s2']);
  });

  it('a reader that falls behind gets one resync once it catches up, not every change it missed', async () => {
    const slow = new Stream();
    feed.subscribe(scopeOf(agent('alice')), slow);
    slow.full = true;
    for (let n = 1; n <= 50; n++) pg.notify(change(n));
    expect(slow.sent).toHaveLength(1);
    slow.catchUp();
    await Promise.resolve();
    expect(slow.sent.map((e) => e.event)).toEqual(['changed', 'resync']);
    pg.notify(change(51));
    expect(slow.sent.map((e) => e.event)).toEqual(['changed', 'resync', 'changed']);
  });

  it('a dropped listening connection tells every stream to read again; shutting down ends them', () => {
    const s = new Stream();
    const stop = feed.subscribe(scopeOf(agent('alice')), s);
    pg.subscriber!.onGap();
    expect(s.sent.map((e) => e.event)).toEqual(['resync']);
    feed.beforeApplicationShutdown();
    expect(s.ended).toBe(true);
    stop();
    pg.notify(change(1));
    expect(s.sent).toHaveLength(1);
  });
});
