/**
 * Fair housing, in one place: does a text ask to choose homes or neighbourhoods by who lives there
 * (steering), or tie a loan to a protected group? Pure and deterministic; used by the agent on
 * every lead message and on tool arguments, and meant for any other text that has to be checked
 * (an outbound message before it is sent).
 *
 *   screenFairHousing('Properties for sale in predominantly white suburbs in Seattle')
 *     → { verdict: 'steering', classes: ['race'], spans: [{ start: 23, end: 50, class: 'race' }] }
 *   screenFairHousing('Which loan suits a religious group?')  → { verdict: 'lending_group', classes: ['religion'], … }
 *   screenFairHousing('3 bed in White Center near a mosque, we have two kids')  → { verdict: 'ok', classes: [], spans: [] }
 *
 * How it reads (no list of example phrases): a protected-class vocabulary (race, colour, religion,
 * national origin, sex, disability, familial status — plus sexual orientation, gender identity and
 * source of income, which Washington State law protects) is only a problem inside a *selection
 * frame* about the people of a place:
 *   - a group word naming a place or its people: "white suburbs", "Jewish neighbours", "Muslim-majority area";
 *   - a quantifier, exclusion or proximity word before the group: "mostly", "no", "without", "away from",
 *     "fewer", "only", "near other …", "don't want … near";
 *   - a place described by who is there: "an area where most residents are Asian", "where immigrants live",
 *     "populated by …", demographics, racial make-up, "people like us".
 * The lead describing themselves ("we're a Black family", "I use a wheelchair", "we have kids") and
 * proximity to a named place ("near a synagogue", "White Center", "Indian Hills", "Chinatown") are not
 * frames, so they pass. Familial status is read only with an explicit place-side exclusion or
 * abundance ("a building without kids", "adults-only", "lots of young families around"), because
 * "no kids" alone is the lead's own household.
 *
 * Hand-written because no maintained library does this (the few "fair housing word lists" flag
 * words in ads, not requests in conversation, and would decline "family room").
 */

export type ProtectedClass = 'race' | 'color' | 'religion' | 'national origin' | 'sex' | 'familial status' | 'disability' | 'sexual orientation' | 'gender identity' | 'source of income';

export type FairHousingVerdict = 'steering' | 'lending_group' | 'ok';

export interface FairHousingSpan {
  /** Offsets in the screened text, end exclusive: the words that make the request. */
  start: number;
  end: number;
  class: ProtectedClass;
}

export interface FairHousingScreen {
  verdict: FairHousingVerdict;
  /** The protected classes the request is about, in order of appearance, without repeats. */
  classes: ProtectedClass[];
  /** For `steering`: where the steering words are (mask them before reading anything else from the text). */
  spans: FairHousingSpan[];
}

export interface ScreenOptions {
  /**
   * The text is a description of a place (a recorded location, a search argument), so a bare
   * "predominantly white" or "Jewish" is read as describing its residents.
   */
  describesPlace?: boolean;
}

export const OK: FairHousingScreen = { verdict: 'ok', classes: [], spans: [] };

/** What the assistant says when it declines: names fair housing, offers neutral criteria. */
export const FAIR_HOUSING_DECLINE =
  "I can't choose homes or neighbourhoods by who lives there — race, colour, religion, national origin, sex, disability or whether there are families with children. Fair-housing rules apply to every search I run. I'm glad to narrow things down by commute, schools by their published ratings, price, size or amenities instead.";

/** What the assistant says to a loan question tied to a protected group: the neutral answer and a lender referral. */
export const FAIR_LENDING_ANSWER =
  "Loan products and their terms don't depend on religion, race, national origin, sex, disability or family status: lenders must offer the same options to every borrower (fair-lending rules). What shapes your options is your credit, income, savings for a down payment and the home itself. Would you like me to refer you to one of the lenders we work with for a pre-approval?";

/** The timeline entries, in a broker's words (never the lead's steering phrase). */
export const FAIR_HOUSING_TIMELINE = 'Declined a request to choose homes by who lives there (fair housing)';
export const FAIR_LENDING_TIMELINE = 'Answered a loan question tied to a protected group neutrally (fair lending) and offered a lender referral';

// ---------------------------------------------------------------- vocabulary

const alt = (xs: readonly string[]) => xs.join('|');

const DEMONYMS = [
  'mexican', 'chinese', 'indian', 'korean', 'japanese', 'vietnamese', 'filipino', 'pakistani', 'bangladeshi', 'somali', 'ethiopian', 'eritrean', 'nigerian', 'kenyan',
  'african', 'european', 'russian', 'ukrainian', 'polish', 'irish', 'italian', 'german', 'middle[\\s-]eastern', 'iranian', 'persian', 'iraqi', 'afghan', 'syrian', 'lebanese',
  'turkish', 'cuban', 'puerto[\\s-]rican', 'dominican', 'haitian', 'salvadoran', 'guatemalan', 'honduran', 'brazilian', 'colombian', 'venezuelan', 'latin[\\s-]american',
  'asian[\\s-]american', 'arab[\\s-]american', 'mexican[\\s-]american', 'chinese[\\s-]american', 'american', 'canadian', 'cambodian', 'laotian', 'thai', 'hmong', 'samoan',
  'pacific[\\s-]islander', 'punjabi', 'tamil', 'gujarati',
];

/** Words that describe people by a protected class when they modify a noun for people or a place ("white neighbours"). */
const ADJ: ReadonlyArray<[ProtectedClass, string]> = [
  ['race', 'white|black|asian|hispanic|latino|latina|latinx|caucasian|african[\\s-]american|arab|native[\\s-]american|indigenous|ethnic|minority|non[\\s-]?white|bi[\\s-]?racial|mixed[\\s-]race|interracial|bipoc|whiter|whitest|blacker|blackest|browner|latin[oa]s?\\s+american|(?:non[\\s-])?hispanic|negr[oa]s?|blanc[oa]s?|noir[es]*|blanc(?:he)?s?|asiatic[oa]s?'],
  ['color', '(?:dark|darker|light|lighter|brown|fair|fairer|olive|pale)[\\s-]skinned|brown'],
  ['religion', 'jewish|muslim|moslem|christian|catholic|protestant|evangelical|mormon|lds|hindu|sikh|buddhist|islamic|orthodox|hasidic|amish|atheist|religious|church[\\s-]?going|god[\\s-]fearing|born[\\s-]again|musulman[ea]?s?|judi[oa]s?|juifs?|juives?|cristian[oa]s?|catolic[oa]s?'],
  ['national origin', `immigrant|foreign|foreign[\\s-]born|refugee|migrant|undocumented|(?:non[\\s-])?english[\\s-]speaking|spanish[\\s-]speaking|native[\\s-]born|${alt(DEMONYMS)}`],
  ['sex', 'female|male'],
  ['disability', 'disabled|handicapped|mentally[\\s-](?:ill|disabled|challenged|handicapped|retarded)|deaf|blind|autistic|special[\\s-]needs|wheelchair(?:[\\s-]bound)?|crippled|retarded|schizophrenic|psychotic|psych[\\s-]?ward|psychiatric|sober[\\s-]living|recovering'],
  ['sexual orientation', 'gay|lesbian|lgbtq?\\+?|queer|straight|bisexual|homosexual|heterosexual'],
  ['gender identity', 'trans|transgender|non[\\s-]?binary'],
];

/** Words that name people by a protected class by themselves ("no immigrants", "near other Muslims"). */
const NOUN: ReadonlyArray<[ProtectedClass, string]> = [
  ['race', 'whites|blacks|asians|hispanics|latinos|latinas|caucasians|african[\\s-]americans|arabs|native[\\s-]americans|minorities|people\\s+of\\s+colou?r|poc|bipoc|coloreds?|the\\s+(?:urban|inner[\\s-]city)\\s+(?:crowd|types?|element)'],
  ['color', '(?:dark|light|brown)[\\s-]skinned\\s+(?:people|folks)|brown\\s+people|(?:people|folks|neighbou?rs|residents|families)\\s+(?:with|of)\\s+(?:a\\s+)?(?:light|lighter|dark|darker|fair|fairer|brown|black|white|pale|olive)\\s+(?:skin|complexions?)'],
  ['religion', 'jews|muslims|moslems|christians|catholics|protestants|evangelicals|mormons|hindus|sikhs|buddhists|atheists|hasidim|church[\\s-]?goers|believers|the\\s+(?:devout|faithful|religious)|infidels'],
  ['national origin', `immigrants|foreigners|refugees|migrants|illegals|aliens|expats|newcomers|non[\\s-]?citizens|immigres|inmigrantes|extranjeros|etrangers|auslander|${DEMONYMS.filter((d) => !/(?:ese|ish|ss)$|\\s|\[/.test(d)).map((d) => `${d}s`).join('|')}`],
  ['sex', 'women|men|females|males|ladies|single\\s+(?:mothers|moms|mums|fathers|dads|parents)'],
  ['disability', 'the\\s+disabled|the\\s+handicapped|cripples|wheelchair\\s+users|people\\s+in\\s+wheelchairs|addicts|recovering\\s+(?:addicts|alcoholics)|alcoholics|crazies|lunatics|psychos|(?:crazy|insane|psycho|mental)\\s+(?:people|folks|patients|neighbou?rs|types)|(?:psych(?:iatric)?|mental)\\s+(?:ward\\s+)?patients|the\\s+mentally\\s+(?:ill|disabled|challenged|handicapped)|(?:people|persons|folks|residents|tenants|neighbou?rs)\\s+in\\s+recovery|(?:people|persons|folks|residents|tenants|neighbou?rs|kids|children|adults)\\s+with\\s+(?:disabilities|a\\s+disability|mental\\s+(?:illness|illnesses|health\\s+(?:issues|problems|conditions))|special\\s+needs|autism|down\\s+syndrome|hiv|aids)'],
  ['sexual orientation', 'gays|lesbians|queers|homosexuals'],
  ['gender identity', 'trannies|transsexuals|trans\\s+people'],
];

const NEIGHBOUR = 'n(?:ei|ie|e|i)g?h?bou?rs?|vecin[oa]s|voisins?';
const NEIGHBOURHOOD = 'n(?:ei|ie|e|i)g?h?bou?r[\\s-]?hoods?|hoods?';
/** Nouns for the people of a place. */
const PEOPLE = `people|persons|folks?|famil(?:y|ies)|${NEIGHBOUR}|residents?|tenants?|(?:home)?owners|sellers|landlords|households?|populations?|crowds?|groups?|couples?|kids|children|students|(?:home)?buyers?|borrowers?|applicants?|renters?|persons?|man|woman|moms|mothers|dads|fathers|individuals|congregations?|majority|ones|types|communit(?:y|ies)|population|demographics?|neighbou?rhood|presence|concentration|child|son|daughter|husband|wife|spouse|partner|parents?`;
/** Nouns for a place chosen by its people. */
const AREA = `${NEIGHBOURHOOD}|areas?|suburbs?|communit(?:y|ies)|districts?|enclaves?|parts?\\s+of\\s+(?:town|the\\s+city|[a-z]+)|sides?\\s+of\\s+(?:town|the\\s+city)|zip(?:\\s*codes?)?|blocks?|streets?|buildings?|complex(?:es)?|towns?|cit(?:y|ies)|counties|county|regions?|quarters?|localit(?:y|ies)|subdivisions?|developments?|parish(?:es)?|ghettos?|barrios?|places|somewhere|anywhere|locations?|cul[\\s-]de[\\s-]sacs?|roads?|lanes?|estates?|villages?|burbs|comunidad(?:es)?|vecindarios?|colonias?|quartiers?|zonas?`;
/** A place name or a facility, not the people: "Asian community center", "Black Diamond", "Christian school". */
const FACILITY_AFTER = /^(?:[\s-]+only)?[\s-]+(?:gyms?|fitness|pools?|saunas?|spas?|swim\w*|locker\s+rooms?|cent(?:er|re)s?|halls?|church(?:es)?|temples?|schools?|colleges?|cent|clubs?|associations?|groceries|grocery|markets?|stores?|shops?|restaurants?|food|festivals?|museums?|library|garden|park|clinic)\b/;

