import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { errorMessage } from '../core/api-error';
import { askToConfirm } from '../shared/ui/confirm-dialog';
import { ViewingHoursStore } from './viewing-hours-store';

interface DayRow {
  weekday: number;
  name: string;
  works: boolean;
  start: string;
  end: string;
}

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const WEEKDAY = [1, 2, 3, 4, 5, 6, 0];

/** When I show homes: working days and hours, the break between viewings, time off, and my calendar address. */
@Component({
  selector: 'oh-viewing-hours-card',
  imports: [FormsModule, MatCardModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule],
  templateUrl: './viewing-hours-card.html',
  styles: ['.day-row { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin-bottom: 8px; } .card { margin-top: 16px; } .error { color: var(--mat-sys-error); }'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ViewingHoursCard implements OnInit {
  protected readonly store = inject(ViewingHoursStore);
  private readonly dialog = inject(MatDialog);
  protected readonly days = signal<DayRow[]>([]);
  protected timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  protected buffer = 15;
  protected offStart = '';
  protected offEnd = '';
  protected offNote = '';
  protected readonly message = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);

  ngOnInit(): void {
    void this.load();
  }

  private load(): Promise<void> {
    return this.run(async () => {
      await this.store.load();
      const hours = this.store.hours();
      if (hours?.custom) {
        this.timezone = hours.timezone;
        this.buffer = hours.bufferMinutes;
      }
      this.days.set(
        WEEKDAY.map((weekday, i) => {
          const h = hours?.weekly.find((w) => w.weekday === weekday);
          return { weekday, name: DAYS[i], works: !!h, start: h?.start ?? '09:00', end: h?.end ?? '17:00' };
        }),
      );
    });
  }

  protected saveHours(): Promise<void> {
    return this.run(async () => {
      const weekly = this.days()
        .filter((d) => d.works)
        .map(({ weekday, start, end }) => ({ weekday, start, end }));
      await this.store.saveHours({ timezone: this.timezone, weekly, bufferMinutes: Number(this.buffer) });
      this.message.set('Your viewing hours are saved');
    }, 'Could not save your hours');
  }

  protected addTimeOff(): Promise<void> {
    return this.run(async () => {
      if (!this.offStart || !this.offEnd) throw new Error('Give the first and last moment you are away');
      await this.store.addTimeOff(new Date(this.offStart).toISOString(), new Date(this.offEnd).toISOString(), this.offNote.trim());
      this.offStart = this.offEnd = this.offNote = '';
      this.message.set('Time off added: no viewings then');
    }, 'Could not add the time off');
  }

  protected async removeTimeOff(id: string): Promise<void> {
    const sure = await askToConfirm(this.dialog, { title: 'Remove this time off?', message: 'Viewings can be booked in it again.', confirm: 'Remove', destructive: true });
    if (sure) await this.run(() => this.store.removeTimeOff(id), 'Could not remove the time off');
  }

  protected makeFeed(): Promise<void> {
    return this.run(() => this.store.makeFeed(), 'Could not make a calendar address');
  }

  protected async stopFeed(): Promise<void> {
    const sure = await askToConfirm(this.dialog, { title: 'Stop your calendar address?', message: 'Calendars subscribed to it stop showing your viewings.', confirm: 'Stop it', destructive: true });
    if (sure) await this.run(() => this.store.stopFeed(), 'Could not stop the calendar address');
  }

  protected when(iso: string): string {
    return new Date(iso).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  }

  private async run(work: () => Promise<void>, fallback?: string): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    this.message.set(null);
    try {
      await work();
    } catch (e) {
      this.error.set(e instanceof Error && !('status' in e) ? e.message : errorMessage(e, fallback));
    } finally {
      this.busy.set(false);
    }
  }
}
