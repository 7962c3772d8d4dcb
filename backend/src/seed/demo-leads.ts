/**
 * Deterministic demo/benchmark leads: the same (count, seed, opts) gives the same output on every
 * machine, and generateLeads(n, s) is a prefix of generateLeads(m, s) for n < m, because each lead is
 * drawn from its own PRNG seeded by (seed, index). Only the phone allocator carries state from one
 * lead to the next, and it only looks back.
 *
 * Everything is invented. Contacts use reserved fictional data only: emails at example.com and
 * example.org, and phone numbers in the 555-0100..555-0199 range that US numbering sets aside for
 * fiction. That range has 100 numbers per area code, so phones are unique only for the first few
 * thousand leads (PHONE_AREA_CODES × 100); after that they repeat, which matters if you feed a large
 * set through duplicate detection. Emails carry the lead's index, so they never repeat within one run.
 *
 * Shape of the data, chosen to look like a brokerage's pipeline rather than uniform noise:
 *  - createdAt is spread evenly over the 180 days before opts.now, to the second.
 *  - stage depends on age: leads from the last day are mostly 'new', older ones spread down the
 *    funnel, and about a third of leads older than a month are 'lost'.
 *  - every lead past 'new' (including 'lost') has firstResponseAt, mostly within minutes to hours.
 *    'new' leads have none, and slaDueAt is set (15 min for online sources, 60 for the rest).
 *  - about a quarter are unassigned, mostly the new and early ones.
 *  - the profile knows more as the lead moves down the funnel; a fresh lead may know only its purpose.
 *  - the activities tell the same story as the stage: lead_created, the first inbound message, an
 *    assignment, the first reply, one stage_changed per step, some back-and-forth, a note at the
 *    key steps, and lastActivityAt is the newest of them. Steps come 1–14 days apart (plus 3–5
 *    weeks of escrow before a purchase closes), compressed for leads too young for that.
 *  - tasks follow the steps (reply, qualify, send listings, confirm viewing, chase offer, closing
 *    gift); those due before `now` are mostly completed, a few are left overdue.
 */
import { UnitType } from '../inventory/unit.enums';
import { ActivityType, Financing, LeadSource, LeadStage, Purpose, Timeline } from '../leads/lead.enums';
import { KING_COUNTY_NEIGHBOURHOODS } from './king-county-areas';

export interface GenerateLeadsOptions {
  /** Agents to assign leads to; assigneeIndex points into this array. May be empty (no one assigned). */
  agentIds: string[];
  /** The generated history ends here; nothing is dated after it except open tasks' due dates. */
  now: Date;
  /** City names for the leads' wanted locations, mixed with neighbourhood names. */
  cities: string[];
}

export interface GeneratedContact {
  name: string;
  /** Always at example.com or example.org. At least one of email and phone is set. */
  email: string | null;
  /** US format with a fictional 555-01xx number, e.g. '(206) 555-0142'. */
  phone: string | null;
  timezone: string;
}

export interface GeneratedLeadFields {
  source: LeadSource;
  sourceRef: string | null;
  stage: LeadStage;
  /** Index into opts.agentIds, or null when unassigned. */
  assigneeIndex: number | null;
  createdAt: Date;
  lastActivityAt: Date;
  firstResponseAt: Date | null;
  slaDueAt: Date | null;
}

export interface GeneratedProfile {
  purpose: Purpose | null;
  /** Whole USD; a price for buyers, monthly rent for renters. */
  budgetMin: number | null;
  budgetMax: number | null;
  currency: 'USD';
  bedrooms: number | null;
  bathrooms: number | null;
  /** UnitType values. */
  propertyTypes: string[];
  locations: string[];
  timeline: Timeline | null;
  financing: Financing | null;
  pets: boolean | null;
  furnished: boolean | null;
  mustHaves: string[];
}

export interface GeneratedActivity {
  type: ActivityType;
  direction: 'inbound' | 'outbound' | null;
  summary: string;
  data: Record<string, unknown>;
  /** Index into opts.agentIds of the agent who did it; null for the lead, the system or no agent. */
  actorIndex: number | null;
  createdAt: Date;
}

export interface GeneratedTask {
  title: string;
  dueAt: Date | null;
  completedAt: Date | null;
  createdAt: Date;
}

export interface GeneratedLead {
  contact: GeneratedContact;
  lead: GeneratedLeadFields;
  profile: GeneratedProfile;
  /** In time order. */
  activities: GeneratedActivity[];
  tasks: GeneratedTask[];
}

export function generateLeads(count: number, seed: number, opts: GenerateLeadsOptions): GeneratedLead[] {
  const next = leadFactory(count, seed, opts);
  const out = new Array<GeneratedLead>(count);
  for (let i = 0; i < count; i++) out[i] = next(i);
  return out;
}

/**
 * The same leads as generateLeads, one at a time. 100k leads with their timelines hold ~450 MB, so a
 * seed or benchmark that inserts in batches should stream rather than build the whole array.
 */
export function iterateLeads(count: number, seed: number, opts: GenerateLeadsOptions): IterableIterator<GeneratedLead> {
  const next = leadFactory(count, seed, opts);
  let i = 0;
  const it: IterableIterator<GeneratedLead> = {
    next: () => (i < count ? { done: false, value: next(i++) } : { done: true, value: undefined }),
    [Symbol.iterator]: () => it,
  };
  return it;
}

