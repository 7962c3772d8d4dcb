import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { LeadSource } from './lead.enums';
import { ROUTING_TARGETS, type RoutingTarget } from './routing-rule.entity';

export class RoutingAgentDto {
  @IsUUID()
  userId: string;

  /** The most open leads this agent may hold; also their share of the round robin. */
  @IsInt()
  @Min(1)
  @Max(10000)
  capacity: number;
}

export class RoutingAgentViewDto extends RoutingAgentDto {
  name: string;
  /** Open leads they hold now. */
  open: number;
  /** Active staff (not an admin): false means the rule skips them. */
  available: boolean;
}

export class RoutingRuleInputDto {
  @IsString()
  @Length(1, 80)
  name: string;

  @IsBoolean()
  enabled: boolean;

  /** Lead sources the rule takes; empty or absent: any. */
  @ApiProperty({ enum: LeadSource, enumName: 'LeadSource', isArray: true, required: false })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsEnum(LeadSource, { each: true })
  sources?: LeadSource[];

  /** Areas or cities the lead asks for; empty or absent: any. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 120, { each: true })
  areas?: string[];

  /** Languages the lead speaks, as BCP-47 tags ("es", "es-MX" is kept as "es"); empty or absent: any. A lead whose language is not known never matches a rule that names languages. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(2, 35, { each: true })
  languages?: string[];

  /** Lowest budget the rule takes; absent: no lower bound. */
  @IsOptional()
  @IsInt()
  @Min(0)
  priceMin?: number | null;

  /** Highest budget the rule takes; absent: no upper bound. */
  @IsOptional()
  @IsInt()
  @Min(0)
  priceMax?: number | null;

  /** `agents`: round robin among `agents`, weighted by capacity; `everyone`: among every active agent, each holding at most `capacity`; `pond`: straight to the shared pond. */
  @ApiProperty({ enum: ROUTING_TARGETS })
  @IsIn(ROUTING_TARGETS)
  target: RoutingTarget;

  /** For `everyone`: the most open leads each agent may hold. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  capacity?: number | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => RoutingAgentDto)
  agents?: RoutingAgentDto[];
}

export class ReplaceRoutingRulesDto {
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RoutingRuleInputDto)
  rules: RoutingRuleInputDto[];
}

export class RoutingRuleDto {
  id: string;
  name: string;
  enabled: boolean;
  @ApiProperty({ enum: LeadSource, enumName: 'LeadSource', isArray: true })
  sources: LeadSource[];
  areas: string[];
  /** BCP-47 primary tags ("es"). */
  languages: string[];
  @ApiProperty({ type: Number, nullable: true })
  priceMin: number | null;
  @ApiProperty({ type: Number, nullable: true })
  priceMax: number | null;
  @ApiProperty({ enum: ROUTING_TARGETS })
  target: RoutingTarget;
  agents: RoutingAgentViewDto[];
  @ApiProperty({ type: Number, nullable: true })
  capacity: number | null;
}

/** How many open leads a person holds (asked before deactivating them). */
export class AgentOpenLeadsDto {
  userId: string;
  name: string;
  /** Leads they hold that are not won, lost or merged away. */
  openLeads: number;
}

export class RedistributedToDto {
  id: string;
  name: string;
  /** How many of the leads went to them. */
  leads: number;
}

/** What a redistribution did: who got how many of the person's open leads, and how many went to the pond. */
export class RedistributionDto {
  userId: string;
  /** Leads a routing rule gave to another agent. */
  assigned: number;
  /** Leads no rule took (now in the pond for agents to claim). */
  pond: number;
  agents: RedistributedToDto[];
}

/** The routing rules in order, how many leads wait in the pond, and what an admin should fix, in words. */
export class RoutingDto {
  rules: RoutingRuleDto[];
  pondSize: number;
  warnings: string[];
}
