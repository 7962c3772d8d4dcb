import { inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { disableTwoFactor } from '../api/fn/auth/disable-two-factor';
import { enableTwoFactor } from '../api/fn/auth/enable-two-factor';
import { setupTwoFactor } from '../api/fn/auth/setup-two-factor';
import { TwoFactorSetupDto } from '../api/models/two-factor-setup-dto';
import { AuthStore } from '../core/auth-store';
import { SessionReset } from '../core/session-reset';

/**
 * Two-step sign-in for the signed-in person: start (a setup key), confirm with a code (recovery
 * codes shown once), turn off. The setup key and recovery codes live here only until sign-out.
 */
@Injectable({ providedIn: 'root' })
export class TwoFactorStore {
  private readonly api = inject(Api);
  private readonly auth = inject(AuthStore);

  readonly setup = signal<TwoFactorSetupDto | null>(null);
  readonly recoveryCodes = signal<string[] | null>(null);

  constructor() {
    inject(SessionReset).register(() => this.reset());
  }

  reset(): void {
    this.setup.set(null);
    this.recoveryCodes.set(null);
  }

  async start(): Promise<void> {
    this.recoveryCodes.set(null);
    this.setup.set(await this.api.invoke(setupTwoFactor));
  }

  async confirm(code: string): Promise<void> {
    const res = await this.api.invoke(enableTwoFactor, { body: { code } });
    this.setup.set(null);
    this.recoveryCodes.set(res.recoveryCodes);
    const user = this.auth.user();
    if (user) this.auth.refreshUser({ ...user, twoFactorEnabled: true });
  }

  async turnOff(password: string): Promise<void> {
    this.auth.refreshUser(await this.api.invoke(disableTwoFactor, { body: { password } }));
    this.recoveryCodes.set(null);
  }
}
