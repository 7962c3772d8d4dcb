import { UnitType } from '../../inventory/unit.enums';
import { BudgetReading, normalizeBudget } from './budget-normalizer';
import { Financing, Purpose, Timeline } from '../../leads/lead.enums';
import { localCurrency, readBudget } from './budget-reading';
import { dayIn } from '../../core/time/zoned-time';
import { damerauLevenshtein } from './fuzzy-words';
import { readName, readEmail, readPhone } from './contact-details';
import { readAffirm, readChoice, readDeny, readGreeting } from './conversation-acts';
import { readFinancing, readPurpose, readTimeline } from './deal-terms';
import { readFurnished, readMustHaves, readPets, readPropertyTypes } from './home-features';
import { askedTopics, AskedTopic, questionSpans, withoutSpans } from './home-questions';
import { isPhoneShaped, PHONE_RE, prepareMessage } from './lead-message';
import { readPlaces } from './place-mentions';
import { readCommission, readHuman, readLegal, readOptOut, readWrongNumber } from './policy-signals';
import { readBareCount, readBathrooms, readBedrooms } from './rooms';
import { readVisit } from './visit-time';

/**
 * The local agent's language understanding: one message a lead sent → the facts and intents in
 * it, each fact with the lead's own words it was read from. Pure and deterministic, no network.
 *
 * Precision matters as much as recall: a fact the lead did not state is worse than one missed,
 * because the agent would stop asking for it. So every reader wants evidence ("3 bedrooms", not
 * "3"), except that a short answer is read as the answer to what the agent just asked
 * (ctx.lastAsked): "3" after "how many bedrooms?" is 3 bedrooms.
 */

export type AskableField =
  | 'purpose'
  | 'budget'
  | 'bedrooms'
  | 'bathrooms'
  | 'propertyTypes'
  | 'locations'
  | 'timeline'
  | 'financing'
  | 'pets'
  | 'furnished'
  | 'mustHaves'
  | 'visit'
  | 'email'
  | 'phone'
  | 'name';

export interface Fact<T> {
  value: T;
  /** the words of the message it was read from */
  quote: string;
  /** 0..1 */
  confidence: number;
}

export interface Understanding {
  purpose?: Fact<Purpose>;
  budget?: Fact<BudgetReading>;
  /** The words normalize_budget reads when they are not the quote: a magnitude the lead implied written out ("up to 650" → "up to 650k"). */
  budgetWords?: string;
  bedrooms?: Fact<number>;
  bathrooms?: Fact<number>;
  propertyTypes?: Fact<UnitType[]>;
  locations?: Fact<string[]>;
  timeline?: Fact<Timeline>;
  financing?: Fact<Financing>;
  pets?: Fact<boolean>;
  furnished?: Fact<boolean>;
  mustHaves?: Fact<string[]>;
  visit?: Fact<{ date: string | null; time: string | null }>;
  /** The lead asks to be called ("call me tomorrow at 10am"): a task for a person, with the time if given. */
  callback?: Fact<{ date: string | null; time: string | null }>;
  email?: Fact<string>;
  phone?: Fact<string>;
  name?: Fact<string>;
  /**
   * The lead asks about a home ("is it furnished?", "does the first one have a garage?"): what they
   * ask about, to be answered — never recorded as a need. `features` are must-have names.
   */
  asks?: { topics: AskedTopic[]; features: string[]; quote: string };
  intents: {
    optOut?: boolean;
    wrongNumber?: boolean;
    legal?: boolean;
    commission?: boolean;
    human?: boolean;
    affirm?: boolean;
    deny?: boolean;
    choice?: number;
    greeting?: boolean;
    /** The message asks something (about a home or otherwise): not a pick from a list. */
    question?: boolean;
  };
}

