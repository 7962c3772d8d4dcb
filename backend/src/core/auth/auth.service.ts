import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { LRUCache } from 'lru-cache';
import { AuditTrail } from '../audit/audit-trail';
import { AppConfig } from '../config/app-config';
import { PgNotifications } from '../database/pg-notifications';
import { DomainError } from '../http/domain-error';
import { Account, ACCOUNT_DIRECTORY, type AccountDirectory } from './account-directory';
import { AuthUser } from './auth-user';
import { hashPassword, verifyPassword } from './password';

interface TokenPayload {
  sub: string;
  role: string;
  /** The user's token version when the token was issued; tokens from before 2026-12 have none (0). */
  ver?: number;
}

/**
 * Lookups are cached (AUTH_CACHE_ENTRIES each, least recently used dropped first), and every change that must stop a token or key (revoke, deactivate, new
 * password, role change) is announced to every process (API replicas, workers) through
 * PostgreSQL NOTIFY, which drops the cached entries at once. The cache lifetime is only the
 * backstop for a missed notification; while the listening connection is down it is one second.
 */
const CACHE_MS = 30_000;
const UNLISTENED_CACHE_MS = 1_000;
/** Unknown keys are remembered briefly, so random keys cannot fill memory or hammer the database. */
const MISS_MS = 5_000;
export const AUTH_CHANNEL = 'openhouse_auth';

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

