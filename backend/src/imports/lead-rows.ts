import type { CountryCode } from 'libphonenumber-js';
import { understand } from '../agent/local/understanding';
import { normalizeEmail, normalizeLanguage, normalizePhone } from '../leads/contact-normalizers';
import type { ImportedLead } from '../leads/lead-import.service';
import { Purpose } from '../leads/lead.enums';
import { readDate, readNumber } from './csv-values';

/** What a lead import's columns can be mapped to, with the words shown in the mapping step. */
export const LEAD_FIELDS = {
  name: 'Full name',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  budget: 'Budget (e.g. "$450k-600k")',
  budgetMin: 'Budget from',
  budgetMax: 'Budget up to',
  purpose: 'Buy, rent or sell',
  bedrooms: 'Bedrooms',
  bathrooms: 'Bathrooms',
  location: 'Area or city',
  language: 'Language (e.g. "Spanish" or "es")',
  note: 'Notes',
  createdAt: 'Date added',
} as const;
export type LeadField = keyof typeof LEAD_FIELDS;

/** Header words that suggest each field (lower case, without spaces, dashes or underscores). */
export const LEAD_SYNONYMS: Record<LeadField, string[]> = {
  name: ['name', 'fullname', 'contact', 'contactname', 'client', 'lead', 'nombre', 'nom'],
  firstName: ['firstname', 'first', 'givenname', 'forename'],
  lastName: ['lastname', 'last', 'surname', 'familyname'],
  email: ['email', 'mail', 'emailaddress', 'correo'],
  phone: ['phone', 'phonenumber', 'mobile', 'cell', 'tel', 'telephone', 'whatsapp', 'telefono'],
  budget: ['budget', 'pricerange', 'price', 'maxprice'],
  budgetMin: ['budgetmin', 'minbudget', 'minprice', 'budgetfrom'],
  budgetMax: ['budgetmax', 'maxbudget', 'budgetto'],
  purpose: ['purpose', 'intent', 'buyorrent', 'type', 'leadtype'],
  bedrooms: ['bedrooms', 'beds', 'bed', 'br'],
  bathrooms: ['bathrooms', 'baths', 'bath', 'ba'],
  location: ['location', 'area', 'city', 'neighborhood', 'neighbourhood', 'zip'],
  language: ['language', 'lang', 'locale', 'speaks', 'idioma', 'langue'],
  note: ['note', 'notes', 'comment', 'comments', 'message', 'remarks'],
  createdAt: ['date', 'created', 'createdat', 'dateadded', 'added', 'signupdate', 'leaddate'],
};

const PURPOSE_WORDS: Array<[RegExp, Purpose]> = [
  [/\b(buy|buyer|buying|purchase|purchaser|compra)\b/i, Purpose.Buy],
  [/\b(rent|renter|renting|tenant|lease|letting|alquiler)\b/i, Purpose.Rent],
  [/\b(sell|seller|selling|vendor|listing|venta)\b/i, Purpose.Sell],
];

export type RowResult = { ok: true; lead: ImportedLead } | { ok: false; reason: string };

export interface RowContext {
  defaultCountry: CountryCode;
  now: Date;
}

/**
 * One CSV row (cells by field) as a lead, through the API's own normalisers: the email and phone
 * rules of POST /api/leads (contact-normalizers), and budgets read as the Lead Ads form answers are
 * (the assistant's budget reader), with the API's rule that "from" is not above "up to".
 */
