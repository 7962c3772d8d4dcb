/**
 * The words a broker reads: labels for score factors, profile fields, the assistant's tools,
 * timeline entries and the app's enums, and how money, budgets, time zones and a home's fit for a
 * buyer are said. ONE place, plain TypeScript with no imports, so the API (the assistant's replies,
 * match reasons) and the Angular SPA (through the `@words/*` path alias in frontend/tsconfig.json)
 * compile the very same file and can never disagree. Nothing here may import Nest, TypeORM or
 * Angular: the SPA bundles it as is.
 */

// ---- labels -------------------------------------------------------------------------------

/** Score factors (`scoring/score.ts`), as a broker would name what earned the points. */
export const SCORE_FACTOR_LABELS: Readonly<Record<string, string>> = {
  purpose: 'Buying or renting',
  budget: 'Budget',
  location: 'Where they want to live',
  requirements: 'What the home needs',
  timeline: 'When they want to move',
  financing: 'How they will pay',
  engagement: 'How engaged they are',
  inventoryFit: 'Homes we have that fit',
  manual: 'Set by hand',
};

/** Profile and contact fields. */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  purpose: 'Looking to',
  budgetMin: 'Budget from',
  budgetMax: 'Budget up to',
  budget: 'Budget',
  currency: 'Currency',
  bedrooms: 'Bedrooms',
  bathrooms: 'Bathrooms',
  propertyTypes: 'Type of home',
  locations: 'Areas',
  timeline: 'When',
  financing: 'Paying with',
  pets: 'Pets',
  furnished: 'Furnished',
  mustHaves: 'Must-haves',
  dislikes: 'Does not want',
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  timezone: 'Time zone',
  preferredChannel: 'Prefers to hear by',
  language: 'Speaks',
  title: 'Title',
  dueAt: 'Due',
  body: 'Text',
  reason: 'Reason',
  score: 'Score',
  source: 'Source',
  assigneeId: 'Assigned to',
  type: 'Type',
  outcome: 'Outcome',
  channel: 'How',
  // Listings
  ref: 'Listing reference',
  street: 'Street address',
  area: 'Neighbourhood',
  city: 'City',
  zip: 'ZIP code',
  price: 'Price',
  sizeSqft: 'Size (sq ft)',
  lotSqft: 'Lot (sq ft)',
  yearBuilt: 'Year built',
  features: 'Features',
  description: 'Description',
  status: 'Status',
  photo: 'Photo',
};

export const PURPOSE_LABELS: Readonly<Record<string, string>> = { buy: 'Buy', rent: 'Rent', sell: 'Sell' };

export const TIMELINE_LABELS: Readonly<Record<string, string>> = {
  asap: 'As soon as possible',
  '1-3_months': 'In 1–3 months',
  '3-6_months': 'In 3–6 months',
  '6-12_months': 'In 6–12 months',
  later: 'In more than a year',
};

export const FINANCING_LABELS: Readonly<Record<string, string>> = {
  cash: 'Cash',
  pre_approved: 'Pre-approved mortgage',
  mortgage_needed: 'Needs a mortgage',
  unknown: 'Not sure yet',
};

export const HOME_TYPE_LABELS: Readonly<Record<string, string>> = {
  house: 'House',
  townhouse: 'Townhouse',
  condo: 'Condo',
  apartment: 'Apartment',
  land: 'Land',
};

/** How the price of a home felt to a buyer after a viewing. */
export const PRICE_FEELING_LABELS: Readonly<Record<string, string>> = { too_high: 'Too high', about_right: 'About right', good_value: 'Good value' };

export const UNIT_STATUS_LABELS: Readonly<Record<string, string>> = {
  available: 'Available',
  under_offer: 'Under offer',
  sold: 'Sold',
  rented: 'Rented',
  off_market: 'Off the market',
};

export const STAGE_LABELS: Readonly<Record<string, string>> = {
  new: 'New',
  contacted: 'Contacted',
  qualified: 'Qualified',
  viewing: 'Viewing',
  offer: 'Offer',
  won: 'Won',
  lost: 'Lost',
};

export const SOURCE_LABELS: Readonly<Record<string, string>> = {
  web: 'Web',
  meta_lead_ads: 'Lead Ads',
  whatsapp: 'WhatsApp',
  portal: 'Portal',
  referral: 'Referral',
  phone: 'Phone',
  walk_in: 'Walk-in',
  import: 'Import',
  partner: 'Partner',
  widget: 'Website chat',
  email: 'Email',
};

