import { UnitType } from '../../inventory/unit.enums';
import type { LeadMessage } from './lead-message';
import { isNegated } from './lead-message';

/**
 * What kind of home and what it must have: property types, must-have features (canonical names
 * only), pets and furniture. Read from the typo-corrected words; anything negated ("not a condo",
 * "no pool", "garage not needed") is left out.
 */
export interface ListFound<T> {
  value: T[];
  quote: string;
  confidence: number;
}
export interface FlagFound {
  value: boolean;
  quote: string;
  confidence: number;
}

const HOUSE_NOT_AFTER = String.raw`(?<!\b(?:town|row|open|guest|coach|green|tree|ware|dog|club|light|court|farm|boat|full|in|terraced|terrace|bath|pent|play|hen|school|my|our|current|existing|old|parents|parents'|mom's|dad's|tiny|safe|mobile|carriage)[\s-]?)`;

const PROPERTY_TYPES: ReadonlyArray<[UnitType, RegExp]> = [
  [UnitType.Townhouse, /\b(?:town[\s-]?(?:houses?|homes?)|row[\s-]?(?:houses?|homes?)|terraced?\s+(?:houses?|homes?)|(?:end|mid)[\s-](?:of[\s-])?terraced?|\d+\s*-?\s*(?:bed(?:room)?s?|br|bd)\s+terraced?)\b/g],
  [UnitType.Condo, /\b(?:condos?|condominiums?)\b/g],
  [
    UnitType.Apartment,
    /\b(?:apartments?|maisonettes?|apts?\b(?!\.?\s*#?\s*\d)|flats?\b(?!\s+(?:fee|rate|roof|out|screen|tires?|broke|price|amount|land|terrain|area|lot|white|surface|feet))|studio\s+(?:apartment|apt|flat|unit)s?)\b/g,
  ],
  [
    UnitType.House,
    new RegExp(
      String.raw`\b(?:single[\s-]family(?:\s+(?:homes?|houses?|residences?))?|sfh|sfr|detached(?!\s+(?:garage|adu|office|studio|shed|workshop|carport))(?:\s+(?:homes?|houses?))?|family\s+(?:homes?|houses?)|standalone\s+(?:homes?|houses?)|bungalows?|cottages?|villas?|semis?\b(?![\s-]?(?:furnished|detached|final|pro|truck|automatic|retired))|ranch(?:[\s-](?:style|house|home))?|\d+\s*-?\s*(?:bed(?:room)?s?|br|bd)\s+homes?|\d+(?:\.\d+)?\s*-?\s*(?:bath(?:room)?s?|ba)\s+houses?|${HOUSE_NOT_AFTER}houses?(?!\s*(?:hunting|hunt|sitting|sitter|keeping|warming|party|plants?|rules|music|mates?|of\s+(?:worship|representatives)|cleaning|cleaner)\b))\b`,
      'g',
    ),
  ],
  [
    UnitType.Land,
    /\b(?:(?<!\b(?:i|we|i'll|we'll|will|to|when|plane|flight|you|they)\s)land\b(?!\s*lord|\s+(?:on|at)\b)|(?:vacant|empty|building|buildable|corner|wooded|residential|cleared|raw)\s+lots?|lots?\s+to\s+build|a\s+lot\s+(?:to\s+build|for\s+(?:a\s+)?(?:house|home)|zoned)|acreage|acres?\s+of\s+land|parcels?(?:\s+of\s+land)?|plots?(?:\s+of\s+land)?(?!\s+twist))\b/g,
  ],
];

interface Match<T> {
  value: T;
  start: number;
  end: number;
}

function spanQuote<T>(msg: LeadMessage, matches: Match<T>[]): string {
  const start = Math.min(...matches.map((m) => m.start));
  const end = Math.max(...matches.map((m) => m.end));
  return msg.words.quote(start, end);
}

function collect<T>(text: string, patterns: ReadonlyArray<readonly [T, RegExp, boolean?]>): Match<T>[] {
  const found: Match<T>[] = [];
  for (const [value, re, keepNegated] of patterns) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const end = m.index + m[0].length;
      if (!keepNegated && isNegated(text, m.index, end)) continue;
      // A span inside one already read ("townhouse" holds "house") is that one.
      if (found.some((f) => m !== null && f.start <= m.index && f.end >= end)) continue;
      found.push({ value, start: m.index, end });
      break;
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

export function readPropertyTypes(msg: LeadMessage): ListFound<UnitType> | null {
  const found = collect(msg.words.text, PROPERTY_TYPES);
  if (!found.length) return null;
  return { value: [...new Set(found.map((f) => f.value))], quote: spanQuote(msg, found), confidence: 0.9 };
}

export type MustHave =
  | 'garage'
  | 'parking'
  | 'in-unit laundry'
  | 'pool'
  | 'balcony'
  | 'garden'
  | 'yard'
  | 'view'
  | 'waterfront'
  | 'fireplace'
  | 'gym'
  | 'elevator'
  | 'air conditioning'
  | 'home office'
  | 'basement'
  | 'new construction'
  | 'near transit'
  | 'good schools'
  | 'near a park'
  | 'walkable'
  | 'quiet';

/** [feature, pattern, read even when negated (the pattern says "no noise" itself)] */
const MUST_HAVES: ReadonlyArray<readonly [MustHave, RegExp, boolean?]> = [
  ['garage', /\bgarages?\b(?!\s+sale)/g],
  ['parking', /\b(?:parking|park(?:ing)?\s+(?:spots?|spaces?|stalls?)|place\s+to\s+park|driveway|carport)\b/g],
  [
    'in-unit laundry',
    /\b(?:in[\s-]?(?:unit|suite)\s+(?:laundry|washer|w\/d)|laundry\s+in[\s-]?(?:unit|suite|the\s+(?:unit|apartment|condo|home))|en[\s-]?suite\s+laundry|washer\s*(?:\/|and|&|\+|-|n)?\s*dryer|washing\s+machine|w\/d|w&d|(?<!\b(?:shared|coin|communal|common|onsite|on-site|building)\s)laundry\b(?!\s*(?:mat|room\s+in\s+the\s+building|on\s+site|onsite|in\s+(?:the\s+)?building|facilities)))/g,
  ],
  ['pool', /\b(?:swimming\s+)?pools?\b(?!\s+(?:table|party|noodles?|of)\b)/g],
  ['balcony', /\b(?:balcon(?:y|ies)|(?<!\b(?:end|mid|of|\d\s?(?:bed(?:room)?s?|br|bd))[\s-])terraces?(?!\s+house)|veranda|verandah|lanai)\b/g],
  ['garden', /\b(?:gardens?|gardening)\b(?!\s+(?:apartment|level|district|city))/g],
  ['yard', /(?<!\d\s?)\b(?:back\s?yards?|front\s?yards?|yards?)\b(?!\s+sale)/g],
  [
    'view',
    /\b(?:(?:city|water|ocean|sea|lake|mountain|mountains|sound|bay|river|skyline|park|great|nice|good|beautiful|amazing|stunning|panoramic|unobstructed|open|sunset|golf|canal|harbou?r|beach|valley|forest|garden)\s+views?|(?<!\b(?:schedule|book|arrange|set\s+up|your|my|of)\s)(?:a\s+)?views\b|(?:with|has|have|want|need)\s+a\s+view\b(?!\s+to\b))/g,
  ],
  ['waterfront', /\b(?:water\s?-?front|lake\s?-?front|beach\s?-?front|ocean\s?-?front|sea\s?-?front|river\s?-?front|bay\s?-?front|on\s+the\s+(?:water|lake|beach))\b/g],
  ['fireplace', /\b(?:fire\s?places?|wood\s?(?:burning\s+)?stoves?|wood\s?burners?)\b/g],
  ['gym', /\b(?:gyms?|fitness\s+(?:center|centre|room|facility|facilities|studio)|workout\s+room|exercise\s+room)\b/g],
  ['elevator', /\b(?:elevators?|(?:an?|with|has|have|needs?|want)\s+lift)\b/g],
  ['air conditioning', /\b(?:air[\s-]?con(?:ditioning|ditioned|ditioner|ditioners)?|a\/c|a\.c\.|central\s+air|aircon|(?<!\d\s?)ac(?!\s*(?:res?)\b))(?![a-z])/g],
  [
    'home office',
    /\b(?:home\s+office|office\s+space|(?:room|space)\s+for\s+(?:an?\s+)?office|an?\s+(?:extra\s+)?office\b|an?\s+study\b|study\s+room|work\s+from\s+home|wfh|work(?:ing)?\s+remotely|remote\s+work|workspace|work\s+space)/g,
  ],
  ['basement', /\b(?:basements?|cellars?)\b/g],
  ['new construction', /\b(?:new(?:ly)?[\s-]+(?:construction|constructed|build|built|builds)|brand[\s-]new|pre[\s-]?construction|new\s+development)\b/g],
  [
    'near transit',
    /\b(?:transit|public\s+transport(?:ation)?|light\s+rail|subway|train\s+stations?|metro\s+stations?|tube\s+stations?|commuter\s+rail|bus\s+(?:lines?|routes?|stops?)|(?:near|close\s+to|next\s+to|walk\s+to|walking\s+distance\s+(?:to|of|from)|by)\s+(?:the\s+|a\s+)?(?:train|metro|bus|tube|station|overground|underground|tram|subway|rail|dart|luas|mrt|[su]-?bahn))\b/g,
  ],
  [
    'good schools',
    /\b(?:(?:good|great|top|excellent|best|decent|strong|highly[\s-]rated|top[\s-]rated|nice)\s+(?:public\s+|elementary\s+|high\s+)?schools?|school\s+district|schools?\s+nearby|(?:near|close\s+to)\s+(?:good\s+)?schools)\b/g,
  ],
  // A park nearby, said as a park ("near a park", "close to the park", "parks nearby"): never a
  // place whose name holds the word ("near Madison Park" is Madison Park, read by readPlaces).
  ['near a park', /\b(?:(?:near|close\s+to|next\s+to|by|beside|across\s+from|walk(?:ing\s+distance)?\s+to|steps\s+from)\s+(?:an?|the|some)\s+(?:(?:big|nice|large|local|dog|city|public|green|small|little)\s+)?parks?|(?:an?|the)\s+park\s+nearby|parks\s+(?:nearby|close\s+by)|near\s+parks)\b(?!\s+(?:spots?|spaces?|stalls?|the\s+car))/g],
  ['walkable', /\b(?:walkable|walkability|walking\s+distance|walk\s+score|walk\s+to\s+(?:everything|shops|stores|restaurants|cafes|coffee)|pedestrian[\s-]friendly)\b/g],
  ['quiet', /\b(?:quiet|peaceful|tranquil|calm\s+(?:area|street|neighbou?rhood|place)|low[\s-]traffic)\b/g],
  ['quiet', /\b(?:no\s+noise|not\s+noisy|away\s+from\s+(?:the\s+)?noise)\b/g, true],
];

const PRESENT_HOME_BEFORE = /(?:\b(?:currently|at\s+the\s+moment|right\s+now|now)\s+(?:we\s+|i\s+)?(?:have|has|got|'ve\s+got)|\b(?:current|old|last|previous|present)\s+(?:place|home|house|flat|apartment|condo|one|rental)\s+(?:has|had|have|got)|\b(?:we|i)\s+(?:had|used\s+to\s+have))\b[^,;]*$/;
/** "A garden, but it's not essential": wished for, said not to be needed. */
const NOT_ESSENTIAL_AFTER = /^\s*(?:would\s+be\s+nice\s+)?(?:but|though|,)?\s*(?:it'?s\s+)?(?:not|isn'?t)\s+(?:essential|a\s+must|required|necessary|needed|crucial|a\s+deal\s?breaker|a\s+priority)/;
/** "A garage would be nice but a yard is a must": beside a need, a nice-to-have is not one. */
const NICE_TO_HAVE_AFTER = /^\s*(?:would\s+be\s+(?:nice|a\s+(?:plus|bonus))|is\s+(?:a\s+)?(?:plus|bonus|nice\s+to\s+have)|(?:is\s+|would\s+be\s+)?nice\s+to\s+have)/;
const NEED_SAID = /\b(?:must|essential|non[\s-]negotiable|required|(?:have|has|got)\s+to\s+have|need|needs)\b/;

export function readMustHaves(msg: LeadMessage): ListFound<MustHave> | null {
  const text = msg.words.text;
  const found = collect(text, MUST_HAVES).filter((f) => {
    const after = text.slice(f.end, f.end + 30);
    if (NOT_ESSENTIAL_AFTER.test(after)) return false;
    // "We currently have a garden", "the last place had a view": the home they have or had, not one they need.
    if (PRESENT_HOME_BEFORE.test(text.slice(Math.max(0, f.start - 60), f.start).split(/[.;!?]|\bbut\b/).pop() ?? '')) return false;
    const nice = NICE_TO_HAVE_AFTER.exec(after);
    return !nice || !NEED_SAID.test(text.slice(0, f.start) + ' ' + text.slice(f.end + nice[0].length));
  });
  if (!found.length) return null;
  return { value: [...new Set(found.map((f) => f.value))], quote: spanQuote(msg, found), confidence: 0.85 };
}

const ANIMAL = String.raw`(?:dogs?|cats?|pupp(?:y|ies)|pups?|kittens?|kitty|pets?|doggos?|bunn(?:y|ies)|rabbits?|birds?|parrots?|hamsters?|guinea\s+pigs?|ferrets?|labs?|labradors?|retrievers?|poodles?|chihuahuas?|shepherds?|huskies|husky|terriers?|beagles?|bulldogs?|corgis?|doodles?|🐶|🐕|🐱|🐈|🐾)`;
const PETS_FALSE_RE = new RegExp(
  String.raw`(?:\b(?:no|zero|0)\s+(?:pets?|animals?|dogs?|cats?)\b|\b(?:don'?t|do\s+not|doesn'?t|does\s+not|never)\s+(?:have|own|got)\s+(?:any\s+|a\s+|an\s+)?(?:pets?|animals?|dogs?|cats?)\b|\bwithout\s+(?:any\s+)?(?:pets?|animals?)\b|\bnot\s+a\s+pet\s+owner\b|\bpet[\s-]?free\b|\bno\s+pets\b)`,
  'g',
);
/** "we have no pets", "haven't got any pets", "we've no animals". */
const PETS_NONE_RE = /\b(?:(?:have|has|got|own|'ve|ve)\s+(?:no|zero|0)|(?:haven'?t|hasn'?t|have\s+not|has\s+not)(?:\s+got)?(?:\s+any)?)\s+(?:pets?|animals?|dogs?|cats?)\b/;
const PETS_TRUE_RES: readonly RegExp[] = [
  /\b(?:pet|dog|cat)[\s-]?friendly\b|\bpets?\s+(?:allowed|ok|okay|welcome|accepted|considered)\b|\b(?:allows?|allowing|accepts?|accepting|allowed)\s+(?:pets?|dogs?|cats?)\b|\bpet\s+(?:deposit|rent|fee|policy)\b|\b(?:dog|cat)\s+owners?\b|\bpet\s+owners?\b/g,
  new RegExp(String.raw`(?:\b(?:have|has|having|own|owns|got|with|my|our|bring|bringing|his|her|their)\b|\bw\/)(?:\s+[^\s,.;!?]+){0,3}?\s+${ANIMAL}(?![a-z])`, 'g'),
  new RegExp(String.raw`\b(?:kids?|children|child|baby|wife|husband|partner|family|me|us|we|myself)\s+(?:and|&|\+|plus)\s+(?:a|an|one|two|our|my|\d+)?\s*(?:(?:small|big|little|old|senior|young|rescue)\s+)?${ANIMAL}(?![a-z])`, 'g'),
  new RegExp(String.raw`\b\d+\s+(?:(?:small|big|large|little|old|senior|young|rescue|indoor|outdoor|friendly|well[\s-]behaved)\s+)?${ANIMAL}(?![a-z])`, 'g'),
];

export function readPets(msg: LeadMessage): FlagFound | null {
  const words = msg.words.text;
  const digits = msg.digits.text;
  for (const [i, re] of PETS_TRUE_RES.entries()) {
    const text = i === 3 ? digits : words;
    const layer = i === 3 ? msg.digits : msg.words;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const end = m.index + m[0].length;
      // "we have no pets", "got zero animals": the words between say there are none.
      if (/^\b(?:0|no)\b/.test(m[0]) || /\b(?:no|zero|0|none|without|neither)\b/.test(m[0]) || isNegated(text, m.index, end)) continue;
      // "we had a dog", "used to have a cat": a pet they no longer have.
      if (/\b(?:had|used\s+to\s+have|lost|passed|gave\s+away|rehomed)\b/.test(m[0]) || /\b(?:used\s+to|before|previously)\s+$/.test(text.slice(Math.max(0, m.index - 14), m.index))) continue;
      if (/\b(?:allergic|allergy|allergies|afraid|scared)\b/.test(text.slice(Math.max(0, m.index - 30), m.index))) continue;
      return { value: true, quote: layer.quote(m.index, end), confidence: 0.85 };
    }
  }
  PETS_FALSE_RE.lastIndex = 0;
  const no = PETS_FALSE_RE.exec(words) ?? PETS_NONE_RE.exec(words);
  if (no) return { value: false, quote: msg.words.quote(no.index, no.index + no[0].length), confidence: 0.85 };
  return null;
}

const UNFURNISHED_RE =
  /\b(?:un-?furnished|not\s+(?:be\s+)?furnished|no\s+furniture(?:\s+needed)?|don'?t\s+need\s+(?:any\s+)?furniture|furniture\s+(?:is\s+)?not\s+needed|(?:my|our)\s+own\s+furniture|without\s+furniture|empty\s+(?:unit|apartment|place))\b/g;
const FURNISHED_RE = /\b(?:(?:fully|partly|partially|semi)[\s-]?)?furnished\b|\b(?:with|comes\s+with|including|includes|need)\s+(?:the\s+)?furniture\b/g;

export function readFurnished(msg: LeadMessage): FlagFound | null {
  const t = msg.words.text;
  UNFURNISHED_RE.lastIndex = 0;
  FURNISHED_RE.lastIndex = 0;
  const no = UNFURNISHED_RE.exec(t);
  let yes: RegExpExecArray | null = null;
  for (let m = FURNISHED_RE.exec(t); m !== null; m = FURNISHED_RE.exec(t)) {
    const end = m.index + m[0].length;
    if (no && m.index >= no.index && end <= no.index + no[0].length) continue;
    if (isNegated(t, m.index, end)) continue;
    yes = m;
    break;
  }
  // "furnished or unfurnished" says neither.
  if (no && yes) return null;
  const hit = no ?? yes;
  if (!hit) return null;
  return { value: hit === yes, quote: msg.words.quote(hit.index, hit.index + hit[0].length), confidence: 0.85 };
}
