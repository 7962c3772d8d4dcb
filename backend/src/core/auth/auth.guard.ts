import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerStorage, ThrottlerStorage } from '@nestjs/throttler';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '../config/app-config';
import { DomainError, rateLimited } from '../http/domain-error';
import { UserRole } from './roles';
import { AuthUser } from './auth-user';
import { IS_PUBLIC, ROLES } from './auth.decorators';
import { AuthService } from './auth.service';

interface Req {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  user?: AuthUser;
}

const FAILURE_WINDOW_MS = 60_000;

/** Global: every route needs a Bearer token or an X-API-Key unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  /** Client addresses over the failure limit, until when: refused here without a lookup. */
  private readonly blocked = new LRUCache<string, number>({ max: 10_000, ttl: FAILURE_WINDOW_MS });

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly config: AppConfig,
    @InjectThrottlerStorage() private readonly counters: ThrottlerStorage,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Req>();
    const ip = req.ip ?? 'unknown';
    const until = this.blocked.get(ip);
    if (until && until > Date.now()) throw this.tooManyFailures((until - Date.now()) / 1000);
    const header = req.headers.authorization;
    const apiKey = req.headers['x-api-key'];
    let user: AuthUser | null;
    if (typeof header === 'string' && header.startsWith('Bearer ')) {
      user = await this.auth.userForToken(header.slice(7).trim());
    } else if (typeof apiKey === 'string' && apiKey.length > 0) {
      user = await this.auth.userForApiKey(apiKey);
    } else {
      throw new DomainError('unauthorized', 'auth_required', 'Sign in first: send a Bearer token or an X-API-Key header');
    }
    if (!user) {
      await this.countFailure(ip);
      throw new DomainError('unauthorized', 'invalid_credentials', 'The token or API key is invalid, expired or revoked');
    }
    req.user = user;
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(user.role)) {
      throw new DomainError('forbidden', 'role_required', `This needs the ${roles.join(' or ')} role`);
    }
    return true;
  }

  /**
   * Failed token and key attempts count per client address (in Redis when configured, so across
   * replicas); past AUTH_FAILURE_LIMIT in a minute the address gets 429 for a minute.
   */
  private async countFailure(ip: string): Promise<void> {
    const limit = this.config.env.AUTH_FAILURE_LIMIT;
    const { isBlocked, timeToBlockExpire } = await this.counters.increment(`auth-failures:${ip}`, FAILURE_WINDOW_MS, limit, FAILURE_WINDOW_MS, 'authFailures');
    if (isBlocked) {
      this.blocked.set(ip, Date.now() + timeToBlockExpire * 1000, { ttl: Math.max(1, timeToBlockExpire) * 1000 });
      throw this.tooManyFailures(timeToBlockExpire);
    }
  }

  private tooManyFailures(seconds: number): DomainError {
    return rateLimited(seconds, 'Too many failed sign-in attempts from this address; try again later');
  }
}
