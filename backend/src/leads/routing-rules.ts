import type { LeadSource } from './lead.enums';
import type { RoutingAgent, RoutingRuleEntity } from './routing-rule.entity';

/** What routing looks at in a new lead. */
export interface RoutingFacts {
  source: LeadSource;
  /** Places the lead asks for (areas, cities). */
  areas: string[];
  /** The lead's budget: its maximum, else its minimum; null when unknown. */
  price: number | null;
  /** The language the lead speaks (BCP-47 primary tag from `normalizeLanguage`); null or absent when unknown. */
  language?: string | null;
}

type Conditions = Pick<RoutingRuleEntity, 'sources' | 'areas' | 'priceMin' | 'priceMax' | 'languages'>;

const norm = (s: string) => s.trim().toLowerCase();

/** Whether every condition of the rule holds for the lead (an empty condition holds for every lead; a price band needs a known budget, a language a known language). */
export function ruleMatches(rule: Conditions, facts: RoutingFacts): boolean {
  if (rule.sources.length && !rule.sources.includes(facts.source)) return false;
  if (rule.areas.length) {
    const wanted = new Set(rule.areas.map(norm));
    if (!facts.areas.some((a) => wanted.has(norm(a)))) return false;
  }
  // A language condition needs a known language, like a price band needs a known budget.
  if (rule.languages.length && !(facts.language && rule.languages.includes(facts.language))) return false;
  if (rule.priceMin !== null || rule.priceMax !== null) {
    if (facts.price === null) return false;
    if (rule.priceMin !== null && facts.price < rule.priceMin) return false;
    if (rule.priceMax !== null && facts.price > rule.priceMax) return false;
  }
  return true;
}

/** A rule with no condition takes every lead: rules after it never fire. */
export const takesEveryLead = (rule: Conditions) => !rule.sources.length && !rule.areas.length && !rule.languages.length && rule.priceMin === null && rule.priceMax === null;

/**
 * Smooth weighted round robin (the nginx algorithm): every eligible agent's current weight grows by
 * their capacity, the highest is chosen and loses the total. Over any run of turns each agent gets
 * leads in proportion to their capacity, interleaved rather than in bursts. Hand-written: it is ten
 * lines over state we keep in the rule's row, and no maintained library keeps its state outside memory.
 */
export function nextInTurn(agents: RoutingAgent[], state: Record<string, number>): { userId: string; state: Record<string, number> } | null {
  if (!agents.length) return null;
  const total = agents.reduce((s, a) => s + a.capacity, 0);
  const next: Record<string, number> = {};
  let best: RoutingAgent | null = null;
  for (const a of agents) {
    next[a.userId] = (state[a.userId] ?? 0) + a.capacity;
    if (!best || next[a.userId] > next[best.userId]) best = a;
  }
  next[best!.userId] -= total;
  return { userId: best!.userId, state: next };
}
