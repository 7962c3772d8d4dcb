/**
 * Messages the agent must not simply answer: opt-outs, wrong numbers, requests to steer by a
 * protected characteristic (fair housing), legal or tax questions, commission questions and
 * requests for a person. Each reader takes the lower-case, typo-corrected text.
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

// ---------- fair housing ----------

type Characteristic =
  | 'race'
  | 'color'
  | 'religion'
  | 'national origin'
  | 'sex'
  | 'sexual orientation'
  | 'gender identity'
  | 'familial status'
  | 'disability'
  | 'age'
  | 'source of income'
  | 'veteran status';

const GROUPS: ReadonlyArray<[Characteristic, string]> = [
  ['race', String.raw`white|whites|black|blacks|asian|asians|hispanic|hispanics|latino|latinos|latina|latinas|latinx|african[\s-]americans?|caucasians?|minorit(?:y|ies)|ethnic|ethnics|arabs?|native\s+americans?|people\s+of\s+colou?r|poc|colored\s+people|non[\s-]?white|diverse|diversity|racially\s+mixed|mixed[\s-]race`],
  ['color', String.raw`dark[\s-]skinned|light[\s-]skinned|brown\s+people|skin\s+colou?r`],
  ['national origin', String.raw`immigrants?|foreigners?|foreign\s+(?:people|families|neighbou?rs)|refugees?|migrants?|illegals?|mexicans?|chinese|indians?|africans?|somalis?|middle[\s-]eastern|non[\s-]english\s+speak(?:ers|ing)|english[\s-]speak(?:ers|ing)\s+only|americans?\s+only|only\s+americans?|natives?\s+only`],
  ['religion', String.raw`christians?|muslims?|moslems?|jews|jewish|catholics?|hindus?|sikhs?|buddhists?|mormons?|atheists?|religious|church[\s-]?going|evangelicals?|protestants?|islamic|mosques?|synagogues?`],
  ['sexual orientation', String.raw`gays?|lesbians?|lgbt\w*|queer|homosexuals?|straight\s+(?:people|couples|families|neighbou?rs|only)`],
  ['gender identity', String.raw`trans|transgender|transsexuals?|non[\s-]?binary|trannies`],
  ['sex', String.raw`women|woman|men|male|males|female|females|girls|guys`],
  ['disability', String.raw`disabled|handicapped|wheelchairs?|wheelchair\s+users|mentally\s+ill|people\s+with\s+disabilities|disabilities|special\s+needs|crazy\s+people|blind\s+people|deaf\s+people|recovering\s+addicts`],
  ['age', String.raw`old\s+people|older\s+people|elderly|seniors|retirees|old\s+folks|young\s+people|boomers|millennials`],
  ['source of income', String.raw`section\s*8|section\s+eight|vouchers?|voucher\s+holders|housing\s+assistance|welfare|food\s+stamps|government\s+assistance|subsidized\s+tenants|low[\s-]income\s+(?:people|tenants|families|residents)`],
  ['veteran status', String.raw`veterans?|military\s+families|ex[\s-]military`],
];

/** Steering language before a group: "no", "without", "mostly", "only", "away from" … */
const STEER_BEFORE = String.raw`(?:(?:live|living|be|stay)\s+(?:around|near|with|among)(?:\s+(?:other|more|only|mostly|fellow|all))?|no|without|w\/o|free\s+of|away\s+from|avoid|avoiding|not\s+(?:many|too\s+many|a\s+lot\s+of|any|around)|few|fewer|less|mostly|only|predominantly|primarily|majority|all|just|exclusively|lots\s+of|full\s+of|don'?t\s+want(?:\s+to\s+live\s+(?:near|with|around))?(?:\s+any)?|do\s+not\s+want|not\s+(?:near|around)|keep\s+(?:me\s+)?away\s+from|where\s+there\s+are\s+no|that\s+doesn'?t\s+have|with\s+(?:no|fewer|few|less|more|mainly|mostly)|more)\s+(?:\w+\s+)?`;
/** A place described by who lives there: "Christian neighbors", "white neighborhood". */
const STEER_AFTER = String.raw`[\s-]+(?:neighbou?rs|neighbou?rhoods?|areas?|communit(?:y|ies)|part\s+of\s+town|parts\s+of\s+town|people|families|tenants|residents|only|dominated|majority)\b`;
/** Who the lead is, not whom they want to avoid: "I have no kids", "my kids". */
const ABOUT_SELF_RE = /\b(?:i|we|i'?ve|we'?ve|i'?m|we'?re|my|our|me|us)\b(?:\s+\w+){0,3}\s*$/;
const CHOOSE_BY_PEOPLE_RE =
  /\b(?:where|area|neighbou?rhood|place|somewhere)\s+(?:where\s+)?(?:\w+\s+)?(?:there\s+are\s+)?(?:mostly|only|lots\s+of|more|many|all|predominantly|no)\s+/;