/** Quantifiers, exclusions and proximity that select a place by its people. */
const SEL = [
  'the\\s+(?:fewest|least|most|lowest\\s+(?:number|share|percentage)\\s+of|highest\\s+(?:number|share|percentage)\\s+of)', 'fewest', 'least', 'nowhere\\s+near', 'sin', 'sans', 'solo', 'pocos', 'muchos',
  'mostly', 'predominantly', 'predominately', 'primarily', 'largely', 'mainly', 'majority', 'overwhelmingly', 'heavily', 'exclusively', 'only', 'all', 'just',
  'no', 'zero', 'any', 'without(?:\\s+any)?', 'w\\/o', 'free\\s+of', 'away\\s+from', 'far\\s+from', 'avoid(?:ing|s)?', 'keep\\s+(?:me\\s+|us\\s+)?away\\s+from', '(?:keep|get)\\s+(?:me\\s+|us\\s+)?out\\s+of',
  'not\\s+(?:many|too\\s+many|a\\s+lot\\s+of|any|so\\s+many|much|near|around|close\\s+to|next\\s+to|by)', 'no\\s+more', 'fewer', 'few', 'less', 'lots\\s+of', 'a\\s+lot\\s+of',
  'plenty\\s+of', '(?:a\\s+)?bunch\\s+of', "(?:there\\s+)?(?:aren'?t|isn'?t|are\\s+no|is\\s+no)(?:\\s+(?:a\\s+lot\\s+of|many|any|too\\s+many|a\\s+bunch\\s+of))?", 'many', 'more', 'most', 'full\\s+of', 'filled\\s+with', 'a\\s+(?:high|large|big|low|small)\\s+(?:concentration|percentage|share|number|proportion)\\s+of',
  '(?:high|large|big|low|small)\\s+(?:concentration|percentage|share|number|proportion)\\s+of', 'percentage\\s+of', 'share\\s+of', 'number\\s+of', 'other', 'fellow', 'among(?:st)?',
  'around', 'near', 'nearby', 'next\\s+to', 'close\\s+to', 'beside', 'surrounded\\s+by', 'outnumbered\\s+by', 'dominated\\s+by', 'populated\\s+by', 'inhabited\\s+by', 'settled\\s+by',
  "(?:don'?t|do\\s+not|doesn'?t|wouldn'?t|would\\s+not|never)\\s+(?:want|like|wish)(?:\\s+to)?(?:\\s+(?:live|be|stay|rent|buy))?(?:\\s+(?:near|around|next\\s+to|with|among|by))?(?:\\s+any)?",
  "(?:don'?t|doesn'?t|won'?t|will\\s+not|not)\\s+(?:allow|accept|permit|rent\\s+to|sell\\s+to|take)(?:\\s+any)?", 'rather\\s+not\\s+(?:live|be)\\s+(?:near|around|with|among)', 'stay\\s+away\\s+from', 'steer\\s+clear\\s+of', '(?:stay|keep)\\s+(?:well\\s+)?clear\\s+of', 'stay\\s+out\\s+of', 'anywhere\\s+but', 'except(?:\\s+for)?', 'other\\s+than', 'excluding', 'exclude', 'rule\\s+out', 'none\\s+of', 'nothing\\s+(?:in|near)', 'move\\s+away\\s+from', 'get\\s+away\\s+from',
];
const SEL_RE = new RegExp(`\\b(?:${alt(SEL)})\\s+(?:(?:of\\s+)?the\\s+|(?:other|fellow|more|too|so|very|that)\\s+|(?:young|old|older|single|poor|rich|wealthy|conservative|liberal)\\s+)?$|\\b(?:mostly|predominantly|majority|all|only|largely|mainly|heavily)-$`);

