import { understand, Understanding } from './local/understanding';
import type { PolicyFindings } from './turn-facts';

export interface Screening extends PolicyFindings {
  /** STOP, unsubscribe, wrong number: record the opt-out, say nothing more. */
  optOut: 'opt_out' | 'wrong_number' | null;
}

/**
 * The rules that hold whatever the model: read from the lead's message before any model sees it.
 * Opting out silences the AI; legal, tax and commission questions and requests for a person go to
 * a human; steering by a protected characteristic is declined.
 */
export function screen(u: Understanding): Screening {
  const i = u.intents;
  const optOut = i.optOut ? 'opt_out' : i.wrongNumber ? 'wrong_number' : null;
  // Asking to be called back is a task for the lead's agent, not a handover of the conversation.
  const handoffReason = i.legal ? 'legal or tax question' : i.commission ? 'asks about commission or fees' : i.human && !u.callback ? 'asks for a person' : null;
  return { optOut, handoffReason, fairHousing: i.fairHousing ?? null };
}

/** The protected characteristic a text asks to choose homes by, if any (for tool arguments). */
export function protectedCharacteristicIn(text: string): string | null {
  if (!text.trim()) return null;
  return understand(text, { now: new Date(0), timezone: 'UTC' }).intents.fairHousing ?? null;
}
