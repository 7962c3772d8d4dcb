import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

/** The script registered with `defineCommand`. */
interface ThrottleCommand {
  ohThrottle(hitsKey: string, blockKey: string, ttlMs: number, limit: number, blockMs: number, take: number): Promise<[number, number, number, number]>;
}

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

// Takes up to ARGV[4] hits of the window at once and says how many fit under the limit; a take
// that gets none blocks the key. One round trip, atomic. KEYS: hits, block. ARGV: window ms,
// limit, block ms, hits to take. Returns hits counted, ms left in the window, ms left in the
// block, hits granted. Taking one at a time is the plain per-hit counter.
const INCREMENT = `
local take = tonumber(ARGV[4])
local hits = redis.call('INCRBY', KEYS[1], take)
if hits == take then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
local granted = math.max(0, math.min(take, tonumber(ARGV[2]) - (hits - take)))
local blocked = redis.call('PTTL', KEYS[2])
if blocked <= 0 and granted == 0 then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blocked = tonumber(ARGV[3])
end
return {hits, ttl, blocked, granted}
`;

/**
 * Hits a process may take from Redis in one go for a key, and then count locally: one in a
 * hundredth of the limit, at most 50. Limits under 200 a minute take one hit at a time (exact).
 * A large limit (webhooks: thousands a minute from a few of Meta's addresses) then costs one
 * round trip per 50 hits instead of one per hit. Never more than the limit is let through across
 * replicas; a replica's untaken hits when the window ends make a caller's limit at most 49 hits
 * (under 1 %) smaller per replica.
 */
export const hitsPerTake = (limit: number): number => Math.max(1, Math.min(50, Math.floor(limit / 100)));

/** A process's share of a key's window: hits taken from Redis and not yet used, or a block. */
interface Lease {
  left: number;
  hits: number;
  windowEndsAt: number;
  blockedUntil: number;
  taking: Promise<void> | null;
}

/**
 * Rate-limit counters in Redis, so every API replica counts against the same limits.
 *
 * Hand-written because `@nest-lab/throttler-storage-redis`, the usual package, does not support
 * NestJS 12 (its peer range stops at 11). It is the whole of the `ThrottlerStorage` contract:
 * one Lua script per hit (per take of several hits for large limits, `hitsPerTake`), keys
 * expiring with their window. A blocked key is refused from memory until its block ends.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly log = new Logger(RedisThrottlerStorage.name);
  private readonly redis: Redis;
  /** While Redis is away, each process counts on its own rather than refusing or failing every request. */
  private readonly local = new ThrottlerStorageService();
  private readonly leases = new LRUCache<string, Lease>({ max: 50_000 });
  private warnedAt = 0;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    // No offline queue: while Redis is down a hit fails at once and is counted locally.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 });
    this.redis.on('error', (err: Error) => this.warn(err));
    this.redis.defineCommand('ohThrottle', { numberOfKeys: 2, lua: INCREMENT });
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const base = `${this.prefix}:rl:${throttlerName}:${key}`;
    const take = hitsPerTake(limit);
    try {
      if (take === 1) {
        const [totalHits, ttlMs, blockMs] = await this.script(base, ttl, limit, blockDuration, 1);
        return { totalHits, timeToExpire: Math.ceil(ttlMs / 1000), isBlocked: blockMs > 0, timeToBlockExpire: Math.max(0, Math.ceil(blockMs / 1000)) };
      }
      for (;;) {
        const now = Date.now();
        let lease = this.leases.get(base);
        if (lease && lease.blockedUntil > now) return { totalHits: lease.hits, timeToExpire: Math.ceil(Math.max(0, lease.windowEndsAt - now) / 1000), isBlocked: true, timeToBlockExpire: Math.ceil((lease.blockedUntil - now) / 1000) };
        if (lease && lease.left > 0 && lease.windowEndsAt > now) {
          lease.left--;
          lease.hits++;
          return { totalHits: lease.hits, timeToExpire: Math.ceil((lease.windowEndsAt - now) / 1000), isBlocked: false, timeToBlockExpire: 0 };
        }
        if (lease?.taking) {
          await lease.taking; // one take per key at a time; then use what it brought
          continue;
        }
        lease ??= { left: 0, hits: 0, windowEndsAt: 0, blockedUntil: 0, taking: null };
        this.leases.set(base, lease, { ttl: ttl + blockDuration });
        const taking = this.script(base, ttl, limit, blockDuration, take);
        lease.taking = taking.then(
          () => undefined,
          () => undefined,
        );
        try {
          const [hits, ttlMs, blockMs, granted] = await taking;
          const at = Date.now();
          lease.windowEndsAt = at + ttlMs;
          lease.blockedUntil = blockMs > 0 ? at + blockMs : 0;
          lease.left = blockMs > 0 ? 0 : granted;
          lease.hits = hits - take;
        } finally {
          lease.taking = null;
        }
      }
    } catch (err) {
      this.warn(err as Error);
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  private script(base: string, ttl: number, limit: number, blockDuration: number, take: number): Promise<[number, number, number, number]> {
    return (this.redis as unknown as ThrottleCommand).ohThrottle(`${base}:hits`, `${base}:block`, ttl, limit, blockDuration, take);
  }

  private warn(err: Error): void {
    if (Date.now() - this.warnedAt < 60_000) return;
    this.warnedAt = Date.now();
    this.log.warn(`Rate-limit counters in Redis unavailable (${err.message}); counting per process meanwhile`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.local.onApplicationShutdown();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
