import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsEnum, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { WebhookEventStatus, WebhookProvider } from './webhook-event.entity';

export class DeliveryAcceptedDto {
  /** Events found in the delivery. */
  received: number;
  /** Of those, events already in the inbox (a redelivery or replay): they have no second effect. */
  duplicates: number;
}

export class WebhookEventDto {
  id: string;
  @ApiProperty({ enum: WebhookProvider, enumName: 'WebhookProvider' })
  provider: WebhookProvider;
  /** leadgen, message, status, or the name of a field nothing handles. */
  kind: string;
  /** The provider's id for the event. */
  externalId: string;
  @ApiProperty({ enum: WebhookEventStatus, enumName: 'WebhookEventStatus' })
  status: WebhookEventStatus;
  attempts: number;
  /** Why the last attempt failed (or why the event was ignored). */
  lastError: string | null;
  /** The lead the event created or joined. */
  leadId: string | null;
  receivedAt: string;
  processedAt: string | null;
}

export class ListWebhookEventsQueryDto {
  @ApiProperty({ enum: WebhookEventStatus, enumName: 'WebhookEventStatus', required: false, default: WebhookEventStatus.Dead })
  @IsOptional()
  @IsEnum(WebhookEventStatus)
  status?: WebhookEventStatus;

  @ApiProperty({ enum: WebhookProvider, enumName: 'WebhookProvider', required: false })
  @IsOptional()
  @IsEnum(WebhookProvider)
  provider?: WebhookProvider;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class ReprocessEventsDto {
  /** Dead events to try again (each gets a fresh set of attempts). */
  @IsUUID('all', { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  eventIds: string[];
}

export class ReprocessResultDto {
  /** The events put back in the queue (those that were dead). */
  requeued: string[];
}

export class IntegrationStatusDto {
  @ApiProperty({ enum: WebhookProvider, enumName: 'WebhookProvider' })
  provider: WebhookProvider;
  /** Whether the settings it needs are present (their values are never shown). */
  configured: boolean;
  lastDeliveryAt: string | null;
  deliveries24h: number;
  /** Events waiting for a worker. */
  waiting: number;
  /** Events that failed and will be retried. */
  failing: number;
  /** Events that failed every attempt and wait for an admin. */
  dead: number;
  /** Deliveries refused for a bad signature since this server started. */
  refusedSinceStart: number;
}
