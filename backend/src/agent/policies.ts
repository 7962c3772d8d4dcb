import { FairHousingScreen, screenFairHousing } from '../compliance/fair-housing';
import type { Understanding } from './local/understanding';
import type { PolicyFindings } from './turn-facts';

export interface Screening extends PolicyFindings {
  /** STOP, unsubscribe, wrong number: record the opt-out, say nothing more. */
  optOut: 'opt_out' | 'wrong_number' | null;
}

/**
 * The rules that hold whatever the model: read from the lead's message before any model sees it.
 * Opting out silences the AI; legal, tax and commission questions and requests for a person go to
 * a human; steering by a protected characteristic is declined and a loan question tied to a
 * protected group gets the neutral answer (`fairHousing`, screened from the message as written by
 * compliance/fair-housing.ts).
 */
export function screen(u: Understanding, fairHousing: FairHousingScreen): Screening {
  const i = u.intents;
  const optOut = i.optOut ? 'opt_out' : i.wrongNumber ? 'wrong_number' : null;
  // Asking to be called back is a task for the lead's agent, not a handover of the conversation.
  const handoffReason = i.legal ? 'legal or tax question' : i.commission ? 'asks about commission or fees' : i.human && !u.callback ? 'asks for a person' : null;
  return { optOut, handoffReason, fairHousing };
}

/** The protected characteristic a text (a tool argument, a value to record) asks to choose homes by, if any. */
export function protectedCharacteristicIn(text: string): string | null {
  const s = screenFairHousing(text, { describesPlace: true });
  return s.verdict === 'steering' ? s.classes.join(', ') : null;
}
