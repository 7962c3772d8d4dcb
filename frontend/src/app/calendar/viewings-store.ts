import { inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { bookViewing } from '../api/fn/viewings/book-viewing';
import { cancelViewing } from '../api/fn/viewings/cancel-viewing';
import { checkViewingConflicts } from '../api/fn/viewings/check-viewing-conflicts';
import { listFreeSlots } from '../api/fn/viewings/list-free-slots';
import { listLeadViewings } from '../api/fn/viewings/list-lead-viewings';
import { listViewingCalendar } from '../api/fn/viewings/list-viewing-calendar';
import { moveViewing } from '../api/fn/viewings/move-viewing';
import { listLeads } from '../api/fn/leads/list-leads';
import { searchUnits } from '../api/fn/inventory/search-units';
import { CalendarViewingDto } from '../api/models/calendar-viewing-dto';
import { FreeSlotsDto } from '../api/models/free-slots-dto';
import { LeadSummaryDto } from '../api/models/lead-summary-dto';
import { UnitHitDto } from '../api/models/unit-hit-dto';
import { ViewingConflictsDto } from '../api/models/viewing-conflicts-dto';
import { BookedViewingDto } from '../api/models/booked-viewing-dto';
import { SessionReset } from '../core/session-reset';

/** A change about to be saved, with what stands in its way said in words (checked before saving). */
export interface PendingChange {
  kind: 'move' | 'book';
  leadId: string;
  leadName: string;
  unitId: string;
  unitTitle: string;
  /** In the lead's zone. */
  date: string;
  time: string;
  viewingId?: string;
  check: ViewingConflictsDto;
}

/** Viewings in a range (mine or the team's) and a lead's viewings; booking, moving and cancelling them. */
@Injectable({ providedIn: 'root' })
export class ViewingsStore {
  private readonly api = inject(Api);

  readonly viewings = signal<CalendarViewingDto[]>([]);
  readonly scope = signal<'mine' | 'team'>('mine');
  readonly loading = signal(false);
  private range: { from: Date; to: Date } | null = null;

  constructor() {
    inject(SessionReset).register(() => this.reset());
  }

  reset(): void {
    this.viewings.set([]);
    this.scope.set('mine');
    this.range = null;
  }

  async load(range: { from: Date; to: Date } | null = this.range): Promise<void> {
    if (!range) return;
    this.range = range;
    this.loading.set(true);
    try {
      const found = await this.api.invoke(listViewingCalendar, { from: range.from.toISOString(), to: range.to.toISOString(), scope: this.scope() });
      if (this.range === range) this.viewings.set(found);
    } finally {
      this.loading.set(false);
    }
  }

  ofLead(leadId: string): Promise<CalendarViewingDto[]> {
    return this.api.invoke(listLeadViewings, { id: leadId });
  }

  /** What would stand in the way of this start (nothing is saved). */
  async check(change: Omit<PendingChange, 'check'>): Promise<PendingChange> {
    const check = await this.api.invoke(checkViewingConflicts, { body: { leadId: change.leadId, unitId: change.unitId, date: change.date, time: change.time, ...(change.viewingId ? { viewingId: change.viewingId } : {}) } });
    return { ...change, check };
  }

  /** Saves a checked change; the lead and the agent get the (updated) invite. */
  async save(change: PendingChange): Promise<string> {
    if (change.kind === 'move' && change.viewingId) {
      await this.api.invoke(moveViewing, { id: change.viewingId, body: { date: change.date, time: change.time } });
      await this.load();
      return `Viewing moved: ${change.leadName}, ${change.check.local}`;
    }
    const booked: BookedViewingDto = await this.api.invoke(bookViewing, { id: change.leadId, body: { unitId: change.unitId, date: change.date, time: change.time } });
    await this.load();
    return `Viewing booked: ${change.leadName}, ${booked.local}`;
  }

  async cancel(v: CalendarViewingDto, reason: string): Promise<void> {
    await this.api.invoke(cancelViewing, { id: v.id, body: { reason } });
    await this.load();
  }

  /** Free starts of a home on one day, in the lead's zone. */
  freeSlots(unitId: string, leadId: string, date: string): Promise<FreeSlotsDto> {
    return this.api.invoke(listFreeSlots, { unitId, leadId, from: date, to: date });
  }

  async findLeads(q: string): Promise<LeadSummaryDto[]> {
    return (await this.api.invoke(listLeads, { q, pageSize: 8 })).items;
  }

  async findHomes(q: string): Promise<UnitHitDto[]> {
    return (await this.api.invoke(searchUnits, { q, pageSize: 8 })).items;
  }
}