/** Validates once, then makes lead i; must be called with i = 0, 1, 2, … (the phone allocator counts). */
function leadFactory(count: number, seed: number, opts: GenerateLeadsOptions): (index: number) => GeneratedLead {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const now = opts.now.getTime();
  if (!Number.isFinite(now)) throw new RangeError('opts.now is not a valid date');
  const ctx: Context = {
    now,
    agentCount: opts.agentIds.length,
    agentIds: opts.agentIds,
    places: placeList(opts.cities),
    cityCount: opts.cities.length,
    phones: new PhoneAllocator(),
  };
  return (index) => generateOne(index, new Rng(leadSeed(seed, index)), ctx);
}

// ---------------------------------------------------------------------------------------------
// Randomness

/** mulberry32: 32-bit state, fast, and good enough for demo data; not for anything secret. */
class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  range(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  weighted<T>(table: Weighted<T>): T {
    const r = this.next() * table.total;
    const { cumulative, values } = table;
    for (let i = 0; i < cumulative.length; i++) if (r < cumulative[i]) return values[i];
    return values[values.length - 1];
  }

  /** k distinct items, in the order drawn. */
  sample<T>(items: readonly T[], k: number): T[] {
    const pool = items.slice();
    const out: T[] = [];
    for (let i = 0; i < k && pool.length > 0; i++) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]);
    return out;
  }
}

interface Weighted<T> {
  values: T[];
  cumulative: number[];
  total: number;
}

function weights<T>(entries: ReadonlyArray<readonly [T, number]>): Weighted<T> {
  const values: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [v, w] of entries) {
    total += w;
    values.push(v);
    cumulative.push(total);
  }
  return { values, cumulative, total };
}

/** Spreads (seed, index) so neighbouring leads and neighbouring seeds get unrelated streams. */
function leadSeed(seed: number, index: number): number {
  let h = (Math.trunc(seed) ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h ^ Math.imul(Math.trunc(seed / 4294967296) | 0, 0x27d4eb2f)) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Fixed tables

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const HISTORY_DAYS = 180;
const TIMEZONE = 'America/Los_Angeles';

const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Mateo', 'Sofia', 'Lucas', 'Isabella', 'Ethan',
  'Mia', 'James', 'Amelia', 'Benjamin', 'Harper', 'Daniel', 'Grace', 'Samuel', 'Chloe', 'David',
  'Wei', 'Mei', 'Jun', 'Hiroshi', 'Yuki', 'Min-jun', 'Ji-woo', 'Thảo', 'Minh', 'Linh',
  'Priya', 'Arjun', 'Ananya', 'Rohan', 'Aisha', 'Omar', 'Fatima', 'Yusuf', 'Layla', 'Hassan',
  'José', 'María', 'Camila', 'Diego', 'Valentina', 'Alejandro', 'Lucía', 'Carlos', 'Ximena', 'Andrés',
  'Amara', 'Kwame', 'Chiamaka', 'Tunde', 'Zainab', 'Kofi', 'Nia', 'Malik', 'Imani', 'Jamal',
  'Zoë', 'Björn', 'Ingrid', 'Siobhán', 'Declan', 'Mateusz', 'Olga', 'Dmitri', 'Elena', 'Nikolai',
  'Kai', 'Leilani', 'Tala', 'Rafael', 'Ana', 'Tomás', 'Noor', 'Dariush', 'Shira', 'Eitan',
] as const;

const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor',
  'Thomas', 'Moore', 'Martin', 'Jackson', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker',
  'García', 'Rodríguez', 'Martínez', 'Hernández', 'López', 'González', 'Pérez', 'Sánchez', 'Ramírez', 'Torres',
  'Nguyễn', 'Tran', 'Le', 'Pham', 'Kim', 'Lee', 'Park', 'Choi', 'Chen', 'Wang',
  'Li', 'Zhang', 'Liu', 'Huang', 'Tanaka', 'Suzuki', 'Sato', 'Patel', 'Shah', 'Singh',
  'Kumar', 'Gupta', 'Iyer', 'Khan', 'Ahmed', 'Hussein', 'Haddad', 'Okafor', 'Adeyemi', 'Mensah',
  'Mwangi', 'Osei', 'Diallo', "O'Brien", 'Murphy', 'Kowalski', 'Nowak', 'Ivanova', 'Petrov', 'Müller',
  'Schmidt', 'Larsen', 'Johansson', 'Rossi', 'Silva', 'Santos', 'Kahananui', 'Begay', 'Yazzie', 'Cohen',
] as const;

/** ASCII email local-part pieces, computed once: "Nguyễn" → "nguyen", "O'Brien" → "obrien". */
const FIRST_SLUGS = FIRST_NAMES.map(slug);
const LAST_SLUGS = LAST_NAMES.map(slug);

function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** Western Washington first, then the usual relocation markets. */
const PHONE_AREA_CODES = weights<string>([
  ['206', 30], ['425', 22], ['253', 12], ['360', 8], ['564', 2], ['509', 3],
  ['503', 3], ['971', 1], ['415', 3], ['650', 2], ['408', 2], ['510', 2],
  ['213', 1], ['310', 2], ['619', 1], ['602', 1], ['702', 1], ['303', 1],
  ['512', 1], ['312', 1], ['212', 1], ['646', 1], ['617', 1], ['907', 1],
]);

