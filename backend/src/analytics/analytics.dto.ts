import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsIn, IsOptional, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsDecimal } from '../core/http/decimal';
import { LeadSource, LeadStage } from '../leads/lead.enums';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters every analytics figure takes. Days are the team's days (its time zone, `range.timeZone` in each answer). */
export class AnalyticsQueryDto {
  /** First day of the range, YYYY-MM-DD in the team's time zone (default: 29 days before `to`, so 30 days in all). */
  @ApiPropertyOptional({ example: '2026-09-01' })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a day, YYYY-MM-DD' })
  from?: string;

  /** Last day of the range, included, YYYY-MM-DD in the team's time zone (default: today). At most 366 days after `from`. */
  @ApiPropertyOptional({ example: '2026-11-29' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a day, YYYY-MM-DD' })
  to?: string;

  /** Only leads assigned to this agent. Agents always see their own figures only; team leads their team's. */
  @IsOptional()
  @IsUUID()
  agentId?: string;

  /** Only leads from this source. */
  @ApiPropertyOptional({ enum: LeadSource, enumName: 'LeadSource' })
  @IsOptional()
  @IsEnum(LeadSource)
  source?: LeadSource;

  /** Only leads assigned to members of this team (`users.team`). */
  @ApiPropertyOptional({ example: 'Eastside' })
  @IsOptional()
  @MaxLength(80)
  team?: string;
}

/** The CSV form of a figure: the same filters, and which of the figure's tables to download. */
export class AnalyticsCsvQueryDto extends AnalyticsQueryDto {
  /**
   * Which table of the figure (default: its first). funnel: stages, sources, agents · sources: sources, lead-ads ·
   * speed-to-lead: overall, sources, agents, hours · score: histogram, calibration, factors · agents: agents ·
   * assistant: summary, handovers, models.
   */
  @ApiPropertyOptional({ example: 'sources' })
  @IsOptional()
  @MaxLength(40)
  table?: string;
}

export const AGENT_SORT_COLUMNS = ['name', 'openLeads', 'newLeads', 'slaBreaches', 'viewingsHeld', 'dealsWon', 'medianFirstResponseSeconds', 'within5MinutesShare'] as const;
export type AgentSortColumn = (typeof AGENT_SORT_COLUMNS)[number];

export class AgentsQueryDto extends AnalyticsQueryDto {
  /** The column to sort by (default: dealsWon). */
  @ApiPropertyOptional({ enum: AGENT_SORT_COLUMNS, example: 'dealsWon' })
  @IsOptional()
  @IsIn(AGENT_SORT_COLUMNS)
  sort?: AgentSortColumn;

  /** Sort order (default: desc). */
  @ApiPropertyOptional({ enum: ['asc', 'desc'], example: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

export class AgentsCsvQueryDto extends AgentsQueryDto {
  /** Only table: agents. */
  @ApiPropertyOptional({ example: 'agents' })
  @IsOptional()
  @MaxLength(40)
  table?: string;
}

/** The range the figures cover, and the one they are compared with. */
export class AnalyticsRangeDto {
  /** First day, YYYY-MM-DD. */
  @ApiProperty({ example: '2026-09-01' })
  from: string;
  /** Last day (included), YYYY-MM-DD. */
  @ApiProperty({ example: '2026-11-29' })
  to: string;
  /** Days in the range. */
  @ApiProperty({ example: 90 })
  days: number;
  /** The previous period of as many days, ending the day before `from`. */
  @ApiProperty({ example: '2026-06-03' })
  previousFrom: string;
  @ApiProperty({ example: '2026-08-31' })
  previousTo: string;
  /** The team's time zone: a day starts at midnight here, and hours of the day are read on this clock. */
  @ApiProperty({ example: 'America/Los_Angeles' })
  timeZone: string;
  /** The figures include every change up to this instant (the summaries are brought up to date every minute). */
  @ApiProperty({ example: '2026-11-29T17:04:00.000Z' })
  asOf: string;
}

// ---------------------------------------------------------------- funnel

export class FunnelStageDto {
  @ApiProperty({ enum: LeadStage, enumName: 'LeadStage' })
  stage: LeadStage;
  /** Leads that came in during the range and have reached this stage (or a later one) by now. */
  @ApiProperty({ example: 412 })
  reached: number;
  /** The same for the previous period's leads. */
  @ApiProperty({ example: 380 })
  previousReached: number;
  /** Share of the leads that reached the stage before this one that reached this one (0–1); null for the first stage or when none reached the one before. */
  @ApiProperty({ type: Number, nullable: true, example: 0.62 })
  conversion: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.58 })
  previousConversion: number | null;
  /** Median hours a lead spent in this stage before moving on (leads that left it); null when none did. */
  @ApiProperty({ type: Number, nullable: true, example: 20.5 })
  medianHours: number | null;
  /** 90th percentile of those hours. */
  @ApiProperty({ type: Number, nullable: true, example: 96 })
  p90Hours: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 24 })
  previousMedianHours: number | null;
}

/** One source's or one agent's funnel: how many of its leads reached each stage. */
export class FunnelGroupDto {
  /** The source code or the agent's id ('' for leads nobody holds). */
  @ApiProperty({ example: 'meta_lead_ads' })
  key: string;
  /** The source's or the agent's name. */
  @ApiProperty({ example: 'Facebook & Instagram ads' })
  label: string;
  @ApiProperty({ example: 120 })
  leads: number;
  @ApiProperty({ example: 90 })
  contacted: number;
  @ApiProperty({ example: 50 })
  qualified: number;
  @ApiProperty({ example: 20 })
  viewing: number;
  @ApiProperty({ example: 8 })
  offer: number;
  @ApiProperty({ example: 5 })
  won: number;
  @ApiProperty({ example: 30 })
  lost: number;
  /** won / leads (0–1); null with no leads. */
  @ApiProperty({ type: Number, nullable: true, example: 0.042 })
  wonRate: number | null;
}

export class FunnelDto {
  range: AnalyticsRangeDto;
  /** Leads that came in during the range. */
  @ApiProperty({ example: 412 })
  leads: number;
  @ApiProperty({ example: 380 })
  previousLeads: number;
  /** New → Contacted → Qualified → Viewing → Offer → Won, in order. */
  @ApiProperty({ type: [FunnelStageDto] })
  stages: FunnelStageDto[];
  /** Of the range's leads, how many are lost now. */
  @ApiProperty({ example: 96 })
  lost: number;
  @ApiProperty({ example: 90 })
  previousLost: number;
  @ApiProperty({ type: [FunnelGroupDto] })
  bySource: FunnelGroupDto[];
  @ApiProperty({ type: [FunnelGroupDto] })
  byAgent: FunnelGroupDto[];
}

// ---------------------------------------------------------------- sources

export class SourceRowDto {
  @ApiProperty({ enum: LeadSource, enumName: 'LeadSource' })
  source: LeadSource;
  @ApiProperty({ example: 'Facebook & Instagram ads' })
  label: string;
  @ApiProperty({ example: 120 })
  leads: number;
  @ApiProperty({ example: 100 })
  previousLeads: number;
  /** Share of the leads qualified (by score or by a person, or moved to Qualified or beyond), 0–1. */
  @ApiProperty({ type: Number, nullable: true, example: 0.41 })
  qualifiedRate: number | null;
  /** Share of the leads with a viewing booked (or moved to Viewing or beyond), 0–1. */
  @ApiProperty({ type: Number, nullable: true, example: 0.18 })
  viewingRate: number | null;
  /** Share of the leads won, 0–1. */
  @ApiProperty({ type: Number, nullable: true, example: 0.04 })
  wonRate: number | null;
  @ApiProperty({ example: 5 })
  won: number;
  /** What the source cost over the range, from the cost table (monthly cost prorated by day, or cost per lead × leads); null when no cost is entered. */
  @ApiProperty({ type: Number, nullable: true, example: 2958.9 })
  cost: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 24.66 })
  costPerLead: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 591.78 })
  costPerWon: number | null;
}

