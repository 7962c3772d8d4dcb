import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { timeZoneWords } from '@words/broker-words';
import { FreeSlotDto } from '../api/models/free-slot-dto';
import { errorMessage } from '../core/api-error';
import { ViewingsStore } from './viewings-store';

/**
 * A day and its free starts for a lead and a home, in the lead's zone: how a time is picked with
 * the keyboard (moving without dragging, and booking).
 */
@Component({
  selector: 'oh-slot-picker',
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <mat-form-field appearance="outline" subscriptSizing="dynamic">
      <mat-label>Day</mat-label>
      <input matInput type="date" [value]="date()" (change)="date.set($any($event.target).value)" data-testid="slot-day" />
    </mat-form-field>
    @if (error(); as message) {
      <p class="error" role="alert">{{ message }}</p>
    } @else if (slots(); as found) {
      @if (found.length) {
        <p class="muted">Free times ({{ zone() }}):</p>
        <div class="slots" role="group" aria-label="Free times">
          @for (s of found; track s.startsAt) {
            <button mat-stroked-button type="button" (click)="picked.emit({ date: s.date, time: s.time })">{{ s.time }}</button>
          }
        </div>
      } @else {
        <p class="muted">No free times that day.</p>
      }
    }
  `,
  styles: `
    :host { display: grid; gap: 8px; }
    .slots { display: flex; flex-wrap: wrap; gap: 6px; }
    .error { color: var(--mat-sys-error); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SlotPicker {
  private readonly store = inject(ViewingsStore);

  readonly leadId = input.required<string>();
  readonly unitId = input.required<string>();
  /** The day to start on (YYYY-MM-DD in the lead's zone). */
  readonly initialDate = input.required<string>();
  readonly picked = output<{ date: string; time: string }>();

  protected readonly date = signal('');
  protected readonly slots = signal<FreeSlotDto[] | null>(null);
  protected readonly zone = signal('');
  protected readonly error = signal<string | null>(null);

  constructor() {
    effect(() => {
      const initial = this.initialDate();
      untracked(() => this.date.set(initial));
    });
    effect(() => {
      const [date, leadId, unitId] = [this.date(), this.leadId(), this.unitId()];
      if (date) untracked(() => void this.loadSlots(leadId, unitId, date));
    });
  }

  private async loadSlots(leadId: string, unitId: string, date: string): Promise<void> {
    this.slots.set(null);
    this.error.set(null);
    try {
      const found = await this.store.freeSlots(unitId, leadId, date);
      if (this.date() !== date) return;
      this.zone.set(timeZoneWords(found.timezone));
      this.slots.set(found.slots);
    } catch (e) {
      this.error.set(errorMessage(e, 'Could not load free times'));
    }
  }
}
