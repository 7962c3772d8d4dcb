import { ChangeDetectionStrategy, Component, computed, inject, input, output, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { LogMessageDto } from '../api/models/log-message-dto';
import { LabelPipe } from '../shared/ui/label-pipe';

export type LogKind = 'note' | 'phone' | 'sms' | 'email' | 'in_person';
type Outcome = NonNullable<LogMessageDto['outcome']>;
export type LogEntry = { kind: 'note'; body: string } | { kind: 'contact'; entry: LogMessageDto };

const KINDS: { kind: LogKind; label: string }[] = [
  { kind: 'note', label: 'Note' },
  { kind: 'phone', label: 'Call' },
  { kind: 'sms', label: 'SMS' },
  { kind: 'email', label: 'Email' },
  { kind: 'in_person', label: 'Visit' },
];
const OUTCOMES: Outcome[] = ['reached', 'no_answer', 'voicemail', 'wrong_number', 'interested', 'not_interested', 'follow_up'];

/** Adds a note, or logs a call, an SMS, an email or a visit with what came of it. */
@Component({
  selector: 'oh-activity-logger',
  imports: [ReactiveFormsModule, MatButtonModule, MatButtonToggleModule, MatCardModule, MatFormFieldModule, MatInputModule, MatSelectModule, LabelPipe],
  template: `
    <mat-card appearance="outlined">
      <mat-card-header><mat-card-title><h2 class="h">Log</h2></mat-card-title></mat-card-header>
      <mat-card-content>
        <form [formGroup]="form" (ngSubmit)="submit()" aria-label="Log a note, call, SMS, email or visit" data-testid="activity-logger">
          <mat-button-toggle-group formControlName="kind" aria-label="What to log" class="kinds" hideSingleSelectionIndicator>
            @for (k of kinds; track k.kind) { <mat-button-toggle [value]="k.kind">{{ k.label }}</mat-button-toggle> }
          </mat-button-toggle-group>
          @if (kind() !== 'note') {
            <div class="row2">
              @if (kind() !== 'in_person') {
                <mat-form-field appearance="outline" subscriptSizing="dynamic">
                  <mat-label>Who reached out</mat-label>
                  <mat-select formControlName="direction">
                    <mat-option value="outbound">We did</mat-option>
                    <mat-option value="inbound">They did</mat-option>
                  </mat-select>
                </mat-form-field>
              }
              <mat-form-field appearance="outline" subscriptSizing="dynamic">
                <mat-label>Outcome</mat-label>
                <mat-select formControlName="outcome">
                  <mat-option value="">Not recorded</mat-option>
                  @for (o of outcomes; track o) { <mat-option [value]="o">{{ o | label: 'outcome' }}</mat-option> }
                </mat-select>
              </mat-form-field>
            </div>
          }
          <mat-form-field appearance="outline" class="wide">
            <mat-label>{{ kind() === 'note' ? 'Note' : 'What was said' }}</mat-label>
            <textarea matInput formControlName="body" rows="2" maxlength="5000" data-testid="log-body"></textarea>
            @if (form.controls.body.hasError('server')) { <mat-error>{{ form.controls.body.getError('server') }}</mat-error> }
            @else if (form.controls.body.invalid) { <mat-error>Write what happened so the team can read it later</mat-error> }
          </mat-form-field>
          <button mat-flat-button type="submit" [disabled]="busy()">{{ kind() === 'note' ? 'Add note' : 'Log it' }}</button>
        </form>
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .h { font: var(--mat-sys-title-medium); margin: 0; }
    .kinds { margin-bottom: 12px; flex-wrap: wrap; }
    .row2 { display: flex; gap: 8px; flex-wrap: wrap; margin-bottom: 12px; }
    .row2 mat-form-field { flex: 1 1 160px; }
    .wide { width: 100%; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ActivityLogger {
  readonly busy = input(false);
  readonly log = output<LogEntry>();
  protected readonly kinds = KINDS;
  protected readonly outcomes = OUTCOMES;
  private readonly formDir = viewChild.required(FormGroupDirective);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    kind: this.fb.control<LogKind>('note'),
    direction: this.fb.control<'inbound' | 'outbound'>('outbound'),
    outcome: this.fb.control<Outcome | ''>(''),
    body: ['', [Validators.required, Validators.pattern(/\S/)]],
  });
  private readonly kindValue = toSignal(this.form.controls.kind.valueChanges, { initialValue: this.form.controls.kind.value });
  protected readonly kind = computed(() => this.kindValue());

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { kind, direction, outcome, body } = this.form.getRawValue();
    if (kind === 'note') {
      this.log.emit({ kind: 'note', body });
      return;
    }
    this.log.emit({ kind: 'contact', entry: { channel: kind, direction: kind === 'in_person' ? 'outbound' : direction, body, ...(outcome ? { outcome } : {}) } });
  }

  /** After a save: empty again, same kind, and no red "required" on the empty field. */
  reset(): void {
    const kind = this.form.controls.kind.value;
    this.formDir().resetForm({ kind, direction: 'outbound', outcome: '', body: '' });
  }
}
