import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../core/auth/auth-user';
import { CurrentUser, Roles } from '../core/auth/auth.decorators';
import { UserRole } from '../users/user.entity';
import {
  CreatedSubscriptionDto,
  CreateSubscriptionDto,
  DeliveryAttemptDto,
  DeliveryDto,
  ListDeliveriesQueryDto,
  ResendAcceptedDto,
  SubscriptionDto,
  UpdateSubscriptionDto,
} from './integrations.dto';
import { IntegrationsService } from './integrations.service';

/**
 * Outbound webhooks (admins only). Each delivery is a POST of `{type, timestamp, data}` signed with
 * Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`); verify it with any
 * Standard Webhooks library and the subscription's `whsec_…` secret.
 */
@ApiTags('integrations')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Roles(UserRole.Admin)
@Controller('admin/integrations')
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationsService) {}

  /** Every subscription, with its deliveries of the last day and its failures (admins only). */
  @Get('subscriptions')
  listSubscriptions(): Promise<SubscriptionDto[]> {
    return this.integrations.list();
  }

  /** Subscribes a URL to events. The answer carries the signing secret, shown this once (admins only). */
  @Post('subscriptions')
  createSubscription(@Body() dto: CreateSubscriptionDto, @CurrentUser() user: AuthUser): Promise<CreatedSubscriptionDto> {
    return this.integrations.create(dto, user);
  }

  @Get('subscriptions/:id')
  getSubscription(@Param('id', ParseUUIDPipe) id: string): Promise<SubscriptionDto> {
    return this.integrations.get(id);
  }

  /** Changes a subscription; `enabled: true` turns it back on and sends what waited meanwhile (admins only). */
  @Patch('subscriptions/:id')
  updateSubscription(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateSubscriptionDto, @CurrentUser() user: AuthUser): Promise<SubscriptionDto> {
    return this.integrations.update(id, dto, user);
  }

  @Delete('subscriptions/:id')
  @HttpCode(204)
  deleteSubscription(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    return this.integrations.remove(id, user);
  }

  /** A subscription's deliveries, newest first (admins only). */
  @Get('subscriptions/:id/deliveries')
  listSubscriptionDeliveries(@Param('id', ParseUUIDPipe) id: string, @Query() query: ListDeliveriesQueryDto): Promise<DeliveryDto[]> {
    return this.integrations.deliveries(id, query);
  }

  /** Every attempt of a delivery: status code, time taken, the start of the answer (admins only). */
  @Get('deliveries/:id/attempts')
  listDeliveryAttempts(@Param('id', ParseUUIDPipe) id: string): Promise<DeliveryAttemptDto[]> {
    return this.integrations.attempts(id);
  }

  /** Sends a delivery again, once, with the same event id (admins only). */
  @Post('deliveries/:id/resend')
  @HttpCode(202)
  resendDelivery(@Param('id', ParseUUIDPipe) id: string): Promise<ResendAcceptedDto> {
    return this.integrations.resend(id);
  }
}
