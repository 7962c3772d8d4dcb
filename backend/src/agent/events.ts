import type { TurnUsageDto } from './agent.dto';
import type { ScoreFactor } from '../scoring/score';

/**
 * The events of one agent turn, in order (DESIGN.md "Agent turn events"), identical for every
 * provider: session → token* → tool_call → tool_result → profile → score → done, or error.
 * Tokens and tool events may repeat and interleave; profile and score come only when something
 * changed.
 */
export interface ProfileChangeEvidence {
  /** The lead's message the fact was read from. */
  messageId: string;
  /** The words it was read from. */
  quote: string;
  confidence: number;
}

export interface ProfileChange {
  field: string;
  value: unknown;
  evidence: ProfileChangeEvidence;
}

/** Tokens and estimated cost of a turn (the API's TurnUsageDto). */
export type TurnUsage = TurnUsageDto;

export type AgentEvent =
  | { event: 'session'; data: { sessionId: string; leadId: string } }
  | { event: 'token'; data: { delta: string } }
  | { event: 'tool_call'; data: { id: string; name: string; args: unknown } }
  | { event: 'tool_result'; data: { id: string; name: string; ok: boolean; summary: string; data: unknown } }
  | { event: 'profile'; data: { changes: ProfileChange[] } }
  | { event: 'score'; data: { score: number; breakdown: ScoreFactor[] } }
  | { event: 'done'; data: { messageId: string; usage: TurnUsage | null; handledBy: 'ai' | 'human' | 'none' } }
  | { event: 'error'; data: { code: string; message: string } };

export type AgentEventName = AgentEvent['event'];

/** Where a turn's events go: an SSE response, a test's array, the evaluation's recorder. */
export type EventSink = (e: AgentEvent) => void;

/** One Server-Sent Events frame. */
export const sseFrame = (e: AgentEvent): string => `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
