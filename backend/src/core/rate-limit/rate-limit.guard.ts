import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { AuthUser } from '../auth/auth-user';
import { rateLimited } from '../http/domain-error';

/**
 * The throttler guard with the app's answer: 429 in the standard error shape with `Retry-After`
 * (the filter writes the header). Runs after the auth guard, so it knows who is calling.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  /** A user, an API key, or (signed out) the client address. */
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const user = req.user as AuthUser | undefined;
    if (user?.apiKeyId) return `key:${user.apiKeyId}`;
    if (user) return `user:${user.id}`;
    return `ip:${await super.getTracker(req)}`;
  }

  /**
   * Sign-in attempts share one count per caller across every route limited as `login` (password,
   * code step, password change, two-step setup), so guessing codes spends the same budget as
   * guessing passwords. Other limits count per route, as the throttler does by default.
   */
  protected override generateKey(context: ExecutionContext, suffix: string, name: string): string {
    return name === 'login' ? `login-${suffix}` : super.generateKey(context, suffix, name);
  }

  protected override throwThrottlingException(_ctx: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw rateLimited(detail.timeToBlockExpire, `Too many requests; try again in ${Math.max(1, detail.timeToBlockExpire)} s`);
  }
}
