import { Body, Controller, Get, HttpCode, Param, ParseEnumPipe, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiParam, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { scopeOf } from '../access/lead-access';
import type { AuthUser } from '../core/auth/auth-user';
import { CurrentUser, Roles } from '../core/auth/auth.decorators';
import { openEventStream } from '../core/http/event-stream';
import { BoardColumnDto, BoardColumnQueryDto, BoardDto, BoardQueryDto, CardMovedDto, ReplaceStageRulesDto, StageRuleDto } from '../leads/board.dto';
import { ChangeStageDto } from '../leads/leads.dto';
import { LeadBoardService } from '../leads/lead-board.service';
import { LeadStage } from '../leads/lead.enums';
import { StageRulesService } from '../leads/stage-rules.service';
import { LeadRoutingService } from '../leads/lead-routing.service';
import { AgentOpenLeadsDto, RedistributionDto, ReplaceRoutingRulesDto, RoutingDto } from '../leads/routing.dto';
import { UserRole } from '../users/user.entity';
import { PipelineFeed, pipelineFrame } from './pipeline-feed';
import { LeadMovedEventDto } from './pipeline.dto';

@ApiTags('pipeline')
@ApiBearerAuth()
@ApiSecurity('api-key')
@ApiExtraModels(LeadMovedEventDto)
@Controller('pipeline')
export class PipelineController {
  constructor(
    private readonly board: LeadBoardService,
    private readonly rules: StageRulesService,
    private readonly feed: PipelineFeed,
    private readonly routing: LeadRoutingService,
  ) {}

  /**
   * The board: for each stage, how many leads it holds and its first cards (highest score first),
   * under the inbox's filters. Move a card with `POST /api/leads/{id}/stage` and its `version`.
   */
  @Get('board')
  getBoard(@Query() query: BoardQueryDto, @CurrentUser() user: AuthUser): Promise<BoardDto> {
    return this.board.board(query, user);
  }

  /** One column's next cards, after the cursor its previous page gave. */
  @Get('board/:column')
  @ApiParam({ name: 'column', enum: LeadStage, enumName: 'LeadStage', description: 'The column, by its stage' })
  getBoardColumn(@Param('column', new ParseEnumPipe(LeadStage)) stage: LeadStage, @Query() query: BoardColumnQueryDto, @CurrentUser() user: AuthUser): Promise<BoardColumnDto> {
    return this.board.column(stage, query, user);
  }

  /**
   * Moves a card: the lead's stage move (`POST /api/leads/{id}/stage`: the same stage rules, 422 in
   * words, 409 with the current stage when `version` is stale), answering only the card's new stage and version.
   */
  @Post('cards/:id/move')
  @HttpCode(200)
  moveCard(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ChangeStageDto, @CurrentUser() user: AuthUser): Promise<CardMovedDto> {
    return this.board.move(id, dto, user);
  }

  /**
   * Server-Sent Events: `moved` {leadId, from, to, version, actorId} whenever a lead you may see
   * changes stage (by anyone, on any path); `resync` when moves may have been missed (read the board again).
   */
  @Get('events')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'A text/event-stream of `moved` (LeadMovedEventDto) and `resync` events', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  followPipeline(@CurrentUser() user: AuthUser, @Res() reply: FastifyReply): void {
    const stream = openEventStream(reply, pipelineFrame);
    const stop = this.feed.subscribe(scopeOf(user), stream);
    reply.raw.on('close', stop);
    stream.send({ event: 'ready', data: {} });
  }

  /** The stage rules every move is checked against, in words (the board offers the lost reasons from here). */
  @Get('rules')
  listStageRules(): Promise<StageRuleDto[]> {
    return this.rules.list();
  }

  /** Replaces the stage rules (admins only). */
  @Put('rules')
  @Roles(UserRole.Admin)
  replaceStageRules(@Body() dto: ReplaceStageRulesDto, @CurrentUser() user: AuthUser): Promise<StageRuleDto[]> {
    return this.rules.replace(dto, user);
  }

  /** The routing rules new leads are assigned by, in order, with the pond's size and warnings in words (admins only). */
  @Get('routing')
  @Roles(UserRole.Admin)
  getRouting(): Promise<RoutingDto> {
    return this.routing.list();
  }

  /** How many open leads a person holds: Admin → Users asks before deactivating them (admins only). */
  @Get('routing/agents/:id')
  @Roles(UserRole.Admin)
  getAgentOpenLeads(@Param('id', ParseUUIDPipe) id: string): Promise<AgentOpenLeadsDto> {
    return this.routing.openLeadsOf(id);
  }

  /**
   * Hands a person's open leads on by the routing rules, never back to them (admins only, audited):
   * each lead's timeline says which rule fired; leads no rule takes go to the pond.
   */
  @Post('routing/agents/:id/redistribute')
  @HttpCode(200)
  @Roles(UserRole.Admin)
  redistributeLeads(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<RedistributionDto> {
    return this.routing.redistribute(id, user);
  }

  /** Replaces the routing rules (admins only); a set that makes no sense answers 400 naming the rule. */
  @Put('routing')
  @Roles(UserRole.Admin)
  replaceRouting(@Body() dto: ReplaceRoutingRulesDto, @CurrentUser() user: AuthUser): Promise<RoutingDto> {
    return this.routing.replace(dto, user);
  }
}
