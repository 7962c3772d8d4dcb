/**
 * Questions a lead asks about a home ("Is it furnished?", "Does the first one have a garage?",
 * "What is the address?") as opposed to what they need. A question is answered, never recorded
 * as a requirement: the feature words inside it are left out of the facts read from the message,
 * and the topics it asks about are kept so the agent can answer from the home's own facts (or say
 * honestly that the listing does not say, and ask the listing agent).
 *
 * A question that asks for homes ("do you have any with a garage?", "show me condos with a pool?")
 * is a search request, not a question about a home: its words stay wishes.
 */

/** A sentence that asks: it ends with "?", or opens like a question ("is it …", "does the …", "what …"). */
const ASKS_OPENING =
  /^\W*(?:(?:so|and|also|but|oh|ok|okay|hi|hey|thanks|great|cool|quick\s+question|one\s+more\s+thing|btw)\W+)*(?:(?:is|are|r|does|dose|did|should)\s+(?!(?:looking|moving|going|planning|hoping|interested|searching|relocating|renting|buying|selling)\b)[\w#]|(?:do|can|could|will|would)\s+(?:it|this|that|they|these|those|there|the|you|i|we|pets?|dogs?|cats?|animals?|any|a|an|one|number|#|option|home|house|place|unit|apartment|condo|flat)\b|(?:has|have|was|were)\s+(?:it|this|that|they|these|those|there|the|you)\b|(?:what|what'?s|whats|wat|where|where'?s|which|how|how'?s|when|who|whose)\b|(?:any\s+idea|i\s+wonder|wondering|curious|do\s+you\s+know|(?:is\s+there\s+)?any\s+chance)\b)/i;
/** Asking in a statement's words: "I'd like to know if it is furnished", "wondering whether pets are ok". */
const ASKS_INSIDE = /\b(?:wonder(?:ing)?|curious|(?:want|like|need)\s+to\s+know|(?:tell|let)\s+me\s+know|(?:can|could)\s+you\s+(?:tell|check|confirm|find\s+out)|do\s+you\s+know|any\s+idea)\s+(?:if|whether|about|what|how|when|where|which)\b/i;
/** "What about pets?" asks about the home; "what about Bellevue?" proposes another search. */
const ABOUT_FEATURE = /\b(?:what|how)\s+about\s+(?:the\s+)?(?:pets?|dogs?|cats?|animals?|parking|laundry|furnish\w*|furniture|garage|pool|gym|balcon\w+|yard|garden|utilities|hoa|fees?|storage|heating|ac|air|a\/c|view|schools?|noise|deposit)\b/i;

/** A question that asks for homes (a search), or proposes another option: its words are wishes. */
const SEARCH_REQUEST =
  /\b(?:do\s+you\s+have|have\s+you\s+got|you\s+got|got\s+any|are\s+there\s+(?:any|other|more)|is\s+there\s+any(?:thing)?\s+(?:with|that|in|under|for|near)|anything|something|any\s+(?:other\s+)?(?:homes?|houses?|places?|apartments?|condos?|flats?|units?|listings?|options?|properties|townhouses?|townhomes?|ones?)|show\s+me|send\s+me|(?:can|could|would)\s+you\s+(?:please\s+)?(?:find|search|look|help|show|send|recommend|suggest)|find\s+me|looking\s+for|what\s+(?:do|else\s+do)\s+you\s+have|what\s+have\s+you\s+got|what(?:'?s|\s+is)\s+(?:available|on\s+the\s+market|out\s+there)|(?:what|how)\s+about|can\s+i\s+(?:get|find|afford)|is\s+it\s+possible\s+to\s+(?:find|get))\b/i;

export interface QuestionSpan {
  start: number;
  end: number;
}

/** A clause that asks without opening like a question: "pets allowed?", "parking included?". */
const ASKS_CUE = /\b(?:allowed|included|ok|okay|possible|available|permitted|accepted|welcome)\W*$/i;
const ACTION_REQUEST =
  /^\W*(?:(?:so|and|also|but|ok|okay|hi|hey)\W+)*(?:can|could|may|shall)\s+(?:i|we|you)\s+(?:\w+\s+){0,2}?(?:see|view|visit|tour|come|book|schedule|arrange|look\s+at|check\s+(?:it|them|out|the)|have\s+a\s+look|take\s+a\s+look|stop\s+by|drop\s+by|swing\s+by|show\s+(?:me|us))\b/i;

/**
 * The clauses of `text` that ask about a home, as spans of the text. A sentence is cut into
 * clauses at commas, semicolons and "and"/"but": "3 bed in Ballard, is it furnished?" asks only
 * about furniture. A clause asks when it opens like a question, or when it ends a "?" sentence and
 * is short ("Garage?") or ends on a word that asks ("pets allowed?").
 */
export function questionSpans(text: string): QuestionSpan[] {
  const spans: QuestionSpan[] = [];
  const sentence = /[^.!?\n]+[.!?\n]*/g;
  for (let m = sentence.exec(text); m !== null; m = sentence.exec(text)) {
    const s = m[0];
    const endsAsking = /\?/.test(s);
    const clauses: QuestionSpan[] = [];
    const cut = /[,;]\s*|\s+[-–—]+\s+|\s+(?:and|but|also|plus)\s+(?=(?:is|are|does|do|did|has|have|can|could|will|would|what|where|which|how|when|who|any)\b)/gi;
    let from = 0;
    for (let c = cut.exec(s); c !== null; c = cut.exec(s)) {
      clauses.push({ start: from, end: c.index + c[0].length });
      from = c.index + c[0].length;
    }
    clauses.push({ start: from, end: s.length });
    clauses.forEach((c, k) => {
      const clause = s.slice(c.start, c.end);
      const words = clause.trim().split(/\s+/).filter((w) => /\w/.test(w)).length;
      const last = k === clauses.length - 1;
      const asks = ASKS_OPENING.test(clause) || ASKS_INSIDE.test(clause) || (last && endsAsking && (words <= 3 || ASKS_CUE.test(clause.replace(/[?!.\s]+$/, ''))));
      const search = (SEARCH_REQUEST.test(clause) || SEARCH_REQUEST.test(s)) && !ABOUT_FEATURE.test(clause);
      if (!asks || search) return;
      // "Can I see it on Saturday?" and "can you call me?" ask for an action, not about the home.
      if (ACTION_REQUEST.test(clause) || /\b(?:call|ring|phone|text|email)\s+(?:me|us)\b/i.test(clause)) return;
      spans.push({ start: m.index + c.start, end: m.index + c.end });
    });
  }
  return spans;
}

/** The text with the spans blanked out (same length, so quotes still point at the lead's words). */
export function withoutSpans(text: string, spans: QuestionSpan[]): string {
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + out.slice(s.start, s.end).replace(/[^\n]/g, ' ') + out.slice(s.end);
  return out;
}

/** What a question about a home can be about, beyond the must-have features. */
export type AskedTopic = 'pets' | 'furnished' | 'address' | 'price' | 'size' | 'year' | 'rooms' | 'feature' | 'other';

const TOPICS: ReadonlyArray<[Exclude<AskedTopic, 'feature' | 'other'>, RegExp]> = [
  ['pets', /\b(?:pets?|dogs?|cats?|animals?|puppy|kitten)\b/i],
  ['furnished', /\b(?:furnished|furniture|furnishings?)\b/i],
  ['address', /\b(?:address|where\s+(?:is|exactly)|where'?s|located|location|which\s+street|what\s+street|neighbou?rhood\s+is)\b/i],
  ['price', /\b(?:price|cost|how\s+much|asking)\b/i],
  ['size', /\b(?:how\s+big|size|square\s+(?:feet|foot|footage|meters?)|sq\.?\s*ft|sqft|how\s+large|lot)\b/i],
  ['year', /\b(?:built|how\s+old|year|age\s+of|renovated|remodel(?:l?ed)?)\b/i],
  ['rooms', /\bhow\s+many\s+(?:bed(?:room)?s?|bath(?:room)?s?)\b/i],
];

/** The topics the question text asks about (must-have features are read by the features reader). */
export function askedTopics(questionText: string): AskedTopic[] {
  return TOPICS.filter(([, re]) => re.test(questionText)).map(([t]) => t);
}