export const QUALIFICATION_LABELS: Readonly<Record<string, string>> = {
  qualified: 'Qualified',
  unqualified: 'Not qualified yet',
  disqualified: 'Disqualified',
};

export const SCORE_SOURCE_LABELS: Readonly<Record<string, string>> = { auto: 'automatic', manual: 'set by hand' };

/** How a message went or a contact prefers to be reached. */
export const CHANNEL_LABELS: Readonly<Record<string, string>> = {
  email: 'Email',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  phone: 'Phone call',
  web: 'Web chat',
  /** Web chat started from the brokerage's own website (the chat widget). */
  widget: 'Website chat',
  in_person: 'Visit',
};

/** How far a message we sent got, as its ticks say. */
export const DELIVERY_LABELS: Readonly<Record<string, string>> = { sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Not delivered' };

/** What came of a call, an SMS or a visit. */
export const OUTCOME_LABELS: Readonly<Record<string, string>> = {
  reached: 'Talked to them',
  no_answer: 'No answer',
  voicemail: 'Left a voicemail',
  wrong_number: 'Wrong number',
  interested: 'Interested',
  not_interested: 'Not interested',
  follow_up: 'Wants a follow-up',
};

export const TASK_TYPE_LABELS: Readonly<Record<string, string>> = {
  call: 'Call',
  email: 'Email',
  viewing_prep: 'Viewing prep',
  follow_up: 'Follow-up',
};

export const ROLE_LABELS: Readonly<Record<string, string>> = { admin: 'Admin', agent: 'Agent', team_lead: 'Team lead' };

export const CONVERSATION_MODE_LABELS: Readonly<Record<string, string>> = { ai: 'Assistant answering', human: 'Held by a person' };

/** The assistant's tools, as pills in the chat and entries on the timeline. */
export const TOOL_LABELS: Readonly<Record<string, string>> = {
  inventory_search: 'Looked for homes',
  update_lead_profile: 'Noted what they want',
  normalize_budget: 'Read the budget',
  unit_details: 'Looked up the home',
  schedule_viewing: 'Viewing times',
  create_task: 'Created a task',
  handoff_to_human: 'Handed over to a person',
};

/** Timeline entry kinds (what kind of thing happened). */
export const ACTIVITY_LABELS: Readonly<Record<string, string>> = {
  lead_created: 'Lead created',
  lead_updated: 'Contact details changed',
  message: 'Message',
  note: 'Note',
  stage_changed: 'Stage changed',
  assigned: 'Assignment',
  score_changed: 'Score changed',
  qualified: 'Score set by hand',
  profile_updated: 'Wishes updated',
  task_created: 'Task added',
  task_completed: 'Task done',
  viewing: 'Viewing',
  webhook: 'From the lead source',
  merged: 'Merged',
  agent_tool: 'Assistant',
  opted_out: 'Opted out',
  handover: 'Conversation handed over',
};

/** What each kind of stage rule asks (Admin → Pipeline). */
export const STAGE_RULE_LABELS: Readonly<Record<string, string>> = {
  reachable: 'Needs a way to reach the lead',
  viewing_booked: 'Needs a booked viewing',
  lost_reason: 'Needs a reason from a list',
  unit_or_price: 'Needs the home or the price',
  note_backwards: 'Moving back needs a note',
};

/** Who wrote a chat message or did a timeline entry, when no person did. */
export const ASSISTANT_NAME = 'Assistant';

/** The label for a key of any of the tables above; an unknown key is turned into words, never shown raw. */
export function labelFor(table: Readonly<Record<string, string>>, key: string | null | undefined): string {
  if (key === null || key === undefined || key === '') return '';
  return table[key] ?? humanize(key);
}

/** "budgetMax" → "Budget max", "in_person" → "In person": the last resort for a key with no label. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const fieldLabel = (field: string): string => labelFor(FIELD_LABELS, field);
export const factorLabel = (factor: string): string => labelFor(SCORE_FACTOR_LABELS, factor);
export const toolLabel = (tool: string): string => labelFor(TOOL_LABELS, tool);

// ---- money, budgets, places and time ------------------------------------------------------

/** "$1.4M", "$850K", "$2,500": short enough to read at a glance, exact below ten thousand (rents). */
export function formatMoney(amount: number, currency = 'USD'): string {
  const cur = /^[A-Z]{3}$/.test(currency) ? currency : 'USD';
  if (Math.abs(amount) < 10_000) {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: cur, maximumFractionDigits: 0 }).format(amount);
  }
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: cur, notation: 'compact', maximumFractionDigits: amount >= 1_000_000 ? 2 : 0 }).format(amount);
}

