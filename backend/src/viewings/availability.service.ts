import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { AuthUser } from '../core/auth/auth-user';
import { AuditTrail } from '../core/audit/audit-trail';
import { DomainError, notFound } from '../core/http/domain-error';
import { isTimeZone } from '../core/time/zoned-time';
import { InventoryService } from '../inventory/inventory.service';
import { UnitStatus } from '../inventory/unit.enums';
import { LeadsService } from '../leads/leads.service';
import { DEFAULT_HOURS, VIEWING_RULES, type WeeklyHours } from './availability';
import {
  AddTimeOffDto,
  AvailabilityDto,
  FreeSlotsDto,
  FreeSlotsQueryDto,
  mapAvailability,
  mapTimeOff,
  mapWindows,
  TimeOffDto,
  UpdateAvailabilityDto,
  UpdateViewingWindowsDto,
  ViewingWindowsDto,
} from './availability.dto';
import { AvailabilityRepository } from './availability.repository';
import { ViewingsService } from './viewings.service';

const invalid = (code: string, field: string, message: string) => new DomainError('invalid', code, message, [{ field, errors: [message] }]);

function checkZone(zone: string, field: string): void {
  if (!isTimeZone(zone)) throw invalid('unknown_time_zone', field, `Unknown time zone: ${zone}`);
}

function checkHours(hours: WeeklyHours[], field: string): void {
  for (const h of hours) if (h.end <= h.start) throw invalid('hours_end_before_start', field, `On day ${h.weekday} the end (${h.end}) must be after the start (${h.start})`);
}

/** Agents' working hours and time off, homes' viewing windows, and free slots from them. */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly repo: AvailabilityRepository,
    private readonly viewings: ViewingsService,
    private readonly leads: LeadsService,
    private readonly inventory: InventoryService,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * Free starts of a home from one day to another (both included) in a time zone: the lead's
   * (whose agent shows it) or `tz`. The same computation the assistant and the listing page use.
   */
  async slots(q: FreeSlotsQueryDto, user: AuthUser, now = new Date()): Promise<FreeSlotsDto> {
    const lead = q.leadId ? await this.leads.get(q.leadId, user) : null;
    const zone = q.tz ?? lead?.contact.timezone;
    if (!zone) throw invalid('time_zone_required', 'tz', 'Give a lead or a time zone');
    checkZone(zone, 'tz');
    const from = DateTime.fromISO(q.from, { zone });
    const to = DateTime.fromISO(q.to, { zone }).plus({ days: 1 });
    if (!from.isValid || !to.isValid) throw invalid('invalid_date', 'from', 'Not a real date');
    if (to <= from) throw invalid('range_reversed', 'to', 'The last day is before the first');
    if (to.diff(from, 'days').days > VIEWING_RULES.horizonDays) throw invalid('range_too_long', 'to', `At most ${VIEWING_RULES.horizonDays} days at a time`);
    if (to.toMillis() <= now.getTime()) throw invalid('range_past', 'to', 'Those days have passed');
    const unit = await this.inventory.findUnit(q.unitId);
    if (!unit) throw new DomainError('not_found', 'unit_not_found', 'Unit not found', [{ field: 'unitId', errors: ['Unit not found'] }]);
    if (unit.status !== UnitStatus.Available) throw new DomainError('conflict', 'unit_not_available', 'This home is not available for viewings', [{ field: 'unitId', errors: ['This home is not available for viewings'] }]);
    const slots = await this.viewings.slotsBetween(q.unitId, zone, { assigneeId: lead?.assignee?.id ?? null }, from.toJSDate(), to.toJSDate(), now);
    return {
      timezone: zone,
      slots: slots.map((s) => {
        const local = DateTime.fromJSDate(s.startsAt, { zone });
        return { date: local.toISODate()!, time: local.toFormat('HH:mm'), local: s.local, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), agents: s.agentIds.length };
      }),
    };
  }

  async myAvailability(user: AuthUser): Promise<AvailabilityDto> {
    return mapAvailability(await this.repo.findHours(user.id), 'UTC', DEFAULT_HOURS);
  }

  async setMyAvailability(user: AuthUser, dto: UpdateAvailabilityDto): Promise<AvailabilityDto> {
    checkZone(dto.timezone, 'timezone');
    checkHours(dto.weekly, 'weekly');
    const row = await this.repo.saveHours({ userId: user.id, timezone: dto.timezone, weekly: dto.weekly.map(({ weekday, start, end }) => ({ weekday, start, end })), bufferMinutes: dto.bufferMinutes });
    return mapAvailability(row, dto.timezone, DEFAULT_HOURS);
  }

  async myTimeOff(user: AuthUser, now = new Date()): Promise<TimeOffDto[]> {
    return (await this.repo.listTimeOff(user.id, now)).map(mapTimeOff);
  }

  async addTimeOff(user: AuthUser, dto: AddTimeOffDto): Promise<TimeOffDto> {
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    if (endsAt <= startsAt) throw invalid('time_off_end_before_start', 'endsAt', 'The end must be after the start');
    return mapTimeOff(await this.repo.addTimeOff({ userId: user.id, startsAt, endsAt, note: dto.note?.trim() || null }));
  }

  async removeTimeOff(user: AuthUser, id: string): Promise<void> {
    const removed = await this.repo.deleteTimeOff(id, user.id);
    if (!removed) throw notFound('Time off');
    await this.audit.record({ action: 'time_off.deleted', actorId: user.id, apiKeyId: user.apiKeyId, targetType: 'time_off', targetId: id, changes: { startsAt: new Date(removed.starts_at).toISOString(), endsAt: new Date(removed.ends_at).toISOString(), note: removed.note } });
  }

  async windows(unitId: string): Promise<ViewingWindowsDto> {
    if (!(await this.inventory.findUnit(unitId))) throw notFound('Unit');
    return mapWindows(await this.repo.findWindows(unitId));
  }

  async setWindows(unitId: string, dto: UpdateViewingWindowsDto): Promise<ViewingWindowsDto> {
    if (!(await this.inventory.findUnit(unitId))) throw notFound('Unit');
    checkZone(dto.timezone, 'timezone');
    checkHours(dto.windows, 'windows');
    return mapWindows(await this.repo.saveWindows({ unitId, timezone: dto.timezone, windows: dto.windows.map(({ weekday, start, end }) => ({ weekday, start, end })) }));
  }
}
