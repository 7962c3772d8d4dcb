import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsDefined,
  IsObject,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ActivityType, CONTACT_CHANNELS, CONTACT_OUTCOMES, type ContactChannel, type ContactOutcome, LeadSource, LeadStage, QualificationStatus, ScoreSource, type SlaClockKind, TaskType } from './lead.enums';
import { LeadProfileDto, ProfileInputDto } from './profile.dto';
import { IsDecimal } from '../core/http/decimal';

const csv = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;

export const LEAD_SORTS = ['attention', 'score', '-score', 'created', '-created', 'lastActivity', '-lastActivity'] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

export class ListLeadsQueryDto {
  /** One or more stages, comma-separated. */
  @ApiProperty({ enum: LeadStage, enumName: 'LeadStage', isArray: true, required: false })
  @IsOptional()
  @Transform(csv)
  @IsEnum(LeadStage, { each: true })
  stage?: LeadStage[];

  /** One or more sources, comma-separated. */
  @ApiProperty({ enum: LeadSource, enumName: 'LeadSource', isArray: true, required: false })
  @IsOptional()
  @Transform(csv)
  @IsEnum(LeadSource, { each: true })
  source?: LeadSource[];

  /** A user id, `me`, or `unassigned`. */
  @IsOptional()
  @ValidateIf((o: ListLeadsQueryDto) => o.assignee !== 'me' && o.assignee !== 'unassigned')
  @IsUUID('all', { message: 'assignee must be a user id, "me" or "unassigned"' })
  assignee?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100)
  scoreMin?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100)
  scoreMax?: number;

  /** ISO date or date-time; inclusive. */
  @IsOptional()
  @IsDateString()
  createdFrom?: string;

  /** ISO date or date-time; exclusive. */
  @IsOptional()
  @IsDateString()
  createdTo?: string;

  /** Matches name, email or phone (at least 2 characters). */
  @IsOptional()
  @IsString()
  @Length(2, 100)
  q?: string;

  /** Only open leads whose last message from them has no answer yet (true), or the others (false). */
  @IsOptional()
  @Transform(({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false], { message: 'needsReply must be true or false' })
  needsReply?: boolean;

  /** A leading `-` sorts descending. `attention`: open leads waiting for a reply first (longest wait first), then open leads by score, closed ones last. Default `-score`. */
  @ApiProperty({ enum: LEAD_SORTS, required: false })
  @IsOptional()
  @IsIn(LEAD_SORTS)
  sort?: LeadSort;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

export class ContactInputDto {
  @IsString()
  @Length(1, 200)
  name: string;

  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  /** Any common format; stored as typed and as E.164. */
  @IsOptional()
  @IsString()
  @Length(5, 40)
  phone?: string | null;

  /** IANA time zone, e.g. America/Los_Angeles. */
  @IsOptional()
  @Matches(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){0,2}$/, { message: 'timezone must be an IANA zone such as America/Los_Angeles' })
  timezone?: string;

  /** How they like to be reached. */
  @ApiProperty({ enum: CONTACT_CHANNELS, required: false, nullable: true })
  @IsOptional()
  @IsIn(CONTACT_CHANNELS, { message: `preferredChannel must be one of ${CONTACT_CHANNELS.join(', ')}` })
  preferredChannel?: ContactChannel | null;

  /** The language they speak, as a BCP-47 tag ("es", "es-MX"; stored as its primary tag "es"); null clears it. Routing rules may match on it. */
  @ApiProperty({ type: String, required: false, nullable: true, example: 'es-MX' })
  @IsOptional()
  @IsString()
  @Length(2, 35)
  language?: string | null;
}

export class ContactPatchDto {
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @IsOptional()
  @IsString()
  @Length(5, 40)
  phone?: string | null;

  @IsOptional()
  @Matches(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){0,2}$/, { message: 'timezone must be an IANA zone such as America/Los_Angeles' })
  timezone?: string;

  /** How they like to be reached; null clears it. */
  @ApiProperty({ enum: CONTACT_CHANNELS, required: false, nullable: true })
  @IsOptional()
  @IsIn(CONTACT_CHANNELS, { message: `preferredChannel must be one of ${CONTACT_CHANNELS.join(', ')}` })
  preferredChannel?: ContactChannel | null;

  /** The language they speak, as a BCP-47 tag ("es", "es-MX"; stored as its primary tag "es"); null clears it. Routing rules may match on it. */
  @ApiProperty({ type: String, required: false, nullable: true, example: 'es-MX' })
  @IsOptional()
  @IsString()
  @Length(2, 35)
  language?: string | null;
}

