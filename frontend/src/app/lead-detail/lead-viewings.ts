import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { timeZoneWords } from '@words/broker-words';
import { CalendarViewingDto } from '../api/models/calendar-viewing-dto';
import { ViewingsStore } from '../calendar/viewings-store';
import { errorMessage } from '../core/api-error';

/** Upcoming viewings soonest first; past and cancelled ones latest first. */
export function splitByNow(viewings: CalendarViewingDto[], now: Date): { upcoming: CalendarViewingDto[]; past: CalendarViewingDto[] } {
  const upcoming = viewings.filter((v) => v.status === 'booked' && new Date(v.endsAt) > now).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const past = viewings.filter((v) => !upcoming.includes(v)).sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  return { upcoming, past };
}

const STATUS_WORDS: Record<CalendarViewingDto['status'], string> = { booked: 'booked', cancelled: 'cancelled', done: 'held' };

/** The lead's viewings on their page, in the lead's time zone (said). */
@Component({
  selector: 'oh-lead-viewings',
  imports: [MatCardModule, RouterLink],
  template: `
    <mat-card appearance="outlined" data-testid="lead-viewings">
      <mat-card-header><mat-card-title><h2 class="h">Viewings</h2></mat-card-title></mat-card-header>
      <mat-card-content>
        @if (error(); as message) {
          <p role="alert">{{ message }}</p>
        }
        <h3 class="sub">Upcoming</h3>
        @if (split().upcoming.length) {
          <ul data-testid="upcoming-viewings">
            @for (v of split().upcoming; track v.id) {
              <li>{{ v.local }} ({{ zoneOf(v) }}) · {{ v.unitTitle }}@if (v.agentName) { · with {{ v.agentName }} }</li>
            }
          </ul>
        } @else {
          <p class="muted">None booked.</p>
        }
        <h3 class="sub">Past</h3>
        @if (split().past.length) {
          <ul data-testid="past-viewings">
            @for (v of split().past; track v.id) {
              <li>{{ v.local }} ({{ zoneOf(v) }}) · {{ v.unitTitle }} · {{ statusWords[v.status] }}</li>
            }
          </ul>
        } @else {
          <p class="muted">None yet.</p>
        }
        <a routerLink="/calendar">Open the calendar</a>
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    ul { margin: 0 0 8px; padding-left: 18px; }
    .sub { font-size: 0.95rem; margin: 8px 0 4px; }
    .muted { color: var(--mat-sys-on-surface-variant); margin: 0 0 8px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LeadViewings {
  private readonly store = inject(ViewingsStore);

  readonly leadId = input.required<string>();
  /** Changes when the lead's timeline does (a booking, move or cancellation adds to it): reloads. */
  readonly version = input<unknown>(null);

  protected readonly viewings = signal<CalendarViewingDto[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly split = computed(() => splitByNow(this.viewings(), new Date()));
  protected readonly statusWords = STATUS_WORDS;

  constructor() {
    effect(() => {
      const id = this.leadId();
      this.version();
      untracked(() => void this.load(id));
    });
  }

  protected zoneOf(v: CalendarViewingDto): string {
    return timeZoneWords(v.timezone);
  }

  private async load(id: string): Promise<void> {
    try {
      const found = await this.store.ofLead(id);
      if (this.leadId() === id) this.viewings.set(found);
      this.error.set(null);
    } catch (e) {
      this.error.set(errorMessage(e, 'Could not load the viewings'));
    }
  }
}
