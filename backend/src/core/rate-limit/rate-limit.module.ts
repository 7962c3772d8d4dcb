import { ExecutionContext, Module } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerModule, ThrottlerStorageService } from '@nestjs/throttler';
import { IS_PUBLIC } from '../auth/auth.decorators';
import { AppConfig } from '../config/app-config';
import { RATE_LIMITS, RateLimitName } from './rate-limit.decorator';
import { RedisThrottlerStorage } from './redis-throttler-storage';

const MINUTE = 60_000;
const reflector = new Reflector();
const targets = (ctx: ExecutionContext) => [ctx.getHandler(), ctx.getClass()];
/** A named limit applies only where a route asks for it. */
const unless = (name: RateLimitName) => (ctx: ExecutionContext) => !(reflector.getAllAndOverride<RateLimitName[] | undefined>(RATE_LIMITS, targets(ctx)) ?? []).includes(name);

/**
 * The request limits, one window of a minute each, counted per user, per API key, or per client
 * address (RateLimitGuard). With REDIS_URL the counters live in Redis, so API replicas share
 * them; otherwise in this process's memory.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const env = config.env;
        return {
          // The guard's own headers carry the throttler's name (`Retry-After-login`); the error filter writes the standard one.
          setHeaders: false,
          storage: env.REDIS_URL && !config.specOnly ? new RedisThrottlerStorage(env.REDIS_URL, env.QUEUE_PREFIX) : new ThrottlerStorageService(),
          throttlers: [
            { name: 'login', ttl: MINUTE, limit: env.LOGIN_RATE_LIMIT, skipIf: unless('login') },
            { name: 'agentTurn', ttl: MINUTE, limit: env.RATE_LIMIT_AGENT_TURNS, skipIf: unless('agentTurn') },
            { name: 'search', ttl: MINUTE, limit: env.RATE_LIMIT_SEARCH, skipIf: unless('search') },
            { name: 'leadCreate', ttl: MINUTE, limit: env.RATE_LIMIT_LEAD_CREATE, skipIf: unless('leadCreate') },
            // Meta delivers bursts from a few addresses: its routes have their own, larger budget instead of the public one.
            { name: 'webhooks', ttl: MINUTE, limit: env.WEBHOOK_RATE_LIMIT, skipIf: unless('webhooks') },
            // The brokerage's website forms and chat widget: a tighter budget per visitor address.
            { name: 'website', ttl: MINUTE, limit: env.WEBSITE_RATE_LIMIT, skipIf: unless('website') },
            { name: 'public', ttl: MINUTE, limit: env.RATE_LIMIT_PUBLIC, skipIf: (ctx: ExecutionContext) => !reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets(ctx)) || !unless('webhooks')(ctx) },
          ],
        };
      },
    }),
  ],
})
export class RateLimitModule {}
