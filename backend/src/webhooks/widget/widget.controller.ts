import { Body, Controller, Get, Header, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AgentTurnService } from '../../agent/turn.service';
import { AgentEvent, sseFrame } from '../../agent/events';
import { Public } from '../../core/auth/auth.decorators';
import { openEventStream } from '../../core/http/event-stream';
import { RateLimit } from '../../core/rate-limit/rate-limit.decorator';
import { StartWidgetChatDto, WidgetChatStartedDto, WidgetContactDto, WidgetTurnDto } from './widget.dto';
import { WidgetService } from './widget.service';

/**
 * The website chat widget: its script and its three calls. Public; the calls are rate-limited per
 * client address (WEBSITE_RATE_LIMIT), the script only by the general public limit. Any website may call these (CORS for any origin, see configureHttpApp): the site key
 * and the visitor token are the checks, and the token travels in the body, never in a cookie.
 */
@ApiTags('public')
@Public()
@Controller('public/widget')
export class WidgetController {
  constructor(
    private readonly widget: WidgetService,
    private readonly agent: AgentTurnService,
  ) {}

  /** The script a website includes with one `<script src=".../api/public/widget.js" data-site-key="pk_…">` tag. */
  @Get('widget.js')
  @ApiProduces('text/javascript')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  @Header('cross-origin-resource-policy', 'cross-origin')
  widgetScript(): string {
    return this.widget.scriptText();
  }

  /** A visitor opens the chat: a new lead (source widget) and an anonymous visitor token. */
  @Post('chat')
  @RateLimit('website')
  @ApiResponse({ status: 404, description: 'Unknown or disabled site key' })
  startWidgetChat(@Body() dto: StartWidgetChatDto, @Req() req: FastifyRequest): Promise<WidgetChatStartedDto> {
    return this.widget.start(dto.siteKey, dto.language ?? req.headers['accept-language']);
  }

  /** The visitor says something; the assistant's answer streams back with the same events as POST /api/agent/turn. */
  @Post('turn')
  @RateLimit('website')
  @HttpCode(200)
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'A text/event-stream of agent events (see POST /api/agent/turn)', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  async widgetTurn(@Body() dto: WidgetTurnDto, @Res() reply: FastifyReply): Promise<void> {
    const { sid } = await this.widget.claims(dto.visitorToken);
    const prepared = await this.agent.prepareVisitorTurn(sid, dto.message);
    const stream = openEventStream<AgentEvent>(reply, sseFrame);
    await this.agent.runTurn(prepared, (e) => {
      stream.send(e);
      if (e.event === 'done' || e.event === 'error') stream.end();
    });
    stream.end();
  }

  /** The visitor leaves a name and phone: they go on the chat's lead. */
  @Post('contact')
  @RateLimit('website')
  @HttpCode(204)
  async leaveWidgetContact(@Body() dto: WidgetContactDto): Promise<void> {
    await this.widget.leaveContact(dto.visitorToken, { name: dto.name, phone: dto.phone });
  }
}