/** "up to $1.4M", "$800K–$1.2M", "from $500K", "up to $3,000 a month"; null when nothing is known. */
export function formatBudget(min: number | null, max: number | null, currency = 'USD', purpose: string | null = null): string | null {
  const per = purpose === 'rent' ? ' a month' : '';
  if (min !== null && max !== null) return min === max ? `around ${formatMoney(max, currency)}${per}` : `${formatMoney(min, currency)}–${formatMoney(max, currency)}${per}`;
  if (max !== null) return `up to ${formatMoney(max, currency)}${per}`;
  if (min !== null) return `from ${formatMoney(min, currency)}${per}`;
  return null;
}

/** "America/Los_Angeles" → "Pacific Time": the zone as people say it, not its database name. */
export function timeZoneWords(zone: string | null | undefined, at: Date = new Date()): string {
  if (!zone) return '';
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longGeneric' }).formatToParts(at).find((p) => p.type === 'timeZoneName');
    if (part && !/^GMT/.test(part.value)) return part.value;
  } catch {
    /* not a zone Intl knows: fall back to the city in its name */
  }
  return zone === 'UTC' ? 'UTC' : (zone.split('/').pop() ?? zone).replace(/_/g, ' ') + ' time';
}

/** A profile field's value in words ("In 1–3 months", "House or condo", "3 or more"). */
export function describeValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (Array.isArray(value)) {
    const parts = value.map((v) => describeValue(field, v)).filter(Boolean);
    return field === 'propertyTypes' ? joinOr(parts, true) : parts.join(', ');
  }
  if (typeof value === 'boolean') {
    if (field === 'pets') return value ? 'Has pets' : 'No pets';
    if (field === 'furnished') return value ? 'Furnished' : 'Unfurnished';
    return value ? 'Yes' : 'No';
  }
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
  switch (field) {
    case 'purpose':
      return labelFor(PURPOSE_LABELS, text);
    case 'timeline':
      return labelFor(TIMELINE_LABELS, text);
    case 'financing':
      return labelFor(FINANCING_LABELS, text);
    case 'propertyTypes':
      return labelFor(HOME_TYPE_LABELS, text);
    case 'budgetMin':
    case 'budgetMax':
      return typeof value === 'number' ? formatMoney(value) : text;
    case 'bedrooms':
    case 'bathrooms':
      return `${text} or more`;
    case 'preferredChannel':
      return labelFor(CHANNEL_LABELS, text);
    case 'timezone':
      return timeZoneWords(text);
    case 'language':
      return languageName(text);
    default:
      return text;
  }
}

/** "A, B or C"; `lower` lower-cases the last one ("House or condo"). */
export const joinOr = (parts: readonly string[], lower = false): string =>
  parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} or ${lower ? parts[parts.length - 1].toLowerCase() : parts[parts.length - 1]}`;
const joinAnd = (parts: string[]): string => (parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`);

/** A list of field names as words: "budget, bedrooms and areas". */
export function fieldList(fields: readonly string[]): string {
  const labels = [...new Set(fields.map((f) => (f === 'budgetMin' || f === 'budgetMax' ? 'budget' : f)))].map((f) => fieldLabel(f).toLowerCase());
  return joinAnd(labels);
}

// ---- why a home fits a buyer --------------------------------------------------------------

/** What a buyer asked for, as matching knows it. */
export interface BuyerWishes {
  purpose: string | null;
  budgetMin: number | null;
  budgetMax: number | null;
  bedrooms: number | null;
  bathrooms: number | null;
  propertyTypes: readonly string[];
  locations: readonly string[];
  mustHaves: readonly string[];
}

/** The parts of a home a buyer's wishes are checked against. */
export interface HomeFacts {
  price: number;
  currency: string;
  bedrooms: number;
  bathrooms: number;
  type: string;
  area: string | null;
  city: string;
  zip: string | null;
  /** Title, description and features: where must-haves are looked for. */
  text: string;
}

/**
 * Why a home suits a buyer, in the buyer's terms: "within budget", "4 bedrooms as asked",
 * "in Bellevue as asked", "has a garden as asked". The buyer's own budget is the yardstick (never
 * the stretched search limit), and a home over it says so.
 */
