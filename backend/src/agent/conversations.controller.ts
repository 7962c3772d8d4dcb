import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../core/auth/auth-user';
import { CurrentUser } from '../core/auth/auth.decorators';
import { openEventStream } from '../core/http/event-stream';
import { ConversationChangedEventDto, ConversationPageDto, ConversationThreadDto, ListConversationsQueryDto } from './conversations.dto';
import { ConversationsService } from './conversations.service';
import { feedFrame } from './conversation-feed';

@ApiTags('conversations')
@ApiBearerAuth()
@ApiSecurity('api-key')
@ApiExtraModels(ConversationChangedEventDto)
@Controller('conversations')
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  /** Conversations with leads you may see, on every channel, latest message first, with unread counts. */
  @Get()
  listConversations(@Query() query: ListConversationsQueryDto, @CurrentUser() user: AuthUser): Promise<ConversationPageDto> {
    return this.conversations.list(query, user);
  }

  /**
   * Server-Sent Events: `changed` {sessionId, leadId} whenever a conversation you may see gets a
   * message, a delivery status, a new holder or a read mark (from any API or worker process);
   * `resync` when changes may have been missed (read the list again). Open it with your bearer token.
   */
  @Get('events')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'A text/event-stream of `changed` (ConversationChangedEventDto) and `resync` events', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  followConversations(@CurrentUser() user: AuthUser, @Res() reply: FastifyReply): void {
    const stream = openEventStream(reply, feedFrame);
    const stop = this.conversations.follow(user, stream);
    reply.raw.on('close', stop);
    // Tells the client the stream is open, so it knows nothing before this moment is in it.
    stream.send({ event: 'ready', data: {} });
  }

  /** One conversation with its messages (oldest first), delivery ticks, and what the send rules held or refused. */
  @Get(':id')
  getConversation(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<ConversationThreadDto> {
    return this.conversations.thread(id, user);
  }

  /** You opened the conversation: the lead's messages up to now are read, for the whole team. */
  @Post(':id/read')
  @HttpCode(204)
  @ApiNoContentResponse()
  markConversationRead(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    return this.conversations.markRead(id, user);
  }
}
