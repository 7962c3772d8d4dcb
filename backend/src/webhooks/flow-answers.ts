import type { FieldEvidence } from '../leads/lead-profile.entity';
import { Financing, Purpose, Timeline } from '../leads/lead.enums';
import type { ProfileField } from '../leads/profile.dto';

/**
 * The answer of the qualification Flow (flows/qualification-flow.json) → profile facts, each with
 * evidence "WhatsApp form". The Flow's own screen validates what a person types, but the answer
 * arrives as a JSON string we do not control: anything unreadable or out of range rejects the whole
 * answer, so a half-read form never changes the profile.
 */
export type FlowReading =
  | { ok: true; profile: Partial<Record<ProfileField, unknown>>; evidence: Partial<Record<ProfileField, FieldEvidence>>; contactTime: string | null; flowToken: string | null }
  | { ok: false; reason: string };

const MAX_MONEY = 10_000_000_000;
const CONTACT_TIMES = new Set(['morning', 'afternoon', 'evening', 'anytime']);

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function wholeNumber(v: unknown, field: string, max: number): number | string {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+(\.0+)?\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > max) return `${field} must be a whole number from 0 to ${max}`;
  return n;
}

export function readFlowResponse(responseJson: unknown, at = new Date().toISOString()): FlowReading {
  if (typeof responseJson !== 'string') return { ok: false, reason: 'the form answer is missing' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(responseJson);
  } catch {
    return { ok: false, reason: 'the form answer is not valid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, reason: 'the form answer is not a JSON object' };
  const a = parsed as Record<string, unknown>;
  const profile: Partial<Record<ProfileField, unknown>> = {};

  if (!blank(a.purpose)) {
    if (!Object.values(Purpose).includes(a.purpose as Purpose)) return { ok: false, reason: 'purpose must be buy or rent' };
    profile.purpose = a.purpose;
  }
  for (const [key, field] of [['budget_min', 'budgetMin'], ['budget_max', 'budgetMax']] as const) {
    if (blank(a[key])) continue;
    const n = wholeNumber(a[key], key, MAX_MONEY);
    if (typeof n === 'string') return { ok: false, reason: n };
    profile[field] = n;
  }
  if (typeof profile.budgetMin === 'number' && typeof profile.budgetMax === 'number' && profile.budgetMin > profile.budgetMax) return { ok: false, reason: 'budget_min is above budget_max' };
  if (!blank(a.bedrooms)) {
    const n = wholeNumber(a.bedrooms, 'bedrooms', 20);
    if (typeof n === 'string') return { ok: false, reason: n };
    profile.bedrooms = n;
  }
  if (!blank(a.areas)) {
    const list = Array.isArray(a.areas) ? a.areas : typeof a.areas === 'string' ? a.areas.split(',') : null;
    if (!list || list.some((x) => typeof x !== 'string')) return { ok: false, reason: 'areas must be text' };
    const areas = (list as string[]).map((x) => x.trim()).filter(Boolean);
    if (areas.length > 10 || areas.some((x) => x.length > 80)) return { ok: false, reason: 'areas: at most 10 names of up to 80 characters' };
    if (areas.length) profile.locations = areas;
  }
  if (!blank(a.timeline)) {
    if (!Object.values(Timeline).includes(a.timeline as Timeline)) return { ok: false, reason: 'timeline is not one of the offered answers' };
    profile.timeline = a.timeline;
  }
  if (!blank(a.financing)) {
    if (!Object.values(Financing).includes(a.financing as Financing)) return { ok: false, reason: 'financing is not one of the offered answers' };
    profile.financing = a.financing;
  }
  let contactTime: string | null = null;
  if (!blank(a.contact_time)) {
    if (typeof a.contact_time !== 'string' || !CONTACT_TIMES.has(a.contact_time)) return { ok: false, reason: 'contact_time is not one of the offered answers' };
    contactTime = a.contact_time;
  }
  const evidence: Partial<Record<ProfileField, FieldEvidence>> = {};
  for (const [field, value] of Object.entries(profile) as [ProfileField, unknown][]) evidence[field] = { value, messageId: null, quote: 'WhatsApp form', confidence: 1, source: 'webhook', at };
  return { ok: true, profile, evidence, contactTime, flowToken: typeof a.flow_token === 'string' ? a.flow_token.slice(0, 200) : null };
}
