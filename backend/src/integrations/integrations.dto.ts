import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { INTEGRATION_EVENT_TYPES, type IntegrationEventType } from '../core/events/integration-events';
import { DeliveryStatus, IntegrationDeliveryAttemptEntity } from './integration-delivery.entity';
import type { DeliveryRow, SubscriptionRow } from './integrations.repository';

export class CreateSubscriptionDto {
  /** What you call it, e.g. "Zapier: new leads to the sheet". */
  @ApiProperty({ example: 'Zapier: new leads to the sheet' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;

  /** Where each event is POSTed. Loopback, private and reserved addresses are refused unless `allowPrivate`. */
  @ApiProperty({ example: 'https://hooks.zapier.com/hooks/catch/123456/abcdef/' })
  @IsString()
  @MaxLength(2000)
  url: string;

  /** The events it receives. */
  @ApiProperty({ enum: INTEGRATION_EVENT_TYPES, enumName: 'IntegrationEventType', isArray: true, example: ['lead.created', 'lead.stage_changed'] })
  @IsIn(INTEGRATION_EVENT_TYPES, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(INTEGRATION_EVENT_TYPES.length)
  @ArrayUnique()
  events: IntegrationEventType[];

  /** Let this URL reach loopback or private addresses (a receiver inside your own network). Off by default: it guards against request forgery. */
  @ApiProperty({ required: false, default: false, example: false })
  @IsOptional()
  @IsBoolean()
  allowPrivate?: boolean;
}

export class UpdateSubscriptionDto {
  @ApiProperty({ required: false, example: 'Zapier: stage changes' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiProperty({ required: false, example: 'https://hooks.zapier.com/hooks/catch/123456/ghijkl/' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  url?: string;

  @ApiProperty({ enum: INTEGRATION_EVENT_TYPES, enumName: 'IntegrationEventType', isArray: true, required: false, example: ['lead.stage_changed'] })
  @IsOptional()
  @IsIn(INTEGRATION_EVENT_TYPES, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(INTEGRATION_EVENT_TYPES.length)
  @ArrayUnique()
  events?: IntegrationEventType[];

  @ApiProperty({ required: false, example: false })
  @IsOptional()
  @IsBoolean()
  allowPrivate?: boolean;

  /** Turn it on (deliveries held while it was off go out) or off. */
  @ApiProperty({ required: false, example: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class SubscriptionDto {
  @ApiProperty({ example: '0b7c8a52-4f5e-4d0e-9a57-2f1f2c1f6b11' })
  id: string;
  @ApiProperty({ example: 'Zapier: new leads to the sheet' })
  name: string;
  @ApiProperty({ example: 'https://hooks.zapier.com/hooks/catch/123456/abcdef/' })
  url: string;
  @ApiProperty({ enum: INTEGRATION_EVENT_TYPES, enumName: 'IntegrationEventType', isArray: true, example: ['lead.created'] })
  events: IntegrationEventType[];
  allowPrivate: boolean;
  enabled: boolean;
  /** Failed deliveries in a row right now. */
  consecutiveFailures: number;
  /** When the system turned it off because it kept failing (null: it did not). */
  disabledAt: string | null;
  /** Why the system turned it off, in words. */
  @ApiProperty({ nullable: true, example: 'Turned off after 20 failed deliveries in a row; the last: The receiver answered 500' })
  disabledReason: string | null;
  /** Deliveries answered 2xx in the last 24 hours. */
  delivered24h: number;
  /** Deliveries waiting for a retry or given up. */
  failing: number;
  createdAt: string;
}

export class CreatedSubscriptionDto extends SubscriptionDto {
  /** The signing secret (Standard Webhooks). Shown this once: store it where the receiver verifies signatures. */
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })
  secret: string;
}

export class ListDeliveriesQueryDto {
  @ApiProperty({ enum: DeliveryStatus, enumName: 'IntegrationDeliveryStatus', required: false })
  @IsOptional()
  @IsEnum(DeliveryStatus)
  status?: DeliveryStatus;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class DeliveryDto {
  id: string;
  /** The event's id: the `webhook-id` header, the same on every attempt and re-send. */
  @ApiProperty({ example: 'evt_5f0c6d3e0a8b4c1e9d2f7a6b5c4d3e2f' })
  eventId: string;
  @ApiProperty({ enum: INTEGRATION_EVENT_TYPES, enumName: 'IntegrationEventType', example: 'lead.created' })
  eventType: IntegrationEventType;
  occurredAt: string;
  @ApiProperty({ enum: DeliveryStatus, enumName: 'IntegrationDeliveryStatus', example: DeliveryStatus.Delivered })
  status: DeliveryStatus;
  attempts: number;
  @ApiProperty({ nullable: true, example: 200 })
  lastStatusCode: number | null;
  @ApiProperty({ nullable: true, example: null })
  lastError: string | null;
  deliveredAt: string | null;
  updatedAt: string;
}

export class DeliveryAttemptDto {
  id: string;
  attemptedAt: string;
  ok: boolean;
  @ApiProperty({ nullable: true, example: 500 })
  statusCode: number | null;
  @ApiProperty({ nullable: true, example: 'The receiver answered 500' })
  error: string | null;
  @ApiProperty({ example: 42 })
  latencyMs: number;
  /** The start of the receiver's answer (1,000 characters at most). */
  @ApiProperty({ nullable: true, example: '{"error":"temporarily unavailable"}' })
  responseExcerpt: string | null;
  /** Sent again by an admin. */
  manual: boolean;
}

export class ResendAcceptedDto {
  /** The delivery goes out again shortly; its attempts show the outcome. */
  @ApiProperty({ example: true })
  queued: boolean;
}

export const eventIdOf = (uuid: string): string => `evt_${uuid.replace(/-/g, '')}`;

export function mapSubscription(s: SubscriptionRow): SubscriptionDto {
  return {
    id: s.id,
    name: s.name,
    url: s.url,
    events: s.events as IntegrationEventType[],
    allowPrivate: s.allowPrivate,
    enabled: s.enabled,
    consecutiveFailures: s.consecutiveFailures,
    disabledAt: s.disabledAt?.toISOString() ?? null,
    disabledReason: s.disabledReason,
    delivered24h: s.delivered24h,
    failing: s.failing,
    createdAt: s.createdAt.toISOString(),
  };
}

export function mapDelivery(d: DeliveryRow): DeliveryDto {
  return {
    id: d.id,
    eventId: eventIdOf(d.eventId),
    eventType: d.eventType as IntegrationEventType,
    occurredAt: new Date(d.occurredAt).toISOString(),
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    updatedAt: d.updatedAt.toISOString(),
  };
}

export function mapAttempt(a: IntegrationDeliveryAttemptEntity): DeliveryAttemptDto {
  return { id: a.id, attemptedAt: a.attemptedAt.toISOString(), ok: a.ok, statusCode: a.statusCode, error: a.error, latencyMs: a.latencyMs, responseExcerpt: a.responseExcerpt, manual: a.manual };
}
