import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { DOCUMENT } from '@angular/common';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { CalendarDayViewComponent, CalendarEvent, CalendarEventTimesChangedEvent, CalendarWeekViewComponent } from 'angular-calendar';
import { timeZoneWords } from '@words/broker-words';
import { CalendarViewingDto } from '../api/models/calendar-viewing-dto';
import { LeadSummaryDto } from '../api/models/lead-summary-dto';
import { UnitHitDto } from '../api/models/unit-hit-dto';
import { errorMessage } from '../core/api-error';
import { ErrorBanner } from '../shared/ui/error-banner';
import { clockIn, dayHours, toEvent, userZone, visibleRange, wallClockIn } from './calendar-time';
import { SlotPicker } from './slot-picker';
import { PendingChange, ViewingsStore } from './viewings-store';

/** The calendar component's stylesheet (built apart, see calendar-theme.scss), linked once when the page first opens. */
function linkCalendarStyles(doc: Document): void {
  if (doc.getElementById('calendar-styles')) return;
  const link = doc.createElement('link');
  link.id = 'calendar-styles';
  link.rel = 'stylesheet';
  link.href = 'calendar.css';
  doc.head.appendChild(link);
}

/** A YYYY-MM-DD day as a local date, or null. */
function dayOf(text: string | null): Date | null {
  const m = text ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) : null;
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

type Panel = { kind: 'details'; viewing: CalendarViewingDto } | { kind: 'move'; viewing: CalendarViewingDto } | { kind: 'cancel'; viewing: CalendarViewingDto } | { kind: 'book' } | { kind: 'confirm'; change: PendingChange } | null;

/**
 * Week and day views of my viewings or the team's (angular-calendar, loaded with this page only):
 * book from free times, move by dragging or with the "Move" panel, cancel with a reason; what
 * stands in the way of a change is said before it is saved.
 */