const SOURCES = weights<LeadSource>([
  [LeadSource.Web, 25],
  [LeadSource.MetaLeadAds, 20],
  [LeadSource.Portal, 20],
  [LeadSource.WhatsApp, 12],
  [LeadSource.Referral, 8],
  [LeadSource.Phone, 8],
  [LeadSource.Email, 5],
  [LeadSource.Import, 4],
  [LeadSource.WalkIn, 3],
]);

const ONLINE_SOURCES: ReadonlySet<LeadSource> = new Set([LeadSource.Web, LeadSource.MetaLeadAds, LeadSource.Portal, LeadSource.WhatsApp]);

/** [P(email), P(phone)] by source: a WhatsApp lead comes with a number, a web form with an email. */
const CONTACT_CHANNELS: Readonly<Record<LeadSource, readonly [number, number]>> = {
  [LeadSource.Web]: [1, 0.7],
  [LeadSource.MetaLeadAds]: [1, 0.9],
  [LeadSource.Portal]: [1, 0.6],
  [LeadSource.WhatsApp]: [0.25, 1],
  [LeadSource.Phone]: [0.3, 1],
  [LeadSource.WalkIn]: [0.6, 0.8],
  [LeadSource.Referral]: [0.7, 0.8],
  [LeadSource.Import]: [0.9, 0.7],
  [LeadSource.Partner]: [1, 0.7],
  [LeadSource.Widget]: [0.2, 1],
  [LeadSource.Email]: [1, 0.3],
};

const LEAD_CREATED_SUMMARY: Readonly<Record<LeadSource, string>> = {
  [LeadSource.Web]: 'New lead from the website enquiry form',
  [LeadSource.MetaLeadAds]: 'New lead from a Facebook/Instagram lead ad',
  [LeadSource.Portal]: 'New lead from a listing portal enquiry',
  [LeadSource.WhatsApp]: 'New lead from a WhatsApp message',
  [LeadSource.Referral]: 'New lead from a referral',
  [LeadSource.Phone]: 'New lead from a phone call',
  [LeadSource.WalkIn]: 'New lead from an office walk-in',
  [LeadSource.Import]: 'New lead from a spreadsheet import',
  [LeadSource.Partner]: 'New lead from a partner integration',
  [LeadSource.Widget]: 'New lead from the website chat',
  [LeadSource.Email]: 'New lead from an email',
};

/** The funnel in order; won is reached only through offer. */
const FUNNEL: readonly LeadStage[] = [LeadStage.New, LeadStage.Contacted, LeadStage.Qualified, LeadStage.Viewing, LeadStage.Offer, LeadStage.Won];

/** Final stage by the lead's age: young leads haven't had time to move, old ones have mostly resolved. */
const STAGE_BY_AGE: ReadonlyArray<readonly [number, Weighted<LeadStage>]> = [
  [1, weights([[LeadStage.New, 60], [LeadStage.Contacted, 30], [LeadStage.Qualified, 10]])],
  [7, weights([[LeadStage.New, 20], [LeadStage.Contacted, 35], [LeadStage.Qualified, 25], [LeadStage.Viewing, 10], [LeadStage.Lost, 10]])],
  [30, weights([[LeadStage.New, 8], [LeadStage.Contacted, 25], [LeadStage.Qualified, 22], [LeadStage.Viewing, 18], [LeadStage.Offer, 7], [LeadStage.Won, 3], [LeadStage.Lost, 17]])],
  [Infinity, weights([[LeadStage.New, 4], [LeadStage.Contacted, 15], [LeadStage.Qualified, 15], [LeadStage.Viewing, 12], [LeadStage.Offer, 8], [LeadStage.Won, 12], [LeadStage.Lost, 34]])],
];

/** How far a lost lead got before it was lost. */
const LOST_AFTER = weights<LeadStage>([[LeadStage.Contacted, 45], [LeadStage.Qualified, 30], [LeadStage.Viewing, 18], [LeadStage.Offer, 7]]);

/** P(unassigned): routing picks up most leads quickly; the unassigned pile is mostly fresh leads. */
const UNASSIGNED: Readonly<Record<LeadStage, number>> = {
  [LeadStage.New]: 0.75,
  [LeadStage.Contacted]: 0.4,
  [LeadStage.Qualified]: 0.15,
  [LeadStage.Viewing]: 0.03,
  [LeadStage.Offer]: 0.02,
  [LeadStage.Won]: 0.02,
  [LeadStage.Lost]: 0.4,
};

/** How much of the profile is known at each stage, as a per-field probability. */
const KNOWLEDGE: Readonly<Record<LeadStage, number>> = {
  [LeadStage.New]: 0.25,
  [LeadStage.Contacted]: 0.5,
  [LeadStage.Qualified]: 0.8,
  [LeadStage.Viewing]: 0.9,
  [LeadStage.Offer]: 0.95,
  [LeadStage.Won]: 0.95,
  [LeadStage.Lost]: 0.5,
};

