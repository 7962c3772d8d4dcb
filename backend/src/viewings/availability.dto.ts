import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsDateString, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { WeeklyHours } from './availability';
import type { AgentAvailabilityEntity, AgentTimeOffEntity, UnitViewingWindowsEntity } from './availability.entity';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const CLOCK = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const ZONE = /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){0,2}$/;

export class WeeklyHoursDto {
  /** 0 = Sunday … 6 = Saturday. */
  @IsInt()
  @Min(0)
  @Max(6)
  weekday: number;

  /** HH:MM */
  @Matches(CLOCK, { message: 'start must be HH:MM' })
  start: string;

  /** HH:MM, after start ("24:00" for midnight). */
  @Matches(CLOCK, { message: 'end must be HH:MM' })
  end: string;
}

export class AvailabilityDto {
  /** The time zone the working hours are in. */
  @ApiProperty({ example: 'America/Los_Angeles' })
  timezone: string;
  weekly: WeeklyHoursDto[];
  /** Minutes kept free after each viewing (travel comes on top). */
  bufferMinutes: number;
  /** False: nothing set yet; the brokerage's default hours (every day 09:00–19:45, the lead's time zone) apply. */
  custom: boolean;
}

export class UpdateAvailabilityDto {
  @ApiProperty({ example: 'America/Los_Angeles' })
  @Matches(ZONE, { message: 'timezone must be an IANA zone such as America/Los_Angeles' })
  timezone: string;

  @ValidateNested({ each: true })
  @Type(() => WeeklyHoursDto)
  @ArrayMaxSize(28)
  weekly: WeeklyHoursDto[];

  @IsInt()
  @Min(0)
  @Max(240)
  bufferMinutes: number;
}

export class TimeOffDto {
  id: string;
  startsAt: string;
  endsAt: string;
  note: string | null;
}

export class AddTimeOffDto {
  @IsDateString()
  startsAt: string;

  @IsDateString()
  endsAt: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

export class ViewingWindowsDto {
  @ApiProperty({ example: 'America/Los_Angeles' })
  timezone: string;
  /** Empty: whenever an agent works. */
  windows: WeeklyHoursDto[];
}

export class UpdateViewingWindowsDto {
  @ApiProperty({ example: 'America/Los_Angeles' })
  @Matches(ZONE, { message: 'timezone must be an IANA zone such as America/Los_Angeles' })
  timezone: string;

  @ValidateNested({ each: true })
  @Type(() => WeeklyHoursDto)
  @ArrayMaxSize(28)
  windows: WeeklyHoursDto[];
}

export class FreeSlotsQueryDto {
  /** The home to view. */
  @IsUUID('all')
  unitId: string;

  /** First day (YYYY-MM-DD, in the time zone). */
  @Matches(DATE, { message: 'from must be YYYY-MM-DD' })
  from: string;

  /** Last day, included (YYYY-MM-DD); at most 60 days after `from`. */
  @Matches(DATE, { message: 'to must be YYYY-MM-DD' })
  to: string;

  /** The lead the viewing is for: their agent shows it and times are in their zone. */
  @IsOptional()
  @IsUUID('all')
  leadId?: string;

  /** IANA time zone of the answer (default: the lead's). */
  @IsOptional()
  @Matches(ZONE, { message: 'tz must be an IANA zone such as America/Los_Angeles' })
  tz?: string;
}

export class FreeSlotDto {
  /** YYYY-MM-DD in the time zone. */
  date: string;
  /** HH:MM in the time zone. */
  time: string;
  /** In words, e.g. "Tue 8 Dec, 10:30". */
  local: string;
  startsAt: string;
  endsAt: string;
  /** How many agents could show it then. */
  agents: number;
}

export class FreeSlotsDto {
  timezone: string;
  slots: FreeSlotDto[];
}

export const mapAvailability = (row: AgentAvailabilityEntity | null, fallbackZone: string, defaults: WeeklyHours[]): AvailabilityDto =>
  row ? { timezone: row.timezone, weekly: row.weekly, bufferMinutes: row.bufferMinutes, custom: true } : { timezone: fallbackZone, weekly: defaults, bufferMinutes: 0, custom: false };

export const mapTimeOff = (t: AgentTimeOffEntity): TimeOffDto => ({ id: t.id, startsAt: t.startsAt.toISOString(), endsAt: t.endsAt.toISOString(), note: t.note });

export const mapWindows = (w: UnitViewingWindowsEntity | null): ViewingWindowsDto => (w ? { timezone: w.timezone, windows: w.windows } : { timezone: 'UTC', windows: [] });
