import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { AuthUser } from '../core/auth/auth-user';
import { DomainError, notFound } from '../core/http/domain-error';
import { InventoryService } from '../inventory/inventory.service';
import { UnitStatus } from '../inventory/unit.enums';
import { LeadsService } from '../leads/leads.service';
import type { Slot } from './availability';
import { BookedViewingDto, BookViewingDto, CalendarViewingDto, ViewingConflictQueryDto, ViewingConflictsDto, ViewingSlotDto, ViewingSlotsDto, ViewingSlotsQueryDto } from './viewings.dto';
import { describeLocal } from '../core/time/zoned-time';
import { ViewingsRepository } from './viewings.repository';
import { addressOf, type LeadRefusal, SLOT_PROBLEMS, viewingSpan, ViewingsService } from './viewings.service';

/** A person books a viewing for a lead they may see (the assistant books through its own tool, with the same rules). */
@Injectable()
export class ViewingBookingService {
  constructor(
    private readonly viewings: ViewingsService,
    private readonly repo: ViewingsRepository,
    private readonly leads: LeadsService,
    private readonly inventory: InventoryService,
  ) {}

  async slots(leadId: string, q: ViewingSlotsQueryDto, user: AuthUser, now = new Date()): Promise<ViewingSlotsDto> {
    const { timezone, assigneeId } = await this.leadAndUnit(leadId, q.unitId, user);
    const slots = await this.viewings.freeSlots(q.unitId, timezone, now, { date: q.date ?? null }, 6, { assigneeId, leadId });
    return { timezone, slots: slots.map((s) => slotDto(s, timezone)) };
  }

  /**
   * Books a free start for the lead: the lead rule first (`ViewingsService.leadRefusal`: never the
   * same home twice, never overlapping another of their viewings), then the slot; the booking
   * itself applies the lead rule again under the lead's lock. Refusals come with free times for
   * this lead to pick instead.
   */
  async book(leadId: string, dto: BookViewingDto, user: AuthUser, now = new Date()): Promise<BookedViewingDto> {
    const { timezone, unitTitle, assigneeId } = await this.leadAndUnit(leadId, dto.unitId, user);
    const showing = { assigneeId, leadId };
    const refusal = async (r: LeadRefusal) => {
      const alternatives = r.code === 'viewing_lead_busy' ? (await this.viewings.freeSlots(dto.unitId, timezone, now, { date: dto.date, time: dto.time }, 3, showing)).map((s) => slotDto(s, timezone)) : [];
      return this.viewings.refusalError(r, alternatives);
    };
    const refused = await this.viewings.leadRefusal(leadId, dto.unitId, viewingSpan(dto.date, dto.time, timezone), now);
    if (refused) throw await refusal(refused);
    const check = await this.viewings.check(dto.unitId, dto.date, dto.time, timezone, now, showing);
    if (!check.ok) {
      const alternatives = check.alternatives.map((s) => slotDto(s, timezone));
      throw new DomainError(check.problem === 'taken' ? 'conflict' : 'invalid', `viewing_${check.problem}`, SLOT_PROBLEMS[check.problem], [{ field: 'time', errors: [SLOT_PROBLEMS[check.problem]], alternatives }]);
    }
    // The lead's confirmation is queued with the booking (a person's message: the gate decides, the outbox sends).
    const booked = await this.repo.transaction((tx) => this.viewings.bookAndConfirm({ leadId, unitId: dto.unitId, slot: check.slot, timeZone: timezone, unitTitle }, user, tx, now));
    if (!booked.ok) {
      if (booked.refused) throw await refusal(booked.refused);
      throw new DomainError('conflict', 'viewing_taken', SLOT_PROBLEMS.taken, [{ field: 'time', errors: [SLOT_PROBLEMS.taken] }]);
    }
    await booked.dispatch();
    return { id: booked.viewing.id, leadId, unitId: dto.unitId, startsAt: check.slot.startsAt.toISOString(), local: check.slot.local, timezone };
  }

  /** A lead's viewings, past and upcoming (the lead page). */
  async ofLead(leadId: string, user: AuthUser): Promise<CalendarViewingDto[]> {
    await this.leads.get(leadId, user);
    return this.viewings.ofLead(leadId);
  }

  /**
   * What stands in the way of booking (or moving a viewing to) a start, said before saving: the
   * lead's other viewings near it and the agent's calendar, by the rules the booking itself applies.
   */
  async conflicts(q: ViewingConflictQueryDto, user: AuthUser, now = new Date()): Promise<ViewingConflictsDto> {
    const lead = await this.leads.get(q.leadId, user);
    const timezone = lead.contact.timezone;
    let assigneeId = lead.assignee?.id ?? null;
    if (q.viewingId) {
      const moving = await this.viewings.inviteFacts(q.viewingId);
      if (!moving || moving.leadId !== q.leadId) throw notFound('Viewing');
      assigneeId = moving.agentId;
    }
    const { startsAt, endsAt } = viewingSpan(q.date, q.time, timezone);
    const showing = { assigneeId, exceptViewingId: q.viewingId };
    const [lc, ac] = await Promise.all([this.viewings.leadConflicts(q.leadId, startsAt, endsAt, q.viewingId), this.viewings.agentConflicts(q.unitId, q.date, q.time, timezone, showing, now)]);
    return { local: describeLocal(startsAt, timezone), timezone, conflicts: [...lc, ...ac] };
  }

  private async leadAndUnit(leadId: string, unitId: string, user: AuthUser) {
    // Not visible to this person: the same 404 as reading the lead.
    const lead = await this.leads.get(leadId, user);
    const unit = await this.inventory.findUnit(unitId);
    if (!unit) throw new DomainError('not_found', 'unit_not_found', 'Unit not found', [{ field: 'unitId', errors: ['Unit not found'] }]);
    if (unit.status !== UnitStatus.Available) throw new DomainError('conflict', 'unit_not_available', 'This home is not available for viewings', [{ field: 'unitId', errors: ['This home is not available for viewings'] }]);
    return { timezone: lead.contact.timezone, unitTitle: unit.title, address: addressOf(unit), assigneeId: lead.assignee?.id ?? null };
  }
}

function slotDto(s: Slot, timezone: string): ViewingSlotDto {
  const local = DateTime.fromJSDate(s.startsAt, { zone: timezone });
  return { date: local.toFormat('yyyy-MM-dd'), time: local.toFormat('HH:mm'), local: s.local, startsAt: s.startsAt.toISOString() };
}
