import { understand, type AskableField, type Understanding } from '../agent/local/understanding';
import { normalizeLanguage } from '../leads/contact-normalizers';
import type { FieldEvidence } from '../leads/lead-profile.entity';
import type { ProfileField } from '../leads/profile.dto';

/** What a form's answers say about a lead: contact details and profile facts, each with its evidence. */
export interface FormReading {
  contact: { name: string | null; email: string | null; phone: string | null; language: string | null };
  profile: Partial<Record<ProfileField, unknown>>;
  evidence: Partial<Record<ProfileField, FieldEvidence>>;
  /** Answers no profile field takes (kept on the timeline as the lead gave them). */
  other: { question: string; answer: string }[];
}

/** A question's key (`what_is_your_budget?`) as a person reads it. */
export const questionLabel = (name: string) => name.replace(/[_]+/g, ' ').replace(/\s+/g, ' ').trim();

/**
 * Which profile field a custom question asks for, by the words of its key. Meta's standard
 * questions have fixed keys (full_name, email, phone_number, city…); custom ones are the
 * brokerage's own wording, so they are matched loosely.
 */
const QUESTION_FIELDS: [RegExp, AskableField][] = [
  [/budget|price|afford|spend|how\s*much/i, 'budget'],
  [/bed(room)?s?\b|bedroom/i, 'bedrooms'],
  [/bath/i, 'bathrooms'],
  [/buy.*rent|rent.*buy|purpose|looking\s*to|intent/i, 'purpose'],
  [/when|timeline|time\s*frame|timeframe|move|how\s*soon/i, 'timeline'],
  [/financ|mortgage|pre.?approv|cash|loan/i, 'financing'],
  [/property.?type|home.?type|kind.?of|type.?of/i, 'propertyTypes'],
  [/area|neighbo|location|where|district|zip|city/i, 'locations'],
];

const fieldOf = (question: string): AskableField | null => QUESTION_FIELDS.find(([re]) => re.test(question.replace(/_/g, ' ')))?.[1] ?? null;

const firstText = (values: unknown[]): string | null => {
  for (const v of values) if ((typeof v === 'string' || typeof v === 'number') && String(v).trim()) return String(v).trim();
  return null;
};

/** A question asking which language the lead speaks ("language", "preferred_language", "idioma"). */
const LANGUAGE_QUESTION = /^(preferred[_ ])?(language|lang|locale|idioma|langue)$/;

/**
 * Reads Lead Ads `field_data` with the assistant's own understanding of a lead's words (the same
 * budget, bedroom and timeline readers the chat uses), each answer read as the answer to its
 * question, so "3" under "how many bedrooms?" is 3 bedrooms and "500-600k" under "budget" is a range.
 */
export function readLeadForm(fieldData: { name: string; values: unknown[] }[], ctx: { now: Date; timezone: string; currency?: string }, at = new Date().toISOString()): FormReading {
  const out: FormReading = { contact: { name: null, email: null, phone: null, language: null }, profile: {}, evidence: {}, other: [] };
  let first: string | null = null;
  let last: string | null = null;
  const set = (field: ProfileField, value: unknown, question: string, confidence: number) => {
    out.profile[field] = value;
    out.evidence[field] = { value, messageId: null, quote: `form answer: ${question}`, confidence, source: 'webhook', at };
  };
  for (const item of fieldData) {
    if (!item || typeof item.name !== 'string' || !Array.isArray(item.values)) continue;
    const answer = firstText(item.values);
    if (answer === null) continue;
    const key = item.name.trim().toLowerCase();
    const question = questionLabel(item.name);
    if (key === 'full_name' || key === 'name') out.contact.name = answer.slice(0, 200);
    else if (key === 'first_name') first = answer;
    else if (key === 'last_name') last = answer;
    else if (key === 'email' || key === 'work_email') out.contact.email = answer.slice(0, 254);
    else if (key === 'phone_number' || key === 'phone' || key === 'work_phone_number') out.contact.phone = answer.slice(0, 40);
    else if (LANGUAGE_QUESTION.test(key) && normalizeLanguage(answer)) out.contact.language = normalizeLanguage(answer);
    else if (key === 'city' || key === 'post_code' || key === 'zip_code' || key === 'zip') {
      if (!('locations' in out.profile)) set('locations', [answer.slice(0, 80)], question, 1);
    } else {
      const field = fieldOf(key);
      const read = field ? understand(answer, { now: ctx.now, timezone: ctx.timezone, lastAsked: field, defaultCurrency: ctx.currency ?? 'USD' }) : null;
      if (!field || !read || !applyReading(field, read, question, set)) out.other.push({ question, answer: answer.slice(0, 500) });
    }
  }
  if (!out.contact.name && (first || last)) out.contact.name = [first, last].filter(Boolean).join(' ').slice(0, 200);
  return out;
}

/** Puts what the understanding read for `field` into the profile; false when it read nothing usable. */
function applyReading(field: AskableField, read: Understanding, question: string, set: (f: ProfileField, v: unknown, q: string, c: number) => void): boolean {
  switch (field) {
    case 'budget': {
      const b = read.budget;
      if (!b || (b.value.min === null && b.value.max === null)) return false;
      if (b.value.min !== null) set('budgetMin', Math.round(b.value.min), question, b.confidence);
      if (b.value.max !== null) set('budgetMax', Math.round(b.value.max), question, b.confidence);
      set('currency', b.value.currency, question, b.confidence);
      if (b.value.period === 'month' && !read.purpose) set('purpose', 'rent', question, b.confidence * 0.8);
      return true;
    }
    case 'bedrooms':
    case 'bathrooms':
    case 'purpose':
    case 'timeline':
    case 'financing':
    case 'propertyTypes':
    case 'locations': {
      const f = read[field];
      if (!f) return false;
      set(field, f.value, question, f.confidence);
      return true;
    }
    default:
      return false;
  }
}
