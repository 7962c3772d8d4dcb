import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import type { OutboxMessageEntity } from './outbox.entity';

export class TemplateRequestDto {
  @ApiProperty({ description: 'An approved template from the catalogue', example: 'follow_up' })
  @IsString()
  @Matches(/^[a-z0-9_]{1,512}$/)
  name: string;

  @ApiProperty({ description: 'The template parameters by name', example: { name: 'Dana', agent: 'Lena' }, type: 'object', additionalProperties: { type: 'string' } })
  @IsObject()
  parameters: Record<string, string>;
}

export class SendMessageDto {
  @ApiProperty({ enum: ['whatsapp'] })
  @IsIn(['whatsapp'])
  channel: 'whatsapp';

  @ApiPropertyOptional({ description: 'Free text (only within 24 hours of the lead’s last WhatsApp message); long text goes out in several messages' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  text?: string;

  @ApiPropertyOptional({ type: TemplateRequestDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TemplateRequestDto)
  template?: TemplateRequestDto;

  @ApiPropertyOptional({ description: 'Why this must go out during the lead’s quiet hours' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  overrideReason?: string;

  @ApiPropertyOptional({ description: 'Makes a retried request safe: the same key never sends twice' })
  @IsOptional()
  @IsString()
  @Matches(/^[\w.:-]{8,100}$/)
  idempotencyKey?: string;
}

export class SendDecisionDto {
  @ApiProperty({ enum: ['allow', 'deny', 'hold'] })
  verdict: 'allow' | 'deny' | 'hold';
  @ApiProperty()
  rule: string;
  @ApiProperty()
  reason: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  notBefore: string | null;
}

export class OutboxMessageDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  channel: string;
  @ApiProperty()
  kind: string;
  @ApiProperty()
  origin: string;
  @ApiProperty({ description: 'queued, sending, sent or failed' })
  status: string;
  @ApiProperty({ description: 'What the lead reads' })
  text: string;
  @ApiProperty({ nullable: true, type: String })
  deliveryError: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  notBefore: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt: string | null;
  @ApiProperty()
  attempts: number;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export class SendResultDto {
  @ApiProperty({ type: SendDecisionDto })
  decision: SendDecisionDto;
  @ApiProperty({ type: [OutboxMessageDto] })
  messages: OutboxMessageDto[];
}

export function mapOutbox(o: OutboxMessageEntity): OutboxMessageDto {
  const p = o.payload;
  return {
    id: o.id,
    channel: o.channel,
    kind: o.kind,
    origin: o.origin,
    status: o.status,
    text: p.text ?? (p.template ? `Template ${p.template.name}` : (p.email?.subject ?? '')),
    deliveryError: o.errorTitle ? `${o.errorTitle}${o.errorCode ? ` (${o.errorCode})` : ''}` : null,
    notBefore: o.notBefore?.toISOString() ?? null,
    sentAt: o.sentAt?.toISOString() ?? null,
    attempts: o.attempts,
    createdAt: o.createdAt.toISOString(),
  };
}
