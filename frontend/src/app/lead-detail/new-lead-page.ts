import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { debounceTime, distinctUntilChanged, map } from 'rxjs';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { ContactInputDto } from '../api/models/contact-input-dto';
import { LeadSource } from '../api/models/lead-source';
import { showServerErrors } from '../core/api-error';
import { ErrorBanner } from '../shared/ui/error-banner';
import { LabelPipe } from '../shared/ui/label-pipe';
import { NewLeadStore } from './new-lead-store';

type Channel = NonNullable<ContactInputDto['preferredChannel']>;
const SOURCES: LeadSource[] = ['phone', 'walk_in', 'referral', 'web', 'portal', 'whatsapp', 'meta_lead_ads', 'import'];
const CHANNELS: Channel[] = ['phone', 'sms', 'whatsapp', 'email'];

/** A lead typed in by hand: someone who called, walked in or was referred. */
@Component({
  selector: 'oh-new-lead-page',
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatCardModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, ErrorBanner, LabelPipe],
  providers: [NewLeadStore],
  template: `
    <section class="page" aria-labelledby="new-lead-title">
      <a mat-button routerLink="/inbox"><mat-icon>arrow_back</mat-icon>Inbox</a>
      <h1 id="new-lead-title" class="page-title">New lead</h1>
      <mat-card appearance="outlined">
        <mat-card-content>
          <form [formGroup]="form" (ngSubmit)="save()" class="form" aria-label="New lead">
            <mat-form-field appearance="outline">
              <mat-label>Name</mat-label>
              <input matInput formControlName="name" required maxlength="200" data-testid="new-lead-name" />
              @if (form.controls.name.hasError('server')) { <mat-error>{{ form.controls.name.getError('server') }}</mat-error> }
              @else if (form.controls.name.invalid) { <mat-error>A lead needs a name</mat-error> }
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
              <mat-label>How they found us</mat-label>
              <mat-select formControlName="source">
                @for (s of sources; track s) { <mat-option [value]="s">{{ s | label: 'source' }}</mat-option> }
              </mat-select>
            </mat-form-field>
            <mat-form-field appearance="outline">
              <mat-label>Prefers to hear by</mat-label>
              <mat-select formControlName="preferredChannel">
                <mat-option value="">Not said</mat-option>
                @for (c of channels; track c) { <mat-option [value]="c">{{ c | label: 'channel' }}</mat-option> }
              </mat-select>
            </mat-form-field>
            <mat-form-field appearance="outline" class="wide">
              <mat-label>First note</mat-label>
              <textarea matInput formControlName="note" rows="3" maxlength="5000"></textarea>
            </mat-form-field>
            @if (store.duplicates().length) {
              <div class="wide duplicates" role="status" data-testid="duplicate-warning">
                <mat-icon aria-hidden="true">people</mat-icon>
                <ul>
                  @for (d of store.duplicates(); track d.leadId) {
                    <li>
                      This may be <a [routerLink]="['/leads', d.leadId]">{{ d.name }}'s lead</a>
                      <span class="muted">(same {{ d.matchedOn.join(' and ') }}{{ d.assignee ? ', looked after by ' + d.assignee.name : ', not assigned yet' }})</span>
                    </li>
                  }
                </ul>
              </div>
            }
            @if (store.error(); as message) { <oh-error-banner class="wide" [message]="message" /> }
            <div class="wide buttons">
              <button mat-flat-button type="submit" [disabled]="store.busy()">Create lead</button>
              <a mat-button routerLink="/inbox">Cancel</a>
            </div>
          </form>
        </mat-card-content>
      </mat-card>
    </section>
  `,
  styles: `
    .form { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 4px 12px; }
    .wide { grid-column: 1 / -1; }
    .buttons { display: flex; gap: 8px; }
    .duplicates { display: flex; gap: 8px; align-items: flex-start; padding: 8px 12px; border-radius: 8px; background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    .duplicates ul { margin: 0; padding: 0; list-style: none; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NewLeadPage {
  protected readonly store = inject(NewLeadStore);
  private readonly router = inject(Router);
  protected readonly sources = SOURCES;
  protected readonly channels = CHANNELS;
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    name: ['', [Validators.required, Validators.pattern(/\S/), Validators.maxLength(200)]],
    email: ['', Validators.email],
    phone: [''],
    source: this.fb.control<LeadSource>('phone'),
    preferredChannel: this.fb.control<Channel | ''>(''),
    note: [''],
  });

  constructor() {
    // Warn before saving when the email or phone typed is already a person on a lead the user can see.
    this.form.valueChanges
      .pipe(
        map(() => this.form.getRawValue()),
        map((v) => ({ email: v.email, phone: v.phone, name: v.name })),
        distinctUntilChanged((a, b) => a.email === b.email && a.phone === b.phone),
        debounceTime(300),
        takeUntilDestroyed(),
      )
      .subscribe((typed) => void this.store.checkDuplicates(typed));
  }

  protected async save(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const id = await this.store.create({
      contact: { name: v.name.trim(), ...(v.email.trim() ? { email: v.email.trim() } : {}), ...(v.phone.trim() ? { phone: v.phone.trim() } : {}), ...(v.preferredChannel ? { preferredChannel: v.preferredChannel } : {}) },
      source: v.source,
      ...(v.note.trim() ? { note: v.note.trim() } : {}),
    });
    if (id) {
      await this.router.navigate(['/leads', id]);
      return;
    }
    if (showServerErrors(this.form, this.store.failure()) === null) this.store.error.set(null);
  }
}