export class CreateLeadDto {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ContactInputDto)
  contact: ContactInputDto;

  @ApiProperty({ enum: LeadSource, enumName: 'LeadSource' })
  @IsEnum(LeadSource)
  source: LeadSource;

  /** The lead's id at its source, if any. */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  sourceRef?: string;

  /** Defaults to unassigned for admins and to yourself for agents. */
  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => ProfileInputDto)
  profile?: ProfileInputDto;

  /** A first note on the timeline. */
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  note?: string;
}



export class AssignLeadDto {
  /** The agent to assign; null returns the lead to the unassigned pool. */
  @ValidateIf((o: AssignLeadDto) => o.assigneeId !== null)
  @IsUUID()
  assigneeId: string | null;
}

export class ReassignLeadsDto {
  /** The leads to move, all or none: if one cannot be moved by you, nothing changes. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  leadIds: string[];

  /** The agent to hand them to; null returns them to the unassigned pool. */
  @ValidateIf((o: ReassignLeadsDto) => o.assigneeId !== null)
  @IsUUID()
  assigneeId: string | null;
}

export class ReassignedLeadsDto {
  /** How many leads changed hands (leads already with that agent count as unchanged). */
  reassigned: number;
}

export class ChangeStageDto {
  @ApiProperty({ enum: LeadStage, enumName: 'LeadStage' })
  @IsEnum(LeadStage)
  stage: LeadStage;

  /** Why: a note on the timeline (the stage rules ask for one when a lead moves back). */
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;

  /** Why the lead was lost: one of the reasons Admin → Pipeline lists (`GET /api/pipeline/rules`). */
  @IsOptional()
  @IsString()
  @Length(1, 120)
  lostReason?: string;

  /** The home the lead took, when won. */
  @IsOptional()
  @IsUUID()
  unitId?: string;

  /** The deal's price, when won. */
  @IsOptional()
  @Type(() => Number)
  @IsDecimal(2)
  @Min(0)
  @Max(1_000_000_000_000)
  price?: number;

  /** The lead's version as you saw it: if someone changed the lead since, the move answers 409 with its current stage. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class UpdateLeadDto extends PartialType(ChangeStageDto) {
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactPatchDto)
  contact?: ContactPatchDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => ProfileInputDto)
  profile?: ProfileInputDto;
}

export class AddNoteDto {
  @IsString()
  @Length(1, 5000)
  body: string;
}

export const MESSAGE_CHANNELS = ['email', 'sms', 'whatsapp', 'phone', 'web', 'in_person'] as const;

/** A message exchanged outside the app (a call, an SMS, an email), logged on the timeline. */
export class LogMessageDto {
  /** `inbound`: from the lead; `outbound`: from the brokerage. */
  @ApiProperty({ enum: ['inbound', 'outbound'] })
  @IsIn(['inbound', 'outbound'])
  direction: 'inbound' | 'outbound';

  @ApiProperty({ enum: MESSAGE_CHANNELS })
  @IsIn(MESSAGE_CHANNELS)
  channel: (typeof MESSAGE_CHANNELS)[number];

  /** What was said, or a summary of the call. */
  @IsString()
  @Length(1, 5000)
  body: string;

  /** What came of it (a call, an SMS, a visit). */
  @ApiProperty({ enum: CONTACT_OUTCOMES, required: false })
  @IsOptional()
  @IsIn(CONTACT_OUTCOMES)
  outcome?: ContactOutcome;
}

export class CreateTaskDto {
  @IsString()
  @Matches(/\S/, { message: 'title must say what to do' })
  @Length(1, 200)
  title: string;

  /** Call, email, viewing prep or follow-up (the default). */
  @ApiProperty({ enum: TaskType, enumName: 'TaskType', required: false })
  @IsOptional()
  @IsEnum(TaskType)
  type?: TaskType;

  /** A due time in the past is refused unless this is true (the person confirmed it). */
  @IsOptional()
  @IsIn([true, false])
  allowPastDue?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string;

  /** ISO date-time. */
  @IsOptional()
  @IsDateString()
  dueAt?: string;

