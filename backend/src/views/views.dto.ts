import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf, ValidateNested, IsUUID, IsDefined } from 'class-validator';
import { LeadSource, LeadStage } from '../leads/lead.enums';
import { LEAD_SORTS, type LeadSort } from '../leads/leads.dto';
import { SavedViewEntity } from './saved-view.entity';

/** The inbox filters a view remembers; the same names as the `GET /api/leads` query. */
export class SavedViewFiltersDto {
  @ApiProperty({ enum: LeadStage, enumName: 'LeadStage', isArray: true, required: false })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(LeadStage, { each: true })
  stage?: LeadStage[];

  @ApiProperty({ enum: LeadSource, enumName: 'LeadSource', isArray: true, required: false })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(LeadSource, { each: true })
  source?: LeadSource[];

  /** A user id, `me`, or `unassigned`. */
  @IsOptional()
  @ValidateIf((o: SavedViewFiltersDto) => o.assignee !== 'me' && o.assignee !== 'unassigned')
  @IsUUID('all', { message: 'assignee must be a user id, "me" or "unassigned"' })
  assignee?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  scoreMin?: number;

  /** Only leads still waiting for a first reply. */
  @IsOptional()
  @IsBoolean()
  needsReply?: boolean;

  /** Name, email or phone search text. */
  @IsOptional()
  @IsString()
  @Length(0, 200)
  q?: string;

  @ApiProperty({ enum: LEAD_SORTS, required: false })
  @IsOptional()
  @IsIn(LEAD_SORTS)
  sort?: LeadSort;
}

export class CreateSavedViewDto {
  /** Unique among your own views. */
  @IsString()
  @Length(1, 80)
  name: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => SavedViewFiltersDto)
  filters: SavedViewFiltersDto;
}

export class SavedViewDto {
  id: string;
  name: string;
  filters: SavedViewFiltersDto;
  createdAt: string;
}

export const mapSavedView = (v: SavedViewEntity): SavedViewDto => ({
  id: v.id,
  name: v.name,
  filters: v.filters,
  createdAt: v.createdAt.toISOString(),
});