const BUY_BEDROOMS = weights<number>([[1, 5], [2, 20], [3, 40], [4, 28], [5, 7]]);
const RENT_BEDROOMS = weights<number>([[0, 8], [1, 35], [2, 35], [3, 17], [4, 5]]);
const BUY_BATHROOMS = weights<number>([[1, 10], [1.5, 10], [2, 35], [2.5, 30], [3, 15]]);
const RENT_BATHROOMS = weights<number>([[1, 55], [1.5, 15], [2, 30]]);
const BUY_TYPES = weights<string>([[UnitType.House, 55], [UnitType.Townhouse, 25], [UnitType.Condo, 20]]);
const RENT_TYPES = weights<string>([[UnitType.Apartment, 45], [UnitType.Condo, 20], [UnitType.Townhouse, 15], [UnitType.House, 20]]);
const BUY_TIMELINE = weights<Timeline>([[Timeline.Asap, 15], [Timeline.Within3Months, 30], [Timeline.Within6Months, 30], [Timeline.Within12Months, 15], [Timeline.Later, 10]]);
const RENT_TIMELINE = weights<Timeline>([[Timeline.Asap, 50], [Timeline.Within3Months, 40], [Timeline.Within6Months, 10]]);
const FINANCING = weights<Financing>([[Financing.Cash, 15], [Financing.PreApproved, 35], [Financing.MortgageNeeded, 35], [Financing.Unknown, 15]]);

const BUY_MUST_HAVES = ['garage', 'yard', 'home office', 'good schools', 'view', 'single-level', 'basement', 'near light rail', 'quiet street', 'EV charger', 'air conditioning', 'waterfront'];
const RENT_MUST_HAVES = ['parking', 'in-unit laundry', 'near light rail', 'walkable', 'dishwasher', 'air conditioning', 'home office', 'balcony', 'gym', 'bike storage'];

const LOST_REASONS = [
  'Went with another agent.',
  'Stopped replying after several follow-ups.',
  'Decided to stay put for now.',
  'Budget does not stretch to the areas they want.',
  'Bought a for-sale-by-owner home.',
  'Job move fell through, search cancelled.',
  'Renewed their current lease.',
];

// ---------------------------------------------------------------------------------------------
// Generation

interface Context {
  now: number;
  agentCount: number;
  agentIds: readonly string[];
  places: readonly string[];
  cityCount: number;
  phones: PhoneAllocator;
}