const GROUP_RES: ReadonlyArray<[Characteristic, RegExp, RegExp]> = GROUPS.map(([c, group]) => [
  c,
  new RegExp(String.raw`\b${STEER_BEFORE}(?:${group})\b`, 'g'),
  new RegExp(String.raw`\b(?:${group})${STEER_AFTER}`, 'g'),
]);

/**
 * Keeping children or families away, said of a place. "No kids" alone describes the lead's own
 * household ("2 bed, no kids, no pets"); wanting families around is a wish, not steering.
 */
const FAMILY = String.raw`(?:kids|children|families|babies|toddlers|teenagers|teens|young\s+families)`;
const FAMILIAL_RE = new RegExp(
  String.raw`\b(?:adults?[\s-]only|child[\s-]?free|kid[\s-]?free|no\s+${FAMILY}\s+(?:allowed|around|nearby|next\s+door|in\s+the\s+(?:building|complex|area))|(?:building|complex|area|neighbou?rhood|community|street|block|place|somewhere|anywhere|property|unit|neighbou?rs)s?\s+(?:with\s+(?:no|few|fewer|less|not\s+many|not\s+a\s+lot\s+of)|without(?:\s+any)?|free\s+of|that\s+(?:has|have)\s+no|w\/o|with\s+no)\s+(?:\w+\s+)?${FAMILY}|(?:don'?t|do\s+not)\s+want\s+(?:any\s+)?${FAMILY}\s+(?:around|nearby|next\s+door|in\s+the\s+(?:building|complex|area)|as\s+neighbou?rs|living)|away\s+from\s+(?:all\s+the\s+|the\s+)?${FAMILY}|(?:no|fewer|not\s+many)\s+${FAMILY}\s+(?:as\s+)?neighbou?rs)\b`,
);

/** Not steering: a need of the lead's own, or a place to be close to. */
const ALLOWED_RE =
  /^(?:no\s+kids|without\s+kids|no\s+children)$|wheelchair\s+(?:accessible|access)|accessible|close\s+to|near\s+(?:my|a|the)|family[\s-]friendly|kid[\s-]friendly|dog\s+friendly|pet\s+friendly|students?\s+(?:housing|discount)|senior\s+(?:discount|living|housing)|55\+|veterans?\s+(?:discount|loan|affairs)|va\s+loan|military\s+(?:discount|base)/;

export function readFairHousing(t: string): string | undefined {
  for (const [characteristic, before, after] of GROUP_RES) {
    for (const re of [before, after]) {
      re.lastIndex = 0;
      for (let m = re.exec(t); m !== null; m = re.exec(t)) {
        const phrase = m[0];
        const preceding = t.slice(Math.max(0, m.index - 30), m.index);
        if (ALLOWED_RE.test(phrase) && !/(?:building|area|neighbou?rhood|complex|community|place|street|block)\s+$/.test(preceding)) continue;
        if (re === before && characteristic !== 'race' && characteristic !== 'national origin' && ABOUT_SELF_RE.test(preceding) && !/(?:building|area|neighbou?rhood|complex|community|place|street|block|somewhere|anywhere)\s+(?:with\s+)?$/.test(preceding)) continue;
        if (/\b(?:near|close\s+to|by|next\s+to|walking\s+distance\s+to)\s+(?:a|an|the|my|our)?\s*$/.test(preceding) && /mosques?|synagogues?|church/.test(phrase)) continue;
        if (characteristic === 'sex' && !/(?:only|no|without|just|mostly|all)\s/.test(phrase) && re === before) continue;
        if (characteristic === 'race' && /diverse|diversity/.test(phrase) && !/(?:not|no|less|without|too)\b/.test(phrase + preceding)) continue;
        // "all white kitchen" is a colour scheme.
        if (/\b(?:white|black|brown)$/.test(phrase) && /^\s+(?!people|folks|famil|neighbou?r|areas?\b|communit|residents|tenants|part\b|only\b|ones\b|persons?\b)[a-z]/.test(t.slice(m.index + phrase.length, m.index + phrase.length + 16))) continue;
        return characteristic;
      }
    }
  }
  if (FAMILIAL_RE.test(t)) return 'familial status';
  const choose = CHOOSE_BY_PEOPLE_RE.exec(t);
  if (choose) {
    const rest = t.slice(choose.index + choose[0].length, choose.index + choose[0].length + 40);
    for (const [characteristic, group] of GROUPS) {
      if (characteristic !== 'familial status' && new RegExp(String.raw`^(?:\w+\s+)?(?:${group})\b`).test(rest)) return characteristic;
    }
  }
  return undefined;
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
