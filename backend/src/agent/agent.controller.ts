import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../core/auth/auth-user';
import { CurrentUser } from '../core/auth/auth.decorators';
import { openEventStream } from '../core/http/event-stream';
import {
  CreateSessionDto,
  DoneEventDto,
  ErrorEventDto,
  HumanReplyDto,
  ListSessionsQueryDto,
  ProfileEventDto,
  ScoreEventDto,
  SessionCreatedDto,
  SessionDto,
  SessionEventDto,
  SessionSummaryDto,
  TokenEventDto,
  ToolCallEventDto,
  ToolResultEventDto,
  TurnDto,
  UnitCardDto,
} from './agent.dto';
import { AgentEvent, sseFrame } from './events';
import { RateLimit } from '../core/rate-limit/rate-limit.decorator';
import { AgentSessionsService } from './sessions.service';
import { AgentTurnService } from './turn.service';

@ApiTags('agent')
@ApiBearerAuth()
@ApiSecurity('api-key')
@ApiExtraModels(SessionEventDto, TokenEventDto, ToolCallEventDto, ToolResultEventDto, UnitCardDto, ProfileEventDto, ScoreEventDto, DoneEventDto, ErrorEventDto)
@Controller('agent')
export class AgentController {
  constructor(
    private readonly sessions: AgentSessionsService,
    private readonly turns: AgentTurnService,
  ) {}

  /** Starts a conversation with a lead; without leadId a new web lead is created. */
  @RateLimit('leadCreate')
  @Post('session')
  createSession(@Body() dto: CreateSessionDto, @CurrentUser() user: AuthUser): Promise<SessionCreatedDto> {
    return this.sessions.createSession(dto, user);
  }

  /**
   * The lead says something; the answer streams back as Server-Sent Events, in this order:
   * `session` {sessionId, leadId} → `token` {delta}* → `tool_call` {id, name, args} →
   * `tool_result` {id, name, ok, summary, data} → `profile` {changes} → `score` {score, breakdown} →
   * `done` {messageId, usage, handledBy}; or `error` {code, message}. Token and tool events may
   * repeat and interleave; profile and score come only when something changed. The schemas are
   * SessionEventDto … ErrorEventDto. Errors found before the stream opens (400, 401, 404, 409 when a
   * turn is already running in the session) are ordinary JSON errors.
   */
  @RateLimit('agentTurn')
  @Post('turn')
  @HttpCode(200)
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'A text/event-stream of agent events', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  async turn(@Body() dto: TurnDto, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply): Promise<void> {
    const prepared = await this.turns.prepareTurn(dto, user);
    const stream = openEventStream<AgentEvent>(reply, sseFrame);
    // The stream ends with `done` or `error`; what the turn does after that (queueing the matches
    // refresh) does not keep the client waiting.
    await this.turns.runTurn(prepared, (e) => {
      stream.send(e);
      if (e.event === 'done' || e.event === 'error') stream.end();
    });
    stream.end();
  }

  /** A lead's sessions, newest first. */
  @Get('sessions')
  listSessions(@Query() query: ListSessionsQueryDto, @CurrentUser() user: AuthUser): Promise<SessionSummaryDto[]> {
    return this.sessions.listSessions(query.leadId, user);
  }

  /** A session with its whole history. */
  @Get('sessions/:id')
  getSession(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<SessionDto> {
    return this.sessions.getSession(id, user);
  }

  /** You take the conversation over: the AI stops answering until you release it. */
  @Post('sessions/:id/takeover')
  @HttpCode(200)
  takeOverSession(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<SessionDto> {
    return this.sessions.takeOver(id, user);
  }

  /** Gives the conversation back to the AI. */
  @Post('sessions/:id/release')
  @HttpCode(200)
  releaseSession(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<SessionDto> {
    return this.sessions.release(id, user);
  }

  /** Write to the lead yourself, while you hold the conversation. */
  @Post('sessions/:id/reply')
  @HttpCode(200)
  replyInSession(@Param('id', ParseUUIDPipe) id: string, @Body() dto: HumanReplyDto, @CurrentUser() user: AuthUser): Promise<SessionDto> {
    return this.sessions.humanReply(id, dto, user);
  }
}
