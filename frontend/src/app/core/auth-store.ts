import { computed, inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { changePassword } from '../api/fn/auth/change-password';
import { login } from '../api/fn/auth/login';
import { me } from '../api/fn/auth/me';
import { MeDto } from '../api/models/me-dto';

const TOKEN_KEY = 'openhouse.token';

/** Who is signed in. The token lives in localStorage so a reload keeps the session. */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly api = inject(Api);
  private readonly tokenState = signal<string | null>(readToken());
  private readonly userState = signal<MeDto | null>(null);
  private loadingUser: Promise<MeDto | null> | null = null;

  readonly token = this.tokenState.asReadonly();
  readonly user = this.userState.asReadonly();
  readonly signedIn = computed(() => this.tokenState() !== null);
  readonly isAdmin = computed(() => this.userState()?.role === 'admin');

  async signIn(email: string, password: string): Promise<void> {
    const res = await this.api.invoke(login, { body: { email, password } });
    this.setToken(res.accessToken);
    this.userState.set(res.user);
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
    this.loadingUser ??= this.api.invoke(me).then(
      (user) => {
        this.userState.set(user);
        return user;
      },
      () => {
        this.signOut();
        return null;
      },
    );
    return this.loadingUser.finally(() => (this.loadingUser = null));
  }

  signOut(): void {
    this.setToken(null);
    this.userState.set(null);
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

function readToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}
