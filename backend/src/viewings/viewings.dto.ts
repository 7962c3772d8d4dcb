import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { describeLocal } from '../core/time/zoned-time';
import type { InviteFacts } from './viewings.repository';
import { ViewingEntity, ViewingStatus } from './viewing.entity';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export class ViewingSlotsQueryDto {
  /** The home to view. */
  @IsUUID('all')
  unitId: string;

  /** A day to look around (YYYY-MM-DD, the lead's time zone); unset: the earliest free times. */
  @IsOptional()
  @Matches(DATE, { message: 'date must be YYYY-MM-DD' })
  date?: string;
}

export class BookViewingDto {
  @IsUUID('all')
  unitId: string;

  /** YYYY-MM-DD in the lead's time zone. */
  @Matches(DATE, { message: 'date must be YYYY-MM-DD' })
  date: string;

  /** HH:MM (24 h) in the lead's time zone. */
  @Matches(TIME, { message: 'time must be HH:MM' })
  time: string;
}

export class ViewingSlotDto {
  /** YYYY-MM-DD in the lead's time zone. */
  date: string;
  /** HH:MM in the lead's time zone. */
  time: string;
  /** In words, e.g. "Tue 8 Dec, 10:30". */
  local: string;
  startsAt: string;
}

export class ViewingSlotsDto {
  /** The lead's time zone, in which dates and times are given. */
  timezone: string;
  slots: ViewingSlotDto[];
}

export class BookedViewingDto {
  id: string;
  leadId: string;
  unitId: string;
  startsAt: string;
  local: string;
  timezone: string;
}

export class CancelViewingDto {
  /** Why, in a few words (on the lead's timeline). */
  @ApiProperty({ required: false, example: 'The buyer found another home' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class ViewingDto {
  id: string;
  leadId: string;
  unitId: string;
  /** Who shows it. */
  agentId: string | null;
  startsAt: string;
  endsAt: string;
  /** The lead's IANA time zone when it was booked. */
  @ApiProperty({ example: 'America/Los_Angeles' })
  timezone: string;
  @ApiProperty({ enum: ViewingStatus, enumName: 'ViewingStatus' })
  status: ViewingStatus;
}

export function mapViewing(v: ViewingEntity): ViewingDto {
  return { id: v.id, leadId: v.leadId, unitId: v.unitId, agentId: v.agentId ?? null, startsAt: v.startsAt.toISOString(), endsAt: v.endsAt.toISOString(), timezone: v.timezone, status: v.status };
}

export class MoveViewingDto {
  /** YYYY-MM-DD in the lead's time zone. */
  @Matches(DATE, { message: 'date must be YYYY-MM-DD' })
  date: string;

  /** HH:MM (24 h) in the lead's time zone. */
  @Matches(TIME, { message: 'time must be HH:MM' })
  time: string;
}

export class CalendarFeedDto {
  /** The private address calendar apps subscribe to (path on this server; keep it secret: anyone with it sees your viewings). */
  path: string;
}

export class CalendarFeedStatusDto {
  /** Whether a feed address is live (its address is shown only when made). */
  active: boolean;
}

export const CALENDAR_SCOPES = ['mine', 'team'] as const;

export class ViewingCalendarQueryDto {
  /** From this instant (ISO 8601). */
  @IsISO8601({ strict: true })
  @MaxLength(40)
  from: string;

  /** Up to this instant (ISO 8601), at most 62 days after `from`. */
  @IsISO8601({ strict: true })
  @MaxLength(40)
  to: string;

  /** `mine`: the viewings I show (default); `team`: every viewing of the leads I may see. */
  @ApiProperty({ required: false, enum: CALENDAR_SCOPES })
  @IsOptional()
  @IsIn(CALENDAR_SCOPES)
  scope?: (typeof CALENDAR_SCOPES)[number];
}

/** A viewing as a calendar shows it: who, which home, when (in the lead's zone too). */
export class CalendarViewingDto {
  id: string;
  leadId: string;
  leadName: string;
  unitId: string;
  unitTitle: string;
  /** Street (if known), area, city. */
  address: string;
  agentId: string | null;
  agentName: string | null;
  startsAt: string;
  endsAt: string;
  /** The lead's IANA time zone. */
  @ApiProperty({ example: 'America/Los_Angeles' })
  timezone: string;
  /** The start in words in the lead's zone, e.g. "Tue 8 Dec, 10:30". */
  local: string;
  @ApiProperty({ enum: ViewingStatus, enumName: 'ViewingStatus' })
  status: ViewingStatus;
}

export function mapCalendarViewing(f: InviteFacts): CalendarViewingDto {
  return {
    id: f.id,
    leadId: f.leadId,
    leadName: f.leadName,
    unitId: f.unitId,
    unitTitle: f.unitTitle,
    address: f.address,
    agentId: f.agentId,
    agentName: f.agentName,
    startsAt: f.startsAt.toISOString(),
    endsAt: f.endsAt.toISOString(),
    timezone: f.timezone,
    local: describeLocal(f.startsAt, f.timezone),
    status: f.status,
  };
}

export class ViewingConflictQueryDto {
  @IsUUID('all')
  leadId: string;

  @IsUUID('all')
  unitId: string;

  /** YYYY-MM-DD in the lead's time zone. */
  @Matches(DATE, { message: 'date must be YYYY-MM-DD' })
  date: string;

  /** HH:MM (24 h) in the lead's time zone. */
  @Matches(TIME, { message: 'time must be HH:MM' })
  time: string;

  /** The viewing being moved (its own time does not count against it). */
  @IsOptional()
  @IsUUID('all')
  viewingId?: string;
}

export const CONFLICT_KINDS = ['lead', 'agent', 'time'] as const;

export class ViewingConflictDto {
  /** Whose calendar it concerns: the lead's, the agent's, or the time itself. */
  @ApiProperty({ enum: CONFLICT_KINDS })
  kind: (typeof CONFLICT_KINDS)[number];
  /** In words, for the person about to save. */
  message: string;
  /** True when saving would be refused; false for a warning only. */
  blocking: boolean;
}

export class ViewingConflictsDto {
  /** The wanted start in words in the lead's zone. */
  local: string;
  timezone: string;
  conflicts: ViewingConflictDto[];
}