/** Words of a message about where to live: a group word in the same sentence is about residents. */
const PLACE_CTX_RE = new RegExp(
  `\\b(?:${AREA}|${NEIGHBOUR}|where|live|lives|living|reside|residents?|move|moving|relocat\\w*|settle|located|populat\\w*|percentage|proportion|how\\s+many|homes?|houses?|apartments?|condos?|properties|property|listings?|rentals?|units?|buy|rent|renting|buying|stay)\\b`,
);
/** Homes for a group: "houses for Muslims". */
const HOMES_FOR_RE = /\b(?:homes?|houses?|apartments?|condos?|properties|listings?|rentals?|units?|places?|something|anything|areas?|neighbou?rhoods?)\s+(?:\w+\s+){0,3}(?:for|suited\s+to|suitable\s+for|ideal\s+for|good\s+for|perfect\s+for)\s+(?:an?\s+|the\s+)?$/;
/** One person named by a group ("a disabled person", "a Black homebuyer"): only a loan question makes it about the group. */
const SINGLE_PERSON_RE = /^(?:person|man|woman|couple|buyer|homebuyer|borrower|applicant|renter|child|son|daughter|husband|wife|spouse|partner|parent)$/;
/** Words about who lives in a place (a group named with them is about residents). */
const RESIDENTS_CTX_RE = new RegExp(`\\b(?:live|lives|living|reside|residents?|${NEIGHBOUR}|population|populated|communit(?:y|ies)|dominated|moving\\s+in|there\\s+are|are\\s+there|is\\s+there)\\b`);
/** "a neighbourhood with …", "a building full of …". */
const AREA_WITH_RE = new RegExp(`\\b(?:${AREA})\\s+(?:[a-z'-]+\\s+){0,2}(?:with|of|full\\s+of|filled\\s+with)\\s+(?:[a-z'-]+\\s+){0,2}$`);
/** "homes for …", but not "safe for …" (the lead's own safety is not a choice of neighbours). */
const homesFor = (before: string) => HOMES_FOR_RE.test(before) && !/\b(?:safe|safer|safety|accessible|walkable)\b[^.!?]*$/.test(before);
/** The lead about themselves: "we're a Black family", "as a Muslim", "my kids". */
const SELF_RE = /\b(?:i'?m|i\s+am|im|we'?re|we\s+are|were|as(?:\s+an?)?|my|our|us|me|myself|being(?:\s+an?)?|i'?ve\s+got|we'?ve\s+got|i\s+have|we\s+have|i\s+use|we\s+use)\s+(?:[a-z'-]+\s+){0,2}$/;
/** The lead introducing themselves: "Indian family looking for a 4 bed", "a Muslim couple relocating …". */
/** "show me …", "find us …": the lead asking the agent, not describing themselves. */
const ASKS_AGENT_RE = /\b(?:show|find|get|give|send|tell|help|let|email|text|call|bring|take)\s+(?:me|us)\s+(?:[a-z'-]+\s+){0,2}$/;
/** Counting a group in a place. */
const COUNTING_RE = /\b(?:percent(?:age)?|%|proportion|share|fraction|ratio|how\s+many|number\s+of|rank\w*|compare|comparison)\b[^.!?]{0,50}$/;
/** A place described by a bare group word: "somewhere white", "an area more Asian". */
const SOMEWHERE_RE = /\b(?:somewhere|someplace|anywhere|an?\s+(?:area|neighbou?rhood|place|part\s+of\s+town|suburb|street|building|town))\s+(?:(?:very|more|less|mostly|really|quite|that'?s|that\s+is|thats)\s+)*$/;
const FOREIGN_PLACE_BEFORE_RE = /\b(?:comunidad(?:es)?|barrios?|vecindarios?|colonias?|quartiers?|zonas?|vecin[oa]s|voisins?|gente|personas)\s+(?:(?:muy|mas|tres|plus)\s+)?$/;
const spanStart0 = (before: string, start: number) => start - (/\b(?:percent(?:age)?|proportion|share|how\s+many|number\s+of)\b[^.!?]*$/.exec(before)?.[0].length ?? 0);
/** "is Bellevue very …", "Is Kent getting more …": a named place said to be a group. */
const NAMED_PLACE_IS_RE = /\b(?:[Ii]s|[Aa]re|[Ii]sn'?t|[Aa]ren'?t|[Ww]as)\s+(?:[A-Z][\w'-]*\s+){1,3}(?:(?:very|really|too|still|more|less|becoming|getting|now|mainly|mostly|quite|so|kind\s+of|pretty|a\s+bit)\s+)+$/;
const SEL_COORD_RE = /\b(?:no|without|away\s+from|avoid\w*|not\s+(?:near|around|next\s+to|close\s+to)|nowhere\s+near|far\s+from|free\s+of|(?:don'?t|do\s+not)\s+want(?:\s+to\s+(?:live|be)\s+(?:near|around|next\s+to))?)\s+[^.!?;,]{1,40}?\s(?:or|and|nor)\s+(?:the\s+|any\s+|other\s+)?$/;
const SUBJECT_START_RE = /^\s*(?:(?:hi|hello|hey)\b[,!.\s]*)?(?:(?:we\s+are|we'?re)\s+)?(?:an?\s+|the\s+)?(?:young\s+|small\s+)?$/;
const SUBJECT_VERB_RE = /^[\s,]*(?:[a-z'-]+\s+){0,3}?(?:looking|relocating|moving|searching|seeking|wants?|needs?|hoping|interested|planning|coming|here|of\s+\d|with\s+\d|buying|renting)\b/;
/** Wanting to fit in as a group is choosing a place by its people. */
const FIT_IN_RE = /\b(?:fit\s+in|feel\s+(?:at\s+home|welcome|welcomed|comfortable|accepted|safe)|blend\s+in|be\s+accepted|be\s+welcome[d]?|stand\s+out)\b/;
/** Money for a home: a group word in a sentence about a loan makes it a lending question. */
const LOAN_RE = /\b(?:loans?|mortgages?|lenders?|lending|financ\w*|pre[\s-]?approv\w*|down[\s-]?payments?|interest\s+rates?|credit|banks?|fha|usda|grants?|dpa|borrow\w*|refinanc\w*|first[\s-]time\s+(?:home\s*)?buyers?\s+programs?|home\s*buyer\s+(?:assistance|programs?))\b/;

/** A protected class named in a loan question ("will my religion affect my mortgage?", "as a woman"). */
const LOAN_CLASS_WORDS: ReadonlyArray<[ProtectedClass, RegExp]> = [
  ['religion', /\b(?:religion|religious|faith|church[\s-]?going)\b/],
  ['race', /\b(?:race|racial|ethnicity|ethnic|minority)\b/],
  ['color', /\bskin\s+colou?r\b/],
  ['national origin', /\b(?:national\s+origin|nationality|country\s+of\s+origin|immigra\w*|accent)\b/],
  ['sex', /\b(?:gender|sex|(?:a|as|being)\s+(?:a\s+)?(?:woman|man|female|male)|single\s+(?:mom|mum|mother|dad|father|parent)s?)\b/],
  ['familial status', /\b(?:pregnan\w*|expecting\s+a\s+baby|maternity|paternity|famil(?:y|ies)\s+with\s+(?:young\s+|small\s+)?(?:kids|children|a\s+baby)|(?:having|have|with)\s+(?:(?:a|two|three|\d)\s+)?(?:kids|children|a\s+baby|a\s+newborn)\s+(?:affect|hurt|matter|count|change)|parents?\s+with\s+(?:kids|children))\b/],
  ['national origin', /\b(?:green[\s-]card|non[\s-]?citizens?|citizenship|visa\s+holders?|h-?1b|daca|dreamers?|itin|foreign\s+nationals?|permanent\s+residents?|not\s+(?:a\s+)?(?:us\s+)?citizens?)\b/],
  ['sexual orientation', /\b(?:gay|lesbian|same[\s-]sex|queer|lgbtq?\+?)\b/],
  ['gender identity', /\b(?:trans|transgender|non[\s-]?binary|gender\s+identity)\b/],
  ['disability', /\b(?:disabilit(?:y|ies)|disabled|handicap\w*)\b/],
];
/** A copula about a place's people: "an area where most residents are", "which parts are". */
const PREDICATE_SUBJECT_RE = new RegExp(
  `(?:^\\s*(?:is|are|were)\\b[^.!?;]{0,50}\\b(?:${AREA}|${NEIGHBOUR}|residents?|people|families|households|population|folks)\\b[^.!?;]{0,30}?\\s(?:(?:${alt(SEL)}|very|quite|pretty|mostly|all)\\s+)*$)|\\b(?:${AREA}|${NEIGHBOUR}|residents?|people|families|households|population|everyone|everybody|folks|(?:the\\s+)?majority|most\\s+(?:of\\s+)?(?:the\\s+)?(?:people|residents|${NEIGHBOUR}|folks|families|households)|which|what|it)\\b[^.!?;]{0,40}?\\b(?:is|are|'s|be|were|was|being|feels?|skews?|leans?|tends?\\s+to\\s+be|isn'?t|aren'?t|is\\s+not|are\\s+not|not)\\s+(?:(?:${alt(SEL)}|very|quite|pretty|heavily|super|really|overwhelmingly|more|less|too|so)\\s+)*$`,
);
const PREDICATE_END_RE = /^(?:\s*(?:$|[,.;:!?)]|(?:and|or|but|please|pls|only|mostly|folks|people|neighbou?rhoods?|ones|area|with|in|near|like|too|enough|right|would|will|is|are|preferred|ideally|ideal|if|because|so|which|that|though|anyway|there|now|nowadays|these\s+days|anymore|today|yet|still|enough)\b))/;
/** A named place said to be mostly a group: "is Rainier Beach mostly …", "Kent is predominantly …". */
const NAMED_PLACE_PREDICATE_RE = /(?:^|\b(?:is|are|isn'?t|aren'?t)\s+)(?:[A-Z][\w'-]*\s+){1,3}(?:is\s+|are\s+|really\s+|still\s+)?[a-z]+(?:\s+[a-z]+)?\s+$/;
/** "where Muslims live", "where mostly Asians live". */
const WHERE_LIVE_AFTER = /^\s+(?:\w+\s+)?(?:live|lives|living|reside|are|stay|settle|settles|settled|tend|congregate|cluster|concentrate|gather|own|rent|buy|go|worship)\b/;
const WHERE_BEFORE = /\b(?:where(?:\s+(?:do|does|did|would|will|can))?|which\s+(?:areas?|parts?|neighbou?rhoods?|suburbs?|towns?|cities|zip\s*codes?)|what\s+(?:areas?|parts?|neighbou?rhoods?|suburbs?|towns?|cities)|in\s+which)\s+(?:the\s+)?(?:(?:most|many|more|lots\s+of|a\s+lot\s+of|mostly|mainly|only|fewer|few|no)\s+)?$/;

/** Place-wide demographics: asking who lives somewhere. */
const DEMOGRAPHIC: ReadonlyArray<[ProtectedClass, RegExp]> = [
  ['race', /\b(?:(?:what|which)\s+(?:kinds?|sorts?|types?)\s+of\s+(?:people|folks|families|neighbou?rs|residents|crowd)\s+(?:live|lives|living|are|reside|move)|who\s+(?:lives|live|resides|is\s+living)\s+(?:(?:in|on|around|near)\s+(?:the\s+|this\s+|that\s+)?(?:area|neighbou?rhood|street|block|building|complex|community|town|suburb|part\s+of\s+town)\b|(?:in|on|around|near)\s+(?!(?:the|this|that|it|my|our|a|an|unit|units|house|home|property|apartment|condo|there)\b)[a-z]+|next\s+door|nearby|around\s+(?:here|there))|who\s+are\s+the\s+(?:neighbou?rs|residents|people)\b|(?:racially|ethnically|religiously|culturally)\s+speaking|(?:makeup|make-up|composition|breakdown|mix)\b[^.?!]{0,40}\b(?:racial(?:ly)?|ethnic(?:ally)?|religious(?:ly)?)|demographics?|demographic\s+(?:makeup|make-up|mix|breakdown|profile)|racial(?:ly)?\s+(?:makeup|make-up|composition|mix|breakdown|balance|profile|diverse|mixed|integrated|homogeneous)|ethnic(?:ally)?\s+(?:makeup|make-up|composition|mix|breakdown|diverse|mixed|homogeneous)|(?:race|races|ethnicity|ethnicities)\s+(?:of|in)\s+(?:the\s+)?(?:people|residents|neighbou?rs|neighbou?rhood|area|town|community|buyers)|(?:what|which)\s+(?:race|races|ethnicity|ethnicities)\b|segregated|integrated\s+(?:neighbou?rhood|area|community)|(?:in\s+terms\s+of|based\s+on|by|regarding|what\s+about\s+the|what(?:'s|\s+is)\s+the)\s+(?:race|races|ethnicity|ethnic\s+(?:background|makeup)|racial\s+(?:background|makeup))|skin\s+colou?r|(?:based\s+on|matching|matches|match|fits?|fit\s+with|suits?|according\s+to)\s+(?:our|my|their|the|his|her)?\s*(?:race|ethnicity|ethnic\s+background|racial\s+background|skin\s+colou?r|culture|nationality|background|religion|faith|beliefs))\b/],
  ['race', /\b(?:diverse|diversity|homogeneous|homogenous)\b(?!\s+(?:of|range|selection|mix\s+of\s+(?:homes|housing|shops|restaurants)|housing|inventory|listings|options|restaurants|food|shops|dining|economy))/],
  ['color', /\b(?:(?:people|neighbou?rs|residents|folks|everyone|everybody)\s+(?:who\s+)?(?:have|has|with)\s+(?:a\s+)?(?:light|lighter|dark|darker|fair|fairer|pale|paler|brown|white|black)\s+(?:skin|complexions?))\b/],
  ['religion', /\b(?:religious\s+(?:makeup|make-up|composition|mix|breakdown|profile)|(?:what|which)\s+religions?\s+(?:do|are|is)\b|religion\s+(?:of|in)\s+(?:the\s+)?(?:people|residents|neighbou?rs|area|neighbou?rhood)|(?:in\s+terms\s+of|based\s+on|what\s+about\s+the)\s+(?:religion|faith))\b/],
  ['national origin', /\b(?:(?:what|which)\s+nationalit(?:y|ies)|nationalit(?:y|ies)\s+(?:of|in)\s+(?:the\s+)?(?:people|residents|neighbou?rs|area))\b/],
];
/** Coded words for "not those people" said about a place: a wink, "the right kind of people", "urban" as a group. */
const CODED = new RegExp(
  `\\b(?:(?:if\\s+)?you\\s+(?:know|get|catch|see)\\s+what\\s+i\\s+mean|know\\s+what\\s+i'?m\\s+say(?:in|ing)|wink[\\s,]+wink|nudge[\\s,]+nudge|if\\s+you\\s+catch\\s+my\\s+drift|(?:the\\s+)?right\\s+kind\\s+of\\s+(?:people|${NEIGHBOUR}|folks|families|crowd)|undesirables?\\s+(?:people|element|types|${NEIGHBOUR})|(?:the\\s+)?wrong\\s+(?:kind|sort|type)\\s+of\\s+(?:people|${NEIGHBOUR}|folks|crowd|families))\\b`,
);
/** "people like us", "our own kind", "share our faith". */
const PROXY: ReadonlyArray<[ProtectedClass, RegExp]> = [
  ['religion', /\b(?:(?:christian|jewish|muslim|islamic|catholic|mormon|hindu|biblical|religious|godly)\s+(?:values|morals|atmosphere|character)|(?:share|shares|sharing|of|with)\s+(?:my|our|the\s+same)\s+(?:own\s+)?(?:faith|religion|beliefs)|(?:same|similar)\s+(?:faith|religion|beliefs)\s+(?:as\s+(?:me|us))?)\b/],
  ['national origin', /\b(?:(?:neighbou?rs|people|residents|everyone|everybody|folks)\s+(?:who\s+|that\s+)?(?:all\s+|only\s+|mostly\s+)?(?:speak|speaks|talk)\s+(?:only\s+)?[a-z]+|(?:neighbou?rs|people|residents|everyone|everybody|folks|families)\s+(?:who\s+|that\s+)?(?:don'?t|do\s+not|doesn'?t|can'?t|cannot|can\s+not|barely)\s+speak|(?:neighbou?rs|people|residents|everyone|everybody|folks|families)\s+(?:who\s+|that\s+)?(?:were|are|was|is)\s+(?:all\s+)?(?:born|raised)\s+(?:here|in\s+(?:the\s+)?(?:us|usa|america|states|this\s+country))|locals\s+only|real\s+americans|(?:people|neighbou?rs|families|folks|residents|others|kids|children)\s+from\s+(?:my|our|the\s+same|their|his|her)\s+(?:own\s+)?(?:country|homeland|culture|region|part\s+of\s+the\s+world|village|background|community)|where\s+[a-z]+\s+is\s+(?:the\s+)?(?:main|only|first|primary|dominant|common|usual)\s+language|(?:main|primary|dominant)\s+language\s+(?:of|in)\s+(?:the\s+)?(?:area|neighbou?rhood|street|building|community)|(?:share|shares|sharing|of|with)\s+(?:my|our|the\s+same)\s+(?:own\s+)?(?:culture|heritage|background|ethnicity|nationality|origin)|(?:same|similar)\s+(?:culture|heritage|background|ethnicity|nationality|origin))\b/],
  ['race', new RegExp(`\\b(?:(?:among|amongst)\\s+(?:our|my)\\s+own\\b(?!\\s+(?:home|house|place|yard|garden|parking|entrance|laundry))|(?:people|${NEIGHBOUR}|families|folks|residents|kids|children|others)\\s+(?:who\\s+|that\\s+)?(?:look|looks|are)?\\s*like\\s+(?:me|us|them|him|her)|(?:my|our)\\s+own\\s+(?:kind|race|people|skin\\s+colou?r)|(?:people|${NEIGHBOUR}|families|folks)\\s+of\\s+(?:my|our)\\s+(?:own\\s+)?(?:race|colou?r|kind)|our\\s+kind\\s+of\\s+(?:people|folks|${NEIGHBOUR})|(?:same|similar)\\s+(?:race|skin\\s+colou?r))\\b`)],
];
/** Places that stand for a protected group, kept away from: "not near a mosque", "no group homes". */
/** Keeping away from: "away from", "nowhere near", "no", "don't want … near", and "avoid areas with a lot of …". */
const AVOID = `(?:away\\s+from|avoid\\w*|not\\s+(?:near|close\\s+to|next\\s+to|by|around)|nowhere\\s+near|far\\s+(?:away\\s+)?from|no|without|free\\s+of|(?:stay|steer|keep)\\s+clear\\s+of|don'?t\\s+want\\s+(?:to\\s+(?:be|live)\\s+)?(?:near|next\\s+to|by|around)?)\\s+(?:[a-z'-]+\\s+){0,2}?(?:(?:with|near|by|next\\s+to|full\\s+of|that\\s+(?:have|has))\\s+)?(?:an?\\s+|the\\s+|any\\s+|a\\s+lot\\s+of\\s+|lots\\s+of\\s+|many\\s+|too\\s+many\\s+)?`;
const avoiding = (what: string) => new RegExp(`\\b${AVOID}(?:${what})\\b(?!\\s+(?:bells?|noise|traffic|parking|lots?|events?|services))`);
const AVOID_PLACE: ReadonlyArray<[ProtectedClass, RegExp]> = [
  ['religion', avoiding('mosques?|synagogues?|gurdwaras?|(?:hindu\\s+|buddhist\\s+|sikh\\s+)?temples?|churches|church|madrasas?|yeshivas?|kingdom\\s+halls?')],
  ['disability', avoiding('group\\s+homes?|halfway\\s+houses?|sober\\s+(?:living\\s+)?(?:homes?|houses?)|psychiatric\\s+(?:facilit(?:y|ies)|homes?|hospitals?)|rehab\\s+(?:centers?|facilit(?:y|ies))|treatment\\s+cent(?:er|re)s?|methadone\\s+clinics?')],
  ['source of income', avoiding('section[\\s-]*(?:8|eight)(?:\\s+\\w+)?|(?:housing\\s+)?vouchers?|voucher\\s+holders|welfare\\s+(?:tenants|families|recipients)|(?:housing\\s+)?projects|public\\s+housing|low[\\s-]income\\s+(?:housing|tenants|families|residents|people|apartments|units)|subsidi[sz]ed\\s+(?:housing|tenants|units|apartments)')],
  ['source of income', /\b(?:no|without|not(?:\s+(?:near|close\s+to|next\s+to|by))?|away\s+from|avoid\w*|free\s+of|don'?t\s+want|lots\s+of|a\s+lot\s+of|many|full\s+of|mostly|fewer|less)\s+(?:any\s+)?(?:section[\s-]*(?:8|eight)|housing\s+vouchers?|voucher\s+holders|welfare\s+(?:tenants|families|recipients))\b/],
];

/** Familial status: the place kept free of (or filled with) children, said of the place. */
const FAMILY = '(?:(?:young|small|little|noisy|screaming|loud)\\s+)?(?:kids|children|child|families|family|babies|toddlers|teenagers|teens|minors)(?:\\s+with\\s+(?:young\\s+|small\\s+|little\\s+)?(?:kids|children|babies|toddlers))?';
const FAMILIAL: RegExp[] = [
  new RegExp(`\\b(?:${AREA}|${NEIGHBOUR})\\s+(?:that\\s+|which\\s+)?(?:have|has|with)\\s+(?:[a-z'-]+\\s+){0,5}?(?:no|few|fewer|lots\\s+of|many|a\\s+lot\\s+of|mostly|hardly\\s+any)\\s+${FAMILY}\\b`),
  new RegExp(`\\b(?:where|that|which)\\s+(?:no\\s*one|nobody|none\\s+of\\s+the\\s+\\w+|(?:the\\s+)?(?:${NEIGHBOUR}|residents|tenants)\\s+(?:don'?t|do\\s+not))\\s+(?:has|have)\\s+(?:any\\s+)?(?:young\\s+)?(?:kids|children|babies|families)\\b`),
  new RegExp(`\\b(?:${NEIGHBOUR}|residents|tenants|people|owners)\\s+(?:are\\s+|being\\s+)?(?:mostly|all|mainly|largely|predominantly|mostly\\s+just)\\s+(?:young\\s+|older\\s+)?(?:families|kids|children|parents|retirees|seniors|couples\\s+without\\s+kids)\\b`),
  /\b(?:kids?|child|children|family|families|baby|babies|toddlers?|teens?)[\s-]?(?:heavy|dominated|filled|infested|overrun|packed)\b/,
  new RegExp(`\\b(?:the\\s+)?(?:fewest|least|most|lowest\\s+number\\s+of|highest\\s+number\\s+of)\\s+${FAMILY}\\b(?=[^.!?]*\\b(?:${AREA}|${NEIGHBOUR}|have|has|live)\\b)|\\b(?:${AREA}|${NEIGHBOUR}|live)\\b[^.!?]*\\b(?:the\\s+)?(?:fewest|least|lowest\\s+number\\s+of)\\s+${FAMILY}\\b`),
  /\b(?:adults?[\s-]only|adult[\s-]oriented|child[\s-]?free|children[\s-]free|kids?[\s-]?free|childless\s+(?:building|complex|community|area|street|block|neighbou?rs|couples\s+only)|no[\s-]children[\s-]allowed|no[\s-]kids[\s-]allowed)\b/,
  new RegExp(
    `\\b(?:${AREA}|${NEIGHBOUR}|place|unit|property)\\s+(?:\\w+\\s+)?(?:with\\s+(?:no|few|fewer|less|not\\s+(?:many|a\\s+lot\\s+of|too\\s+many)|lots\\s+of|a\\s+lot\\s+of|many|mostly|only)|without(?:\\s+any)?|free\\s+of|that\\s+(?:has|have)\\s+(?:no|few|lots\\s+of|many)|w\\/o|full\\s+of|of)\\s+(?:other\\s+)?${FAMILY}\\b`,
  ),
  new RegExp(
    `\\b(?:no|fewer|not\\s+(?:too\\s+|so\\s+)?many|too\\s+many|not\\s+a\\s+lot\\s+of|lots\\s+of|a\\s+lot\\s+of|many|mostly|only|plenty\\s+of|full\\s+of|without)\\s+(?:other\\s+)?${FAMILY}\\s+(?:allowed|around|nearby|close\\s+by|next\\s+door|upstairs|downstairs|on\\s+the\\s+(?:street|block|floor)|in\\s+the\\s+(?:building|complex|area|neighbou?rhood|community|block|street)|as\\s+${NEIGHBOUR}|living\\s+(?:there|nearby|next\\s+door|around)|(?:running|playing|screaming|yelling)\\s+around|on\\s+(?:my|our|the)\\s+(?:floor|street|block|hall)|${NEIGHBOUR}|in\\s+the\\s+units?)\\b`,
  ),
  new RegExp(`\\b(?:away\\s+from|avoid\\w*|far\\s+from|keep\\s+(?:me\\s+|us\\s+)?away\\s+from|not\\s+(?:near|around|next\\s+to))\\s+(?:all\\s+)?(?:the\\s+|other\\s+)?${FAMILY}\\b(?!\\s+(?:friendly|room|rooms|home))`),
  new RegExp(`\\b(?:don'?t|do\\s+not|doesn'?t|wouldn'?t|would\\s+not|never)\\s+(?:want|like)\\s+(?:to\\s+(?:live|be)\\s+(?:near|around|next\\s+to|with)\\s+)?(?:any\\s+|other\\s+|the\\s+)?${FAMILY}\\s+(?:around|nearby|next\\s+door|upstairs|downstairs|in\\s+the\\s+(?:building|complex|area)|as\\s+${NEIGHBOUR}|living|${NEIGHBOUR}|on\\s+the\\s+(?:street|block))`),
  new RegExp(`\\b(?:don'?t|do\\s+not|doesn'?t|wouldn'?t|would\\s+not)\\s+(?:want|like)\\s+to\\s+(?:live|be)\\s+(?:near|around|next\\s+to|among)\\s+(?:any\\s+|other\\s+|the\\s+)?${FAMILY}\\b`),
  new RegExp(`\\b(?:${FAMILY}\\s+(?:are\\s+not|aren'?t|are\\s+never|not|never)\\s+(?:allowed|permitted|welcome)|(?:don'?t|do\\s+not|doesn'?t|does\\s+not|won'?t|will\\s+not|not)\\s+(?:allow|accept|permit|rent\\s+to|sell\\s+to|take)\\s+(?:any\\s+)?${FAMILY})\\b`),
  /\b(?:no|without|fewer|not\s+(?:too\s+|so\s+)?many|free\s+of)\s+(?:young\s+|other\s+)?families\b(?!\s+(?:room|rooms|home|homes|size|sized))/,
  new RegExp(`\\b(?:where|that)\\s+(?:there\\s+are|there'?s|there\\s+is|are|is)\\s+(?:no|few|fewer|not\\s+(?:too\\s+)?many|lots\\s+of|a\\s+lot\\s+of|many|mostly|only)\\s+(?:other\\s+)?${FAMILY}\\b`),
  new RegExp(`\\b(?:${NEIGHBOUR}|residents|tenants|couples|people|folks|owners|households)\\s+(?:without|with\\s+no|who\\s+(?:don'?t|do\\s+not)\\s+have)\\s+(?:any\\s+)?${FAMILY}\\b`),
];
/** Sex: a place for one sex only. */
const SEX_ONLY = /\b(?:(?:women|woman|female|ladies|girls|men|man|male|guys)[\s-]only|all[\s-](?:female|male|women|men|girls|guys)|only\s+(?:for\s+)?(?:women|men|females|males|ladies))\b(?![\s-]+(?:gyms?|fitness|pools?|swim\w*|saunas?|spas?|classes|hours|sessions|changing|locker|bathrooms?|restrooms?|clubs?|programs?))/;

// ---------------------------------------------------------------- the screen

const TERM_RES: ReadonlyArray<{ cls: ProtectedClass; re: RegExp; noun: boolean }> = [
  ...NOUN.map(([cls, words]) => ({ cls, re: new RegExp(`\\b(?:${words})\\b`, 'g'), noun: true })),
  ...ADJ.map(([cls, words]) => ({ cls, re: new RegExp(`\\b(?:${words})\\b`, 'g'), noun: false })),
];
const NOUN_AFTER_RE = new RegExp(
  `^(?:[\\s-]+(?:born|majority|dominated|only|heavy|owned|run|speaking|descent|free|filled|populated))?(?:[\\s,]+(?:and|or|&|,)|[\\s-]+(?:${alt(ADJ.map(([, w]) => w))}|(?:middle|working|upper)[\\s-]class|affluent|wealthy|rich|poor|young|older|old|single|married|professional|conservative|liberal|nice|good|quiet|friendly|retired|elderly|traditional|observant|practicing|devout|first[\\s-]time|new|prospective|potential|local|other))*[\\s-]+(?<noun>${AREA}|${PEOPLE})\\b`,
);
const PEOPLE_OR_AREA_NEXT_RE = new RegExp(`^[\\s-]+(?:${AREA}|${PEOPLE})\\b`, 'i');
const PEOPLE_OR_AREA_LAST_RE = new RegExp(`(?:${AREA}|${PEOPLE})$`, 'i');
const AREA_ONLY_RE = new RegExp(`^(?:${AREA})$`);
const SENTENCE_MARK = /[.!?;\n]/;

interface Occurrence {
  start: number;
  end: number;
  cls: ProtectedClass;
  /** Steering: the selection frame is about where to live. */
  steering: boolean;
  /** A group named (also the lead's own), for lending questions. */
  group: boolean;
  /** The selection frame is strong enough to outweigh a loan question (a place or a quantifier). */
  strong: boolean;
}

/**
 * The text as the rules read it, with where each character came from in the input (spans are
 * mapped back): plain quotes and dashes, no accents ("immigrés"), digits written for letters inside
 * a word ("wh1te"), letters spaced out ("w h i t e"), and a group word misspelt by one letter
 * ("caucasion", "musilm", "blak") replaced by the word. `cased` keeps the input's capitals (place names).
 */
interface Canonical {
  t: string;
  cased: string;
  map: number[];
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

function canonical(text: string): Canonical {
  // 1. One character at a time (UTF-16 units, so offsets are the input's).
  const chars: string[] = [];
  const cased: string[] = [];
  for (let i = 0; i < text.length; i++) {
    let ch = text[i].replace(/[‘’ʼ`´]/g, "'").replace(/[‐‑‒–—―]/g, '-');
    const bare = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    if (bare.length === 1) ch = bare;
    if (LEET[ch] && /[a-z]/i.test(text[i - 1] ?? '') && /[a-z]/i.test(text[i + 1] ?? '')) ch = LEET[ch];
    cased.push(ch);
    chars.push(ch.toLowerCase().length === 1 ? ch.toLowerCase() : ch);
  }
  const map = chars.map((_, i) => i);
  const t = chars.join('');
  const c = cased.join('');
  // 2. Letters spaced out: "w h i t e", "w.h.i.t.e" (four letters or more).
  const spaced = /(?<![a-z0-9])[a-z](?:[ .*_]+[a-z](?![a-z0-9])){3,}/g;
  const letters: Span[] = [];
  for (const m of t.matchAll(spaced)) {
    const keep = [...m[0]].map((ch, k) => m.index + k).filter((k) => /[a-z]/.test(t[k]));
    letters.push({ from: m.index, to: m.index + m[0].length, t: keep.map((k) => t[k]).join(''), cased: keep.map((k) => c[k]).join(''), map: keep.map((k) => map[k]) });
  }
  const cur = replaceSpans({ t, cased: c, map }, letters);
  // 3. A group word misspelt by one letter.
  const fixes: Span[] = [];
  for (const m of cur.t.matchAll(/[a-z]+/g)) {
    const w = m[0];
    if (w.length < 4 || FUZZY_SET.has(w) || NOT_TYPOS.has(w)) continue;
    const hit = FUZZY.find((g) => (w.length >= 5 || g.length === 5) && Math.abs(g.length - w.length) <= 1 && withinOneEdit(w, g));
    if (!hit) continue;
    const [from, to] = [m.index, m.index + w.length];
    const upper = cur.cased[from] === cur.cased[from].toUpperCase();
    fixes.push({ from, to, t: hit, cased: upper ? hit[0].toUpperCase() + hit.slice(1) : hit, map: [...hit].map((_, k) => cur.map[Math.min(from + k, to - 1)]) });
  }
  return replaceSpans(cur, fixes);
}

/** A stretch [from, to) of the canonical text and what stands there instead (its text, capitals and origins). */
interface Span {
  from: number;
  to: number;
  t: string;
  cased: string;
  map: number[];
}

/** The text with each span (in order, not overlapping) replaced, keeping every character's origin. */
function replaceSpans(cur: Canonical, spans: Span[]): Canonical {
  if (!spans.length) return cur;
  let t = '';
  let cased = '';
  const map: number[] = [];
  let last = 0;
  for (const s of spans) {
    t += cur.t.slice(last, s.from) + s.t;
    cased += cur.cased.slice(last, s.from) + s.cased;
    map.push(...cur.map.slice(last, s.from), ...s.map);
    last = s.to;
  }
  return { t: t + cur.t.slice(last), cased: cased + cur.cased.slice(last), map: [...map, ...cur.map.slice(last)] };
}

/** Group words a one-letter slip still names (five letters or more, so "jews"/"news" stay apart). */
const FUZZY = [
  'white', 'black', 'asian', 'asians', 'whites', 'blacks', 'hispanic', 'hispanics', 'latino', 'latinos', 'caucasian', 'caucasians', 'african', 'minorities', 'minority',
  'muslim', 'muslims', 'jewish', 'christian', 'christians', 'catholic', 'catholics', 'mormon', 'mormons', 'hindu', 'hindus', 'buddhist', 'immigrant', 'immigrants',
  'foreigners', 'refugees', 'mexican', 'mexicans', 'chinese', 'indian', 'indians', 'somali', 'somalis', 'filipino', 'vietnamese', 'korean', 'koreans', 'lesbian', 'lesbians',
  'transgender', 'disabled', 'handicapped', 'children', 'neighbors', 'neighbours', 'neighborhood', 'neighbourhood',
];
const FUZZY_SET = new Set(FUZZY);
/** Ordinary words one letter away from a group word. */
const NOT_TYPOS = new Set([
  'back', 'lack', 'whit', 'whine', 'while', 'write', 'whites', 'blank', 'block', 'black', 'bloke', 'slack', 'blanc', 'asia', 'hindi', 'india', 'indiana', 'indians', 'indies', 'korea', 'somalia',
  'mexico', 'china', 'africa', 'jewel', 'muslin', 'mormon', 'christina', 'christine', 'catholic', 'disable', 'disables', 'disabler', 'neighbor', 'neighbour', 'whiter', 'blacker', 'wither', 'waiter',
  'latin', 'latina', 'latins', 'lating', 'child', 'hinds', 'hindu', 'wheat', 'where', 'whale', 'white', 'shite', 'spite', 'trite', 'smite', 'brite', 'quite', 'suite', 'elite', 'asians', 'asking',
  'blackt', 'latinx', 'indie', 'indiam', 'somalis', 'refugee', 'immigrate', 'emigrant',
]);

function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length === b.length) {
    const diff: number[] = [];
    for (let i = 0; i < a.length && diff.length < 3; i++) if (a[i] !== b[i]) diff.push(i);
    if (diff.length === 1) return true;
    // One transposition: "musilm".
    return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
  }
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < s.length && s[i] === l[i]) i++;
  return s.slice(i) === l.slice(i + 1);
}

function sentenceAround(t: string, start: number, end: number): { from: number; to: number } {
  let from = start;
  while (from > 0 && !SENTENCE_MARK.test(t[from - 1])) from--;
  let to = end;
  while (to < t.length && !SENTENCE_MARK.test(t[to])) to++;
  return { from, to };
}

// ---------------------------------------------------------------- the default: decline unless exempt

/**
 * Every word that names people by a protected class, or stands in for one (coded words), beyond the
 * ADJ/NOUN vocabulary above. In a message about places or homes, each one is steering unless an
 * exemption below applies to it.
 */
const EXTRA_TRIGGERS: ReadonlyArray<[ProtectedClass, string]> = [
  ['race', 'ethnic\\w*|ethnicit(?:y|ies)|racial(?:ly)?|races?|skin(?:[\\s-]colou?r)?|divers(?:e|ity|ified)|monocultur\\w*|homogen\\w*|demograph\\w*|ghetto|the\\s+hood|urban\\s+(?:crowd|types|element)|those\\s+(?:people|folks|types|kinds?)|people\\s+like\\s+(?:us|me|them|that)|(?:our|my)\\s+(?:own\\s+)?kind|(?:the\\s+)?(?:right|wrong|same|better|certain)\\s+(?:crowd|sort|kind|type|element|class\\s+of\\s+people)(?:\\s+of\\s+(?:people|folks|neighbou?rs))?|undesirables?|integrat(?:ed|ion)|segregat\\w*|whiter|minorit(?:y|ies)|poc|bipoc|arabes|negros|blancos|latinos|noirs|blancs|multicultural|multi[\\s-]?ethnic|multi[\\s-]?racial|melting\\s+pot'],
  ['national origin', 'cultur(?:e|es|al|ally)|backgrounds?|heritage|nationalit(?:y|ies)|ancestry|accents?|esl|english|spanish|mandarin|cantonese|russian|arabic|tagalog|hindi|expats?|newcomers|foreign(?:ers)?|immigra\\w*|refugees?|illegals?|aliens?|india|china|mexico|korea|japan|vietnam|philippines|pakistan|bangladesh|somalia|ethiopia|eritrea|nigeria|kenya|russia|ukraine|poland|iran|iraq|afghanistan|syria|africa|europe|asia|latin\\s+america|(?:the\\s+)?middle\\s+east|central\\s+america|south\\s+america|the\\s+old\\s+country|back\\s+home|overseas|abroad'],
  ['religion', 'religio\\w*|faith|church(?:es)?|churchgoers|mosques?|synagogues?|temples?|gurdwaras?|shul|cathedral|hijabs?|headscarves|turbans?|yarmulkes?|kippahs?|burqas?|niqabs?|family\\s+values|god[\\s-]fearing|lds|ward|pray\\w*|hijabis?|turbaned|yarmulkes?|crosses|menorahs?'],
  ['sex', 'women|woman|men|ladies|girls|bachelors?|female|male|sex'],
  ['sexual orientation', 'rainbow|pride\\s+flags?|gay|gays|lesbians?|queer|lgbt\\w*|homosexuals?|bisexuals?|same[\\s-]sex'],
  ['gender identity', 'trans|transgender|non[\\s-]?binary|gender'],
  ['disability', 'disab\\w*|handicap\\w*|wheelchairs?|blind|deaf|autis\\w*|group\\s+homes?|halfway\\s+houses?|recovery|rehab|sober|mental(?:ly)?|psych\\w*|special[\\s-]needs'],
  ['familial status', 'kids?|kiddos|children|child|babies|baby|toddlers?|teens?|teenagers?|famil(?:y|ies)|strollers?|playmates|mommy[\\s-]?\\w+|moms|parents|pregnan\\w*|retirees|adults?[\\s-]only|childless|empty[\\s-]nesters|little\\s+ones|young\\s+ones|kiddies|youngsters|rugrats|tots|infants|newborns|minors|school[\\s-]?age|daycare\\s+crowd'],
  ['source of income', 'section[\\s-]*(?:8|eight)|vouchers?|welfare|subsidi[sz]ed|subsid(?:y|ies)|low[\\s-]income|housing[\\s-]assistance|public[\\s-]assistance|assistance|ssi|ssdi|on\\s+disability|food\\s+stamps|ebt|benefits'],
];
const TRIGGER_RES: ReadonlyArray<{ cls: ProtectedClass; re: RegExp }> = [
  ...TERM_RES.map(({ cls, re }) => ({ cls, re })),
  ...EXTRA_TRIGGERS.map(([cls, words]) => ({ cls, re: new RegExp(`\\b(?:${words})\\b`, 'g') })),
];
/** The message is about homes or places (a place name counts: a capital inside a sentence). */
const ABOUT_PLACES_RE = new RegExp(`\\b(?:${AREA}|${NEIGHBOUR}|schools?|students|classmates|live|lives|living|reside|residents?|tenants?|occupants|next\\s+door|nearby|upstairs|downstairs|around\\s+here|move|moving|relocat\\w*|settle|homes?|houses?|place|apartments?|condos?|properties|property|listings?|rentals?|units?|townhom\\w*|townhouses?|buy|rent|renting|buying|bed(?:room)?s?|br|bd|zips?|boundar(?:y|ies))\\b`);
/** Clause boundaries: punctuation and the words that open a new clause. */
const CLAUSE_MARK = /[,;:()]|\s-\s|\b(?:where|that|which|who|whose|so|because|but|if|though|although|while|and|or|plus)\b/g;
/** The lead as the subject or possessor: "I'm", "we have", "my wife", "as a". */
const FIRST_PERSON = /\b(?:your|you'?re|i|i'?m|im|i'?d|i'?ve|i'?ll|we|we'?re|we'?d|we'?ve|we'll|were|my|our|ours|myself|mine|as\s+an?|being\s+an?|here)\b/g;
/** People of the lead's household. */
const HOUSEHOLD = /\b(?:wife|husband|partner|spouse|son|sons|daughters?|kids?|children|child|mom|mum|mother|dad|father|parents?|grand\w+|family|household|couple|baby|twins|sister|brother|in-laws?|fianc\w*|boyfriend|girlfriend|roommate)\b/;
/** Places and their people: a group word governed by one of these is about who lives there. */
const PLACE_OR_PEOPLE = new RegExp(`\\b(?:${AREA}|${NEIGHBOUR}|residents?|tenants?|people|persons|folks|crowd|population|majority|everyone|everybody|they|them|most|houses|homes|schools?|students|classmates|kids|children|families|class(?:es|rooms?)?|anywhere|somewhere|it)\\b`, 'g');
/** A following noun that makes the group word the people of a place (not the lead's own). */
const RESIDENTS_NEXT = new RegExp(`^(?:[\\s-]+[a-z'-]+){0,2}?[\\s-]+(?:${AREA}|${NEIGHBOUR}|residents?|tenants?|people|folks|crowd|population|majority|students|classmates|kids|children|families|buyers|owners|presence|concentration|vibes?|friendly\\s+(?:${AREA}))\\b`);
/** The home itself, or a thing: "white kitchen", "family room", "wheelchair accessible", "church bells". */
const THING_NEXT = /^[\s-]+(?:[a-z]+[\s-]+)?(?:rooms?|gyms?|fitness|pools?|saunas?|spas?|lounges?|amenit(?:y|ies)|interiors?|exteriors?|decor|colou?r\s+schemes?|kitchens?|cabinets?|cabinetry|hardware|countertops?|counters?|tiles?|paint|trim|walls?|doors?|doorways?|fences?|siding|appliances|bath(?:room)?s?|bed(?:room)?s?|suites?|back\s?yards?|yards?|gardens?|homes?|houses?|size|sized|accessible|accessibility|access|friendly\s+(?:back\s?yards?|yards?|homes?|houses?|layouts?|floor\s*plans?|gardens?)|ramps?|showers?|bells?|noise|traffic|parking|lots?|cars?|ceilings?|floors?|floor\s*plans?|layouts?|roofs?|tubs?|finish(?:es)?|marble|granite|quartz|stone|brick|stucco|trim|windows?|shutters?|appliances|fixtures|lighting|space|office|den|nook|areas?\s+for|entr(?:y|ance)|level|storey|story|units?\s+for|car\s+seats?|proof(?:ed|ing)?|gates?|sinks?|pantry)\b/;
/** A language for the agent: "Spanish-speaking agent", "Mandarin speaking realtor". */
const AGENT_LANGUAGE_NEXT = /^(?:[\s-]+speaking)?[\s-]+(?:agents?|realtors?|brokers?|staff|team|reps?|lenders?|loan\s+officers?|interpreters?|translators?)\b/;
/** Words the lead wants in a language: "info in Spanish", "can we talk in Mandarin". */
const LANGUAGE_OF_WORDS_BEFORE = /\b(?:info|information|documents?|materials?|paperwork|contracts?|listings?|disclosures?|translat\w*|emails?|texts?|messages?|talk|speak|communicate|write|call|explain\w*)\b[^.!?]{0,20}\bin\s+$/;
/** The very next word is the home's or a thing ("wheelchair accessible building"). */
const THING_FIRST = /^[\s-]+(?:accessible|accessibility|access|friendly|proof(?:ed|ing)?|rooms?|kitchens?|interiors?|exteriors?|cabinets?|hardware|countertops?|bells?|noise|traffic|parking)\b/;
const DIVERSE_THINGS = /^\s+(?:(?:range|selection|mix|set|array|variety|choice|in|of|when\s+it\s+comes\s+to)\s+)+(?:[a-z]+\s+){0,2}?(?:homes|housing|options|listings|properties|styles|architecture|prices?|sizes|restaurants|food|shops|stores|amenities|parks|activities|inventory|economy|jobs|industries)\b/;
/** Accessible for: "accessible for wheelchairs", "room for a wheelchair". */
const THING_BEFORE = /\b(?:accessible|access|room|space|wide\s+enough|ramps?|fit|usable|suitable|adapted|designed|built|modified|safe|safer|safest|safety|walkable|navigable|easy|proof(?:ed)?|gates?|bedroom|nursery|(?:bed(?:room)?s?|rooms?|yards?|back\s?yards?|gardens?|playrooms?|space|spaces|play\s+areas?|schools?|parks?|playgrounds?)\s+for|parks?\s+for|playgrounds?\s+for|activities\s+for|things\s+to\s+do\s+for|(?:allow|allows|permit|permits|accept|accepts)(?:\s+any)?)\s+(?:(?:for|to|by|with)\s+)?(?:an?\s+|the\s+|my\s+|our\s+)?(?:(?:gifted|young|little|small|older|disabled|special[\s-]needs|autistic|teenage|school[\s-]age)\s+)?$/;
/** Named places and organisations: "Black Diamond", "White Center", "Jewish Community Center". */
const FACILITY = /^[\s-]+(?:(?:community|cultural|civic|senior|day|high|middle|elementary|private|grade|charter|prep|language|heritage|youth|sunday|weekend|student)\s+)?(?:cent(?:er|re)s?|halls?|church(?:es)?|temples?|schools?|immersion|academ(?:y|ies)|colleges?|universit(?:y|ies)|clubs?|associations?|groceries|grocery|markets?|supermarkets?|stores?|shops?|restaurants?|food|cuisine|bakery|bakeries|festivals?|museums?|library|librar(?:y|ies)|gardens?|parks?|clinics?|hospitals?|consulates?|embassy|league|teams?|services|programs?|classes|daycares?|preschools?|churches|mosques?|synagogues?|gurdwaras?|cathedrals?|chapels?|parish)\b/;
/** Worship places and other facilities a lead may head for. */
const FACILITY_WORD = /^(?:church(?:es)?|mosques?|synagogues?|temples?|gurdwaras?|shul|cathedral|churchgoers)$/;
/** The people of a place as the subject of the clause. */
const PEOPLE_SUBJECT = new RegExp(`\\b(?:${NEIGHBOUR}|residents|tenants|people|folks|everyone|everybody|they|most|crowd|population)\\b`);
/** Heading for a place: "near", "close to", "walking distance to", "within 2 miles of", "we attend". */
const PROXIMITY_BEFORE = /\b(?:near(?:by)?|close\s+to|closer\s+to|next\s+to|by|around|walk(?:ing|able)?\s+(?:distance\s+)?(?:to|from)|drive\s+(?:to|from)|minutes?\s+(?:to|from)|within\s+[^.!?]{0,20}\b(?:of|to)|attend|go\s+to|commute\s+to|convenient\s+to|access\s+to)\b[^.!?]{0,25}$/;
/** A relative of the lead after the group word (not "families" or "kids": those also name residents). */
const RELATIVE_NEXT = /^(?:[\s-]+[a-z'-]+)?[\s-]+(?:grand(?:parents|ma|mother|pa|father|mothers|fathers)|parents|mom|mum|mother|dad|father|wife|husband|son|daughter|in-laws?|mother-in-law|father-in-law|partner|spouse|fianc\w*|sister|brother|aunt|uncle|cousin)\b/;
/** Keeping away from, excluding, or counting: never an amenity. */
const EXCLUDE_BEFORE = /\b(?:no|not|without|w\/o|away|avoid\w*|far|free\s+of|clear\s+of|nowhere|except|excluding|rule\s+out|fewer|fewest|least|less|too\s+many|lots\s+of|a\s+lot\s+of|full\s+of|mostly|many|percent\w*|number|share|how\s+many|majority|predominantly|only|don'?t\s+want|hate|rather\s+not|other|fellow|more|among(?:st)?|surrounded)\b[^.!?]*$/;
/** The agent's language, the lead's own language: "an agent who speaks Mandarin", "I speak Spanish". */
const SPEAKS_BEFORE = /\b(?:agents?|realtors?|brokers?|someone|somebody|anyone|anybody|you|rep|person|staff|team|interpreter|translator|i|we|my|our|parents?|mom|dad|wife|husband)\b[^.!?,]{0,30}\b(?:speaks?|speaking|talks?|fluent(?:\s+in)?)\s+$|\blanguage\s+at\s+home\s+is\s+$/;
/** A sentence about not choosing by a group (the assistant's own decline, "regardless of …"). */
const REFUSAL_RE = /\b(?:fair[\s-]?housing|fair[\s-]?lending|regardless\s+of|(?:can'?t|cannot|won'?t|don'?t|do\s+not|never|not)\s+(?:choose|pick|select|filter|steer|rank|sort|screen)\b[^.!?]{0,80}\bby\b|(?:don'?t|do\s+not|doesn'?t|does\s+not)\s+depend\s+on)/;
/** Wanting to fit in or to be among people: voids a self-description. */
const AMONG_RE = /\b(?:fit\s+in|feel\s+(?:at\s+home|welcome[d]?|comfortable|accepted|safe|more\s+comfortable)|blend\s+in|be\s+accepted|stand\s+out|other|fellow|among(?:st)?|like\s+(?:us|me)|our\s+own|shares?|sharing|in\s+common|same\s+(?:background|culture|faith|religion|race))\b/;

/** The inverted default: every protected-class word in a message about places is steering unless it is exempt. */
function byDefault(canon: Canonical, options: ScreenOptions, loan: boolean): Occurrence[] {
  const t = canon.t;
  const cased = canon.cased;
  const out: Occurrence[] = [];
  const aboutPlaces = options.describesPlace || ABOUT_PLACES_RE.test(t) || /[a-z,]\s+[A-Z][a-z]+/.test(cased);
  if (!aboutPlaces && !loan) return out;
  const hasFirstPerson = /\b(?:i|i'?m|im|we|we'?re|my|our|me|us)\b/.test(t);
  const seen = new Set<number>();
  for (const { cls, re } of TRIGGER_RES) {
    re.lastIndex = 0;
    for (let m = re.exec(t); m !== null; m = re.exec(t)) {
      const start = m.index;
      const end = start + m[0].length;
      if (seen.has(start)) continue;
      seen.add(start);
      if (exempt(t, cased, start, end, hasFirstPerson, cls, loan)) continue;
      // Nothing of a sentence read as steering by default is kept: it is masked whole (place and all).
      const { from, to } = sentenceAround(t, start, end);
      const lead = /^\s*/.exec(t.slice(from, to))![0].length;
      out.push({ start: loan ? start : from + lead, end: loan ? end : to, cls, steering: true, group: true, strong: false });
    }
  }
  return out;
}

function exempt(t: string, cased: string, start: number, end: number, hasFirstPerson: boolean, cls: ProtectedClass, loan: boolean): boolean {
  const { from, to } = sentenceAround(t, start, end);
  const sentence = t.slice(from, to);
  const before = t.slice(from, start);
  const after = t.slice(end, to);
  // The assistant's own decline, "regardless of race".
  if (REFUSAL_RE.test(sentence)) return true;
  // A possessive is a thing or an institution: "children's hospital", "kid's bedroom".
  if (/^'s?\b/.test(t.slice(end, end + 2)) || t[end] === "'") return true;
  // (c) A named place or organisation: a capitalised word inside a run of capitals ("Black Diamond",
  // "Indian Hills", "Jewish Community Center", "Temple De Hirsch"), unless the run ends on people or an area.
  if (/^[A-Z]/.test(cased[start] ?? '')) {
    const next = /^(?:[\s-]+(?:[A-Z][\w'&.-]*|de|of|la|el|the))+/.exec(cased.slice(end, to));
    const head = cased.slice(from, start);
    const prev = /([A-Z][\w'.-]*)[\s-]+$/.exec(head);
    const prevCap = prev !== null && /\S/.test(head.slice(0, prev.index)) && !/^(?:I|I'm|Im|I'd)$/.test(prev[1]);
    if (next && /[A-Z]/.test(next[0]) && !PEOPLE_OR_AREA_LAST_RE.test(next[0].trim())) return true;
    if (prevCap) return true;
  }
  // (b) A feature of the home, or a thing: "white kitchen", "family room", "wheelchair accessible",
  // "kid-friendly backyard", "church bells"; "accessible for wheelchairs".
  if (THING_NEXT.test(after) && (!RESIDENTS_NEXT.test(after) || THING_FIRST.test(after))) return true;
  // "diverse range of homes", "diverse in housing options": variety of things, not of people.
  if (/^divers/.test(t.slice(start, end)) && DIVERSE_THINGS.test(after)) return true;
  // The lead's own recovery, a language spoken by the agent.
  if (/^\s+from\b/.test(after) && /^recover/.test(t.slice(start, end))) return true;
  // The language the lead is spoken to or written to in: "a Spanish-speaking agent", "info in Spanish".
  if (cls === 'national origin' && (AGENT_LANGUAGE_NEXT.test(after) || LANGUAGE_OF_WORDS_BEFORE.test(before))) return true;
  if (/^\s+(?:is\s+)?spoken\s+by\s+(?:the\s+|an?\s+|my\s+|our\s+)?(?:agents?|realtors?|brokers?|staff|team)\b/.test(after)) return true;
  // Room, safety or access for the lead's children or a disability: "a yard for the kids", "accessible for wheelchairs",
  // "the best schools in Issaquah for gifted kids" (never for a race or a religion: "schools for white kids").
  if ((cls === 'familial status' || cls === 'disability') && (THING_BEFORE.test(before) || /\bschools?\b[^.!?,;]{0,30}\bfor\s+(?:(?:my|our|the|a|an)\s+)?(?:[a-z-]+\s+)?$/.test(before))) return true;
  // Children and families as an amenity of the place ("family-friendly area", "kid-friendly street").
  if (cls === 'familial status' && /^[\s-]+friendly\b/.test(after)) return true;
  // The lead's own safety: "safe for women walking at night".
  if (cls === 'sex' && /\bsafe\w*\s+(?:[a-z]+\s+){0,3}for\s+(?:an?\s+)?$/.test(before)) return true;
  const clauseStart = lastClauseStart(before);
  const pre = before.slice(clauseStart);
  // The agent's language or the lead's own: "an agent who speaks Vietnamese", "I speak Spanish".
  if (SPEAKS_BEFORE.test(before.slice(Math.max(0, before.length - 60))) && !/\b(?:neighbou?rs?|residents|people|everyone|they|folks|most)\b[^.!?,]{0,30}$/.test(pre)) return true;
  const residentsNext = RESIDENTS_NEXT.test(after);
  // (c) An organisation or amenity as a destination: "near a mosque", "a Korean grocery", "Catholic school".
  if (FACILITY.test(after) && !AVOIDED(before) && !/^[\s-]+(?:[a-z]+\s+)?(?:community|communities)\b(?![\s-]+(?:cent|hall|garden|college|church|school|program|service))/.test(after)) return true;
  // A relative clause ("my mom who uses a wheelchair") is governed by its antecedent.
  const upToClause = before.slice(0, clauseStart);
  const relative = /\b(?:who|whose)$/.test(upToClause);
  const antecedent = relative ? lastAnchor(upToClause.slice(lastClauseStart(upToClause.replace(/\b(?:who|whose)$/, '')))) : null;
  const anchor = lastAnchor(pre) ?? antecedent;
  // A place of worship the lead heads for ("homes near the Korean church", "a mosque within 2 miles"),
  // unless the residents are the ones who attend it ("where the neighbours go to church").
  if (FACILITY_WORD.test(t.slice(start, end)) && /\b(?:my|our)\s+(?:own\s+|local\s+|home\s+)?$/.test(before)) return true;
  if (FACILITY_WORD.test(t.slice(start, end)) && !AVOIDED(before) && !EXCLUDE_BEFORE.test(pre) && !PEOPLE_SUBJECT.test(pre) && (anchor !== 'place' || PROXIMITY_BEFORE.test(pre))) return true;
  if (loan) return false;
  // (a) The lead describing their own household, not followed by a wish about the neighbours.
  // The lead must govern the clause: "people share my faith" is about the people, not the lead.
  const people = PEOPLE_SUBJECT.exec(pre);
  const lead = FIRST_PERSON_ONE.exec(pre);
  const leadFirst = !people || (lead !== null && lead.index < people.index);
  const selfWord = leadFirst && (anchor === 'self' || (anchor === 'household' && (FIRST_IN(pre) || FIRST_IN(before))));
  // A relative of the lead named by a group: "Chinese-speaking grandparents live with us", "my Korean mother-in-law".
  const relativeNamed = anchor !== 'place' && RELATIVE_NEXT.test(after) && FIRST_IN(sentence);
  const introduces = anchor === null && /^\s*(?:(?:hi|hello|hey)\b[,!.\s]*)?(?:an?\s+|the\s+)?(?:[a-z'-]+\s+){0,2}$/.test(before) && /^[\s,]*(?:[a-z'-]+\s+){0,3}?(?:here|looking|relocating|moving|searching|seeking|wants?|needs?|hoping|interested|planning|coming|buying|renting|of\s+\d|with\s+\d)\b/.test(after);
  // A bare household item: "2 bed, no kids, no pets", "with 2 kids" (familial status only).
  const household = anchor === null && cls === 'familial status' && /^\s*(?:(?:no|zero|\d+|one|two|three|four|five|a|with|and)\s+)*(?:(?:young|little|small|grown|teenage)\s+)?$/.test(pre) && !residentsNext && !PLACE_OR_PEOPLE_IN(t.slice(end, end + clauseLength(after)));
  if ((selfWord || introduces || household || relativeNamed) && !residentsNext && !AMONG_RE.test(sentence) && !wishAboutPeople(sentence)) return true;
  return false;
}

const AVOIDED = (before: string) => /\b(?:no|not|without|w\/o|away\s+from|avoid\w*|far\s+from|free\s+of|clear\s+of|nowhere|except|excluding|rule\s+out|don'?t\s+want|hate|rather\s+not)\b[^.!?]{0,40}$/.test(before);
const FIRST_PERSON_ONE = new RegExp(FIRST_PERSON.source);
const PLACE_OR_PEOPLE_ONE = new RegExp(PLACE_OR_PEOPLE.source);
const HOUSEHOLD_G = new RegExp(HOUSEHOLD.source, 'g');
const FIRST_IN = (s: string) => FIRST_PERSON_ONE.test(s);
const PLACE_OR_PEOPLE_IN = (s: string) => PLACE_OR_PEOPLE_ONE.test(s);
const WISH_PEOPLE_RE = new RegExp(`\\b(?:${NEIGHBOUR}|residents|folks|crowd|population|community)\\b`);
/** A wish about who the neighbours are, in the same sentence as a self-description. */
const wishAboutPeople = (sentence: string) =>
  WISH_PEOPLE_RE.test(sentence) && /\b(?:want|wants|like|prefer|looking|need|hope|hoping|wish|rather|ideally|somewhere|where|with|near|among)\b/.test(sentence);

function lastClauseStart(before: string): number {
  let at = 0;
  CLAUSE_MARK.lastIndex = 0;
  for (let m = CLAUSE_MARK.exec(before); m !== null; m = CLAUSE_MARK.exec(before)) at = m.index + m[0].length;
  return at;
}

function clauseLength(after: string): number {
  CLAUSE_MARK.lastIndex = 0;
  const m = CLAUSE_MARK.exec(after);
  return m ? m.index : after.length;
}

/** What governs a group word in its clause: the lead, one of the lead's household, or a place and its people. */
function lastAnchor(pre: string): 'self' | 'household' | 'place' | null {
  let best: { at: number; kind: 'self' | 'household' | 'place' } | null = null;
  const look = (g: RegExp, kind: 'self' | 'household' | 'place') => {
    g.lastIndex = 0;
    for (let m = g.exec(pre); m !== null; m = g.exec(pre)) if (!best || m.index >= best.at) best = { at: m.index, kind };
  };
  look(PLACE_OR_PEOPLE, 'place');
  look(HOUSEHOLD_G, 'household');
  look(FIRST_PERSON, 'self');
  return (best as { kind: 'self' | 'household' | 'place' } | null)?.kind ?? null;
}

const LOAN_G = new RegExp(LOAN_RE.source, 'g');
/** A loan word that is not negated ("not a loan question"). */
function isLoanQuestion(t: string): boolean {
  const g = LOAN_G;
  g.lastIndex = 0;
  for (let m = g.exec(t); m !== null; m = g.exec(t)) if (!/\b(?:not|isn'?t|no|nothing\s+about|not\s+asking\s+about)\s+(?:an?\s+|the\s+|about\s+)?$/.test(t.slice(Math.max(0, m.index - 30), m.index))) return true;
  return false;
}

export function screenFairHousing(text: string, options: ScreenOptions = {}): FairHousingScreen {
  if (typeof text !== 'string' || !text.trim()) return OK;
  const canon = canonical(text.slice(0, 4000));
  const t = canon.t;
  const cased = canon.cased;
  const loan = isLoanQuestion(t);
  const found: Occurrence[] = [];

  for (const { cls, re, noun } of TERM_RES) {
    re.lastIndex = 0;
    for (let m = re.exec(t); m !== null; m = re.exec(t)) {
      const start = m.index;
      const end = start + m[0].length;
      const { from, to } = sentenceAround(t, start, end);
      const before = t.slice(Math.max(from, start - 90), start);
      const after = t.slice(end, to);
      const sentence = t.slice(from, to);
      // A possessive is a thing, not people: "men's shed", "children's hospital".
      if (/^'s?\b/.test(t.slice(end, end + 2)) || t[end] === "'") continue;
      // A place name written with capitals ("Black Diamond", "White Center", "Indian Hills").
      if (/^[\s-]+[A-Z][a-z]/.test(cased.slice(end, end + 3)) && !PEOPLE_OR_AREA_NEXT_RE.test(after)) continue;
      // A proper name of several capitalised words that is not a place of people: "Jewish Family Service".
      const chain = /^[A-Z]/.test(cased[start] ?? '') ? /^(?:[\s-]+[A-Z][\w'&.-]*)+/.exec(cased.slice(end, to)) : null;
      if (chain && !PEOPLE_OR_AREA_LAST_RE.test(chain[0].trim())) continue;
      // "not near the shelter or the immigrants": an exclusion carries over a coordination in the same clause.
      const sel = SEL_RE.exec(before) ?? SEL_COORD_RE.exec(before);
      const following = NOUN_AFTER_RE.exec(after);
      const followingNoun = following?.groups?.noun ?? null;
      const introduces = !sel && !(followingNoun !== null && AREA_ONLY_RE.test(followingNoun)) && SUBJECT_START_RE.test(before) && SUBJECT_VERB_RE.test(t.slice(end + (following?.[0].length ?? 0), to));
      const self = !sel && ((SELF_RE.test(before) && !ASKS_AGENT_RE.test(before)) || introduces) && !FIT_IN_RE.test(sentence);
      // "what percent of Tukwila is white", "how many Asians live there": counting a group in a place.
      if (!self && COUNTING_RE.test(before) && (followingNoun !== null || noun || PREDICATE_END_RE.test(after)) && !FACILITY_AFTER.test(after.slice(following?.[0].length ?? 0)) && (PLACE_CTX_RE.test(sentence) || /[A-Z]/.test(cased.slice(from, start)))) {
        found.push({ start: spanStart0(before, start), end: following ? end + following[0].length : end, cls, steering: true, group: true, strong: true });
        continue;
      }
      // Spanish and French put the adjective after the place: "comunidad latina", "quartier juif".
      if (!self && FOREIGN_PLACE_BEFORE_RE.test(before)) {
        found.push({ start, end, cls, steering: true, group: true, strong: true });
        continue;
      }
      const facilityNext = following ? FACILITY_AFTER.test(after.slice(following[0].length)) : FACILITY_AFTER.test(after);
      // Near a named place is an amenity; only keeping away from one is a choice by its people.
      if (facilityNext && (!sel || /^(?:near|nearby|close\s+to|next\s+to|around|beside|by)\b/.test(sel[0]))) continue;
      const isArea = followingNoun !== null && AREA_ONLY_RE.test(followingNoun) && !/^(?:communit(?:y|ies))$/.test(followingNoun);
      const spanEnd = following ? end + following[0].length : end;
      const spanStart = sel ? start - sel[0].length : start;
      const predicate = !noun && !following && PREDICATE_END_RE.test(after);
      const placeCtx = options.describesPlace || PLACE_CTX_RE.test(sentence.replace(m[0], ' '));
      const add = (o: Omit<Occurrence, 'cls'>) => found.push({ ...o, cls });

      if (followingNoun !== null && !loan && SINGLE_PERSON_RE.test(followingNoun)) continue;
      if (followingNoun !== null) {
        // "white suburbs", "Jewish neighbours", "Hispanic families", "immigrant kids".
        if (isArea) add({ start: spanStart, end: spanEnd, steering: !self || Boolean(sel), group: true, strong: true });
        else add({ start: spanStart, end: spanEnd, steering: !self && (Boolean(sel) || placeCtx || homesFor(before)), group: true, strong: Boolean(sel) || /^(?:n\w*bou?rs?|residents?|tenants?|population|demographics?|majority)$/.test(followingNoun) });
        continue;
      }
      if (noun || (/\bthe\s+$/.test(before) && WHERE_LIVE_AFTER.test(after))) {
        // "no immigrants", "near other Muslims", "where Hispanics live", "homes for Christians".
        const whereLive = WHERE_BEFORE.test(before) || (WHERE_LIVE_AFTER.test(after) && /\b(?:where|which|what|area|neighbou?rhood|part|live)\b/.test(sentence));
        const residents = (placeCtx && RESIDENTS_CTX_RE.test(sentence)) || AREA_WITH_RE.test(before) || /^\s+(?:nearby|around|next\s+door|close\s+by|living\s+(?:there|nearby)|in\s+the\s+(?:area|building|complex|neighbou?rhood|community))\b/.test(after);
        add({ start: spanStart, end: spanEnd, steering: !self && (Boolean(sel) || whereLive || residents || homesFor(before)), group: true, strong: Boolean(sel) || whereLive });
        continue;
      }
      if (predicate) {
        // "an area that is mostly white", "which parts are Jewish?", "as a Muslim".
        const described = (!self && PREDICATE_SUBJECT_RE.test(before) && placeCtx) || SOMEWHERE_RE.test(before);
        const placeValue = (options.describesPlace && (Boolean(sel) || !t.slice(0, start).trim())) || (Boolean(sel) && NAMED_PLACE_PREDICATE_RE.test(cased.slice(from, start))) || NAMED_PLACE_IS_RE.test(cased.slice(from, start));
        if ((sel && (placeCtx || /\bthe\s+$/.test(before))) || described || placeValue) {
          const subject = described && !sel ? PREDICATE_SUBJECT_RE.exec(before) : null;
          add({ start: subject ? start - subject[0].length : spanStart, end, steering: true, group: true, strong: true });
        } else if (self || /\b(?:for|to)\s+(?:an?\s+)?$/.test(before)) {
          add({ start, end, steering: false, group: true, strong: false });
        }
      } else if (loan && /\b(?:an?|for)\s+(?:[a-z-]+\s+)?$/.test(before) && !/^[\s-]+(?:house|home|condo|apartment|townhouse|property|unit|building|door|fence|kitchen|roof|car)\b/.test(after)) {
        // "can an undocumented immigrant get a mortgage?": a person named by a group, in a loan question.
        add({ start, end, steering: false, group: true, strong: false });
      }
    }
  }

  const framed = (cls: ProtectedClass, re: RegExp) => {
    const m = re.exec(t);
    if (m) found.push({ start: m.index, end: m.index + m[0].length, cls, steering: true, group: true, strong: true });
  };
  for (const re of FAMILIAL) framed('familial status', re);
  framed('sex', SEX_ONLY);
  for (const [cls, re] of AVOID_PLACE) framed(cls, re);
  for (const [cls, re] of PROXY) framed(cls, re);
  if (CODED.test(t) && (options.describesPlace || PLACE_CTX_RE.test(t))) framed('race', CODED);
  for (const [cls, re] of DEMOGRAPHIC) {
    const m = re.exec(t);
    if (!m) continue;
    const { from, to } = sentenceAround(t, m.index, m.index + m[0].length);
    const sentence = t.slice(from, to);
    // "diverse" is about residents only when a place is in the sentence and nothing else is diverse.
    if (/divers|homogen/.test(m[0]) && !(options.describesPlace || NAMED_PLACE_IS_RE.test(canon.cased.slice(from, m.index)) || new RegExp(`\\b(?:${AREA}|${NEIGHBOUR}|residents|people|population|live|living|community|schools?)\\b`).test(sentence))) continue;
    // "based on our religion" is about religion, "… our culture" about national origin.
    const named: ProtectedClass = /religio|faith|belief/.test(m[0]) ? 'religion' : /nationalit|culture|origin|(?<!racial\s|ethnic\s)background/.test(m[0]) ? 'national origin' : cls;
    // The place a make-up question is about is part of the question ("who lives in White Center"): masked to the clause's end.
    const qEnd = m.index + m[0].length;
    found.push({ start: m.index, end: qEnd + clauseLength(t.slice(qEnd, to)), cls: named, steering: true, group: true, strong: true });
  }

  // The inverted default: any other group word in a message about places is steering unless exempt.
  const flagged = found.filter((o) => o.steering);
  for (const o of byDefault(canon, options, loan)) {
    if (flagged.some((f) => o.start < f.end && f.start < o.end)) continue;
    if (loan) found.push({ ...o, steering: false });
    else found.push(o);
  }

  // A loan question names a group without choosing where to live: the neutral lending answer.
  const steering = found.filter((o) => o.steering && (!loan || o.strong));
  if (steering.length) {
    const back = (i: number) => canon.map[Math.min(i, canon.map.length - 1)] ?? i;
    const spans = merge(steering.map((o) => ({ start: back(o.start), end: o.end > o.start ? back(o.end - 1) + 1 : back(o.start), class: o.cls })));
    return { verdict: 'steering', classes: unique(steering.map((o) => o.cls)), spans };
  }
  const groups = found.filter((o) => o.group && o.cls !== 'familial status' && o.cls !== 'source of income');
  if (loan) {
    for (const [cls, re] of LOAN_CLASS_WORDS) if (re.test(t)) groups.push({ start: 0, end: 0, cls, steering: false, group: true, strong: false });
  }
  if (loan && groups.length) return { verdict: 'lending_group', classes: unique(groups.map((o) => o.cls)), spans: [] };
  return OK;
}

/** The text with the steering words blanked (same length), so nothing else read from it carries them. */
export function withoutSteering(text: string, screen: FairHousingScreen): string {
  let out = text;
  for (const s of screen.spans) out = out.slice(0, s.start) + ' '.repeat(s.end - s.start) + out.slice(s.end);
  return out;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function merge(spans: FairHousingSpan[]): FairHousingSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: FairHousingSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}
