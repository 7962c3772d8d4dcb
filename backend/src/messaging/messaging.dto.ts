import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { type OutboxMessageEntity, OutboxStatus } from './outbox.entity';

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
  @ApiProperty({ enum: ['whatsapp', 'email'] })
  @IsIn(['whatsapp', 'email'])
  channel: 'whatsapp' | 'email';

  @ApiPropertyOptional({ description: 'Email only. Unset: “Re: <their subject>” when the lead has written by email, else “A message from <your name>”', example: 'The Ballard condo' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @Matches(/^[^\r\n]*$/, { message: 'subject must be one line' })
  subject?: string;

  @ApiPropertyOptional({ description: 'Free text (WhatsApp: only within 24 hours of the lead’s last WhatsApp message; long text goes out in several messages). The body of an email' })
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
  @ApiProperty({ description: 'queued, sending, sent, failed, or kept (email with no mail server set up)' })
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

export class SentMailQueryDto {
  @ApiPropertyOptional({ enum: Object.values(OutboxStatus), description: 'Only mails in this state' })
  @IsOptional()
  @IsIn(Object.values(OutboxStatus))
  status?: string;

  @ApiPropertyOptional({ description: 'Mails written before this time (the previous page’s `nextBefore`)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  before?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

/** One email in the outbox, as Admin → Sent mail shows it. */
export class SentMailDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  leadId: string;
  @ApiProperty({ description: 'The lead’s name' })
  leadName: string;
  @ApiProperty({ description: 'The address it went (or goes) to' })
  to: string;
  @ApiProperty()
  subject: string;
  @ApiProperty({ description: 'The body as the lead reads it' })
  text: string;
  @ApiProperty({ nullable: true, type: String, description: 'The person who wrote it; null for the assistant and reminders' })
  authorName: string | null;
  @ApiProperty({ description: 'queued (waiting to go, retried while the mail server is down), sending, sent, failed, or kept (no mail server set up: kept here, never sent)' })
  status: string;
  @ApiProperty({ nullable: true, type: String, description: 'The mail server’s last answer when an attempt failed' })
  deliveryError: string | null;
  @ApiProperty()
  attempts: number;
  @ApiProperty({ nullable: true, type: String, description: 'Its Message-ID (set once sent or kept; a retried send carries the same one)' })
  messageId: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export class SentMailPageDto {
  @ApiProperty({ type: [SentMailDto] })
  items: SentMailDto[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Pass as `before` for the next page; null on the last page' })
  nextBefore: string | null;
  @ApiProperty({ description: 'Whether a mail server is set up (SMTP_URL). Without one, mails are kept here and never sent' })
  mailServer: boolean;
}

export function mapSentMail(o: OutboxMessageEntity & { leadName: string; authorName: string | null }): SentMailDto {
  return {
    id: o.id,
    leadId: o.leadId,
    leadName: o.leadName,
    to: o.recipient,
    subject: o.payload.email?.subject ?? '',
    text: o.payload.text ?? '',
    authorName: o.authorName,
    status: o.status,
    deliveryError: o.errorTitle ? `${o.errorTitle}${o.errorCode ? ` (${o.errorCode})` : ''}` : null,
    attempts: o.attempts,
    messageId: o.externalId,
    sentAt: o.sentAt?.toISOString() ?? null,
    createdAt: o.createdAt.toISOString(),
  };
}

export class TemplateOptionDto {
  @ApiProperty({ description: 'The approved template’s name' })
  name: string;
  @ApiProperty({ description: 'The values it needs, in order', type: [String] })
  parameters: string[];
  @ApiProperty({ description: 'What it says, with {{1}}, {{2}}… where the values go', nullable: true, type: String })
  preview: string | null;
}

export class WhatsAppWindowDto {
  @ApiProperty({ description: 'Free text may go out on WhatsApp (the lead wrote there within 24 hours); otherwise only a template' })
  open: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closesAt: string | null;
}

/** What a person may send the lead right now. */
export class OutboundOptionsDto {
  @ApiProperty({ type: WhatsAppWindowDto })
  whatsappWindow: WhatsAppWindowDto;
  @ApiProperty({ type: [TemplateOptionDto], description: 'Approved WhatsApp templates (the catalogue)' })
  templates: TemplateOptionDto[];
}