function generateOne(index: number, rng: Rng, ctx: Context): GeneratedLead {
  const { now } = ctx;
  const created = now - Math.floor((rng.next() * HISTORY_DAYS * DAY) / 1000) * 1000;
  const ageDays = (now - created) / DAY;

  const source = rng.weighted(SOURCES);
  const stage = rng.weighted(stageWeights(ageDays));
  const agent = ctx.agentCount > 0 && !rng.chance(UNASSIGNED[stage]) ? rng.int(0, ctx.agentCount - 1) : null;

  const fi = rng.int(0, FIRST_NAMES.length - 1);
  const li = rng.int(0, LAST_NAMES.length - 1);
  const contact = makeContact(index, fi, li, source, rng, ctx.phones);
  const first = FIRST_NAMES[fi];

  // Fresh leads know less than their stage alone suggests: nobody has had time to ask.
  const knowledge = KNOWLEDGE[stage] * (ageDays < 1 ? 0.7 : 1);
  const profile = makeProfile(rng, knowledge, ctx);

  // Stages passed after 'new', in order, ending with 'lost' for lost leads.
  const reached = stage === LeadStage.Lost ? rng.weighted(LOST_AFTER) : stage;
  const path = FUNNEL.slice(1, FUNNEL.indexOf(reached) + 1);
  if (stage === LeadStage.Lost) path.push(LeadStage.Lost);

  let firstResponse: number | null = null;
  if (path.length > 0) {
    firstResponse = created + responseDelay(rng);
    if (firstResponse > now) firstResponse = created + roundSecond((now - created) * rng.range(0.1, 0.9));
  }
  const slaDue = firstResponse === null ? created + (ONLINE_SOURCES.has(source) ? 15 : 60) * MINUTE : null;

  const h = new History(now, agent);
  const tasks: GeneratedTask[] = [];

  const sourceRef = makeSourceRef(source, rng, index);
  h.add(ActivityType.LeadCreated, created, LEAD_CREATED_SUMMARY[source], { source, sourceRef }, null, false);
  const channel = firstChannel(source, contact, rng);
  if (source === LeadSource.Referral) {
    h.add(ActivityType.Note, created + 1000, `Referred by a past client, ${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}.`, {}, null, false);
  } else if (source === LeadSource.WalkIn) {
    h.add(ActivityType.Note, created + 1000, `Walked into the office. ${firstInbound(profile, rng)}`, {}, null, false);
  } else if (source !== LeadSource.Import) {
    h.add(ActivityType.Message, created + 1000, firstInbound(profile, rng), { channel }, 'inbound', false);
  }
  if (agent !== null) {
    // Routing runs before anyone replies.
    const latest = firstResponse === null ? 5 * MINUTE : Math.min(5 * MINUTE, (firstResponse - created) / 2);
    h.add(ActivityType.Assigned, created + roundSecond(rng.range(0, latest)), 'Lead assigned', { assigneeId: ctx.agentIds[agent] }, null, false);
  }

  if (firstResponse === null) {
    tasks.push({ title: `Reply to ${first}`, dueAt: new Date(slaDue!), completedAt: null, createdAt: new Date(created) });
  } else {
    h.add(ActivityType.Message, firstResponse, firstOutbound(first, source, profile, rng), { channel }, 'outbound', true);
    h.stage(firstResponse + 1000, LeadStage.New, LeadStage.Contacted);

    // Each later step comes 1–14 days after the one before (plus escrow before a purchase closes),
    // squeezed to fit when the lead is younger than that.
    const steps = path.length - 1;
    const gaps: number[] = [];
    let total = 0;
    for (let s = 1; s <= steps; s++) {
      let gap = rng.range(1, 14) * DAY;
      if (path[s] === LeadStage.Won && profile.purpose !== Purpose.Rent) gap += rng.range(21, 35) * DAY;
      gaps.push(gap);
      total += gap;
    }
    const room = (now - firstResponse) * 0.95;
    const scale = total > room ? room / total : 1;

    let prev: LeadStage = LeadStage.Contacted;
    let prevAt = Math.min(now, firstResponse + 1000);
    for (let s = 1; s <= steps; s++) {
      const to = path[s];
      const at = Math.min(now, Math.max(prevAt + 2000, prevAt + roundSecond(gaps[s - 1] * scale)));
      // Often a short exchange before a step: the lead writes, the agent answers.
      if (rng.chance(0.35)) {
        const t1 = prevAt + roundSecond((at - prevAt) * rng.range(0.2, 0.6));
        const [question, answer] = rng.pick(FOLLOW_UPS);
        h.add(ActivityType.Message, t1, question, { channel }, 'inbound', false);
        h.add(ActivityType.Message, t1 + roundSecond((at - t1) * rng.range(0.1, 0.5)), answer, { channel }, 'outbound', true);
      }
      stepExtras(to, at, first, profile, rng, h, tasks);
      h.stage(at + 1000, prev, to);
      prev = to;
      prevAt = Math.min(now, at + 1000);
    }

    const active = stage !== LeadStage.Won && stage !== LeadStage.Lost;
    if (stage === LeadStage.Contacted) {
      tasks.push({ title: `Qualify ${first}: budget, timeline, financing`, dueAt: new Date(prevAt + rng.int(1, 4) * DAY), completedAt: null, createdAt: new Date(prevAt) });
    }
    // Open leads usually have some recent back-and-forth; some have gone quiet.
    if (active && rng.chance(0.4)) {
      const t1 = prevAt + roundSecond(rng.range(0.05, 7) * DAY);
      if (t1 < now) h.add(ActivityType.Message, t1, rng.pick(CHASERS), { channel }, 'outbound', true);
    }
    if (rng.chance(0.2)) h.add(ActivityType.Note, firstResponse + roundSecond((prevAt - firstResponse) * rng.next()), rng.pick(GENERAL_NOTES), {}, null, true);
  }

  const activities = h.done();
  return {
    contact,
    lead: {
      source,
      sourceRef,
      stage,
      assigneeIndex: agent,
      createdAt: new Date(created),
      lastActivityAt: new Date(activities[activities.length - 1].createdAt.getTime()),
      firstResponseAt: firstResponse === null ? null : new Date(firstResponse),
      slaDueAt: slaDue === null ? null : new Date(slaDue),
    },
    profile,
    activities,
    tasks: exact(tasks),
  };
}

/** Collects a lead's activities; agent actions are credited to the assignee. */
class History {
  private readonly items: GeneratedActivity[] = [];
  private sorted = true;
  private last = -Infinity;

  constructor(
    readonly nowMs: number,
    private readonly agent: number | null,
  ) {}

  add(type: ActivityType, at: number, summary: string, data: Record<string, unknown>, direction: 'inbound' | 'outbound' | null, byAgent: boolean): void {
    // Steps are spaced a second or more apart, which can pass `now` for a lead created moments
    // ago; nothing in the history may be in the future.
    const t = at > this.nowMs ? this.nowMs : at;
    if (t < this.last) this.sorted = false;
    this.last = t;
    this.items.push({ type, direction, summary, data, actorIndex: byAgent ? this.agent : null, createdAt: new Date(t) });
  }

  stage(at: number, from: LeadStage, to: LeadStage): void {
    this.add(ActivityType.StageChanged, at, STAGE_CHANGE_SUMMARY[from][to], { from, to }, null, true);
  }

  /** In time order; the sort is stable, so same-second entries keep the order they happened in. */
  done(): GeneratedActivity[] {
    if (!this.sorted) this.items.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    return exact(this.items);
  }
}

/** Built once: 100k leads × several steps would otherwise each build the same string. */
const STAGE_CHANGE_SUMMARY = Object.fromEntries(
  Object.values(LeadStage).map((from) => [from, Object.fromEntries(Object.values(LeadStage).map((to) => [to, `Stage changed from ${from} to ${to}`]))]),
) as Readonly<Record<LeadStage, Readonly<Record<LeadStage, string>>>>;

function stageWeights(ageDays: number): Weighted<LeadStage> {
  for (const [maxAge, table] of STAGE_BY_AGE) if (ageDays < maxAge) return table;
  return STAGE_BY_AGE[STAGE_BY_AGE.length - 1][1];
}

/**
 * A copy sized to its contents. Arrays grown by push keep room for 17 items; with 100k leads and
 * five arrays each, that slack is a large share of the heap and of the GC time spent copying it.
 */
