import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { Redis } from 'ioredis';

/** The script registered with `defineCommand`. */
interface ThrottleCommand {
  ohThrottle(hitsKey: string, blockKey: string, ttlMs: number, limit: number, blockMs: number): Promise<[number, number, number]>;
}

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

// Hits in the window and the block, counted atomically in one round trip. KEYS: hits, block.
// ARGV: window ms, limit, block ms. Returns hits, ms left in the window, ms left in the block.
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
local blocked = redis.call('PTTL', KEYS[2])
if blocked <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blocked = tonumber(ARGV[3])
end
return {hits, ttl, blocked}
`;

/**
 * Rate-limit counters in Redis, so every API replica counts against the same limits.
 *
 * Hand-written because `@nest-lab/throttler-storage-redis`, the usual package, does not support
 * NestJS 12 (its peer range stops at 11). It is the whole of the `ThrottlerStorage` contract:
 * one Lua script per hit, keys expiring with their window.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly log = new Logger(RedisThrottlerStorage.name);
  private readonly redis: Redis;
  /** While Redis is away, each process counts on its own rather than refusing or failing every request. */
  private readonly local = new ThrottlerStorageService();
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
    const redis = this.redis as unknown as ThrottleCommand;
    try {
      const [totalHits, ttlMs, blockMs] = await redis.ohThrottle(`${base}:hits`, `${base}:block`, ttl, limit, blockDuration);
      return { totalHits, timeToExpire: Math.ceil(ttlMs / 1000), isBlocked: blockMs > 0, timeToBlockExpire: Math.max(0, Math.ceil(blockMs / 1000)) };
    } catch (err) {
      this.warn(err as Error);
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
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