export function newApiKey(): { key: string; prefix: string; hash: string } {
  const key = `ohk_${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, 12), hash: hashApiKey(key) };
}

export const toAuthUser = (u: Account, via: AuthUser['via'], apiKeyId?: string): AuthUser => ({ id: u.id, email: u.email, name: u.name, role: u.role, team: u.team, via, ...(apiKeyId ? { apiKeyId } : {}) });

interface CachedUser {
  user: AuthUser | null;
  tokenVersion: number;
}

interface CachedKey {
  user: AuthUser | null;
  userId: string | null;
}

@Injectable()
export class AuthService implements OnModuleInit {
  private readonly users: LRUCache<string, CachedUser>;
  private readonly keys: LRUCache<string, CachedKey>;

  constructor(
    private readonly jwt: JwtService,
    @Inject(ACCOUNT_DIRECTORY) private readonly accounts: AccountDirectory,
    private readonly notifications: PgNotifications,
    config: AppConfig,
    private readonly audit: AuditTrail,
  ) {
    const max = config.env.AUTH_CACHE_ENTRIES;
    this.users = new LRUCache<string, CachedUser>({ max, ttl: CACHE_MS });
    this.keys = new LRUCache<string, CachedKey>({ max, ttl: CACHE_MS });
  }

  onModuleInit(): void {
    this.notifications.listen(AUTH_CHANNEL, {
      onMessage: (payload) => this.dropCached(payload),
      onGap: () => this.forget(),
    });
  }

  /** The active account with this email and password; 401 otherwise. Issues nothing. */
  async checkPassword(email: string, password: string): Promise<Account> {
    const user = await this.accounts.findByEmail(email.trim().toLowerCase());
    const ok = await verifyPassword(user?.active ? user.passwordHash : null, password);
    if (!user || !ok) {
      // The email as typed (trimmed, cut to size): who was tried is the point of the entry.
      await this.audit.record({ action: 'auth.sign_in_failed', actorId: user?.id ?? null, actorLabel: email.trim().slice(0, 254), changes: { reason: user && !user.active ? 'deactivated' : 'wrong email or password' } });
      throw new DomainError('unauthorized', 'invalid_credentials', 'Email or password is wrong');
    }
    return user;
  }

  /** A sign-in token for an account that has passed every step. */
  async signedIn(user: Account): Promise<{ accessToken: string; user: AuthUser }> {
    await this.audit.record({ action: 'auth.signed_in', actorId: user.id, actorLabel: user.name, targetType: 'user', targetId: user.id, changes: { twoStep: user.totpSecret !== null } });
    return { accessToken: await this.tokenFor(user), user: toAuthUser(user, 'jwt') };
  }

  /**
   * Changes the signed-in user's password after checking the current one. Every earlier token of
   * theirs stops working on every process; the answer carries a fresh one.
   */
  async changePassword(userId: string, current: string, next: string): Promise<{ accessToken: string; user: AuthUser }> {
    const user = await this.accounts.findById(userId);
    if (!(await verifyPassword(user?.active ? user.passwordHash : null, current)) || !user) {
      throw new DomainError('invalid', 'wrong_password', 'The current password is wrong', [{ field: 'currentPassword', errors: ['The current password is wrong'] }]);
    }
    if (current === next) throw new DomainError('invalid', 'same_password', 'The new password must differ from the current one', [{ field: 'newPassword', errors: ['must differ from the current password'] }]);
    await this.accounts.setPassword(userId, await hashPassword(next));
    await this.userChanged(userId);
    await this.audit.record({ action: 'auth.password_changed', actorId: userId, targetType: 'user', targetId: userId });
    const updated = (await this.accounts.findById(userId)) as Account;
    return { accessToken: await this.tokenFor(updated), user: toAuthUser(updated, 'jwt') };
  }

  /** A token for this user at their current token version. */
  tokenFor(user: Account): Promise<string> {
    const payload: TokenPayload = { sub: user.id, role: user.role, ver: user.tokenVersion };
    return this.jwt.signAsync(payload);
  }

  async userForToken(token: string): Promise<AuthUser | null> {
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token);
    } catch {
      return null;
    }
    // Only sign-in tokens have `sub` (the two-step challenge and the widget's visitor token do not).
    if (typeof payload.sub !== 'string') return null;
    let hit = this.users.get(payload.sub);
    if (!hit) {
      const user = await this.accounts.findById(payload.sub);
      hit = { user: user?.active ? toAuthUser(user, 'jwt') : null, tokenVersion: user?.tokenVersion ?? 0 };
      this.users.set(payload.sub, hit, { ttl: this.ttl() });
    }
    // A token from before the last password change or deactivation is refused.
    return hit.user && (payload.ver ?? 0) === hit.tokenVersion ? hit.user : null;
  }

  async userForApiKey(key: string): Promise<AuthUser | null> {
    if (key.length > 200) return null;
    const hash = hashApiKey(key);
    const hit = this.keys.get(hash);
    if (hit) return hit.user;
    const found = await this.accounts.findByApiKeyHash(hash);
    const user = found?.account.active ? toAuthUser(found.account, 'api_key', found.keyId) : null;
    this.keys.set(hash, { user, userId: found?.account.id ?? null }, { ttl: found ? this.ttl() : Math.min(MISS_MS, this.ttl()) });
    if (found) {
      await this.accounts.markApiKeyUsed(found.keyId);
      // Recorded when a process first sees the key and again each time its cache entry expires
      // (about every 30 s of use), not on every call: "this key was in use, from here, then".
      await this.audit.record({ action: 'api_key.used', actorId: found.account.id, apiKeyId: found.keyId, targetType: 'api_key', targetId: found.keyId });
    }
    return user;
  }

  /**
   * Stops this user's cached tokens and keys on every process now (after a password change,
   * deactivation, role change). Callers raise the token version first when old tokens must die.
   */
  async userChanged(userId: string): Promise<void> {
    this.dropCached(`user:${userId}`);
    await this.notifications.notify(AUTH_CHANNEL, `user:${userId}`);
  }

  /** Stops a revoked key on every process now. */
  async keyRevoked(keyHash: string): Promise<void> {
    this.dropCached(`key:${keyHash}`);
    await this.notifications.notify(AUTH_CHANNEL, `key:${keyHash}`);
  }

  /** Entries held in this process's lookup caches (bounded by AUTH_CACHE_ENTRIES each). */
  cacheSizes(): { users: number; keys: number } {
    return { users: this.users.size, keys: this.keys.size };
  }

  /** Forgets every cached lookup in this process. */
  forget(): void {
    this.users.clear();
    this.keys.clear();
  }

  private dropCached(payload: string): void {
    const [kind, id] = payload.split(':', 2);
    if (kind === 'user' && id) {
      this.users.delete(id);
      // The user's keys act as them: a deactivated user's keys stop too.
      for (const [hash, entry] of this.keys.entries()) if (entry.userId === id) this.keys.delete(hash);
    } else if (kind === 'key' && id) {
      this.keys.delete(id);
    } else {
      this.forget();
    }
  }

  private ttl(): number {
    return this.notifications.live ? CACHE_MS : UNLISTENED_CACHE_MS;
  }
}