function exact<T>(items: T[]): T[] {
  return items.length === 0 ? [] : items.slice();
}

function roundSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** What happens at each step into a stage, besides the stage change itself. */
function stepExtras(to: LeadStage, at: number, first: string, profile: GeneratedProfile, rng: Rng, h: History, tasks: GeneratedTask[]): void {
  const now = h.nowMs;
  const task = (title: string, dueAt: number): void => {
    // Tasks due in the past are mostly done; a few are left overdue, as in any real pipeline.
    const done = dueAt < now && rng.chance(0.85);
    const completedAt = done ? Math.max(at, dueAt - roundSecond(rng.range(0, 2) * HOUR)) : null;
    tasks.push({ title, dueAt: new Date(dueAt), completedAt: completedAt === null ? null : new Date(completedAt), createdAt: new Date(at) });
  };
  switch (to) {
    case LeadStage.Qualified:
      h.add(ActivityType.Note, at, qualifyNote(profile), {}, null, true);
      task(`Send ${first} matching listings`, at + rng.int(1, 3) * DAY);
      break;
    case LeadStage.Viewing: {
      // 17:00–23:00 UTC is mid-morning to late afternoon in Seattle.
      const viewingAt = at - (at % DAY) + rng.int(1, 5) * DAY + rng.int(17, 23) * HOUR;
      const day = new Date(viewingAt).toISOString();
      h.add(ActivityType.Viewing, at, `Viewing booked for ${day.slice(0, 10)}`, { scheduledAt: day }, null, true);
      task(`Confirm viewing with ${first}`, Math.max(at + HOUR, viewingAt - DAY));
      break;
    }
    case LeadStage.Offer: {
      // For a renter the "offer" is the rental application.
      const renting = profile.purpose === Purpose.Rent;
      const what = renting ? 'Rental application' : 'Offer';
      const amount = profile.budgetMax ?? profile.budgetMin;
      h.add(ActivityType.Note, at, amount === null ? `${what} submitted.` : `${what} submitted at ${money(amount, profile.purpose)}.`, {}, null, true);
      task(renting ? `Chase the landlord about ${first}'s application` : `Chase the seller's answer to ${first}'s offer`, at + rng.int(2, 5) * DAY);
      break;
    }
    case LeadStage.Won:
      h.add(ActivityType.Note, at, profile.purpose === Purpose.Rent ? 'Lease signed. Keys handed over.' : 'Closed. Keys handed over.', {}, null, true);
      task(`Send ${first} a closing gift`, at + 3 * DAY);
      break;
    case LeadStage.Lost:
      h.add(ActivityType.Note, at, rng.pick(LOST_REASONS), {}, null, true);
      if (rng.chance(0.3)) tasks.push({ title: `Check in with ${first} again`, dueAt: new Date(at + 90 * DAY), completedAt: null, createdAt: new Date(at) });
      break;
    default:
      break;
  }
}

function makeContact(index: number, fi: number, li: number, source: LeadSource, rng: Rng, phones: PhoneAllocator): GeneratedContact {
  const [pEmail, pPhone] = CONTACT_CHANNELS[source];
  let hasEmail = rng.chance(pEmail);
  const hasPhone = rng.chance(pPhone);
  if (!hasEmail && !hasPhone) hasEmail = true;
  const domain = rng.chance(0.8) ? 'example.com' : 'example.org';
  return {
    name: `${FIRST_NAMES[fi]} ${LAST_NAMES[li]}`,
    email: hasEmail ? `${FIRST_SLUGS[fi]}.${LAST_SLUGS[li]}${index + 1}@${domain}` : null,
    phone: hasPhone ? phones.next(rng) : null,
    timezone: TIMEZONE,
  };
}

/**
 * Hands out 555-0100..555-0199 per area code, in order, so numbers stay unique until every area
 * code's 100 are used; then it starts over. The area code is drawn by weight, moving on to the next
 * code with numbers left when the drawn one is used up. So the first few hundred leads have mostly
 * local (206/425/253/360) numbers, and larger sets drift towards an even spread of area codes:
 * uniqueness was preferred over realism, since duplicate phones would trip duplicate detection.
 */
class PhoneAllocator {
  private readonly used = new Array<number>(PHONE_AREA_CODES.values.length).fill(0);
  private left = PHONE_AREA_CODES.values.length * 100;

  next(rng: Rng): string {
    if (this.left === 0) {
      this.used.fill(0);
      this.left = this.used.length * 100;
    }
    let code = PHONE_AREA_CODES.values.indexOf(rng.weighted(PHONE_AREA_CODES));
    while (this.used[code] >= 100) code = (code + 1) % this.used.length;
    const line = 100 + this.used[code]++;
    this.left--;
    const area = PHONE_AREA_CODES.values[code];
    const style = rng.next();
    if (style < 0.7) return `(${area}) 555-0${line}`;
    if (style < 0.9) return `${area}-555-0${line}`;
    return `+1 ${area} 555 0${line}`;
  }
}

