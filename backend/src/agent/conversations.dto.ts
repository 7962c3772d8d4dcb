import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { SessionMode } from './session.entity';

/** Where a conversation happens, as people name it: the widget is web chat started on the brokerage's website. */
export const CONVERSATION_CHANNELS = ['web', 'widget', 'whatsapp', 'email', 'sms'] as const;
export type ConversationChannel = (typeof CONVERSATION_CHANNELS)[number];

const toBool = ({ value }: { value: unknown }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value);

export class ListConversationsQueryDto {
  @ApiPropertyOptional({ enum: CONVERSATION_CHANNELS, description: 'Only conversations on this channel' })
  @IsOptional()
  @IsIn(CONVERSATION_CHANNELS)
  channel?: ConversationChannel;

  /** Only conversations with leads assigned to you. */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  mine?: boolean;

  /** Only conversations whose last word is the lead's: someone on the team owes an answer. */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  waiting?: boolean;

  @ApiPropertyOptional({ enum: SessionMode, enumName: 'SessionMode', description: 'ai: the assistant answers; human: a person holds the conversation' })
  @IsOptional()
  @IsIn(Object.values(SessionMode))
  mode?: SessionMode;

  @ApiPropertyOptional({ description: 'The previous page’s `nextCursor`' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9A-Za-z_-]{1,200}$/)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 30 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class ConversationPersonDto {
  id: string;
  name: string;
}

export class ConversationLastMessageDto {
  @ApiProperty({ enum: ['lead', 'assistant', 'person'] })
  from: 'lead' | 'assistant' | 'person';
  /** The first 200 characters. */
  preview: string;
  @ApiProperty({ type: String, nullable: true, enum: ['sent', 'delivered', 'read', 'failed'] })
  delivery: string | null;
}

export class ConversationSummaryDto {
  /** The conversation (session) id. */
  id: string;
  leadId: string;
  leadName: string;
  @ApiProperty({ enum: CONVERSATION_CHANNELS })
  channel: ConversationChannel;
  @ApiProperty({ enum: SessionMode, enumName: 'SessionMode' })
  mode: SessionMode;
  @ApiProperty({ type: ConversationPersonDto, nullable: true, description: 'Who holds the conversation while mode is human' })
  heldBy: ConversationPersonDto | null;
  @ApiProperty({ type: ConversationPersonDto, nullable: true, description: 'The lead’s agent' })
  assignee: ConversationPersonDto | null;
  @ApiProperty({ type: String, format: 'date-time' })
  lastMessageAt: string;
  @ApiProperty({ type: ConversationLastMessageDto, nullable: true })
  lastMessage: ConversationLastMessageDto | null;
  /** Messages from the lead since anyone on the team last opened the conversation. */
  unread: number;
  /** The lead wrote last: someone on the team owes an answer. */
  waiting: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When someone on the team last opened it' })
  readAt: string | null;
}

export class ConversationPageDto {
  @ApiProperty({ type: [ConversationSummaryDto] })
  items: ConversationSummaryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;
}

export class HeldMessageDto {
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  until: string | null;
  reason: string;
}

export class ThreadMessageDto {
  id: string;
  @ApiProperty({ enum: ['lead', 'assistant', 'person'] })
  from: 'lead' | 'assistant' | 'person';
  @ApiProperty({ type: String, nullable: true, description: 'The person who wrote it' })
  authorName: string | null;
  text: string;
  @ApiProperty({ type: String, nullable: true, description: 'Email: the subject' })
  subject: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  at: string;
  @ApiProperty({ type: String, nullable: true, enum: ['sent', 'delivered', 'read', 'failed'], description: 'Outbound on a channel: how far it got' })
  delivery: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the channel could not deliver it' })
  deliveryError: string | null;
  @ApiProperty({ type: HeldMessageDto, nullable: true, description: 'Held by the send rules (quiet hours) until a time' })
  held: HeldMessageDto | null;
  /** The assistant could not answer this turn. */
  failed: boolean;
}

/** A message the send rules refused: it never left. */
export class RefusedMessageDto {
  id: string;
  @ApiProperty({ type: String, format: 'date-time' })
  at: string;
  /** The rule's reason, in a broker's words. */
  reason: string;
  @ApiProperty({ description: 'opted_out, fair_housing, whatsapp_window, frequency_cap, quiet_hours, no_address' })
  rule: string;
  /** What would have been sent. */
  text: string;
}

export class ConversationContactDto {
  @ApiProperty({ type: String, nullable: true })
  email: string | null;
  @ApiProperty({ type: String, nullable: true })
  phone: string | null;
  optedOut: boolean;
}

export class ConversationThreadDto {
  @ApiProperty({ type: ConversationSummaryDto })
  conversation: ConversationSummaryDto;
  @ApiProperty({ type: ConversationContactDto })
  contact: ConversationContactDto;
  @ApiProperty({ type: [ThreadMessageDto], description: 'Oldest first' })
  messages: ThreadMessageDto[];
  @ApiProperty({ type: [RefusedMessageDto], description: 'Oldest first' })
  refused: RefusedMessageDto[];
}

/** Sent on GET /api/conversations/events when a conversation you may see changed. */
export class ConversationChangedEventDto {
  sessionId: string;
  leadId: string;
}
