import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { errorMessage } from '../core/api-error';
import { AuthStore } from '../core/auth-store';
import { askToConfirm } from '../shared/ui/confirm-dialog';
import { TwoFactorStore } from './two-factor-store';
import { MatDialog } from '@angular/material/dialog';
import { NotificationSettingsCard } from '../notifications/notification-settings-card';
import { ViewingHoursCard } from './viewing-hours-card';

const sameAsNew = (group: AbstractControl): ValidationErrors | null =>
  group.get('confirmPassword')?.value && group.get('newPassword')?.value !== group.get('confirmPassword')?.value ? { mismatch: true } : null;

/** Your account: who you are signed in as, a new password, two-step sign-in, and when you show homes. */
@Component({
  selector: 'oh-account-page',
  imports: [ReactiveFormsModule, ViewingHoursCard, NotificationSettingsCard, MatCardModule, MatFormFieldModule, MatInputModule, MatButtonModule, MatProgressBarModule],
  templateUrl: './account-page.html',
  styleUrl: './account-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccountPage {
  protected readonly auth = inject(AuthStore);
  protected readonly form = inject(NonNullableFormBuilder).group(
    {
      currentPassword: ['', Validators.required],
      newPassword: ['', [Validators.required, Validators.minLength(8), Validators.maxLength(200)]],
      confirmPassword: ['', Validators.required],
    },
    { validators: sameAsNew },
  );
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly done = signal(false);

  protected readonly twoFactor = inject(TwoFactorStore);
  private readonly dialog = inject(MatDialog);
  protected readonly codeForm = inject(NonNullableFormBuilder).group({ code: ['', [Validators.required, Validators.pattern(/^\s*\d{3}\s?\d{3}\s*$/)]] });
  protected readonly offForm = inject(NonNullableFormBuilder).group({ password: ['', Validators.required] });
  protected readonly twoFactorBusy = signal(false);
  protected readonly twoFactorError = signal<string | null>(null);

  protected startTwoFactor(): Promise<void> {
    return this.twoFactorStep(() => this.twoFactor.start(), 'Could not start the setup');
  }

  protected async confirmTwoFactor(): Promise<void> {
    if (this.codeForm.invalid) {
      this.codeForm.markAllAsTouched();
      return;
    }
    await this.twoFactorStep(async () => {
      await this.twoFactor.confirm(this.codeForm.getRawValue().code.replace(/\s/g, ''));
      this.codeForm.reset();
    }, 'Could not turn on two-step sign-in');
  }

  protected async turnOffTwoFactor(): Promise<void> {
    if (this.offForm.invalid) {
      this.offForm.markAllAsTouched();
      return;
    }
    const sure = await askToConfirm(this.dialog, {
      title: 'Turn off two-step sign-in?',
      message: 'Your password alone will be enough to sign in to your account.',
      confirm: 'Turn off',
      destructive: true,
    });
    if (!sure) return;
    await this.twoFactorStep(async () => {
      await this.twoFactor.turnOff(this.offForm.getRawValue().password);
      this.offForm.reset();
    }, 'Could not turn off two-step sign-in');
  }

  private async twoFactorStep(step: () => Promise<void>, fallback: string): Promise<void> {
    if (this.twoFactorBusy()) return;
    this.twoFactorBusy.set(true);
    this.twoFactorError.set(null);
    try {
      await step();
    } catch (e) {
      this.twoFactorError.set(errorMessage(e, fallback));
    } finally {
      this.twoFactorBusy.set(false);
    }
  }

  protected async changePassword(): Promise<void> {
    if (this.form.invalid || this.busy()) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    this.done.set(false);
    try {
      const { currentPassword, newPassword } = this.form.getRawValue();
      await this.auth.changePassword(currentPassword, newPassword);
      this.form.reset();
      this.done.set(true);
    } catch (e) {
      this.error.set(errorMessage(e, 'Could not change the password'));
    } finally {
      this.busy.set(false);
    }
  }
}