/** Lead Ads leads by campaign and form (ids as Meta gives them). */
export class LeadAdsRowDto {
  @ApiProperty({ type: String, nullable: true, example: '120210000000000001' })
  campaignId: string | null;
  @ApiProperty({ type: String, nullable: true, example: '987654321012345' })
  formId: string | null;
  @ApiProperty({ example: 64 })
  leads: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.39 })
  qualifiedRate: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.16 })
  viewingRate: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.03 })
  wonRate: number | null;
  @ApiProperty({ example: 2 })
  won: number;
}

export class SourcesDto {
  range: AnalyticsRangeDto;
  /** Currency of the costs. */
  @ApiProperty({ example: 'USD' })
  currency: string;
  @ApiProperty({ type: [SourceRowDto] })
  sources: SourceRowDto[];
  @ApiProperty({ type: [LeadAdsRowDto] })
  leadAds: LeadAdsRowDto[];
}

/** What a source costs the brokerage: a monthly amount, a price per lead, or both. */
export class SourceCostDto {
  @ApiProperty({ enum: LeadSource, enumName: 'LeadSource' })
  source: LeadSource;
  @ApiProperty({ type: Number, nullable: true, example: 1000 })
  monthlyCost: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 12.5 })
  costPerLead: number | null;
  @ApiProperty({ example: '2026-11-01T09:00:00.000Z' })
  updatedAt: string;
}

