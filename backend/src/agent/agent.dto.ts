import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ScoreFactorDto } from '../leads/leads.dto';
import { MessageEntity, MessageRole, MessageStatus } from './message.entity';
import type { SessionRow } from './agent.repository';
import { SessionMode } from './session.entity';

/** Longest message the agent reads, in characters (a long email fits; a pasted document does not). */
export const MAX_MESSAGE_CHARS = 4000;
// Text: at least one visible character and no control characters other than tab and newlines.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const TEXT = /^(?=[\s\S]*\S)[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;

export class CreateSessionDto {
  /** The lead to talk to; without it a new web lead (and contact) is created. */
  @IsOptional()
  @IsUUID()
  leadId?: string;

  @ApiProperty({ enum: ['web', 'whatsapp', 'sms', 'email'], required: false, default: 'web' })
  @IsOptional()
  @IsIn(['web', 'whatsapp', 'sms', 'email'])
  channel?: 'web' | 'whatsapp' | 'sms' | 'email';
}

export class SessionCreatedDto {
  sessionId: string;
  leadId: string;
}

export class TurnDto {
  @IsUUID()
  sessionId: string;

  /** What the lead wrote: plain text, 1 to 4,000 characters. */
  @IsString()
  @Length(1, MAX_MESSAGE_CHARS)
  @Matches(TEXT, { message: 'message must be text with at least one visible character and no control characters' })
  message: string;
}

export class HumanReplyDto {
  /** What the person writes to the lead. */
  @IsString()
  @Length(1, MAX_MESSAGE_CHARS)
  @Matches(TEXT, { message: 'message must be text with at least one visible character and no control characters' })
  message: string;
}

export class ListSessionsQueryDto {
  @IsUUID()
  leadId: string;
}

export class ToolCallDto {
  id: string;
  name: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The arguments as the model sent them' })
  args: unknown;
}

export class TurnUsageDto {
  /** Provider and model, e.g. local-rules or openai:gpt-4o-mini. */
  model: string;
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens served from the provider's cache. */
  cachedTokens: number;
  /** Estimated cost in US dollars. */
  costUsd: number;
  latencyMs: number;
}

export class MessageDto {
  id: string;
  @ApiProperty({ enum: MessageRole, enumName: 'MessageRole' })
  role: MessageRole;
  content: string;
  @ApiProperty({ enum: MessageStatus, enumName: 'MessageStatus' })
  status: MessageStatus;
  /** Assistant messages: the tools called. */
  @ApiProperty({ type: [ToolCallDto], nullable: true })
  toolCalls: ToolCallDto[] | null;
  /** Tool messages: the call answered. */
  toolCallId: string | null;
  toolName: string | null;
  /** Tool messages: `{ok, summary, data}`. */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  data: Record<string, unknown> | null;
  /** Human messages: who wrote it. */
  authorId: string | null;
  /** Assistant messages that end a turn: tokens and estimated cost of the whole turn. */
  @ApiProperty({ type: TurnUsageDto, nullable: true })
  usage: TurnUsageDto | null;
  createdAt: string;
}

export class SessionHolderDto {
  id: string;
  name: string;
}

export class SessionSummaryDto {
  id: string;
  leadId: string;
  channel: string;
  @ApiProperty({ enum: SessionMode, enumName: 'SessionMode' })
  mode: SessionMode;
  /** Who holds the conversation while mode is human. */
  @ApiProperty({ type: SessionHolderDto, nullable: true })
  heldBy: SessionHolderDto | null;
  createdAt: string;
  lastMessageAt: string | null;
}

export class SessionDto extends SessionSummaryDto {
  /** Oldest first. */
  messages: MessageDto[];
}

// The events of POST /api/agent/turn, documented as schemas so clients get types for them.
export class SessionEventDto {
  sessionId: string;
  leadId: string;
}
export class TokenEventDto {
  delta: string;
}
export class ToolCallEventDto extends ToolCallDto {}
export class ToolResultEventDto {
  id: string;
  name: string;
  ok: boolean;
  summary: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'inventory_search: {units: UnitCardDto[]}; schedule_viewing: {booked, viewing?, slots?}' })
  data: unknown;
}
export class UnitCardDto {
  id: string;
  title: string;
  price: number;
  currency: string;
  bedrooms: number;
  bathrooms: number;
  city: string;
  area: string | null;
  why: string[];
}
export class ChangeEvidenceDto {
  messageId: string;
  quote: string;
  confidence: number;
}
export class ProfileChangeDto {
  field: string;
  @ApiProperty({ description: 'The new value', nullable: true, oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }] })
  value: unknown;
  evidence: ChangeEvidenceDto;
}
export class ProfileEventDto {
  changes: ProfileChangeDto[];
}
export class ScoreEventDto {
  score: number;
  breakdown: ScoreFactorDto[];
}
export class DoneEventDto {
  /** The last message of the turn (the lead's own when nobody answered). */
  messageId: string;
  @ApiProperty({ type: TurnUsageDto, nullable: true })
  usage: TurnUsageDto | null;
  /** ai: the assistant answered; human: a person holds the session; none: the lead opted out. */
  @ApiProperty({ enum: ['ai', 'human', 'none'] })
  handledBy: 'ai' | 'human' | 'none';
}
export class ErrorEventDto {
  /** provider_timeout, provider_error, internal_error */
  code: string;
  message: string;
}

export function mapMessage(m: MessageEntity): MessageDto {
  const usage =
    m.model !== null && m.promptTokens !== null
      ? { model: m.model, promptTokens: m.promptTokens, completionTokens: m.completionTokens ?? 0, cachedTokens: m.cachedTokens ?? 0, costUsd: m.costUsd ?? 0, latencyMs: m.latencyMs ?? 0 }
      : null;
  return {
    id: m.id,
    role: m.role,
    content: m.content,
    status: m.status,
    toolCalls: m.toolCalls,
    toolCallId: m.toolCallId,
    toolName: m.toolName,
    data: m.data,
    authorId: m.authorId,
    usage,
    createdAt: m.createdAt.toISOString(),
  };
}

export function mapSession(s: SessionRow): SessionSummaryDto {
  return {
    id: s.id,
    leadId: s.leadId,
    channel: s.channel,
    mode: s.mode,
    heldBy: s.heldById ? { id: s.heldById, name: s.heldByName ?? '' } : null,
    createdAt: s.createdAt.toISOString(),
    lastMessageAt: s.lastMessageAt?.toISOString() ?? null,
  };
}