export interface UnderstandContext {
  now: Date;
  /** IANA, the lead's */
  timezone: string;
  /** What the agent asked last, so a short answer is read as its answer. */
  lastAsked?: AskableField | null;
  /** For normalizeBudget: the currency the lead already used. Without it, that of their time zone (localCurrency) or USD. */
  defaultCurrency?: string;
  /** The places already on the lead's profile (whether they look where the brokerage works decides the currency). */
  profilePlaces?: readonly string[];
  /** Lower-case place names the brokerage knows (cities, areas, zips). */
  knownPlaces?: ReadonlySet<string>;
  /** The purpose already on the lead's profile: a buyer's "up to 650" asked for a budget is 650,000. */
  profilePurpose?: Purpose | null;
}

const titleCase = (s: string) => s.replace(/\b\p{L}/gu, (c) => c.toUpperCase());

/**
 * A place the brokerage knows, misspelt by a letter or two ("Bellvue", "Queen Ane", "Capitol Hil"),
 * is read as the known place. Only for names of five letters or more, with the same first letter,
 * and only when exactly one known place is that close; anything else stays as written.
 */
function knownSpelling(place: string, known: ReadonlySet<string> | undefined): string {
  const lower = place.toLowerCase();
  if (!known?.size || known.has(lower) || lower.length < 5 || /\d/.test(lower)) return place;
  const reach = lower.length >= 9 ? 2 : 1;
  const close = [...known].filter((k) => k[0] === lower[0] && Math.abs(k.length - lower.length) <= reach && damerauLevenshtein(k, lower, reach) <= reach);
  return close.length === 1 ? titleCase(close[0]) : place;
}

/** Words that point at a home: "it", "the second one", "the house", "that place". */
const HOME_REFERENT = /\b(?:it|there|(?:the|this|that)\s+(?:\w+\s+)?(?:one|house|home|place|unit|apartment|condo|flat|listing|property|building|townhouse))\b/i;

