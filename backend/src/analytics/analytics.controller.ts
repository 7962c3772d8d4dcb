import { Body, Controller, Get, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../core/auth/auth-user';
import { CurrentUser, Roles } from '../core/auth/auth.decorators';
import { UserRole } from '../users/user.entity';
import {
  AgentsCsvQueryDto,
  AgentsDto,
  AgentsQueryDto,
  AnalyticsCsvQueryDto,
  AnalyticsQueryDto,
  AssistantDto,
  FunnelDto,
  ReplaceSourceCostsDto,
  ScoreDto,
  SourceCostDto,
  SourcesDto,
  SpeedToLeadFiguresDto,
} from './analytics.dto';
import { AnalyticsService, type Figure } from './analytics.service';

const CSV = { status: 200, description: 'CSV file (UTF-8 with BOM): one row per line of the chosen table, headed in words', content: { 'text/csv': { schema: { type: 'string' }, example: 'Stage,Leads,Previous period,Conversion\r\nNew,412,380,\r\nContacted,350,330,0.85\r\n' } } };

/**
 * What is working: the funnel, sources, speed to lead, the score's calibration, agents and the
 * assistant's cost, for a range of the team's days compared with the period before. Agents get
 * their own figures, team leads their team's, admins everyone's (API keys act as the admin who made them).
 * Every figure has a CSV form (`…/csv?table=`).
 */
@ApiTags('analytics')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  /** Leads per stage, conversion between stages and time in each stage, compared with the previous period; by source and by agent. */
  @Get('funnel')
  getFunnel(@Query() query: AnalyticsQueryDto, @CurrentUser() user: AuthUser): Promise<FunnelDto> {
    return this.analytics.funnel(query, user);
  }

  /** The funnel as CSV (tables: stages, sources, agents). */
  @Get('funnel/csv')
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV)
  exportFunnelCsv(@Query() query: AnalyticsCsvQueryDto, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    return this.csv('funnel', query, user);
  }

  /** Leads, qualified, viewing and won rates per source, with cost per lead and per won deal where a cost is entered; Lead Ads by campaign and form. */
  @Get('sources')
  getSources(@Query() query: AnalyticsQueryDto, @CurrentUser() user: AuthUser): Promise<SourcesDto> {
    return this.analytics.sources(query, user);
  }

  /** Sources as CSV (tables: sources, lead-ads). */
  @Get('sources/csv')
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV)
  exportSourcesCsv(@Query() query: AnalyticsCsvQueryDto, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    return this.csv('sources', query, user);
  }

  /** What each source costs (the table cost per lead is computed from). */
  @Get('source-costs')
  listSourceCosts(): Promise<SourceCostDto[]> {
    return this.analytics.sourceCosts();
  }

  /** Replaces the cost table (admins only): sources left out have no cost. */
  @Put('source-costs')
  @Roles(UserRole.Admin)
  replaceSourceCosts(@Body() dto: ReplaceSourceCostsDto, @CurrentUser() user: AuthUser): Promise<SourceCostDto[]> {
    return this.analytics.replaceSourceCosts(dto, user);
  }

  /** First-response times (median, 90th percentile; the assistant's and people's apart) by source, agent and hour of the day; share answered within 5 minutes. */
  @Get('speed-to-lead')
  getSpeedToLead(@Query() query: AnalyticsQueryDto, @CurrentUser() user: AuthUser): Promise<SpeedToLeadFiguresDto> {
    return this.analytics.speedToLead(query, user);
  }

  /** Speed to lead as CSV (tables: overall, sources, agents, hours). */
  @Get('speed-to-lead/csv')
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV)
  exportSpeedToLeadCsv(@Query() query: AnalyticsCsvQueryDto, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    return this.csv('speed-to-lead', query, user);
  }

  /** The score's distribution and calibration (how each score band turned out), and the factors that moved scores in the range. */
  @Get('score')
  getScore(@Query() query: AnalyticsQueryDto, @CurrentUser() user: AuthUser): Promise<ScoreDto> {
    return this.analytics.score(query, user);
  }

  /** The score as CSV (tables: histogram, calibration, factors). */
  @Get('score/csv')
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV)
  exportScoreCsv(@Query() query: AnalyticsCsvQueryDto, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    return this.csv('score', query, user);
  }

  /** One row per agent: open leads, missed answer deadlines, viewings held, deals won, response times; sorted by any column. */
  @Get('agents')
  getAgents(@Query() query: AgentsQueryDto, @CurrentUser() user: AuthUser): Promise<AgentsDto> {
    return this.analytics.agents(query, user);
  }

  /** Agents as CSV (table: agents). */
  @Get('agents/csv')
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV)
  exportAgentsCsv(@Query() query: AgentsCsvQueryDto, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    return this.csv('agents', query, user);
  }

  /** The assistant: conversations, share qualified without a person, hand-overs and why, viewings it booked, tokens, cache share and cost. */
  @Get('assistant')
  getAssistant(@Query() query: AnalyticsQueryDto, @CurrentUser() user: AuthUser): Promise<AssistantDto> {
    return this.analytics.assistant(query, user);
  }

  /** The assistant as CSV (tables: summary, handovers, models). */
  @Get('assistant/csv')
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV)
  exportAssistantCsv(@Query() query: AnalyticsCsvQueryDto, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    return this.csv('assistant', query, user);
  }

  private async csv(figure: Figure, query: AnalyticsCsvQueryDto, user: AuthUser): Promise<StreamableFile> {
    const file = await this.analytics.csv(figure, query, user);
    return new StreamableFile(file.body, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${file.name}"` });
  }
}