  /** Defaults to the lead's assignee, or you. */
  @IsOptional()
  @IsUUID()
  assigneeId?: string;
}

/** Edits an open task: snooze it (a new due time), retitle or retype it. */
export class UpdateTaskDto {
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'title must say what to do' })
  @Length(1, 200)
  title?: string;

  @ApiProperty({ enum: TaskType, enumName: 'TaskType', required: false })
  @IsOptional()
  @IsEnum(TaskType)
  type?: TaskType;

  /** ISO date-time; null removes the due time. */
  @IsOptional()
  @ValidateIf((o: UpdateTaskDto) => o.dueAt !== null)
  @IsDateString()
  dueAt?: string | null;

  /** A due time in the past is refused unless this is true. */
  @IsOptional()
  @IsIn([true, false])
  allowPastDue?: boolean;
}

export class QualifyLeadDto {
  /** The score to set by hand, 0–100. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  score?: number;

  @ApiProperty({ enum: QualificationStatus, enumName: 'QualificationStatus', required: false })
  @IsOptional()
  @IsEnum(QualificationStatus)
  status?: QualificationStatus;

  /** True hands the score back to automatic scoring. */
  @IsOptional()
  @IsIn([true], { message: 'clearOverride must be true when given' })
  clearOverride?: boolean;

  /** Why — kept in the history and shown on the timeline. */
  @IsString()
  @Length(3, 1000)
  reason: string;
}

// ---- responses ----

export class UserRefDto {
  id: string;
  name: string;
}

export class ContactDto {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  /** The phone in E.164, when it could be read. */
  phoneE164: string | null;
  timezone: string;
  @ApiProperty({ enum: CONTACT_CHANNELS, nullable: true })
  preferredChannel: ContactChannel | null;
  /** The language they speak (BCP-47 primary tag, e.g. "es"); null when not known. */
  @ApiProperty({ type: String, nullable: true })
  language: string | null;
  optedOutAt: string | null;
}

export class ScoreFactorDto {
  factor: string;
  points: number;
  max: number;
  reason: string;
}


/** A lead's SLA clock (issue 16 point 3): the soonest running SLA timer. */
export class SlaClockDto {
  /** `reply`: an answer to the lead's last message is due; `stage`: the lead should move on from its stage (a viewing booked for Qualified, and so on). */
  @ApiProperty({ enum: ['reply', 'stage'], enumName: 'SlaClockKind' })
  kind: SlaClockKind;
  /** When it is due; past it, the lead is overdue. */
  dueAt: string;
}
export class LeadSummaryDto {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  @ApiProperty({ enum: LeadSource, enumName: 'LeadSource' })
  source: LeadSource;
  @ApiProperty({ enum: LeadStage, enumName: 'LeadStage' })
  stage: LeadStage;
  score: number;
  @ApiProperty({ enum: ScoreSource, enumName: 'ScoreSource' })
  scoreSource: ScoreSource;
  @ApiProperty({ enum: QualificationStatus, enumName: 'QualificationStatus' })
  qualificationStatus: QualificationStatus;
  assignee: UserRefDto | null;
  /** Open, and the lead's last message (or its arrival) has no answer yet. */
  needsReply: boolean;
  /** Needs a reply and the reply is past due. */
  overdue: boolean;
  /** Since when the lead waits for an answer (null when nothing is pending). */
  waitingSince: string | null;
  /** How long past due the reply is, in seconds (0 when not overdue). */
  overdueSeconds: number;
  slaDueAt: string | null;
  /** The SLA clock: what is due and when (null when no SLA timer runs for the lead). */
  sla: SlaClockDto | null;
  /** Bumped by each stage move and assignment; send it back with a move to be told (409) when someone else moved the lead first. */
  version: number;
  lastActivityAt: string;
  createdAt: string;
}

export class LeadPageDto {
  items: LeadSummaryDto[];
  /** Leads matching the filters: exact up to 1,000, the database's estimate above (then totalExact is false). */
  total: number;
  totalExact: boolean;
  page: number;
  pageSize: number;
}

export class ActivityDto {
  id: string;
  @ApiProperty({ enum: ActivityType, enumName: 'ActivityType' })
  type: ActivityType;
  actor: UserRefDto | null;
  @ApiProperty({ enum: ['inbound', 'outbound'], nullable: true })
  direction: 'inbound' | 'outbound' | null;
  summary: string;
  @ApiProperty({ type: 'object', additionalProperties: true })
  data: Record<string, unknown>;
  createdAt: string;
}

export class TaskDto {
  id: string;
  leadId: string;
  title: string;
  @ApiProperty({ enum: TaskType, enumName: 'TaskType' })
  type: TaskType;
  notes: string | null;
  dueAt: string | null;
  assigneeId: string | null;
  completedAt: string | null;
  createdAt: string;
}

