import { ApiProperty, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { LeadSource, LeadStage } from './lead.enums';
import { ListLeadsQueryDto, SlaClockDto, UserRefDto } from './leads.dto';
import { STAGE_RULE_KINDS, type StageRuleKind } from './stage-rule.entity';

/** The inbox's filters (and so a saved view's), applied to every column. */
export class BoardQueryDto extends PickType(ListLeadsQueryDto, ['stage', 'source', 'assignee', 'scoreMin', 'scoreMax', 'createdFrom', 'createdTo', 'q', 'needsReply'] as const) {
  /** Cards per column on this page (default 20). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  perColumn?: number;
}

export class BoardColumnQueryDto extends BoardQueryDto {
  /** The `nextCursor` of the column's previous page. */
  @IsOptional()
  @Matches(/^\d{1,3}:[0-9a-f-]{36}$/i, { message: 'after must be a cursor given by the board' })
  after?: string;
}

export class NextTaskDto {
  title: string;
  dueAt: string | null;
}

export class BoardCardDto {
  id: string;
  /** The contact's name. */
  name: string;
  score: number;
  @ApiProperty({ enum: LeadSource, enumName: 'LeadSource' })
  source: LeadSource;
  @ApiProperty({ enum: LeadStage, enumName: 'LeadStage' })
  stage: LeadStage;
  /** Send it back with a move (`POST /api/leads/{id}/stage`) to be told when someone moved the lead first. */
  version: number;
  assignee: UserRefDto | null;
  /** The lead's soonest open task. */
  nextTask: NextTaskDto | null;
  needsReply: boolean;
  overdue: boolean;
  overdueSeconds: number;
  /** The SLA clock: what is due and when (null when no SLA timer runs for the lead). */
  sla: SlaClockDto | null;
}

export class BoardColumnDto {
  @ApiProperty({ enum: LeadStage, enumName: 'LeadStage' })
  stage: LeadStage;
  /** Leads in this stage under the filters. */
  count: number;
  cards: BoardCardDto[];
  /** Pass as `after` for the column's next page; null at the end. */
  nextCursor: string | null;
}

export class BoardDto {
  columns: BoardColumnDto[];
}

export class StageRuleDto {
  id: string;
  @ApiProperty({ enum: STAGE_RULE_KINDS })
  kind: StageRuleKind;
  /** The stage it guards; null for the rule on moves backwards. */
  @ApiProperty({ enum: LeadStage, enumName: 'LeadStage', nullable: true })
  stage: LeadStage | null;
  enabled: boolean;
  /** For the lost-reason rule: the reasons a mover picks from. */
  reasons: string[];
  /** The rule in words. */
  text: string;
}

export class StageRuleInputDto {
  @ApiProperty({ enum: STAGE_RULE_KINDS })
  @IsIn(STAGE_RULE_KINDS)
  kind: StageRuleKind;

  /** Required, except for the rule on moves backwards (which guards every stage). */
  @ApiProperty({ enum: LeadStage, enumName: 'LeadStage', nullable: true, required: false })
  @IsOptional()
  @ValidateIf((o: StageRuleInputDto) => o.stage !== null)
  @IsEnum(LeadStage)
  stage?: LeadStage | null;

  @IsBoolean()
  enabled: boolean;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Length(1, 120, { each: true })
  reasons?: string[];
}

export class ReplaceStageRulesDto {
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => StageRuleInputDto)
  rules: StageRuleInputDto[];
}

/** A card moved: where it is now, and the version to send with its next move. */
export class CardMovedDto {
  id: string;
  @ApiProperty({ enum: LeadStage, enumName: 'LeadStage' })
  stage: LeadStage;
  version: number;
}
