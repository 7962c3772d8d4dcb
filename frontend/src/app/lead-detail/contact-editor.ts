import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { COMMON_LANGUAGES, languageName, timeZoneWords } from '@words/broker-words';
import { ContactDto } from '../api/models/contact-dto';
import { ContactPatchDto } from '../api/models/contact-patch-dto';
import { showServerErrors } from '../core/api-error';
import { LabelPipe } from '../shared/ui/label-pipe';

type Channel = NonNullable<ContactPatchDto['preferredChannel']>;
const CHANNELS: Channel[] = ['phone', 'sms', 'whatsapp', 'email'];
/** Zones brokers here meet most; the contact's own zone is always offered too. */
const COMMON_ZONES = ['America/Los_Angeles', 'America/Denver', 'America/Phoenix', 'America/Chicago', 'America/New_York', 'America/Anchorage', 'Pacific/Honolulu', 'Europe/London', 'Europe/Berlin', 'Asia/Dubai', 'Asia/Kolkata', 'Asia/Tokyo', 'Australia/Sydney'];

/** Edits who the lead is and how to reach them; sends only what changed. */
@Component({
  selector: 'oh-contact-editor',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, LabelPipe],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" class="editor" aria-label="Edit contact" data-testid="contact-editor">
      <mat-form-field appearance="outline">
        <mat-label>Name</mat-label>
        <input matInput formControlName="name" required maxlength="200" />
        @if (form.controls.name.hasError('server')) { <mat-error>{{ form.controls.name.getError('server') }}</mat-error> }
        @else if (form.controls.name.invalid) { <mat-error>A contact needs a name</mat-error> }
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>Email</mat-label>
        <input matInput type="email" formControlName="email" maxlength="254" />
        @if (form.controls.email.hasError('server')) { <mat-error>{{ form.controls.email.getError('server') }}</mat-error> }
        @else if (form.controls.email.invalid) { <mat-error>Enter an email address like name&#64;example.com</mat-error> }
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>Phone</mat-label>
        <input matInput type="tel" formControlName="phone" maxlength="40" />
        @if (form.controls.phone.hasError('server')) { <mat-error>{{ form.controls.phone.getError('server') }}</mat-error> }
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>Prefers to hear by</mat-label>
        <mat-select formControlName="preferredChannel">
          <mat-option value="">Not said</mat-option>
          @for (c of channels; track c) { <mat-option [value]="c">{{ c | label: 'channel' }}</mat-option> }
        </mat-select>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>Speaks</mat-label>
        <mat-select formControlName="language">
          <mat-option value="">Not known</mat-option>
          @for (l of languages(); track l) { <mat-option [value]="l">{{ languageName(l) }}</mat-option> }
        </mat-select>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>Time zone</mat-label>
        <mat-select formControlName="timezone">
          @for (z of zones(); track z.zone) { <mat-option [value]="z.zone">{{ z.label }}</mat-option> }
        </mat-select>
        @if (form.controls.timezone.hasError('server')) { <mat-error>{{ form.controls.timezone.getError('server') }}</mat-error> }
      </mat-form-field>
      <div class="buttons">
        <button mat-flat-button type="submit" [disabled]="busy()">Save contact</button>
        <button mat-button type="button" (click)="cancelled.emit()">Cancel</button>
      </div>
    </form>
  `,
  styles: `
    .editor { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 4px 12px; margin: 8px 0; }
    .buttons { display: flex; gap: 8px; align-items: center; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ContactEditor {
  readonly contact = input.required<ContactDto>();
  readonly busy = input(false);
  readonly save = output<ContactPatchDto>();
  readonly cancelled = output<void>();

  protected readonly channels = CHANNELS;
  protected readonly zones = signal<{ zone: string; label: string }[]>([]);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(200), Validators.pattern(/\S/)]],
    email: ['', [Validators.email]],
    phone: [''],
    preferredChannel: this.fb.control<Channel | ''>(''),
    language: [''],
    timezone: ['America/Los_Angeles'],
  });
  protected readonly languageName = languageName;
  protected readonly languages = signal<string[]>([...COMMON_LANGUAGES]);

  constructor() {
    effect(() => {
      const c = this.contact();
      untracked(() => {
        this.form.reset({ name: c.name, email: c.email ?? '', phone: c.phone ?? '', preferredChannel: c.preferredChannel ?? '', language: c.language ?? '', timezone: c.timezone });
        this.languages.set([...new Set([...COMMON_LANGUAGES, ...(c.language ? [c.language] : [])])]);
        const zones = COMMON_ZONES.includes(c.timezone) ? COMMON_ZONES : [c.timezone, ...COMMON_ZONES];
        this.zones.set(zones.map((zone) => ({ zone, label: `${timeZoneWords(zone)} — ${zone.split('/').pop()!.replace(/_/g, ' ')}` })));
      });
    });
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const c = this.contact();
    const patch: ContactPatchDto = {};
    if (v.name.trim() !== c.name) patch.name = v.name.trim();
    if ((v.email.trim() || null) !== c.email) patch.email = v.email.trim() || null;
    if ((v.phone.trim() || null) !== c.phone) patch.phone = v.phone.trim() || null;
    if ((v.preferredChannel || null) !== c.preferredChannel) patch.preferredChannel = v.preferredChannel || null;
    if ((v.language || null) !== c.language) patch.language = v.language || null;
    if (v.timezone !== c.timezone) patch.timezone = v.timezone;
    if (Object.keys(patch).length === 0) {
      this.cancelled.emit();
      return;
    }
    this.save.emit(patch);
  }

  /** The server refused: its words go on the fields they are about; the rest is returned for a banner. */
  showErrors(e: unknown): string | null {
    return showServerErrors(this.form, e);
  }
}