export class SourceCostInputDto {
  @ApiProperty({ enum: LeadSource, enumName: 'LeadSource' })
  @IsEnum(LeadSource)
  source: LeadSource;
  /** Per calendar month, in the brokerage's currency (prorated by day over a range). */
  @ApiPropertyOptional({ type: Number, nullable: true, example: 1000 })
  @IsOptional()
  @IsDecimal(2)
  @Min(0)
  @Max(100_000_000)
  monthlyCost?: number | null;
  /** Paid per lead received. */
  @ApiPropertyOptional({ type: Number, nullable: true, example: 12.5 })
  @IsOptional()
  @IsDecimal(2)
  @Min(0)
  @Max(1_000_000)
  costPerLead?: number | null;
}

/** The whole cost table: sources left out have no cost. */
export class ReplaceSourceCostsDto {
  @ApiProperty({ type: [SourceCostInputDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SourceCostInputDto)
  costs: SourceCostInputDto[];
}

// ---------------------------------------------------------------- speed to lead

/** First-response times of a group of leads, in seconds from the lead's arrival. */
export class ResponseTimesDto {
  /** The group: 'all', a source code, an agent's id ('' for nobody), or an hour of the day '0'–'23'. */
  @ApiProperty({ example: 'all' })
  key: string;
  @ApiProperty({ example: 'All leads' })
  label: string;
  @ApiProperty({ example: 412 })
  leads: number;
  /** Leads answered at all (by the assistant or a person). */
  @ApiProperty({ example: 398 })
  answered: number;
  /** Median / 90th percentile of the first answer by anyone. */
  @ApiProperty({ type: Number, nullable: true, example: 42 })
  medianSeconds: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 600 })
  p90Seconds: number | null;
  /** The assistant's first answers only. */
  @ApiProperty({ type: Number, nullable: true, example: 8 })
  assistantMedianSeconds: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 20 })
  assistantP90Seconds: number | null;
  /** People's first answers only. */
  @ApiProperty({ type: Number, nullable: true, example: 1800 })
  peopleMedianSeconds: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 14400 })
  peopleP90Seconds: number | null;
  /** Share of all the group's leads (answered or not) answered within 5 minutes, 0–1. */
  @ApiProperty({ type: Number, nullable: true, example: 0.87 })
  within5MinutesShare: number | null;
}

