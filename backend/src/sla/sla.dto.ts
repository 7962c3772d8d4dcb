import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { LeadStage } from '../leads/lead.enums';
import { SLA_ESCALATIONS, SLA_RULE_KINDS, type SlaEscalation, type SlaRuleKind } from './sla-rule.entity';

/** One day's opening hours. */
export class OpeningHoursDto {
  /** 0 = Sunday … 6 = Saturday. */
  @IsInt()
  @Min(0)
  @Max(6)
  weekday: number;
  /** Opening time, HH:MM. */
  @IsString()
  @Matches(/^\d\d:\d\d$/, { message: 'start must be a time like 09:00' })
  start: string;
  /** Closing time, HH:MM ("24:00" for midnight). */
  @IsString()
  @Matches(/^\d\d:\d\d$/, { message: 'end must be a time like 18:00' })
  end: string;
}

/** The team's business hours: SLA timers that count business time only run inside them. */
export class BusinessHoursDto {
  /** IANA time zone name, e.g. Europe/Madrid. */
  @IsString()
  @MaxLength(64)
  timeZone: string;
  /** Opening hours per weekday; a weekday left out is closed. */
  @IsArray()
  @ArrayMaxSize(7)
  @ValidateNested({ each: true })
  @Type(() => OpeningHoursDto)
  days: OpeningHoursDto[];
}

export class SlaRuleInputDto {
  /** Keep the id of a rule you edit: its running timers and their warnings stay its own. */
  @IsOptional()
  @IsUUID()
  id?: string;
  /** `first_response`: the lead's last message gets an answer (from a person or the assistant); `leave_stage`: the lead moves on from the stage. */
  @ApiProperty({ enum: SLA_RULE_KINDS, enumName: 'SlaRuleKind' })
  @IsIn(SLA_RULE_KINDS)
  kind: SlaRuleKind;
  /** The stage the timer runs in. */
  @ApiProperty({ enum: LeadStage, enumName: 'LeadStage' })
  @IsIn(Object.values(LeadStage))
  stage: LeadStage;
  /** Within how many minutes (3 days = 4320). */
  @IsInt()
  minutes: number;
  /** Count the team's business hours only (nights and closed days do not count). */
  @IsBoolean()
  businessHoursOnly: boolean;
  /** Warn the assignee when this share of the time (1–99 %) has passed; omit or null for no warning. */
  @IsOptional()
  @IsInt()
  warnPercent?: number | null;
  /** On a breach, besides the assignee's task and notification: tell the team lead, or hand the lead to the next agent by the routing rules. */
  @ApiProperty({ enum: SLA_ESCALATIONS, enumName: 'SlaEscalation' })
  @IsIn(SLA_ESCALATIONS)
  escalation: SlaEscalation;
  @IsBoolean()
  enabled: boolean;
}

export class ReplaceSlaSettingsDto {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => BusinessHoursDto)
  businessHours: BusinessHoursDto;
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => SlaRuleInputDto)
  rules: SlaRuleInputDto[];
}

export class SlaRuleDto {
  id: string;
  @ApiProperty({ enum: SLA_RULE_KINDS, enumName: 'SlaRuleKind' })
  kind: SlaRuleKind;
  @ApiProperty({ enum: LeadStage, enumName: 'LeadStage' })
  stage: LeadStage;
  minutes: number;
  businessHoursOnly: boolean;
  warnPercent: number | null;
  @ApiProperty({ enum: SLA_ESCALATIONS, enumName: 'SlaEscalation' })
  escalation: SlaEscalation;
  enabled: boolean;
  /** The rule in words ("New leads get a first reply within 5 minutes of business time"). */
  text: string;
}

/** The SLA settings as admins edit them (Admin → Pipeline). */
export class SlaSettingsDto {
  businessHours: BusinessHoursDto;
  rules: SlaRuleDto[];
}
