import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Roles } from '../core/auth/auth.decorators';
import { UserRole } from '../users/user.entity';
import { WebhookEventStatus } from './webhook-event.entity';
import { IntegrationStatusDto, ListWebhookEventsQueryDto, ReprocessEventsDto, ReprocessResultDto, WebhookEventDto } from './webhooks.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('admin')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Roles(UserRole.Admin)
@Controller('admin/webhooks')
export class WebhooksAdminController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** Each inbound source: configured or not, last delivery, waiting, failing and dead events (admins only). */
  @Get('status')
  getWebhookStatus(): Promise<IntegrationStatusDto[]> {
    return this.webhooks.status();
  }

  /** Inbox events by status, newest first; dead-lettered ones by default (admins only). */
  @Get('events')
  listWebhookEvents(@Query() query: ListWebhookEventsQueryDto): Promise<WebhookEventDto[]> {
    return this.webhooks.listEvents(query.status ?? WebhookEventStatus.Dead, query.provider, query.limit ?? 100);
  }

  /** Puts dead events back in the queue with a fresh set of attempts (admins only). */
  @Post('events/reprocess')
  @HttpCode(200)
  reprocessWebhookEvents(@Body() dto: ReprocessEventsDto): Promise<ReprocessResultDto> {
    return this.webhooks.reprocess(dto.eventIds);
  }
}