export class SpeedToLeadFiguresDto {
  range: AnalyticsRangeDto;
  overall: ResponseTimesDto;
  /** The same figures for the previous period. */
  previous: ResponseTimesDto;
  @ApiProperty({ type: [ResponseTimesDto] })
  bySource: ResponseTimesDto[];
  @ApiProperty({ type: [ResponseTimesDto] })
  byAgent: ResponseTimesDto[];
  /** By the hour of the day the lead arrived (team's clock), 24 rows '0'–'23'. */
  @ApiProperty({ type: [ResponseTimesDto] })
  byHour: ResponseTimesDto[];
}

// ---------------------------------------------------------------- score

export class ScoreBucketDto {
  /** Scores from `from` to `to`, both included (0–9, 10–19, …, 90–100). */
  @ApiProperty({ example: 80 })
  from: number;
  @ApiProperty({ example: 89 })
  to: number;
  @ApiProperty({ example: 31 })
  leads: number;
  @ApiProperty({ example: 27 })
  previousLeads: number;
}

/** How leads of a score band turned out: do higher scores convert more? */
export class ScoreBandDto {
  @ApiProperty({ example: 80 })
  from: number;
  @ApiProperty({ example: 100 })
  to: number;
  @ApiProperty({ example: 45 })
  leads: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.31 })
  viewingRate: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.11 })
  wonRate: number | null;
}

/** How much one score factor changed scores in the range. */
export class ScoreFactorMoveDto {
  @ApiProperty({ example: 'engagement' })
  factor: string;
  @ApiProperty({ example: 'Engagement' })
  label: string;
  /** Leads whose score this factor changed in the range. */
  @ApiProperty({ example: 130 })
  leadsMoved: number;
  /** Points it added and took away, over all changes. */
  @ApiProperty({ example: 610 })
  pointsUp: number;
  @ApiProperty({ example: 85 })
  pointsDown: number;
}

export class ScoreDto {
  range: AnalyticsRangeDto;
  /** Leads that came in during the range (their current scores). */
  @ApiProperty({ example: 412 })
  leads: number;
  @ApiProperty({ type: [ScoreBucketDto] })
  histogram: ScoreBucketDto[];
  /** Bands 0–19, 20–39, 40–59, 60–79, 80–100. */
  @ApiProperty({ type: [ScoreBandDto] })
  calibration: ScoreBandDto[];
  /** The factor that moved the most leads' scores in the range (null: no score changed). */
  @ApiProperty({ type: ScoreFactorMoveDto, nullable: true })
  topFactor: ScoreFactorMoveDto | null;
  /** Every factor that moved a score, most leads moved first. */
  @ApiProperty({ type: [ScoreFactorMoveDto] })
  factors: ScoreFactorMoveDto[];
}

// ---------------------------------------------------------------- agents

export class AgentRowDto {
  /** The agent's id ('' for leads nobody holds). */
  @ApiProperty({ example: '7d3c6c1e-5d7c-4f43-9f8e-2a2f1b9f7a10' })
  agentId: string;
  @ApiProperty({ example: 'Ann Agent' })
  name: string;
  @ApiProperty({ type: String, nullable: true, example: 'Eastside' })
  team: string | null;
  /** Leads they hold now that are neither won nor lost (not limited to the range). */
  @ApiProperty({ example: 38 })
  openLeads: number;
  /** Leads that came in during the range and are theirs. */
  @ApiProperty({ example: 52 })
  newLeads: number;
  /** Answer deadlines missed in the range on their leads. */
  @ApiProperty({ example: 3 })
  slaBreaches: number;
  /** Viewings they showed in the range (held, not cancelled, already past). */
  @ApiProperty({ example: 9 })
  viewingsHeld: number;
  /** Leads of theirs moved to Won in the range. */
  @ApiProperty({ example: 2 })
  dealsWon: number;
  /** Their first answers to the range's leads (people only), seconds. */
  @ApiProperty({ type: Number, nullable: true, example: 900 })
  medianFirstResponseSeconds: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 7200 })
  p90FirstResponseSeconds: number | null;
  /** Share of the range's leads answered within 5 minutes (by anyone), 0–1. */
  @ApiProperty({ type: Number, nullable: true, example: 0.8 })
  within5MinutesShare: number | null;
}