export function matchReasons(w: BuyerWishes, home: HomeFacts): string[] {
  const out: string[] = [];
  const price = formatMoney(home.price, home.currency);
  if (w.budgetMax !== null) {
    if (home.price <= w.budgetMax && (w.budgetMin === null || home.price >= w.budgetMin)) out.push(`${price}, within budget`);
    else if (home.price > w.budgetMax) out.push(`${price}, a little over the ${formatMoney(w.budgetMax, home.currency)} budget`);
    else out.push(`${price}, a little under the ${formatMoney(w.budgetMin!, home.currency)} they planned`);
  } else if (w.budgetMin !== null) {
    out.push(home.price >= w.budgetMin ? `${price}, within budget` : `${price}, a little under the ${formatMoney(w.budgetMin, home.currency)} they planned`);
  }
  if (w.bedrooms !== null && home.bedrooms >= w.bedrooms) out.push(home.bedrooms === 0 ? 'A studio as asked' : `${home.bedrooms} bedroom${home.bedrooms === 1 ? '' : 's'} as asked`);
  if (w.bathrooms !== null && home.bathrooms >= w.bathrooms) out.push(`${home.bathrooms} bathroom${home.bathrooms === 1 ? '' : 's'} as asked`);
  if (w.propertyTypes.includes(home.type)) out.push(`${article(labelFor(HOME_TYPE_LABELS, home.type).toLowerCase())} as asked`);
  const places = [home.area, home.city, home.zip].filter((p): p is string => Boolean(p));
  const place = w.locations.map((l) => l.trim().toLowerCase()).find((l) => places.some((p) => p.toLowerCase() === l));
  if (place) out.push(`In ${places.find((p) => p.toLowerCase() === place)} as asked`);
  const text = home.text.toLowerCase();
  for (const wish of w.mustHaves) {
    const words = wish
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((x) => x.length >= 4 && !COMMON.has(x));
    if (words.length && words.every((x) => text.includes(x))) out.push(`${wish.trim().toLowerCase()} as asked`);
  }
  return out.map((s) => s.charAt(0).toUpperCase() + s.slice(1));
}

