import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { AuthUser } from '../core/auth/auth-user';
import { DomainError } from '../core/http/domain-error';
import { InventoryService } from '../inventory/inventory.service';
import { UnitStatus } from '../inventory/unit.enums';
import { LeadsService } from '../leads/leads.service';
import type { Slot } from './availability';
import { BookedViewingDto, BookViewingDto, ViewingSlotDto, ViewingSlotsDto, ViewingSlotsQueryDto } from './viewings.dto';
import { ViewingsRepository } from './viewings.repository';
import { addressOf, ViewingsService } from './viewings.service';

const PROBLEMS: Record<string, string> = {
  past: 'That time has passed',
  outside_hours: 'Viewings start on the hour or half hour, within the agent\'s working hours and the home\'s viewing times',
  closed_day: 'No viewings that day',
  too_soon: 'That is less than two hours from now',
  too_far: 'That is more than 60 days ahead',
  taken: 'That time is already booked',
};

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
    const slots = await this.viewings.freeSlots(q.unitId, timezone, now, { date: q.date ?? null }, 6, { assigneeId });
    return { timezone, slots: slots.map((s) => slotDto(s, timezone)) };
  }

  async book(leadId: string, dto: BookViewingDto, user: AuthUser, now = new Date()): Promise<BookedViewingDto> {
    const { timezone, unitTitle, assigneeId } = await this.leadAndUnit(leadId, dto.unitId, user);
    if (await this.viewings.upcomingFor(leadId, dto.unitId, now)) throw new DomainError('conflict', 'viewing_already_booked', 'This lead already has a viewing of this home booked');
    const check = await this.viewings.check(dto.unitId, dto.date, dto.time, timezone, now, { assigneeId });
    if (!check.ok) {
      const alternatives = check.alternatives.map((s) => slotDto(s, timezone));
      throw new DomainError(check.problem === 'taken' ? 'conflict' : 'invalid', `viewing_${check.problem}`, PROBLEMS[check.problem], [{ field: 'time', errors: [PROBLEMS[check.problem]], alternatives }]);
    }
    // The lead's confirmation is queued with the booking (a person's message: the gate decides, the outbox sends).
    const booked = await this.repo.transaction((tx) => this.viewings.bookAndConfirm({ leadId, unitId: dto.unitId, slot: check.slot, timeZone: timezone, unitTitle }, user, tx));
    if (!booked) throw new DomainError('conflict', 'viewing_taken', PROBLEMS.taken, [{ field: 'time', errors: [PROBLEMS.taken] }]);
    await booked.dispatch();
    return { id: booked.viewing.id, leadId, unitId: dto.unitId, startsAt: check.slot.startsAt.toISOString(), local: check.slot.local, timezone };
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