export class AgentsDto {
  range: AnalyticsRangeDto;
  @ApiProperty({ enum: AGENT_SORT_COLUMNS, example: 'dealsWon' })
  sort: AgentSortColumn;
  @ApiProperty({ enum: ['asc', 'desc'], example: 'desc' })
  order: 'asc' | 'desc';
  @ApiProperty({ type: [AgentRowDto] })
  agents: AgentRowDto[];
}

// ---------------------------------------------------------------- the assistant

export class HandoverReasonDto {
  /** Why the conversation went to a person, as the assistant said it, or "Taken over by a person". */
  @ApiProperty({ example: 'The lead asked to speak to a person' })
  reason: string;
  @ApiProperty({ example: 7 })
  count: number;
}

export class ModelUsageDto {
  @ApiProperty({ example: 'openai:gpt-4o-mini' })
  model: string;
  @ApiProperty({ example: 1520 })
  turns: number;
  @ApiProperty({ example: 2400000 })
  promptTokens: number;
  @ApiProperty({ example: 1800000 })
  cachedPromptTokens: number;
  @ApiProperty({ example: 150000 })
  completionTokens: number;
  /** US dollars: as recorded with each turn, or estimated from the price table when a turn has none. */
  @ApiProperty({ example: 0.63 })
  costUsd: number;
}

export class AssistantDto {
  range: AnalyticsRangeDto;
  /** Conversations the assistant took part in during the range (it answered at least once). */
  @ApiProperty({ example: 310 })
  conversations: number;
  @ApiProperty({ example: 280 })
  previousConversations: number;
  /** Leads in those conversations that are qualified now. */
  @ApiProperty({ example: 120 })
  qualifiedLeads: number;
  /** Of those, qualified with no person's message and no hand-over. */
  @ApiProperty({ example: 95 })
  qualifiedWithoutPerson: number;
  /** qualifiedWithoutPerson / leads in the conversations, 0–1. */
  @ApiProperty({ type: Number, nullable: true, example: 0.31 })
  qualifiedWithoutPersonShare: number | null;
  /** Hand-overs to a person in the range (the assistant's own, and people taking over). */
  @ApiProperty({ example: 41 })
  handovers: number;
  @ApiProperty({ type: [HandoverReasonDto] })
  handoverReasons: HandoverReasonDto[];
  /** Viewings the assistant booked in the range. */
  @ApiProperty({ example: 37 })
  viewingsBooked: number;
  /** The assistant's answers (turns) in the range. */
  @ApiProperty({ example: 1520 })
  turns: number;
  @ApiProperty({ example: 2400000 })
  promptTokens: number;
  @ApiProperty({ example: 1800000 })
  cachedPromptTokens: number;
  @ApiProperty({ example: 150000 })
  completionTokens: number;
  /** cachedPromptTokens / promptTokens, 0–1. */
  @ApiProperty({ type: Number, nullable: true, example: 0.75 })
  cacheShare: number | null;
  @ApiProperty({ example: 0.63 })
  costUsd: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.002 })
  costPerConversation: number | null;
  /** Cost over the qualified leads of those conversations. */
  @ApiProperty({ type: Number, nullable: true, example: 0.005 })
  costPerQualifiedLead: number | null;
  @ApiProperty({ type: [ModelUsageDto] })
  byModel: ModelUsageDto[];
}
