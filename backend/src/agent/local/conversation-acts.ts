/**
 * What a message does in the conversation rather than what it says about the home: a yes, a
 * no, a pick from a list the agent sent, a greeting. Read from the start of the message ("Yes, I
 * have a dog" is a yes; "I said yes to the offer" is not), on lower-case, typo-corrected text.
 */

import { ordinalValue } from './number-words';

const END = String.raw`(?=$|[\s,.!?;:)\-]|👍)`;

const AFFIRM_START_RE = new RegExp(
  String.raw`^\W*(?:(?:hi|hey|hello|oh|ah|um|well)\W+)?(?:yes+|yeah+|yea|yep|yup|ya|yah|yas|yess|sure|surely|ok|okay|okey|okie|alright|all\s+right|absolutely|definitely|of\s+course|certainly|correct|exactly|right(?!\s+now)|perfect|great|sounds\s+(?:good|great|perfect|fine|like\s+a\s+plan)|that\s+works|works\s+for\s+me|that'?s\s+(?:fine|right|correct|perfect|great|good)|fine(?!\s+print)|please\s+do|go\s+ahead|let'?s\s+do\s+(?:it|that)|deal|affirmative|yes\s+please|for\s+sure|indeed|totally|you\s+bet|why\s+not|cool|no\s+problem|no\s+worries)${END}`,
);
/** Short words that are a yes only as the whole message. */
const AFFIRM_WHOLE_RE = /^\W*(?:y|k|kk|si|yes|please|i\s+do|we\s+do|i\s+am|we\s+are|i\s+have|we\s+have|👍|👌|✅|🙌)\W*$/u;
const AFFIRM_ANYWHERE_RE = /\b(?:that\s+works|works\s+for\s+me|sounds\s+(?:good|great|perfect)|that\s+would\s+be\s+(?:great|perfect)|let'?s\s+do\s+it)\b|👍/u;

const DENY_START_RE = new RegExp(
  String.raw`^\W*(?:no+(?=\s*(?:$|[,.!?;:]|thanks|thank|sorry|way|i\b|we\b|not\b|need\b|nope|no\b))|nope|nah|naw|not\s+(?:now|yet|really|at\s+the\s+moment|at\s+this\s+time|right\s+now|today|interested|for\s+me)|no\s+thanks?|no\s+thank\s+you|never\s*mind|nevermind|negative|maybe\s+later|i'?m\s+good|we'?re\s+good|i'?ll\s+pass|pass|none)${END}`,
);
const DENY_WHOLE_RE = /^\W*(?:n|i\s+don'?t|we\s+don'?t|i'?m\s+not|we'?re\s+not|not\s+really|👎|❌)\W*$/u;
const DENY_ANYWHERE_RE = /\bnot\s+interested\b(?!\s+in\s+(?:a|an|the)?\s*\w)/;

export function readAffirm(t: string): boolean {
  return AFFIRM_START_RE.test(t) || AFFIRM_WHOLE_RE.test(t) || AFFIRM_ANYWHERE_RE.test(t);
}

export function readDeny(t: string): boolean {
  if (/^\W*no\s+(?:problem|worries)\b/.test(t)) return false;
  return DENY_START_RE.test(t) || DENY_WHOLE_RE.test(t) || DENY_ANYWHERE_RE.test(t);
}

const GREETING_RE =
  /^\W*(?:hi+|hey+|heya|hello+|hiya|howdy|greetings|yo|good\s+(?:morning|afternoon|evening|day)|(?:morning|evening)(?=\s*(?:[,.!]|$))|sup|what'?s\s+up|namaste|hola|bonjour|salaam|salam|shalom|hallo|ahoy|dear\s+\w+)(?=$|[\s,.!?;:]|\p{Extended_Pictographic})/u;

export function readGreeting(t: string): boolean {
  return GREETING_RE.test(t);
}

const THING = String.raw`(?:one|1|option|listing|home|house|place|property|unit|apartment|apt|condo|flat|townhouse|link|choice|pick)`;
const ORDINAL_CHOICE_RE = new RegExp(
  String.raw`\b(?:(the)\s+)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|1st|2nd|3rd|[4-9]th|10th)(?:\s+(${THING})s?\b)?`,
  'g',
);
const NUMBERED_CHOICE_RE = /(?:#|\b(?:number|no\.|option|opt|choice|listing|pick)\s*#?)\s*(\d{1,2}|[a-e])\b(?!\s*(?:priority|concern|thing|goal|reason|requirement|must|bed|bath|br|ba|k\b|%))/g;

/** Which of the options the agent listed the lead picks, 1-based. */
export function readChoice(t: string): number | undefined {
  NUMBERED_CHOICE_RE.lastIndex = 0;
  for (let m = NUMBERED_CHOICE_RE.exec(t); m !== null; m = NUMBERED_CHOICE_RE.exec(t)) {
    const raw = m[1];
    const n = /^\d+$/.test(raw) ? Number(raw) : raw.charCodeAt(0) - 96;
    if (/^[a-e]$/.test(raw) && !/\b(?:option|choice|opt|pick)\s*$/.test(t.slice(0, m.index + m[0].length - 1))) continue;
    if (/\bmy\s+(?:number|#)\s*$/.test(t.slice(Math.max(0, m.index - 4), m.index + m[0].length - raw.length))) continue;
    if (n >= 1 && n <= 20) return n;
  }
  ORDINAL_CHOICE_RE.lastIndex = 0;
  for (let m = ORDINAL_CHOICE_RE.exec(t); m !== null; m = ORDINAL_CHOICE_RE.exec(t)) {
    const [whole, the, word, thing] = m;
    const n = ordinalValue(word) ?? NaN;
    if (!(n >= 1 && n <= 20)) continue;
    const after = t.slice(m.index + whole.length);
    const ends = /^\s*(?:$|[,.!?;:)]|please|pls|looks|sounds|seems|is|works|one|for\s+me|would|i\s+(?:think|guess)|👍)/.test(after);
    // "Second one please" picks; "first, tell me about parking" does not.
    const picked = the !== undefined || (/^\W*$/.test(t.slice(0, m.index)) && (thing !== undefined || /^\W*$/.test(after)));
    if (picked && (thing !== undefined && thing !== 'choice' ? !/^\s+(?:time|week|month|year|floor|step|thing|of)\b/.test(after) : ends)) {
      if (thing === undefined && /\b(?:on|for|by|until|before|after)\s+$/.test(t.slice(Math.max(0, m.index - 8), m.index))) continue;
      return n;
    }
  }
  return undefined;
}