@Component({
  selector: 'oh-calendar-page',
  imports: [FormsModule, RouterLink, MatButtonModule, MatButtonToggleModule, MatFormFieldModule, MatIconModule, MatInputModule, CalendarWeekViewComponent, CalendarDayViewComponent, ErrorBanner, SlotPicker],
  templateUrl: './calendar-page.html',
  styleUrl: './calendar-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CalendarPage {
  protected readonly store = inject(ViewingsStore);

  private readonly query = inject(ActivatedRoute).snapshot.queryParamMap;
  /** `?view=day&date=YYYY-MM-DD` opens on that day (links from elsewhere). */
  protected readonly view = signal<'week' | 'day'>(this.query.get('view') === 'day' ? 'day' : 'week');
  protected readonly viewDate = signal(dayOf(this.query.get('date')) ?? new Date());
  protected readonly zone = userZone();
  protected readonly zoneWords = timeZoneWords(this.zone);
  /** A time zone as people say it ("Pacific Time"), never its code name. */
  protected readonly zoneInWords = (zone: string): string => (zone === this.zone ? this.zoneWords : timeZoneWords(zone));
  protected readonly events = computed(() => this.store.viewings().map((v) => toEvent(v, this.zone)));
  /** 07:00–21:00, widened to show every viewing (a lead in another zone can view at 06:00 one's own time). */
  protected readonly hours = computed(() => dayHours(this.events()));
  protected readonly rangeWords = computed(() => {
    const { from, to } = visibleRange(this.viewDate(), this.view());
    const f = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
    return this.view() === 'day' ? f.format(from) : `${f.format(from)} – ${f.format(new Date(to.getTime() - 1))}`;
  });

  protected readonly panel = signal<Panel>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected cancelReason = '';

  // Booking: a lead, a home, then a free time.
  protected leadQuery = '';
  protected homeQuery = '';
  protected readonly leadHits = signal<LeadSummaryDto[]>([]);
  protected readonly homeHits = signal<UnitHitDto[]>([]);
  protected readonly bookLead = signal<LeadSummaryDto | null>(null);
  protected readonly bookHome = signal<UnitHitDto | null>(null);

  constructor() {
    linkCalendarStyles(inject(DOCUMENT));
    effect(() => {
      const range = visibleRange(this.viewDate(), this.view());
      this.store.scope();
      untracked(() => void this.run(() => this.store.load(range), 'Could not load the calendar'));
    });
  }

  protected step(direction: -1 | 0 | 1): void {
    if (direction === 0) return this.viewDate.set(new Date());
    const d = new Date(this.viewDate());
    d.setDate(d.getDate() + direction * (this.view() === 'week' ? 7 : 1));
    this.viewDate.set(d);
  }

  protected showDay(date: Date): void {
    this.viewDate.set(date);
    this.view.set('day');
  }

  protected select(event: CalendarEvent<CalendarViewingDto>): void {
    if (event.meta) this.panel.set({ kind: 'details', viewing: event.meta });
  }

  /** The time a viewing shows in its lead's zone, said when it differs from one's own. */
  protected leadTime(v: CalendarViewingDto): string | null {
    return v.timezone === this.zone ? null : `${v.local} (${timeZoneWords(v.timezone)})`;
  }

  protected ownTime(v: CalendarViewingDto): string {
    const start = new Date(v.startsAt);
    const day = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short' }).format(start);
    return `${day}, ${clockIn(start, this.zone)}–${clockIn(new Date(v.endsAt), this.zone)}`;
  }

  protected leadDate(v: CalendarViewingDto): string {
    return wallClockIn(new Date(v.startsAt), v.timezone).date;
  }

  protected today(zone: string): string {
    return wallClockIn(new Date(), zone).date;
  }

  /** A viewing dropped at a new time: checked first, saved only when confirmed. */
  protected async dropped({ event, newStart }: CalendarEventTimesChangedEvent<CalendarViewingDto>): Promise<void> {
    const v = event.meta;
    if (!v || v.status !== 'booked') return;
    const { date, time } = wallClockIn(newStart, v.timezone);
    await this.propose({ kind: 'move', viewingId: v.id, leadId: v.leadId, leadName: v.leadName, unitId: v.unitId, unitTitle: v.unitTitle, date, time });
  }

  protected async moveTo(v: CalendarViewingDto, at: { date: string; time: string }): Promise<void> {
    await this.propose({ kind: 'move', viewingId: v.id, leadId: v.leadId, leadName: v.leadName, unitId: v.unitId, unitTitle: v.unitTitle, ...at });
  }

  protected async bookAt(at: { date: string; time: string }): Promise<void> {
    const lead = this.bookLead();
    const home = this.bookHome();
    if (lead && home) await this.propose({ kind: 'book', leadId: lead.id, leadName: lead.name, unitId: home.id, unitTitle: home.title, ...at });
  }

  private async propose(change: Omit<PendingChange, 'check'>): Promise<void> {
    await this.run(async () => this.panel.set({ kind: 'confirm', change: await this.store.check(change) }), 'Could not check that time');
  }

  protected blocked(change: PendingChange): boolean {
    return change.check.conflicts.some((c) => c.blocking);
  }

  protected async confirm(change: PendingChange): Promise<void> {
    await this.run(async () => {
      this.notice.set(await this.store.save(change));
      this.panel.set(null);
    }, change.kind === 'move' ? 'Could not move the viewing' : 'Could not book the viewing');
  }

  protected async cancel(v: CalendarViewingDto): Promise<void> {
    const reason = this.cancelReason.trim();
    if (!reason) return;
    await this.run(async () => {
      await this.store.cancel(v, reason);
      this.notice.set(`Viewing cancelled: ${v.leadName}, ${v.local}`);
      this.cancelReason = '';
      this.panel.set(null);
    }, 'Could not cancel the viewing');
  }

  protected openBooking(): void {
    this.bookLead.set(null);
    this.bookHome.set(null);
    this.leadHits.set([]);
    this.homeHits.set([]);
    this.leadQuery = '';
    this.homeQuery = '';
    this.panel.set({ kind: 'book' });
  }

  protected async searchLeads(): Promise<void> {
    await this.run(async () => this.leadHits.set(await this.store.findLeads(this.leadQuery.trim())), 'Could not search leads');
  }

  protected async searchHomes(): Promise<void> {
    await this.run(async () => this.homeHits.set(await this.store.findHomes(this.homeQuery.trim())), 'Could not search homes');
  }

  protected close(): void {
    this.panel.set(null);
  }

  private async run(work: () => Promise<void>, fallback: string): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await work();
    } catch (e) {
      this.error.set(errorMessage(e, fallback));
    } finally {
      this.busy.set(false);
    }
  }
}