const article = (noun: string): string => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`);

// Words that say nothing about a home on their own ("good", "nice", "with"): never a reason.
const COMMON = new Set(['with', 'have', 'want', 'would', 'like', 'good', 'nice', 'great', 'some', 'that', 'this', 'near', 'close', 'place', 'home', 'house', 'really', 'very', 'please', 'need', 'needs']);

// ---- what happened, in words --------------------------------------------------------------

/** A timeline entry as the API sends it. */
export interface ActivityLike {
  type: string;
  summary: string;
  direction: 'inbound' | 'outbound' | null;
  data: Record<string, unknown>;
  actor?: { name: string } | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * A timeline entry as a sentence a broker reads. The stored summary is kept for what people and
 * leads wrote (messages, notes, reasons); entries whose summary was built from code names
 * (stages, fields, tools, sources) are said again from their data.
 */
export function activityText(a: ActivityLike): string {
  const d = a.data ?? {};
  switch (a.type) {
    case 'lead_created': {
      const source = str(d['source']);
      return source ? `Lead created (${labelFor(SOURCE_LABELS, source)})` : 'Lead created';
    }
    case 'stage_changed': {
      const from = str(d['from']);
      const to = str(d['to']);
      if (!to) return a.summary;
      const reason = str(d['reason']);
      return `Moved ${from ? `from ${labelFor(STAGE_LABELS, from)} ` : ''}to ${labelFor(STAGE_LABELS, to)}${reason ? `: ${reason}` : ''}`;
    }
    case 'profile_updated': {
      const fields = strings(d['fields']);
      return fields.length ? `Noted ${fieldList(fields)}` : 'Wishes updated';
    }
    case 'lead_updated': {
      const fields = strings(d['fields']);
      return fields.length ? `Changed ${fieldList(fields)}` : 'Contact details changed';
    }
    case 'agent_tool': {
      const tool = str(d['tool']);
      return tool ? toolResultText(tool, d['ok'] !== false, d['result'], a.summary.replace(/^AI \S+: /, '')) : a.summary;
    }
    case 'score_changed': {
      const from = d['from'];
      const to = d['to'];
      return typeof from === 'number' && typeof to === 'number' ? `Score ${from} → ${to}` : a.summary;
    }
    case 'message': {
      const channel = str(d['channel']);
      const outcome = str(d['outcome']);
      if (str(d['loggedBy']) && channel) {
        const how = labelFor(CHANNEL_LABELS, channel);
        return `${how}${outcome ? ` · ${labelFor(OUTCOME_LABELS, outcome)}` : ''}: ${a.summary}`;
      }
      return a.summary;
    }
    case 'task_created':
      return a.summary.replace(/^Task \(by the AI\): /, 'Task: ');
    default:
      return a.summary;
  }
}

/** Who did a timeline entry: a person, the lead, or the assistant — never "System" for the assistant's work. */
export function activityActor(a: ActivityLike): string {
  if (a.actor?.name) return a.actor.name;
  if (a.direction === 'inbound') return 'Lead';
  const d = a.data ?? {};
  if (a.type === 'agent_tool' || d['by'] === 'ai' || /\b(the )?AI\b/.test(a.summary)) return ASSISTANT_NAME;
  if (a.type === 'webhook') return 'Lead source';
  return 'Openhouse';
}

/** What a tool did, in words: the pill's line in the chat and the timeline entry of the assistant's work. */
export function toolResultText(tool: string, ok: boolean, data: unknown, fallback: string | null): string {
  const d = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  if (!ok) return fallback ? `${toolLabel(tool)}: did not work (${fallback.replace(/\b[a-z]+[A-Z]\w*\b/g, (m) => fieldLabel(m).toLowerCase())})` : `${toolLabel(tool)}: did not work`;
  switch (tool) {
    case 'inventory_search': {
      const units = Array.isArray(d['units']) ? (d['units'] as { title?: string; price?: number; currency?: string }[]) : [];
      if (!units.length) return 'No available home fits yet';
      return `Found ${units.length} home${units.length === 1 ? '' : 's'}: ${units.map((u) => `${u.title ?? 'a home'}${typeof u.price === 'number' ? ` (${formatMoney(u.price, u.currency ?? 'USD')})` : ''}`).join('; ')}`;
    }
    case 'update_lead_profile': {
      const recorded = strings(d['recorded']);
      return recorded.length ? `Noted ${fieldList(recorded)}` : 'Nothing new to note';
    }
    case 'normalize_budget': {
      const min = typeof d['min'] === 'number' ? d['min'] : null;
      const max = typeof d['max'] === 'number' ? d['max'] : null;
      const currency = str(d['currency']) ?? 'USD';
      const period = str(d['period']);
      const budget = formatBudget(min, max, currency, period === 'month' ? 'rent' : null);
      return budget ? `Budget ${budget}` : (fallback ?? 'Read the budget');
    }
    case 'schedule_viewing': {
      const title = str(d['unitTitle']) ?? 'the home';
      const zone = str(d['timezone']);
      if (d['booked'] === true) {
        const viewing = (d['viewing'] ?? {}) as Record<string, unknown>;
        const when = str(viewing['local']) ?? str(viewing['startsAt']);
        return `Viewing booked: ${title}${when ? `, ${when}` : ''}${zone ? ` (${timeZoneWords(zone)})` : ''}`;
      }
      const held = (d['held'] ?? null) as Record<string, unknown> | null;
      if (held) return `Time held: ${str(held['unitTitle']) ?? title}, ${str(held['local']) ?? ''} — booked once the lead gives a name and a phone or email`;
      const already = (d['already'] ?? null) as Record<string, unknown> | null;
      if (already) return `Already booked: ${str(already['unitTitle']) ?? title}, ${str(already['local']) ?? ''} (not booked twice)`;
      const slots = Array.isArray(d['slots']) ? (d['slots'] as { local?: string }[]).map((s) => s.local).filter((s): s is string => Boolean(s)) : [];
      const clash = (d['clash'] ?? null) as Record<string, unknown> | null;
      if (d['reason'] === 'lead_busy' && clash) return `Not booked: the lead already has a viewing then (${str(clash['unitTitle']) ?? 'another home'}, ${str(clash['local']) ?? ''})${slots.length ? `; offered ${joinOr(slots)}` : ''}`;
      return slots.length ? `Offered times for ${title}: ${joinOr(slots)}${zone ? ` (${timeZoneWords(zone)})` : ''}` : `Viewing times for ${title}`;
    }
    case 'unit_details': {
      const unit = (d['unit'] ?? {}) as Record<string, unknown>;
      return `Looked up ${str(unit['title']) ?? 'the home'}`;
    }
    case 'create_task': {
      const title = str(d['title']);
      return title ? `Task: ${title}` : 'Created a task';
    }
    case 'handoff_to_human': {
      const reason = str(d['reason']);
      return reason ? `Handed over to a person: ${reason}` : 'Handed over to a person';
    }
    default:
      return fallback ?? toolLabel(tool);
  }
}

/** Languages an admin is offered first when routing by language (BCP-47 primary tags), most spoken by US home buyers first. */
export const COMMON_LANGUAGES = ['en', 'es', 'zh', 'vi', 'ko', 'fil', 'ru', 'ar', 'fr', 'pt', 'de', 'hi', 'ja', 'uk', 'pl', 'fa', 'it'] as const;

/** A language tag in words ("es" → "Spanish"); the tag itself when the runtime does not know it. */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
