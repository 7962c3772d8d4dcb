/**
 * Messages the agent must not simply answer: opt-outs, wrong numbers, legal or tax questions,
 * commission questions and requests for a person. Each reader takes the lower-case, typo-corrected
 * text. (Fair housing is screened on the message as written, in compliance/fair-housing.ts.)
 */

// ---------- opt-out ----------

/** Carrier keywords, honoured only as the whole message. */
const OPT_OUT_KEYWORD_RE = /^\W*(?:stop|stop\s*all|stopall|unsubscribe|cancel|end|quit|opt[\s-]?out|remove)\W*$/;
const OPT_OUT_RE =
  /\b(?:stop\s+(?:texting|messaging|contacting|calling|emailing|sending|bothering|spamming|harassing|writing|pinging|the\s+(?:texts|messages|emails|calls))|stop\s+(?:it|this)\s*(?:now|please|already)?\s*[.!]*\s*$|unsubscribe|opt\s*-?\s*(?:me\s+)?out|remove\s+(?:me|my\s+(?:number|email|details|info))|take\s+me\s+off|delete\s+(?:my\s+(?:number|info|details|data)|me\s+from)|(?:do\s+not|don'?t|never)\s+(?:contact|text|message|call|email)\s+(?:me|us)\s+(?:again|anymore|any\s+more|ever)|(?:do\s+not|don'?t)\s+(?:contact|text|message|email)\s+me\s*[.!]*\s*$|no\s+more\s+(?:texts|messages|emails|calls|contact)|leave\s+me\s+alone|^\W*(?:please|pls|plz|can\s+you|could\s+you|just|ok|okay)\s+(?:please\s+)?stop(?:\s+(?:please|pls|it|now|already))?\W*$|(?:don'?t|do\s+not)\s+(?:ever\s+)?want\s+to\s+hear\s+from\s+(?:you|u)|never\s+(?:contact|text|message|call|email)\s+me|lose\s+my\s+number|not\s+interested[,.!\s]+stop|^stop\b(?!\s+(?:by|in|at|over|off|round|around|for))(?=[\s,.!]*(?:please|pls|now|texting|messaging|$)))/;

export function readOptOut(t: string): boolean {
  return OPT_OUT_KEYWORD_RE.test(t) || OPT_OUT_RE.test(t);
}

// ---------- wrong number ----------

const WRONG_NUMBER_RE =
  /\b(?:wrong\s+(?:number|person|guy|girl|contact|phone)|who\s+(?:is|'?s)\s+this|who\s+(?:are\s+you|is\s+texting|is\s+messaging)|whos\s+this|i\s+never\s+(?:asked|signed\s+up|inquired|enquired|requested|contacted|filled)|never\s+signed\s+up|didn'?t\s+(?:sign\s+up|ask|inquire|request|fill)|don'?t\s+know\s+(?:you|who\s+you\s+are|what\s+(?:this|you)'?s?\s+(?:is\s+)?about)|how\s+did\s+you\s+get\s+(?:my|this)\s+(?:number|email|contact)|you\s+have\s+the\s+wrong|not\s+(?:the\s+person|who\s+you\s+think)|i'?m\s+not\s+\w+\s*[,.!]?\s*wrong)\b/;

export function readWrongNumber(t: string): boolean {
  return WRONG_NUMBER_RE.test(t);
}

// ---------- legal, commission, human ----------

const LEGAL_RE =
  /\b(?:is\s+(?:it|this|that)\s+(?:even\s+)?legal|(?<!\b(?:a|the)\s)legal(?:ly)?(?!\s+(?:suite|basement|unit|bedroom|duplex|secondary|description|size|tender))|illegal(?:ly)?|lawyers?|attorneys?|law\s+firm|lawsuits?|sue|suing|sued|(?:go\s+to|take\s+\w+\s+to|in)\s+court|small\s+claims|litigation|(?:review|read|look\s+over|check|explain|sign|signing|break|breaking|cancel|cancell?ing|exit|terminate|back\s+out\s+of|get\s+out\s+of|void|enforce|breach)\s+(?:of\s+)?(?:the|a|my|our|this|that)?\s*(?:purchase\s+|sales?\s+|lease\s+|rental\s+)?(?:contract|agreement|lease)|(?:contract|agreement|lease)\s+(?:clause|terms|says|question|binding|loophole|contingenc(?:y|ies))|contracts?\s+(?:is|are)\s+binding|purchase\s+agreement|contingenc(?:y|ies)|clauses?|evict(?:ion|ed|ing)?|tenant\s+rights|landlord[\s-]tenant\s+law|security\s+deposit\s+back|tax\s+(?:advice|implications?|deductions?|deductible|benefits?|questions?|write[\s-]?offs?|consequences|liability)|capital\s+gains|1031|write\s+(?:it\s+)?off|deductible|title\s+(?:dispute|issue|problem|defect)s?|liens?|easement\s+dispute|probate|inheritance\s+tax|power\s+of\s+attorney|zoning\s+law|squatters?|adverse\s+possession|liable|disclosure\s+law)\b/;
const COMMISSION_RE =
  /\b(?:commissions?|(?:your|agent'?s?|broker'?s?|realtor'?s?|buyer'?s?\s+agent|finder'?s?|brokerage|agency|placement)\s+fees?|broker\s+fee|how\s+much\s+do\s+(?:you|they|agents?)\s+(?:charge|take|make|get)|what\s+do\s+you\s+charge|do\s+you\s+charge|your\s+cut|percentage\s+do\s+you|what(?:'s|\s+is)\s+your\s+(?:fee|rate|percentage)|fees?\s+do\s+you\s+charge|who\s+pays\s+(?:the\s+)?(?:agent|broker|realtor|you))\b/;
const HUMAN_RE =
  /\b(?:(?:talk|speak|chat)\s+(?:to|with)\s+(?:a|an|the|your|some|real)?\s*(?:real\s+|actual\s+|live\s+)?(?:person|human|agent|realtor|broker|someone|somebody|manager|representative|rep|people|team)|real\s+(?:person|human|agent)|actual\s+(?:person|human)|live\s+(?:person|agent)|human\s+(?:being|agent)|(?:can|could|would|will|have|get|need)\s+(?:someone|somebody|an\s+agent|a\s+realtor|an\s+actual\s+agent|a\s+real\s+agent|you|your\s+agent)\s+(?:to\s+)?(?:call|phone|ring|contact|reach\s+out)|(?<!\b(?:don'?t|do\s+not|never|stop|not)\s)(?:call|phone|ring)\s+me(?=\s*(?:$|[.!?,]|\d|at\b|@|back|on\b|tomorrow|today|tonight|when|asap|now|please|pls|later|after|before|this|next|anytime|any\s+time|if|whenever|in\s+the|around|between|sometime|(?:mon|tues|wednes|thurs|fri|satur|sun)day))|give\s+me\s+a\s+(?:call|ring)|(?:prefer|rather|like)\s+(?:a|to)\s+(?:phone\s+)?(?:call|talk)|hop\s+on\s+a\s+call|representative|operator|stop\s+(?:the\s+)?bot|not\s+a\s+bot|no\s+bots?)\b/;

export function readLegal(t: string): boolean {
  return LEGAL_RE.test(t);
}

export function readCommission(t: string): boolean {
  return COMMISSION_RE.test(t);
}

export function readHuman(t: string): boolean {
  return HUMAN_RE.test(t);
}