function makeSourceRef(source: LeadSource, rng: Rng, index: number): string | null {
  switch (source) {
    case LeadSource.MetaLeadAds:
      // Meta leadgen ids are 15–16 digit numbers.
      return `${rng.int(10_000_000, 99_999_999)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
    case LeadSource.WhatsApp:
      return `wamid.${hex(rng, 32)}`;
    case LeadSource.Portal:
      return `PRT-${rng.int(1_000_000, 9_999_999)}`;
    case LeadSource.Web:
      return `form-${hex(rng, 16)}`;
    case LeadSource.Import:
      return `import:row-${index + 2}`;
    default:
      return null;
  }
}

/** `length` upper-case hex digits (a multiple of 8), eight per draw. */
function hex(rng: Rng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i += 8) s += Math.floor(rng.next() * 4294967296).toString(16).padStart(8, '0');
  return s.toUpperCase();
}

function firstChannel(source: LeadSource, contact: GeneratedContact, rng: Rng): string {
  if (source === LeadSource.WhatsApp) return 'whatsapp';
  if (source === LeadSource.Phone) return 'phone';
  if (contact.email === null) return 'sms';
  if (contact.phone === null) return 'email';
  return rng.chance(0.6) ? 'email' : 'sms';
}

/** Minutes to days, heavy-tailed: most replies are quick, a few leads wait. */
function responseDelay(rng: Rng): number {
  const r = rng.next();
  if (r < 0.4) return rng.int(1, 15) * MINUTE;
  if (r < 0.75) return rng.int(15, 120) * MINUTE;
  if (r < 0.95) return rng.int(2, 24) * HOUR;
  return rng.int(24, 72) * HOUR;
}

function placeList(cities: readonly string[]): string[] {
  return [...cities, ...KING_COUNTY_NEIGHBOURHOODS.filter((n) => !cities.includes(n))];
}

function makeProfile(rng: Rng, k: number, ctx: Context): GeneratedProfile {
  // Lead forms usually ask buy-or-rent, so purpose is known more often than the rest.
  const purpose = rng.chance(Math.max(0.6, k)) ? (rng.chance(0.7) ? Purpose.Buy : Purpose.Rent) : null;
  const buying = purpose !== Purpose.Rent;

  let budgetMin: number | null = null;
  let budgetMax: number | null = null;
  if (purpose !== null && rng.chance(k)) {
    const [min, max] = purpose === Purpose.Buy ? buyBudget(rng) : rentBudget(rng);
    budgetMax = max;
    // People often give a ceiling only.
    budgetMin = rng.chance(0.75) ? min : null;
  }

  const bedrooms = rng.chance(k) ? rng.weighted(buying ? BUY_BEDROOMS : RENT_BEDROOMS) : null;
  const bathrooms = rng.chance(k * 0.6) ? rng.weighted(buying ? BUY_BATHROOMS : RENT_BATHROOMS) : null;

  const propertyTypes: string[] = [];
  if (rng.chance(k)) {
    const table = buying ? BUY_TYPES : RENT_TYPES;
    const n = rng.chance(0.7) ? 1 : 2;
    for (let i = 0; i < n; i++) {
      const t = rng.weighted(table);
      if (!propertyTypes.includes(t)) propertyTypes.push(t);
    }
  }

  const locations: string[] = [];
  if (ctx.places.length > 0 && rng.chance(Math.min(1, k + 0.2))) {
    const n = rng.weighted(LOCATION_COUNT);
    for (let i = 0; i < n; i++) {
      // Cities first in the list; about half of picks are a city, the rest a neighbourhood.
      const place = ctx.cityCount > 0 && rng.chance(0.5) ? ctx.places[rng.int(0, ctx.cityCount - 1)] : rng.pick(ctx.places);
      if (!locations.includes(place)) locations.push(place);
    }
  }

  const timeline = purpose !== null && rng.chance(k) ? rng.weighted(purpose === Purpose.Buy ? BUY_TIMELINE : RENT_TIMELINE) : null;
  const financing = purpose === Purpose.Buy && rng.chance(k * 0.9) ? rng.weighted(FINANCING) : null;
  const pets = rng.chance(purpose === Purpose.Rent ? k * 0.8 : k * 0.3) ? rng.chance(0.4) : null;
  const furnished = purpose === Purpose.Rent && rng.chance(k * 0.5) ? rng.chance(0.2) : null;
  const mustHaves = rng.chance(k) ? rng.sample(buying ? BUY_MUST_HAVES : RENT_MUST_HAVES, rng.int(1, 3)) : [];

  return {
    purpose,
    budgetMin,
    budgetMax,
    currency: 'USD',
    bedrooms,
    bathrooms,
    propertyTypes: exact(propertyTypes),
    locations: exact(locations),
    timeline,
    financing,
    pets,
    furnished,
    mustHaves: exact(mustHaves),
  };
}

const LOCATION_COUNT = weights<number>([[1, 55], [2, 30], [3, 15]]);

/** Log-space triangular around ~$800k, so most buyers sit in $500k–1.3M with tails to $300k and $2.5M. */
function buyBudget(rng: Rng): [number, number] {
  const lo = Math.log(330_000);
  const hi = Math.log(2_200_000);
  const centre = Math.exp(lo + ((rng.next() + rng.next()) / 2) * (hi - lo));
  const min = clamp(roundTo(centre * 0.85, 25_000), 300_000, 2_500_000);
  const max = clamp(roundTo(centre * 1.1, 25_000), 300_000, 2_500_000);
  return [Math.min(min, max), Math.max(min, max)];
}

function rentBudget(rng: Rng): [number, number] {
  const centre = 1_700 + ((rng.next() + rng.next()) / 2) * 3_800;
  const min = clamp(roundTo(centre * 0.85, 100), 1_500, 6_000);
  const max = clamp(roundTo(centre * 1.1, 100), 1_500, 6_000);
  return [Math.min(min, max), Math.max(min, max)];
}

function roundTo(v: number, step: number): number {
  return Math.round(v / step) * step;
}

function clamp(v: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, v));
}

function money(amount: number, purpose: Purpose | null): string {
  if (purpose === Purpose.Rent) return `$${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}/mo`;
  if (amount >= 1_000_000) return `$${(amount / 1_000_000).toFixed(2).replace(/\.?0+$/, '')}M`;
  return `$${Math.round(amount / 1000)}k`;
}

// ---------------------------------------------------------------------------------------------
// Message text. Short, plain, and built only from the lead's own profile so the timeline agrees
// with the profile panel.

function firstInbound(p: GeneratedProfile, rng: Rng): string {
  const where = p.locations.length > 0 ? ` in ${p.locations[0]}` : '';
  const beds = p.bedrooms === null ? '' : p.bedrooms === 0 ? 'studio ' : `${p.bedrooms}-bed `;
  const budget = p.budgetMax === null ? '' : `, budget up to ${money(p.budgetMax, p.purpose)}`;
  if (p.purpose === Purpose.Rent) {
    return rng.pick([
      `Hi, I'm looking for a ${beds}rental${where}${budget}. Is anything available soon?`,
      `Is the ${beds}place${where} still available? When can I see it?`,
      `Hello! Looking to rent${where}${budget}. Do you allow pets?`,
    ]);
  }
  if (p.purpose === Purpose.Buy) {
    return rng.pick([
      `Hi, we're looking to buy a ${beds}home${where}${budget}.`,
      `Is the ${beds}listing${where} still on the market? We'd like to take a look.`,
      `Hello, thinking about buying${where} this year${budget}. Can you help?`,
    ]);
  }
  return rng.pick(['Hi, can someone call me about a property?', 'Interested in one of your listings, please get in touch.', 'Hello, is this still available?']);
}

