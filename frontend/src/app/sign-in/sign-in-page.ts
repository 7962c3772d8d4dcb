import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router } from '@angular/router';
import { errorMessage } from '../core/api-error';
import { AuthStore } from '../core/auth-store';

@Component({
  selector: 'oh-sign-in-page',
  imports: [ReactiveFormsModule, MatCardModule, MatFormFieldModule, MatInputModule, MatButtonModule, MatProgressBarModule],
  templateUrl: './sign-in-page.html',
  styleUrl: './sign-in-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignInPage {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  /** Where to go after signing in (set by the guard). */
  readonly returnUrl = input<string>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });
  protected readonly codeForm = inject(NonNullableFormBuilder).group({
    code: ['', Validators.required],
  });
  /** True once the password is right and the account asks for a code from the authenticator app. */
  protected readonly needsCode = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected async signIn(): Promise<void> {
    if (this.form.invalid || this.busy()) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const { email, password } = this.form.getRawValue();
      if ((await this.auth.signIn(email.trim(), password)) === 'code') {
        this.needsCode.set(true);
        return;
      }
      await this.router.navigateByUrl(this.auth.landingFor(this.returnUrl()), { replaceUrl: true });
    } catch (e) {
      this.error.set(errorMessage(e, 'Could not sign in'));
    } finally {
      this.busy.set(false);
    }
  }

  protected async sendCode(): Promise<void> {
    if (this.codeForm.invalid || this.busy()) {
      this.codeForm.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.auth.signInWithCode(this.codeForm.getRawValue().code.trim());
      await this.router.navigateByUrl(this.auth.landingFor(this.returnUrl()), { replaceUrl: true });
    } catch (e) {
      this.error.set(errorMessage(e, 'Could not sign in'));
      this.codeForm.reset();
    } finally {
      this.busy.set(false);
    }
  }

  protected startOver(): void {
    this.auth.cancelCode();
    this.needsCode.set(false);
    this.error.set(null);
    this.codeForm.reset();
    this.form.controls.password.reset();
  }
}
