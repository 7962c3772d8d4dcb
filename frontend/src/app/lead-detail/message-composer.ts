import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { SendMessageDto } from '../api/models/send-message-dto';

export type ComposerChannel = SendMessageDto['channel'];

/**
 * Writes to the lead by email or on WhatsApp. What is written goes through the same checks as
 * every message (opted out, quiet hours, fair housing, WhatsApp's 24 hours): a refusal comes back
 * in the page's error banner, in the server's words. One key per message, so a double click or a
 * retry after a lost answer never sends it twice.
 */
@Component({
  selector: 'oh-message-composer',
  imports: [ReactiveFormsModule, MatButtonModule, MatButtonToggleModule, MatCardModule, MatFormFieldModule, MatInputModule],
  template: `
    <mat-card appearance="outlined">
      <mat-card-header><mat-card-title><h2 class="h">Write to {{ name() }}</h2></mat-card-title></mat-card-header>
      <mat-card-content>
        @if (channels().length === 0) {
          <p class="muted" data-testid="composer-no-address">Add an email address or a phone number to write to them from here.</p>
        } @else {
          <form [formGroup]="form" (ngSubmit)="submit()" aria-label="Write to the lead" data-testid="message-composer">
            <mat-button-toggle-group formControlName="channel" aria-label="Send by" class="channels" hideSingleSelectionIndicator data-testid="composer-channel">
              @for (c of channels(); track c.channel) { <mat-button-toggle [value]="c.channel">{{ c.label }}</mat-button-toggle> }
            </mat-button-toggle-group>
            <p class="muted small" data-testid="composer-to">To {{ recipient() }}</p>
            @if (channel() === 'email') {
              <mat-form-field appearance="outline" class="wide" subscriptSizing="dynamic">
                <mat-label>Subject</mat-label>
                <input matInput formControlName="subject" maxlength="300" placeholder="Leave empty to answer their last email" data-testid="composer-subject" />
              </mat-form-field>
            }
            <mat-form-field appearance="outline" class="wide">
              <mat-label>Message</mat-label>
              <textarea matInput formControlName="text" rows="4" maxlength="20000" data-testid="composer-text"></textarea>
              @if (form.controls.text.invalid) { <mat-error>Write the message first</mat-error> }
            </mat-form-field>
            @if (optedOut()) { <p class="warn small">They asked not to be contacted: the message will be refused.</p> }
            <button mat-flat-button type="submit" [disabled]="busy()" data-testid="composer-send">{{ channel() === 'email' ? 'Send email' : 'Send on WhatsApp' }}</button>
          </form>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .h { font: var(--mat-sys-title-medium); margin: 0; }
    .channels { margin-bottom: 8px; }
    .wide { width: 100%; }
    .small { font: var(--mat-sys-body-small); margin: 0 0 8px; }
    .muted { color: var(--mat-sys-on-surface-variant); }
    .warn { color: #8c1d18; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageComposer {
  readonly name = input.required<string>();
  readonly email = input<string | null | undefined>(null);
  readonly phone = input<string | null | undefined>(null);
  readonly optedOut = input(false);
  readonly busy = input(false);
  readonly send = output<SendMessageDto>();

  private readonly formDir = viewChild(FormGroupDirective);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    channel: this.fb.control<ComposerChannel>('email'),
    subject: [''],
    text: ['', [Validators.required, Validators.pattern(/\S/)]],
  });
  private readonly channelValue = toSignal(this.form.controls.channel.valueChanges, { initialValue: this.form.controls.channel.value });
  protected readonly channel = computed(() => this.channelValue());
  protected readonly channels = computed(() => [
    ...(this.email() ? [{ channel: 'email' as const, label: 'Email' }] : []),
    ...(this.phone() ? [{ channel: 'whatsapp' as const, label: 'WhatsApp' }] : []),
  ]);
  protected readonly recipient = computed(() => (this.channel() === 'email' ? this.email() : this.phone()) ?? '');
  /** The message's key: the same until it was sent, so sending it again is recognised. */
  private key = crypto.randomUUID();

  constructor() {
    // The first channel the lead can be reached on is chosen; a channel they lost is left.
    effect(() => {
      const available = this.channels().map((c) => c.channel);
      if (available.length && !available.includes(this.form.controls.channel.value)) this.form.controls.channel.setValue(available[0]);
    });
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { channel, subject, text } = this.form.getRawValue();
    this.send.emit({ channel, text: text.trim(), idempotencyKey: `spa-${this.key}`, ...(channel === 'email' && subject.trim() ? { subject: subject.trim() } : {}) });
  }

  /** After a send: empty again, same channel, and a new key for the next message. */
  reset(): void {
    this.key = crypto.randomUUID();
    this.formDir()?.resetForm({ channel: this.form.controls.channel.value, subject: '', text: '' });
  }
}