function firstOutbound(first: string, source: LeadSource, p: GeneratedProfile, rng: Rng): string {
  const where = p.locations.length > 0 ? ` in ${p.locations[0]}` : '';
  if (source === LeadSource.WalkIn) return `Great to meet you today, ${first}! As promised, a few places${where} to look at.`;
  if (source === LeadSource.Phone) return `Thanks for calling, ${first}. As promised, here are a few listings${where} that fit.`;
  if (source === LeadSource.Referral) return `Hi ${first}, a past client of ours passed on your details. When is a good time to talk?`;
  return rng.pick([
    `Hi ${first}, thanks for reaching out! Happy to help. When is a good time for a quick call?`,
    `Hi ${first}, thanks for your message. I have a few places${where} in mind. Are you free to talk today?`,
    `Hello ${first}! Thanks for getting in touch. Could you tell me a bit more about what you're looking for?`,
  ]);
}

function qualifyNote(p: GeneratedProfile): string {
  const parts: string[] = [];
  if (p.purpose !== null) parts.push(p.purpose === Purpose.Buy ? 'Buying' : 'Renting');
  if (p.bedrooms !== null) parts.push(p.bedrooms === 0 ? 'studio' : `${p.bedrooms} bed`);
  if (p.locations.length > 0) parts.push(`in ${p.locations.join(' or ')}`);
  if (p.budgetMax !== null) parts.push(`up to ${money(p.budgetMax, p.purpose)}`);
  if (p.financing === Financing.PreApproved) parts.push('pre-approved');
  if (p.financing === Financing.Cash) parts.push('cash buyer');
  return parts.length > 0 ? `Qualified on call: ${parts.join(', ')}.` : 'Qualified on call.';
}

/** A lead's message and the agent's answer to it. */
const FOLLOW_UPS: ReadonlyArray<readonly [string, string]> = [
  ['Thanks! Could we see it this weekend?', 'Sure, I can do Saturday at 11. Does that work?'],
  ['What are the HOA fees on that one?', "I'll check with the listing agent and get back to you today."],
  ['Is parking included?', 'Yes, one covered spot, and street parking is easy there.'],
  ['We liked the second one, any others like it?', 'Just sent over three more that fit what you described.'],
  ['Can we push to next week? Work got busy.', 'No problem, I will hold a slot for you next week.'],
  ['How old is the roof?', 'Here is the disclosure packet; the roof was redone in 2016.'],
  ['Are offers being reviewed yet?', 'Offers are due Tuesday at 5pm. Want to talk strategy?'],
  ['Sounds good, talk then.', 'Great, speak soon.'],
];

/** Agent nudges when the lead has gone quiet. */
const CHASERS = [
  'Following up on the listings I sent. Any favourites?',
  'Just checking in. Still looking?',
  'A new place came up that fits what you described. Want the details?',
];

const GENERAL_NOTES = [
  'Prefers text over calls.',
  'Best reached after 6pm.',
  'Partner needs to see any place before deciding.',
  'Relocating from out of state for work.',
  'Wants to stay close to current school.',
  'Has a dog, needs a fenced yard or nearby park.',
  'Working from home, needs a quiet office space.',
];
