import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DomainError } from '../http/domain-error';
import { Account, ACCOUNT_DIRECTORY, type AccountDirectory } from './account-directory';
import { AuthUser } from './auth-user';
import { verifyPassword } from './password';

interface TokenPayload {
  sub: string;
  role: string;
}

/** Cached lookups: a token or key is checked against the database at most every 30 s. */
const CACHE_MS = 30_000;

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

export function newApiKey(): { key: string; prefix: string; hash: string } {
  const key = `ohk_${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, 12), hash: hashApiKey(key) };
}

const toAuthUser = (u: Account, via: AuthUser['via']): AuthUser => ({ id: u.id, email: u.email, name: u.name, role: u.role, via });

@Injectable()
export class AuthService {
  private readonly users = new Map<string, { user: AuthUser | null; until: number }>();
  private readonly keys = new Map<string, { user: AuthUser | null; keyId: string | null; until: number }>();

  constructor(
    private readonly jwt: JwtService,
    @Inject(ACCOUNT_DIRECTORY) private readonly accounts: AccountDirectory,
  ) {}

  async login(email: string, password: string): Promise<{ accessToken: string; user: AuthUser }> {
    const user = await this.accounts.findByEmail(email.trim().toLowerCase());
    const ok = await verifyPassword(user?.active ? user.passwordHash : null, password);
    if (!user || !ok) throw new DomainError('unauthorized', 'invalid_credentials', 'Email or password is wrong');
    const payload: TokenPayload = { sub: user.id, role: user.role };
    return { accessToken: await this.jwt.signAsync(payload), user: toAuthUser(user, 'jwt') };
  }

  async userForToken(token: string): Promise<AuthUser | null> {
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token);
    } catch {
      return null;
    }
    const now = Date.now();
    const hit = this.users.get(payload.sub);
    if (hit && hit.until > now) return hit.user;
    const user = await this.accounts.findById(payload.sub);
    const authUser = user?.active ? toAuthUser(user, 'jwt') : null;
    this.users.set(payload.sub, { user: authUser, until: now + CACHE_MS });
    return authUser;
  }

  async userForApiKey(key: string): Promise<AuthUser | null> {
    if (key.length > 200) return null;
    const hash = hashApiKey(key);
    const now = Date.now();
    const hit = this.keys.get(hash);
    if (hit && hit.until > now) return hit.user;
    const found = await this.accounts.findByApiKeyHash(hash);
    const user = found?.account.active ? toAuthUser(found.account, 'api_key') : null;
    this.keys.set(hash, { user, keyId: found?.keyId ?? null, until: now + CACHE_MS });
    if (found) await this.accounts.markApiKeyUsed(found.keyId);
    return user;
  }

  /** Forget cached lookups now (after a revoke or a user change in this process). */
  forget(): void {
    this.users.clear();
    this.keys.clear();
  }
}
