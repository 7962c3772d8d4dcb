import type { BudgetReading } from './budget-normalizer';
import { purchaseSized } from './budget-reading';
import { describeLocal, wallClock } from '../../core/time/zoned-time';
import { Purpose } from '../../leads/lead.enums';
import type { LlmChunk, LlmProvider, LlmRequest, LlmToolCall } from '../llm-provider';
import { estimateTokens } from '../pricing';
import { tokensOf } from '../prompt';
import type { TurnFacts } from '../turn-facts';
import { enoughToSearch, nextQuestion } from './dialogue-policy';
import { describeWishes, HANDOFF, presentSlots, presentUnits, question } from './replies';
import type { Understanding } from './understanding';
import type { UnitFacts } from '../tools/unit-details.tool';
import type { UnitPlace } from '../tools/schedule-viewing.tool';
import { answerAbout, describePlace, unknownSentence } from './home-answers';

interface DoneTool {
  name: string;
  ok: boolean;
  data: unknown;
}

const CORRECTION = /\b(actually|instead|rather|changed? my mind|scratch that|make (?:it|that)|i mean|i meant|change of plans?|correction|no longer|not anymore)\b/i;
/** Where the lead is moving to replaces where they were looking; "also", "too" add to it. */
const RELOCATING = /\b(?:relocat\w*|moving|move|transferr?(?:ing|ed)?)\s+to\b/i;
const ADDING = /\b(?:also|too|as\s+well|in\s+addition|additionally|or\s+maybe|and\s+maybe|plus)\b/i;
/** Asking to see a home, in so many words ("can I see it", "book a viewing"); "is there a view?" is not. */
const VISIT_REQUEST =
  /\b(?:(?:see|visit|tour|view)\s+(?:it|this|that|them|one|number|#\s*\d|the\s+(?:\w+\s+)?(?:one|house|home|place|condo|apartment|flat|unit|property|townhouse|listing)|\w+\s+one|(?:the\s+)?(?:first|second|third|last)\b)|(?:book|schedule|arrange|set\s+up|organi[sz]e)\s+(?:a\s+|the\s+)?(?:viewing|tour|visit|showing)|viewings?\b|showings?\b|a\s+tour\b|come\s+(?:and\s+|to\s+)?see|in\s+person)/i;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The lead can be reached: a name and a phone or an email. */
const reachable = (f: TurnFacts) => Boolean(f.leadName && (f.contact.email || f.contact.phone));
const SEARCH_FIELDS = ['purpose', 'budgetMin', 'budgetMax', 'bedrooms', 'bathrooms', 'propertyTypes', 'locations', 'mustHaves'];

/** The tool results of this turn so far: everything after the lead's message. */
function doneTools(req: LlmRequest): DoneTool[] {
  const lastUser = req.messages.map((m) => m.role).lastIndexOf('user');
  const names = new Map<string, string>();
  const out: DoneTool[] = [];
  for (const m of req.messages.slice(lastUser + 1)) {
    if (m.role === 'assistant') for (const c of m.toolCalls ?? []) names.set(c.id, c.name);
    if (m.role === 'tool') {
      const parsed = JSON.parse(m.content) as { ok: boolean; data: unknown };
      out.push({ name: names.get(m.toolCallId ?? '') ?? '', ok: parsed.ok, data: parsed.data });
    }
  }
  return out;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const union = (a: string[], b: string[]) => [...new Map([...a, ...b].map((x) => [x.toLowerCase(), x])).values()];

/**
 * The default agent: no network, no model. It works from the lead's message as the deterministic
 * language rules read it (understanding.ts, once per turn, in `facts.message.read`) and follows a
 * dialogue policy: record what it learned, search once it
 * knows enough, show three homes with why, offer and book a viewing, ask for the most useful
 * missing fact — through the same tools and the same event stream as a remote model.
 */
export class LocalRulesProvider implements LlmProvider {
  readonly model = 'local-rules';

  constructor(private readonly tokenDelayMs = 0) {}

  async *step(req: LlmRequest, signal: AbortSignal): AsyncIterable<LlmChunk> {
    signal.throwIfAborted();
    const f = req.facts;
    const done = doneTools(req);
    const did = (name: string) => done.some((d) => d.name === name);
    const u = f.message.read;
    const calls = this.plan(f, u, done, did);
    const promptTokens = req.messages.reduce((n, m) => n + tokensOf(m), 0);
    if (calls.length) {
      yield* calls.map((call): LlmChunk => ({ type: 'tool_call', call }));
      yield { type: 'usage', usage: { promptTokens, completionTokens: estimateTokens(JSON.stringify(calls)), cachedTokens: 0 } };
      return;
    }
    const text = this.reply(f, u, done);
    // Streamed a word at a time, as a model would.
    for (const piece of text.match(/\S+\s*/g) ?? []) {
      signal.throwIfAborted();
      if (this.tokenDelayMs) await new Promise((r) => setTimeout(r, this.tokenDelayMs));
      yield { type: 'text', delta: piece };
    }
    yield { type: 'usage', usage: { promptTokens, completionTokens: estimateTokens(text), cachedTokens: 0 } };
  }

  /** The next tools to call, or none when it is time to answer. */
  private plan(f: TurnFacts, u: Understanding, done: DoneTool[], did: (n: string) => boolean): LlmToolCall[] {
    const id = (name: string) => `call_${name}_${done.length}`;
    // What the lead said is recorded first, whatever happens next. A seller's asking price is not a budget.
    const seller = u.purpose ? u.purpose.value === Purpose.Sell : f.profile.purpose === Purpose.Sell;
    if (u.budget && !seller && !did('normalize_budget')) return [{ id: id('normalize_budget'), name: 'normalize_budget', args: { text: u.budgetWords ?? u.budget.quote, defaultCurrency: u.budget.value.currency } }];
    if (!did('update_lead_profile')) {
      const facts = this.profileFacts(f, u, done);
      if (facts.length) return [{ id: id('update_lead_profile'), name: 'update_lead_profile', args: { facts } }];
    }
    if (f.policy.handoffReason && !did('handoff_to_human')) return [{ id: id('handoff_to_human'), name: 'handoff_to_human', args: { reason: f.policy.handoffReason } }];
    if (f.turn.handedOff) return [];
    if (u.callback && !did('create_task')) {
      const when = u.callback.value;
      return [{ id: id('create_task'), name: 'create_task', args: { title: `Call ${f.leadName ?? 'the lead'} back`, ...(when.date ? { dueDate: when.date } : {}), ...(when.date && when.time ? { dueTime: when.time } : {}), notes: `Asked: "${f.message.text.slice(0, 300)}"` } }];
    }
    // A new seller: their agent calls about what they sell, where and when (the profile holds it).
    if (u.purpose?.value === Purpose.Sell && f.profile.purpose === Purpose.Sell && !did('create_task') && done.some((d) => d.name === 'update_lead_profile' && ((d.data as { recorded?: string[] }).recorded ?? []).includes('purpose'))) {
      return [{ id: id('create_task'), name: 'create_task', args: { title: `Call ${f.leadName ?? 'the seller'} about selling their home`, notes: `Said: "${f.message.text.slice(0, 300)}"` } }];
    }
    // A steering request is declined (the policy step said so already): nothing is searched or booked on it.
    if (f.policy.fairHousing.verdict === 'steering') return [];
    // A question about a home is answered from its listing; what the listing does not say goes to the listing agent.
    if (u.asks) {
      const unitId = this.unitFor(f, u);
      if (unitId && !did('unit_details')) return [{ id: id('unit_details'), name: 'unit_details', args: { unitId } }];
      const details = done.find((d) => d.name === 'unit_details' && d.ok)?.data as { unit: UnitFacts } | undefined;
      if (details && !did('create_task')) {
        const { unknown } = answerAbout(details.unit, u.asks.topics, u.asks.features);
        if (unknown.length) {
          const who = f.leadName ?? 'The lead';
          return [{ id: id('create_task'), name: 'create_task', args: { title: `Ask the listing agent about ${details.unit.title}: ${unknown.join(', ')}`.slice(0, 200), notes: `${who} asked: "${u.asks.quote.slice(0, 300)}"` } }];
        }
      }
    }
    const viewing = this.viewingCall(f, u, did);
    if (viewing) return [{ ...viewing, id: id('schedule_viewing') }];
    if (!did('inventory_search') && !did('schedule_viewing') && enoughToSearch(f.profile)) {
      const changedSearch = done.some((d) => d.name === 'update_lead_profile' && d.ok && ((d.data as { recorded?: string[] }).recorded ?? []).some((r) => SEARCH_FIELDS.includes(r)));
      if (changedSearch || !f.lastResults.length) {
        const p = f.profile;
        const args: Record<string, unknown> = { purpose: p.purpose, locations: p.locations, limit: 3 };
        if (p.budgetMin !== null) args.priceMin = p.budgetMin;
        if (p.budgetMax !== null) args.priceMax = p.budgetMax;
        if (p.bedrooms !== null) args.bedsMin = p.bedrooms;
        if (p.bathrooms !== null) args.bathsMin = p.bathrooms;
        if (p.propertyTypes.length) args.propertyTypes = p.propertyTypes;
        if (p.mustHaves.length) args.mustHaves = p.mustHaves;
        return [{ id: id('inventory_search'), name: 'inventory_search', args }];
      }
    }
    return [];
  }

  /** update_lead_profile facts: only what this message says and the profile does not already hold. */
  private profileFacts(f: TurnFacts, u: Understanding, done: DoneTool[]): Record<string, unknown>[] {
    const p = f.profile;
    const out: Record<string, unknown>[] = [];
    const add = (field: string, value: unknown, quote: string, confidence: number) => {
      const current = field === 'email' ? f.contact.email : field === 'phone' ? f.contact.phone : field === 'name' ? f.leadName : (p as unknown as Record<string, unknown>)[field];
      if (!sameValue(current, value)) out.push({ field, value, quote, confidence });
    };
    const replaces = CORRECTION.test(f.message.text);
    if (u.purpose) add('purpose', u.purpose.value, u.purpose.quote, u.purpose.confidence);
    const budget = done.find((d) => d.name === 'normalize_budget' && d.ok)?.data as BudgetReading | undefined;
    if (budget && u.budget) {
      // A corrected amount keeps the shape of the budget it corrects: "up to 700k" then "make that 750k" is up to 750k.
      const plain = budget.min !== null && budget.min === budget.max;
      const onlyMax = replaces && plain && p.budgetMin === null && p.budgetMax !== null;
      const onlyMin = replaces && plain && p.budgetMax === null && p.budgetMin !== null;
      add('budgetMin', onlyMax ? null : budget.min, u.budget.quote, budget.confidence);
      add('budgetMax', onlyMin ? null : budget.max, u.budget.quote, budget.confidence);
      add('currency', budget.currency, u.budget.quote, budget.confidence);
      if (!u.purpose && p.purpose === null && budget.period !== 'total') add('purpose', 'rent', u.budget.quote, 0.7);
      // A budget only a purchase reaches ("a house, up to $1.5M") says buy when nothing else said.
      else if (!u.purpose && p.purpose === null && purchaseSized(budget)) add('purpose', 'buy', u.budget.quote, 0.6);
    }
    if (u.bedrooms) add('bedrooms', u.bedrooms.value, u.bedrooms.quote, u.bedrooms.confidence);
    if (u.bathrooms) add('bathrooms', u.bathrooms.value, u.bathrooms.quote, u.bathrooms.confidence);
    if (u.propertyTypes) add('propertyTypes', replaces ? u.propertyTypes.value : union(p.propertyTypes, u.propertyTypes.value), u.propertyTypes.quote, u.propertyTypes.confidence);
    if (u.locations) {
      // "not Seattle, Bellevue" and "relocating to Bellevue" replace; "also Redmond" adds.
      const text = f.message.text;
      const ruledOut = p.locations.filter((l) => new RegExp(`\\b(?:not|no\\s+longer|instead\\s+of|rather\\s+than|forget|scratch|drop|remove|skip|except|but\\s+not|than)\\s+(?:in\\s+|about\\s+)?${escapeRe(l)}\\b|\\b${escapeRe(l)}\\s+(?:is\\s+)?(?:out|no\\s+longer|not\\s+anymore|is\\s+off)`, 'i').test(text));
      const replacing = !ADDING.test(text) && (replaces || RELOCATING.test(text));
      // A seller "moving to Boston" says where they go, not where the home they sell is.
      const sellerLeaving = (u.purpose?.value ?? p.purpose) === Purpose.Sell && p.locations.length > 0 && RELOCATING.test(text) && !replaces;
      const kept = replacing ? [] : p.locations.filter((l) => !ruledOut.includes(l));
      if (!sellerLeaving) add('locations', union(kept, u.locations.value), u.locations.quote, u.locations.confidence);
    }
    if (u.timeline) add('timeline', u.timeline.value, u.timeline.quote, u.timeline.confidence);
    if (u.financing) add('financing', u.financing.value, u.financing.quote, u.financing.confidence);
    if (u.pets) add('pets', u.pets.value, u.pets.quote, u.pets.confidence);
    if (u.furnished) add('furnished', u.furnished.value, u.furnished.quote, u.furnished.confidence);
    if (u.mustHaves) add('mustHaves', union(p.mustHaves, u.mustHaves.value), u.mustHaves.quote, u.mustHaves.confidence);
    if (u.email) add('email', u.email.value, u.email.quote, u.email.confidence);
    if (u.phone) add('phone', u.phone.value, u.phone.quote, u.phone.confidence);
    if (u.name) add('name', u.name.value, u.name.quote, u.name.confidence);
    return out;
  }

  /**
   * The home the lead means: "the second one", "#2", "the Ballard house" among the homes just
   * shown, or the one the conversation is about ("is it furnished?"), or the only one shown.
   */
  private unitFor(f: TurnFacts, u: Understanding): string | null {
    const homes = f.lastResults;
    const choice = u.intents.choice;
    if (choice !== undefined && homes[choice - 1]) return homes[choice - 1].id;
    const text = f.message.text.toLowerCase();
    const named = homes.filter((h) => [h.area, h.city, ...h.title.split(/[,\s]+in\s+/).slice(1)].some((w) => w && new RegExp(`\\b${escapeRe(w.toLowerCase())}\\b`).test(text)));
    const byArea = named.filter((h) => h.area && text.includes(h.area.toLowerCase()));
    if (byArea.length === 1) return byArea[0].id;
    if (named.length === 1) return named[0].id;
    if (f.focusUnitId) return f.focusUnitId;
    if (f.offeredSlots.length) return f.offeredSlots[0].unitId;
    if (f.bookedViewing) return f.bookedViewing.unitId;
    return homes.length === 1 ? homes[0].id : null;
  }

  /**
   * schedule_viewing: a time the lead chose (or a yes to the one offered) books; a wish to see a
   * home without a time gets free times to choose from. A question about a home books nothing.
   */
  private viewingCall(f: TurnFacts, u: Understanding, did: (n: string) => boolean): LlmToolCall | null {
    if (did('schedule_viewing') || f.turn.handedOff) return null;
    const homes = f.lastResults;
    const choice = u.intents.choice;
    const book = (unitId: string, date: string, time: string): LlmToolCall => ({ id: '', name: 'schedule_viewing', args: { unitId, date, time } });
    // A time held for an anonymous lead is booked once they can be reached.
    const pending = f.pendingViewing;
    if (pending && reachable(f) && !u.visit) return book(pending.unitId, pending.date, pending.time);
    // A choice right after times were offered picks a time; a yes takes the first one offered (the reply proposes it).
    if (f.lastAsked === 'visit' && f.offeredSlots.length && !u.visit && !u.intents.question) {
      const slot = choice !== undefined ? f.offeredSlots[choice - 1] : u.intents.affirm ? f.offeredSlots[0] : undefined;
      if (slot) {
        const clock = wallClock(new Date(slot.startsAt), f.timezone);
        return book(slot.unitId, clock.date, clock.time);
      }
    }
    const explicit = VISIT_REQUEST.test(f.message.text) || (Boolean(u.visit) && !u.asks);
    const answersOffer = f.lastAsked === 'visit' && !u.intents.question && (u.intents.affirm === true || choice !== undefined || Boolean(u.visit));
    if (!(explicit || answersOffer) || u.intents.deny) return null;
    const unitId = this.unitFor(f, u) ?? homes[0]?.id;
    if (!unitId) return null;
    const when = u.visit?.value;
    return { id: '', name: 'schedule_viewing', args: { unitId, ...(when?.date ? { date: when.date } : {}), ...(when?.date && when.time ? { time: when.time } : {}) } };
  }

  /** The answer, once the tools are done. */
  private reply(f: TurnFacts, u: Understanding, done: DoneTool[]): string {
    const parts: string[] = [];
    if (f.turn.handedOff) return HANDOFF;
    const firstWords = f.askedCounts && Object.keys(f.askedCounts).length === 0 && !f.lastResults.length;
    // After the policy's own words (a fair-housing decline, the lending answer) a greeting would sound odd.
    if (u.intents.greeting && firstWords && f.policy.fairHousing.verdict === 'ok') parts.push(`Hi${f.leadName ? ` ${f.leadName}` : ''}! I'm the Openhouse assistant.`);
    const profileUpdate = done.find((d) => d.name === 'update_lead_profile' && d.ok);
    const search = done.find((d) => d.name === 'inventory_search');
    const viewing = done.find((d) => d.name === 'schedule_viewing');
    const task = done.find((d) => d.name === 'create_task' && d.ok);
    if (profileUpdate && !search) parts.push(`Got it — ${describeWishes(f.profile)}.`);
    if (task && u.callback) {
      const due = (task.data as { dueAt: string | null }).dueAt;
      parts.push(`I've asked your agent to call you back${due ? ` (${describeLocal(new Date(due), f.timezone)})` : ''}.`);
    } else if (task && u.purpose?.value === Purpose.Sell) parts.push("I've asked one of our agents to get in touch about selling it.");
    let askedForContact = false;
    if (viewing?.ok) {
      type Booked = { local: string; unitTitle: string; timezone: string; place: UnitPlace; agentName?: string | null };
      const v = viewing.data as { booked: boolean; viewing?: Booked; already?: Booked; held?: { local: string; unitTitle: string }; needs?: string[]; slots?: { local: string }[]; unitTitle?: string; timezone?: string; reason?: string; clash?: { unitTitle: string; local: string } };
      // Never at two homes at once: say which viewing is in the way before offering other times.
      if (!v.booked && v.reason === 'lead_busy' && v.clash) parts.push(`You already have a viewing then — ${v.clash.unitTitle} on ${v.clash.local} — so I haven't booked ${v.unitTitle ?? 'this home'} at the same time.`);
      if (v.booked && v.viewing) {
        const who = v.viewing.agentName ? `${v.viewing.agentName}, your agent,` : 'Your agent';
        parts.push(`You're booked to see ${v.viewing.unitTitle} on ${v.viewing.local} (${v.viewing.timezone} time). ${who} will meet you there: the home is in ${describePlace(v.viewing.place)}.`);
      } else if (v.already) parts.push(`You're already booked to see ${v.already.unitTitle} on ${v.already.local} — no need to book it twice. If that time no longer suits you, tell me and your agent will move it.`);
      else if (v.held) {
        const needs = v.needs ?? [];
        parts.push(`${v.held.local} is free for ${v.held.unitTitle}. Before I book it, may I have your ${needs.includes('name') && needs.includes('phone or email') ? 'name and a phone number or email' : needs.includes('name') ? 'name' : 'phone number or email'}, so the agent can reach you?`);
        askedForContact = true;
      } else if (v.slots?.length) parts.push(presentSlots(v.unitTitle ?? 'the home', f.offeredSlots, f.timezone));
      else parts.push("I couldn't find a free time in the next three weeks — I'll ask an agent to arrange one with you.");
    } else if (viewing) {
      parts.push("I couldn't book that one — it's no longer available.");
    }
    if (u.asks) {
      const details = done.find((d) => d.name === 'unit_details' && d.ok)?.data as { unit: UnitFacts } | undefined;
      if (details) {
        const { said, unknown } = answerAbout(details.unit, u.asks.topics, u.asks.features);
        parts.push(...said);
        if (unknown.length) parts.push(unknownSentence(unknown));
        if (!said.length && !unknown.length) parts.push(`${details.unit.title}: ${details.unit.description}`);
      } else if (f.lastResults.length > 1) parts.push(`Which home do you mean — ${f.lastResults.slice(0, 3).map((_, i) => `${i + 1}`).join(', ').replace(/, (\d)$/, ' or $1')}?`);
      else if (!search?.ok) parts.push("That depends on the home — I'll check it for each one I show you.");
    }
    if (search?.ok) {
      const units = ((search.data as { units?: unknown[] } | null)?.units ?? []) as TurnFacts['lastResults'];
      parts.push(units.length ? presentUnits(units) : `I don't have an available home that fits ${describeWishes(f.profile)} right now.`);
    }
    const next = nextQuestion(f);
    if (next && !askedForContact && !(next === 'visit' && f.turn.offeredSlots)) parts.push(question(next, f));
    if (!parts.length) parts.push(f.bookedViewing ? `You're all set for ${f.bookedViewing.local}. Anything else I can help with?` : 'Thanks! Is there anything else you would like in your next home?');
    return parts.join(' ').replace(/ \n/g, '\n');
  }
}
