import { inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { addMyTimeOff } from '../api/fn/viewings/add-my-time-off';
import { createMyCalendarFeed } from '../api/fn/viewings/create-my-calendar-feed';
import { getMyAvailability } from '../api/fn/viewings/get-my-availability';
import { getMyCalendarFeed } from '../api/fn/viewings/get-my-calendar-feed';
import { listMyTimeOff } from '../api/fn/viewings/list-my-time-off';
import { removeMyTimeOff } from '../api/fn/viewings/remove-my-time-off';
import { revokeMyCalendarFeed } from '../api/fn/viewings/revoke-my-calendar-feed';
import { updateMyAvailability } from '../api/fn/viewings/update-my-availability';
import { AvailabilityDto } from '../api/models/availability-dto';
import { TimeOffDto } from '../api/models/time-off-dto';
import { UpdateAvailabilityDto } from '../api/models/update-availability-dto';
import { SessionReset } from '../core/session-reset';

/** The signed-in person's viewing hours, time off and calendar address. */
@Injectable({ providedIn: 'root' })
export class ViewingHoursStore {
  private readonly api = inject(Api);

  readonly hours = signal<AvailabilityDto | null>(null);
  readonly timeOff = signal<TimeOffDto[]>([]);
  readonly feedActive = signal(false);
  /** Shown once, when made: the full address to paste into a calendar app. */
  readonly feedUrl = signal<string | null>(null);

  constructor() {
    inject(SessionReset).register(() => this.reset());
  }

  reset(): void {
    this.hours.set(null);
    this.timeOff.set([]);
    this.feedActive.set(false);
    this.feedUrl.set(null);
  }

  async load(): Promise<void> {
    const [hours, off, feed] = await Promise.all([this.api.invoke(getMyAvailability), this.api.invoke(listMyTimeOff), this.api.invoke(getMyCalendarFeed)]);
    this.hours.set(hours);
    this.timeOff.set(off);
    this.feedActive.set(feed.active);
  }

  async saveHours(body: UpdateAvailabilityDto): Promise<void> {
    this.hours.set(await this.api.invoke(updateMyAvailability, { body }));
  }

  async addTimeOff(startsAt: string, endsAt: string, note: string): Promise<void> {
    const added = await this.api.invoke(addMyTimeOff, { body: { startsAt, endsAt, ...(note ? { note } : {}) } });
    this.timeOff.update((list) => [...list, added].sort((a, b) => a.startsAt.localeCompare(b.startsAt)));
  }

  async removeTimeOff(id: string): Promise<void> {
    await this.api.invoke(removeMyTimeOff, { id });
    this.timeOff.update((list) => list.filter((t) => t.id !== id));
  }

  async makeFeed(): Promise<void> {
    const { path } = await this.api.invoke(createMyCalendarFeed);
    this.feedUrl.set(new URL(path, window.location.origin).toString());
    this.feedActive.set(true);
  }

  async stopFeed(): Promise<void> {
    await this.api.invoke(revokeMyCalendarFeed);
    this.feedUrl.set(null);
    this.feedActive.set(false);
  }
}