/** Asking to be phoned: a call-back, not a viewing. */
const CALLBACK_RE = /(?<!\b(?:don['’]?t|do\s+not|never|not|stop)\s+)\b(?:(?:call|ring|phone)\s+me|call\s*back|give\s+me\s+a\s+(?:call|ring)|(?:someone|somebody|an\s+agent|you)\s+(?:to\s+)?(?:call|phone|ring)\b)/;

/**
 * A remark about a home just shown ("oh nice, the first one has a pool", "love that the second one
 * has a big garden"): what it has is the listing's, not the lead's need, and naming it picks nothing.
 * "It has to be…" states a need and is not a remark.
 */
const REMARK_RE =
  /(?:\b(?:the\s+)?(?:first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|last|other|top)\s+(?:one|house|home|place|unit|apartment|condo|flat|listing|property|townhouse)|\b(?:this|that)\s+(?:one|house|home|place|unit|apartment|condo|flat|listing|property|townhouse)|(?:#|\bnumber\s+|\bno\.\s*)[1-9])\s+(?:(?:also|already|even|actually|really|both)\s+)?(?:has(?:\s+got)?|have|'s\s+got|comes\s+with|includes|boasts|features|with)\b(?!\s+(?:to|got\s+to)\b)[^.!?;]*/gi;
/** Words that make a remark a pick after all ("the second one with the pool, please", "can we see the one that has…"). */
const PICK_WORDS_RE = /\b(?:please|pls|book|see|view|visit|tour|take|go\s+with|choose|pick|want|like\s+to|interested|let'?s)\b/i;

/** A bare amount answering the budget question of a buyer or seller: "650" is 650,000 and "1.2" is 1.2 million. */
const BARE_PURCHASE_AMOUNT_RE = /^\W*(?:(up\s*to|upto|under|max(?:imum)?|about|around|roughly|no\s+more\s+than|less\s+than|below|at\s+most)\s+)?\$?\s?(\d{1,3}(?:\.\d{1,2})?)(?:\s*(?:max|tops|or\s+less|or\s+so|ish))?\W*$/i;

const round2 = (n: number) => Math.round(n * 100) / 100;

function fact<T>(value: T, quote: string, confidence: number): Fact<T> {
  return { value, quote, confidence: round2(Math.min(1, Math.max(0, confidence))) };
}

export function understand(text: string, ctx: UnderstandContext): Understanding {
  const out: Understanding = { intents: {} };
  if (typeof text !== 'string' || text.trim() === '') return out;
  const msg = prepareMessage(text, ctx.knownPlaces);
  const asked = ctx.lastAsked ?? null;
  const t = msg.words.text;
  const trimmed = msg.original.trim();

  // ---------- intents ----------
  const intents = out.intents;
  // "… STOP" shouted, or "stop" as the last word of a sentence that ends the message, is a carrier opt-out.
  if (readOptOut(t) || /\bSTOP\b(?!\s+(?:BY|IN|AT)\b)/.test(msg.original) || /(?:^|[.!?]\s*)stop\W*$/i.test(msg.original)) intents.optOut = true;
  if (readWrongNumber(t)) intents.wrongNumber = true;
  if (readLegal(t)) intents.legal = true;
  if (readCommission(t)) intents.commission = true;
  if (readHuman(t)) intents.human = true;
  const affirm = readAffirm(t);
  const deny = !affirm && readDeny(t);
  if (affirm) intents.affirm = true;
  if (deny) intents.deny = true;
  const choice = readChoice(msg.digits.text);
  if (choice !== undefined) intents.choice = choice;
  if (readGreeting(t)) intents.greeting = true;

  // ---------- contact ----------
  const email = readEmail(msg.original);
  if (email) out.email = fact(email.value, email.quote, email.confidence);
  const phone = readPhone(msg.original, ctx.timezone);
  if (phone) out.phone = fact(phone.value, phone.quote, phone.confidence);
  // Asked for a name, the answer may bring the phone or email along ("Ana Ruiz, 206 555 0134").
  const nameText = asked === 'name' ? msg.original.replace(/^\W*(?:(?:sure|yes|yeah|yep|ok(?:ay)?|of\s+course|certainly|absolutely|no\s+problem|hi|hello|hey)\b[\s,.!:;-]*)+/i, (m) => ' '.repeat(m.length)).replace(/\S+@\S+/g, (m) => ' '.repeat(m.length)).replace(PHONE_RE, (m) => (isPhoneShaped(m) ? ' '.repeat(m.length) : m)).replace(/\b(?:and\s+)?(?:my\s+)?(?:phone|number|cell|mobile|email|e-mail)(?:\s+(?:is|number))?\s*:?\s*$/i, '').replace(/[\s,;]+$/, '') : msg.original;
  const name = readName(nameText, asked === 'name');
  if (name) out.name = fact(name.value, name.quote, name.confidence);

  // ---------- the home ----------
  // What the lead asks about a home is answered, not recorded: the home's facts are read from the
  // message without its questions, and the questions' topics are kept apart.
  const questions = questionSpans(msg.original);
  const full = msg;
  if (questions.length) {
    const asking = questions.map((q) => msg.original.slice(q.start, q.end)).join(' ');
    const askedMsg = prepareMessage(asking, ctx.knownPlaces);
    const features = readMustHaves(askedMsg)?.value ?? [];
    const topics: AskedTopic[] = [...askedTopics(asking), ...(features.length ? (['feature'] as const) : [])];
    // A question about a home whose topic has no reader of its own ("is the second one near a school?") still asks about it.
    if (!topics.length && HOME_REFERENT.test(asking)) topics.push('other');
    if (topics.length) out.asks = { topics, features, quote: asking.trim().slice(0, 300) };
    out.intents.question = true;
  }
  const remarks: { start: number; end: number }[] = [];
  REMARK_RE.lastIndex = 0;
  for (let m = REMARK_RE.exec(msg.original); m !== null; m = REMARK_RE.exec(msg.original)) remarks.push({ start: m.index, end: m.index + m[0].length });
  const unsaid = [...questions, ...remarks];
  const home = unsaid.length ? prepareMessage(withoutSpans(msg.original, unsaid), ctx.knownPlaces) : msg;
  readHome(out, home, full, ctx, { asked, affirm, deny, trimmed });
  if (remarks.length && !out.visit && !PICK_WORDS_RE.test(msg.original)) delete intents.choice;
  // "Can we look at it Wednesday at noon?" asks for a viewing, not about the home.
  if (out.visit && out.asks?.topics.every((t) => t === 'other')) delete out.asks;
  return out;
}

function readHome(out: Understanding, msg: ReturnType<typeof prepareMessage>, full: ReturnType<typeof prepareMessage>, ctx: UnderstandContext, said: { asked: AskableField | null; affirm: boolean; deny: boolean; trimmed: string }): Understanding {
  const { asked, affirm, deny, trimmed } = said;
  const places = readPlaces(msg, asked === 'locations');
  const currency = ctx.defaultCurrency ?? localCurrency(ctx.timezone, [...(ctx.profilePlaces ?? []), ...(places?.value ?? [])], msg.knownPlaces) ?? 'USD';
  const budget = readBudget(msg, { defaultCurrency: currency, asked: asked === 'budget', knownPlaces: msg.knownPlaces });
  if (budget) out.budget = fact(budget.value, budget.quote, budget.value.confidence);
  else if (asked === 'budget' || (ctx.defaultCurrency === undefined && asked !== 'bedrooms' && asked !== 'bathrooms')) {
    // Asked for the budget, "650" answers it; otherwise only with a money word ("up to 650") and while no budget is known.
    const purpose = readPurpose(msg, null)?.value ?? ctx.profilePurpose ?? null;
    const bare = purpose === Purpose.Buy || purpose === Purpose.Sell ? BARE_PURCHASE_AMOUNT_RE.exec(msg.plain.text) : null;
    if (bare && (asked === 'budget' || (bare[1] !== undefined && (Number(bare[2]) >= 50 || bare[2].includes('.'))))) {
      const n = Number(bare[2]);
      const scaled = n < 10 ? `${bare[2]}m` : n >= 50 ? `${bare[2]}k` : null;
      const reading = scaled ? normalizeBudget(msg.plain.text.replace(bare[2], scaled), { defaultCurrency: currency }) : null;
      if (reading) {
        out.budget = fact({ ...reading, confidence: Math.min(reading.confidence, 0.7) }, trimmed, Math.min(reading.confidence, 0.7));
        out.budgetWords = msg.plain.text.replace(bare[2], scaled as string).trim();
      }
    }
  }

  // "3BHK" (Indian listings: bedrooms, hall, kitchen).
  const bhk = /\b(\d{1,2})\s*bhk\b/i.exec(msg.original);
  const bedrooms = readBedrooms(msg) ?? (bhk ? { value: Number(bhk[1]), quote: bhk[0], confidence: 0.9 } : null);
  if (bedrooms) out.bedrooms = fact(bedrooms.value, bedrooms.quote, bedrooms.confidence);
  const bathrooms = readBathrooms(msg);
  if (bathrooms) out.bathrooms = fact(bathrooms.value, bathrooms.quote, bathrooms.confidence);
  if ((asked === 'bedrooms' && !bedrooms) || (asked === 'bathrooms' && !bathrooms)) {
    const bare = readBareCount(msg.digits.text, asked === 'bathrooms');
    if (bare) out[asked] = fact(bare.value, msg.digits.quote(bare.start, bare.end), 0.85);
  }

  const types = readPropertyTypes(msg);
  if (types) out.propertyTypes = fact(types.value, types.quote, types.confidence);
  const mustHaves = readMustHaves(msg);
  if (mustHaves) out.mustHaves = fact<string[]>(mustHaves.value, mustHaves.quote, mustHaves.confidence);

  if (places) out.locations = fact(places.value.map((p) => knownSpelling(p, msg.knownPlaces)), places.quote, places.confidence);

  const pets = readPets(msg) ?? (asked === 'pets' ? yesNo(affirm, deny, trimmed) : null);
  if (pets) out.pets = fact(pets.value, pets.quote, pets.confidence);
  const furnished = readFurnished(msg) ?? (asked === 'furnished' ? yesNo(affirm, deny, trimmed) : null);
  if (furnished) out.furnished = fact(furnished.value, furnished.quote, furnished.confidence);

  // ---------- the deal ----------
  const financing = readFinancing(msg, asked === 'financing');
  if (financing) out.financing = fact(financing.value, financing.quote, financing.confidence);
  // "looking to by a house": a misspelt buy that is too short to correct as a word.
  const misspeltBuy = /\b(?:to|wanna|gonna|i'?d|want|will)\s+by\s+(?:a|an|the|my|our|one|some)\b/i.exec(msg.original);
  const purpose = readPurpose(msg, budget?.value.period ?? null) ?? (misspeltBuy ? { value: Purpose.Buy, quote: misspeltBuy[0], confidence: 0.7 } : null);
  if (purpose) out.purpose = fact(purpose.value, purpose.quote || (budget?.quote ?? ''), purpose.confidence);
  // A seller's own home ("sell my house") is the type they sell; an owned flat or apartment is a condo.
  const sellerHome = purpose?.value === Purpose.Sell && !out.propertyTypes ? /\b(?:my|our)\s+(?:[\w-]+\s+){0,2}?(house|home|condo|apartment|flat|townhouse|townhome|land|lot)\b/.exec(msg.words.text) : null;
  const sellerType = sellerHome ? ({ house: UnitType.House, condo: UnitType.Condo, apartment: UnitType.Condo, flat: UnitType.Condo, townhouse: UnitType.Townhouse, townhome: UnitType.Townhouse, land: UnitType.Land, lot: UnitType.Land } as Partial<Record<string, UnitType>>)[sellerHome[1]] : undefined;
  if (sellerHome && sellerType) out.propertyTypes = fact([sellerType], msg.words.quote(sellerHome.index, sellerHome.index + sellerHome[0].length), 0.8);

  // A call-back or a viewing is read from the whole message: "can I see it Saturday at 11?" asks for one.
  const t = full.words.text;
  const callback = CALLBACK_RE.test(t) ? readVisit(full, ctx.now, ctx.timezone, true) : null;
  if (CALLBACK_RE.test(t)) out.callback = fact({ date: callback?.date ?? null, time: callback?.time ?? null }, callback ? full.digits.quote(callback.start, callback.end) : trimmed, 0.8);
  const visit = out.callback ? null : readVisit(full, ctx.now, ctx.timezone, asked === 'visit');
  if (visit) out.visit = fact({ date: visit.date, time: visit.time }, full.digits.quote(visit.start, visit.end), visit.confidence);

  const timeline = readTimeline(msg, dayIn(ctx.now, ctx.timezone), asked === 'timeline');
  // "Can I see it tomorrow?" is a viewing, not a moving date.
  // "$2,500 a month" is a rent, not a moving date.
  const inBudget = Boolean(timeline && out.budget?.quote.includes(timeline.quote));
  if (timeline && !inBudget && !(visit && out.visit && out.visit.quote.includes(timeline.quote))) {
    out.timeline = fact(timeline.value, timeline.quote, timeline.confidence);
  }
  return out;
}

/** A yes or no answering a yes/no question ("Do you have pets?" — "yep"). */
function yesNo(affirm: boolean, deny: boolean, quote: string): { value: boolean; quote: string; confidence: number } | null {
  if (affirm) return { value: true, quote, confidence: 0.8 };
  if (deny) return { value: false, quote, confidence: 0.8 };
  return null;
}