export function readLeadRow(row: number, cell: (f: LeadField) => string, ctx: RowContext): RowResult {
  const name = (cell('name') || [cell('firstName'), cell('lastName')].filter(Boolean).join(' ')).trim().replace(/\s+/g, ' ');
  if (!name) return { ok: false, reason: 'No name' };
  if (name.length > 200) return { ok: false, reason: 'Name is longer than 200 characters' };

  const rawEmail = cell('email');
  const emailNormalized = rawEmail ? normalizeEmail(rawEmail) : null;
  if (rawEmail && !emailNormalized) return { ok: false, reason: `Email "${rawEmail.slice(0, 80)}" is not an email address` };
  const rawPhone = cell('phone');
  const phoneE164 = rawPhone ? normalizePhone(rawPhone, ctx.defaultCountry) : null;
  if (rawPhone && !phoneE164) return { ok: false, reason: `Phone "${rawPhone.slice(0, 40)}" is not a phone number we can read (add the country code, e.g. +44)` };
  if (!emailNormalized && !phoneE164) return { ok: false, reason: 'No email or phone: there is no way to reach this person' };

  const profile: ImportedLead['profile'] = {};
  const budgetText = cell('budget');
  if (budgetText) {
    const b = readBudget(budgetText);
    if (!b) return { ok: false, reason: `Budget "${budgetText.slice(0, 60)}" is not an amount we can read` };
    if (b.min !== null && b.min !== b.max) profile.budgetMin = b.min;
    if (b.max !== null) profile.budgetMax = b.max;
    profile.currency = b.currency;
  }
  for (const f of ['budgetMin', 'budgetMax'] as const) {
    const text = cell(f);
    if (!text) continue;
    const b = readBudget(text);
    const amount = b ? (f === 'budgetMin' ? (b.min ?? b.max) : (b.max ?? b.min)) : null;
    if (amount === null) return { ok: false, reason: `${f === 'budgetMin' ? 'Budget from' : 'Budget up to'} "${text.slice(0, 60)}" is not an amount we can read` };
    profile[f] = amount;
    profile.currency ??= b!.currency;
  }
  if (profile.budgetMin !== undefined && profile.budgetMax !== undefined && profile.budgetMin > profile.budgetMax) return { ok: false, reason: 'Budget from is above budget up to' };

  const purposeText = cell('purpose');
  if (purposeText) {
    const hit = PURPOSE_WORDS.find(([re]) => re.test(purposeText));
    if (!hit) return { ok: false, reason: `"${purposeText.slice(0, 40)}" is not buy, rent or sell` };
    profile.purpose = hit[1];
  }
  for (const [f, max] of [['bedrooms', 50], ['bathrooms', 50]] as const) {
    const text = cell(f);
    if (!text) continue;
    const n = readNumber(text);
    if (n === null || n < 0 || n > max) return { ok: false, reason: `${f === 'bedrooms' ? 'Bedrooms' : 'Bathrooms'} "${text.slice(0, 20)}" is not a number of rooms` };
    profile[f] = f === 'bedrooms' ? Math.round(n) : n;
  }
  const location = cell('location');
  if (location) profile.locations = location.split(/[;|/]/).map((s) => s.trim()).filter(Boolean).slice(0, 10);

  const languageText = cell('language');
  const language = languageText ? normalizeLanguage(languageText) : null;
  if (languageText && !language) return { ok: false, reason: `Language "${languageText.slice(0, 40)}" is not a language we know (write it in English, e.g. "Spanish", or as a code, e.g. "es")` };

  let createdAt: Date | null = null;
  const dateText = cell('createdAt');
  if (dateText) {
    createdAt = readDate(dateText);
    if (!createdAt) return { ok: false, reason: `Date "${dateText.slice(0, 30)}" is not a date we can read` };
    if (createdAt.getTime() > ctx.now.getTime() + 86_400_000) return { ok: false, reason: 'Date added is in the future' };
  }
  const note = cell('note');
  return {
    ok: true,
    lead: { row, name, email: rawEmail ? rawEmail.trim() : null, emailNormalized, phone: rawPhone ? rawPhone.trim().slice(0, 40) : null, phoneE164, language, profile, note: note ? note.slice(0, 2000) : null, createdAt },
  };
}

function readBudget(text: string): { min: number | null; max: number | null; currency: string } | null {
  const b = understand(text, { now: new Date(0), timezone: 'UTC', lastAsked: 'budget', defaultCurrency: 'USD' }).budget?.value;
  if (!b || (b.min === null && b.max === null)) return null;
  return { min: b.min, max: b.max, currency: b.currency };
}

