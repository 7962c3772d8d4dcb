/**
 * The agent turn's server-sent events (docs/DESIGN.md, "Agent turn events"). OpenAPI cannot describe
 * an event stream's frames, so these types are written here, once, beside the reader that parses them.
 */
export interface UnitCardPayload {
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

export interface ProfileChange {
  field: string;
  value: unknown;
  evidence: { messageId: string; quote: string; confidence: number };
}

export interface ScoreFactor {
  factor: string;
  points: number;
  max: number;
  reason: string;
}

export type TurnEvent =
  | { event: 'session'; data: { sessionId: string; leadId: string | null } }
  | { event: 'token'; data: { delta: string } }
  | { event: 'tool_call'; data: { id: string; name: string; args: Record<string, unknown> } }
  | { event: 'tool_result'; data: { id: string; name: string; ok: boolean; summary: string; data: { units?: UnitCardPayload[] } & Record<string, unknown> } }
  | { event: 'profile'; data: { changes: ProfileChange[] } }
  | { event: 'score'; data: { score: number; breakdown: ScoreFactor[] } }
  | { event: 'done'; data: { messageId: string; usage: unknown; handledBy: 'ai' | 'human' } }
  | { event: 'error'; data: { code: string; message: string } };

export type TurnEventName = TurnEvent['event'];
