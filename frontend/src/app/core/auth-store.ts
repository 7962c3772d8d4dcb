import { computed, inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { changePassword } from '../api/fn/auth/change-password';
import { login } from '../api/fn/auth/login';
import { loginWithCode } from '../api/fn/auth/login-with-code';
import { LoginResponseDto } from '../api/models/login-response-dto';
import { me } from '../api/fn/auth/me';
import { MeDto } from '../api/models/me-dto';
import { SessionReset } from './session-reset';

const TOKEN_KEY = 'openhouse.token';
/** Who was signed in when the session ended: a page they were on is theirs to return to, nobody else's. */
const ENDED_FOR_KEY = 'openhouse.endedFor';

/** Who is signed in. The token lives in localStorage so a reload keeps the session. */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly api = inject(Api);
  private readonly reset = inject(SessionReset);
  private readonly tokenState = signal<string | null>(readToken());
  private readonly userState = signal<MeDto | null>(null);
  private loadingUser: Promise<MeDto | null> | null = null;

  readonly token = this.tokenState.asReadonly();
  readonly user = this.userState.asReadonly();
  readonly signedIn = computed(() => this.tokenState() !== null);
  readonly isAdmin = computed(() => this.userState()?.role === 'admin');

  /** The password step's proof while a code is still needed (two-step sign-in); kept in memory only. */
  private challenge: string | null = null;

  /**
   * The password step. Answers `code` when the account has two-step sign-in on: then
   * `signInWithCode` finishes it.
   */
  async signIn(email: string, password: string): Promise<'signed-in' | 'code'> {
    const res = await this.api.invoke(login, { body: { email, password } });
    if (res.twoFactorRequired && res.challengeToken) {
      this.challenge = res.challengeToken;
      return 'code';
    }
    this.signedInWith(res as LoginResponseDto);
    return 'signed-in';
  }

  /** The code step: a code from the authenticator app or a recovery code. */
  async signInWithCode(code: string): Promise<void> {
    if (!this.challenge) throw new Error('Enter your email and password first');
    const res = await this.api.invoke(loginWithCode, { body: { challengeToken: this.challenge, code } });
    this.challenge = null;
    this.signedInWith(res);
  }

  /** Back to the password step. */
  cancelCode(): void {
    this.challenge = null;
  }

  /** After two-step sign-in is turned on or off: the same user, with the new setting. */
  refreshUser(user: MeDto): void {
    this.userState.set(user);
  }

  private signedInWith(res: LoginResponseDto): void {
    this.setToken(res.accessToken);
    this.userState.set(res.user);
  }

  /**
   * Where to go after signing in: the page asked for, unless the session that left it belonged to
   * someone else (sign-out, then Back; or an expired session, then a colleague signs in).
   */
  landingFor(returnUrl: string | undefined): string {
    const endedFor = readStored(sessionStorageOrNull(), ENDED_FOR_KEY);
    sessionStorageOrNull()?.removeItem(ENDED_FOR_KEY);
    const safe = returnUrl && returnUrl.startsWith('/') && !returnUrl.startsWith('//') && !returnUrl.startsWith('/sign-in');
    if (!safe) return '/inbox';
    return endedFor && endedFor !== this.userState()?.id ? '/inbox' : returnUrl;
  }

  /**
   * Changes the password. The server ends every earlier session of this user and answers with a
   * new token, which replaces the current one so this session carries on.
   */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    const res = await this.api.invoke(changePassword, { body: { currentPassword, newPassword } });
    this.setToken(res.accessToken);
    this.userState.set(res.user);
  }

  /** Loads the current user once per app start; a stale token signs out. */
  ensureUser(): Promise<MeDto | null> {
    if (!this.tokenState()) return Promise.resolve(null);
    if (this.userState()) return Promise.resolve(this.userState());
    // One request however many guards and pages ask at once.
    const token = this.tokenState();
    this.loadingUser ??= this.api.invoke(me).then(
      (user) => {
        // An answer for a session that has ended since is not the current user.
        if (this.tokenState() !== token) return null;
        this.userState.set(user);
        return user;
      },
      () => {
        if (this.tokenState() === token) this.signOut();
        return null;
      },
    );
    return this.loadingUser.finally(() => (this.loadingUser = null));
  }

  /** Ends the session and forgets everything it loaded: every registered store is reset. */
  signOut(): void {
    const who = this.userState()?.id ?? subjectOf(this.tokenState());
    try {
      if (who) sessionStorageOrNull()?.setItem(ENDED_FOR_KEY, who);
    } catch {
      /* storage unavailable: no return page is kept at all */
    }
    this.setToken(null);
    this.userState.set(null);
    this.loadingUser = null;
    this.reset.run();
  }

  private setToken(token: string | null): void {
    this.tokenState.set(token);
    try {
      if (token) localStorage.setItem(TOKEN_KEY, token);
      else localStorage.removeItem(TOKEN_KEY);
    } catch {
      /* storage unavailable (private mode): the session lasts until reload */
    }
  }
}

function sessionStorageOrNull(): Storage | null {
  try {
    return sessionStorage;
  } catch {
    return null;
  }
}

function readStored(storage: Storage | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** The user id inside a JWT (its `sub`), read without verifying: only to tell sessions apart. */
function subjectOf(token: string | null): string | null {
  try {
    const payload = token?.split('.')[1];
    if (!payload) return null;
    const sub: unknown = (JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : null;
  } catch {
    return null;
  }
}

function readToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}
