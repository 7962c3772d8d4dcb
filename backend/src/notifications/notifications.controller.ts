import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../core/auth/auth-user';
import { CurrentUser } from '../core/auth/auth.decorators';
import { openEventStream } from '../core/http/event-stream';
import { NotificationFeed, notificationFrame } from './notification-feed';
import { NotificationEventDto, NotificationPageDto, NotificationSettingsDto, NotificationsQueryDto } from './notifications.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@ApiSecurity('api-key')
@ApiExtraModels(NotificationEventDto)
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly feed: NotificationFeed,
  ) {}

  /** My notifications, newest first, with the unread count. */
  @Get()
  listNotifications(@Query() query: NotificationsQueryDto, @CurrentUser() user: AuthUser): Promise<NotificationPageDto> {
    return this.notifications.list(query, user);
  }

  /**
   * Server-Sent Events: `notification` {notification, unread} for each new notification of mine;
   * `resync` when some may have been missed (read the list again).
   */
  @Get('events')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'A text/event-stream of `notification` (NotificationEventDto) and `resync` events', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  followNotifications(@CurrentUser() user: AuthUser, @Res() reply: FastifyReply): void {
    const stream = openEventStream(reply, notificationFrame);
    const stop = this.feed.subscribe(user, stream);
    reply.raw.on('close', stop);
    stream.send({ event: 'ready', data: {} });
  }

  /** Which kinds of notification I want. */
  @Get('settings')
  getNotificationSettings(@CurrentUser() user: AuthUser): Promise<NotificationSettingsDto> {
    return this.notifications.settings(user);
  }

  /** Turns kinds of notification on or off (kinds left out keep their setting). */
  @Put('settings')
  updateNotificationSettings(@Body() dto: NotificationSettingsDto, @CurrentUser() user: AuthUser): Promise<NotificationSettingsDto> {
    return this.notifications.saveSettings(dto, user);
  }

  /** Marks all my notifications read. */
  @Post('read-all')
  @HttpCode(204)
  @ApiNoContentResponse()
  markAllNotificationsRead(@CurrentUser() user: AuthUser): Promise<void> {
    return this.notifications.markAllRead(user);
  }

  /** Marks one of my notifications read. */
  @Post(':id/read')
  @HttpCode(204)
  @ApiNoContentResponse()
  markNotificationRead(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    return this.notifications.markRead(id, user);
  }
}