export class LeadRefDto {
  id: string;
  /** The contact's name. */
  name: string;
}

/** An open task with who and what it is about, for "My tasks". */
export class MyTaskDto extends TaskDto {
  /** The lead it is for. */
  lead: LeadRefDto;
  /** Who owns it. */
  assignee: UserRefDto | null;
}

export class QualificationDto {
  id: string;
  score: number;
  breakdown: ScoreFactorDto[];
  @ApiProperty({ enum: QualificationStatus, enumName: 'QualificationStatus' })
  status: QualificationStatus;
  @ApiProperty({ enum: ScoreSource, enumName: 'ScoreSource' })
  source: ScoreSource;
  weightsVersion: string | null;
  author: UserRefDto | null;
  reason: string | null;
  createdAt: string;
}

export class SpeedToLeadDto {
  aiFirstResponseAt: string | null;
  /** Seconds from the lead's arrival to the assistant's first message. */
  aiSeconds: number | null;
  personFirstResponseAt: string | null;
  /** Seconds from the lead's arrival to a person's first message. */
  personSeconds: number | null;
}

export class LeadDetailDto {
  id: string;
  contact: ContactDto;
  @ApiProperty({ enum: LeadSource, enumName: 'LeadSource' })
  source: LeadSource;
  sourceRef: string | null;
  @ApiProperty({ enum: LeadStage, enumName: 'LeadStage' })
  stage: LeadStage;
  assignee: UserRefDto | null;
  score: number;
  @ApiProperty({ enum: ScoreSource, enumName: 'ScoreSource' })
  scoreSource: ScoreSource;
  /** Factors that add up to the score. */
  scoreBreakdown: ScoreFactorDto[];
  @ApiProperty({ enum: QualificationStatus, enumName: 'QualificationStatus' })
  qualificationStatus: QualificationStatus;
  needsReply: boolean;
  overdue: boolean;
  waitingSince: string | null;
  overdueSeconds: number;
  slaDueAt: string | null;
  /** The SLA clock: what is due and when (null when no SLA timer runs for the lead). */
  sla: SlaClockDto | null;
  firstResponseAt: string | null;
  /** Speed to lead: the assistant's and a person's first message to the lead, and how long after it arrived. */
  speedToLead: SpeedToLeadDto;
  version: number;
  /** Why the lead was lost (when it was). */
  lostReason: string | null;
  /** The home the lead took (when won). */
  wonUnitId: string | null;
  /** The deal's price (when won). */
  wonPrice: number | null;
  lastActivityAt: string;
  createdAt: string;
  updatedAt: string;
  /** Set when this lead was merged into another (it is kept as a tombstone): the lead to open instead. */
  mergedIntoId: string | null;
  profile: LeadProfileDto;
  /** Newest first, up to 200 entries. */
  timeline: ActivityDto[];
  tasks: TaskDto[];
  /** Score history, newest first, up to 50. */
  qualifications: QualificationDto[];
}


/** Columns a lead export can carry, in the inbox's words. */
export const EXPORT_COLUMNS = ['name', 'email', 'phone', 'stage', 'source', 'score', 'qualification', 'assignee', 'created', 'lastActivity', 'replyDue', 'firstReply'] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

export class ExportLeadsQueryDto extends OmitType(ListLeadsQueryDto, ['page', 'pageSize'] as const) {
  /**
   * The columns shown, comma-separated, in order (default: name, email, phone, stage, source,
   * score, assignee, created, lastActivity).
   */
  @ApiProperty({ enum: EXPORT_COLUMNS, isArray: true, required: false })
  @IsOptional()
  @Transform(csv)
  @IsIn(EXPORT_COLUMNS, { each: true })
  @ArrayUnique()
  columns?: ExportColumn[];

  /** The saved view this export came from, if any: recorded in the audit log with the filters. */
  @IsOptional()
  @IsUUID()
  viewId?: string;
}

/** What the new-lead form has typed so far: an email and/or a phone (either may be half typed). */
export class PossibleDuplicatesQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string;

  /** The name typed, if any: only used to say how sure the match is. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}

/** A lead you can already see whose person has the email or phone typed. */
export class PossibleDuplicateDto {
  leadId!: string;
  /** The person's name on that lead. */
  name!: string;
  /** Who looks after that lead (null: unassigned). */
  assignee!: UserRefDto | null;
  /** What is the same. */
  @ApiProperty({ enum: ['email', 'phone'], isArray: true })
  matchedOn!: ('email' | 'phone')[];
}
