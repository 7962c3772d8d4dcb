import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ViewingEntity, ViewingStatus } from './viewing.entity';

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
  startsAt: string;
  endsAt: string;
  /** The lead's IANA time zone when it was booked. */
  @ApiProperty({ example: 'America/Los_Angeles' })
  timezone: string;
  @ApiProperty({ enum: ViewingStatus, enumName: 'ViewingStatus' })
  status: ViewingStatus;
}

export function mapViewing(v: ViewingEntity): ViewingDto {
  return { id: v.id, leadId: v.leadId, unitId: v.unitId, startsAt: v.startsAt.toISOString(), endsAt: v.endsAt.toISOString(), timezone: v.timezone, status: v.status };
}
