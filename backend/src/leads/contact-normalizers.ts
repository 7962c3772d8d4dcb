import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

/*
 * Normalised forms of a contact's email and phone. They are match keys for finding duplicate
 * contacts, not display values: the raw input is kept alongside for showing and for sending.
 */

// The HTML spec's "valid email address" (what a browser form accepts), plus a required dot in
// the domain: a lead's address always has a TLD, and "a@localhost" in a CRM is a typo.
const EMAIL_SHAPE =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

// RFC 5321 limits; the total also matches the width of contacts.email_normalized.
const MAX_LOCAL = 64;
const MAX_EMAIL = 254;

const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/**
 * The key two spellings of the same mailbox share, or null when `raw` is not an email address.
 * Gmail ignores dots and +tags and delivers googlemail.com to the same inbox, so those collapse;
 * other providers may treat dots as significant, so there only the +tag (near-universal
 * sub-addressing) is dropped.
 */
export function normalizeEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  if (email.length > MAX_EMAIL || !EMAIL_SHAPE.test(email)) return null;

  const at = email.lastIndexOf('@');
  let local = email.slice(0, at);
  let domain = email.slice(at + 1);
  if (local.length > MAX_LOCAL) return null;

  // A leading '+' is the whole name, not a tag: stripping it would leave nothing to match on.
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);

  if (GMAIL_DOMAINS.has(domain)) {
    domain = 'gmail.com';
    local = local.replace(/\./g, '');
    // "...@gmail.com" or "+x@gmail.com" cannot be a Gmail account and would collide with each other.
    if (local === '' || local.startsWith('+')) return null;
  }
  return `${local}@${domain}`;
}

// Separators people type inside a number; stripped only to recognise bare digit strings.
const PHONE_SEPARATORS = /[\s().-]/g;
// E.164 allows at most 15 digits; 11 is the shortest a country code plus a full number gets in practice.
const BARE_INTERNATIONAL = /^\d{11,15}$/;

/**
 * The number in E.164 (e.g. +12065550123), or null when it is not a valid phone number.
 *
 * Acceptance is `isValid()`, not `isPossible()`. The fictional 555-0100..0199 numbers used in demo
 * and seed data pass `isValid()` for real US area codes (libphonenumber checks area-code and
 * length patterns, not whether a line is in service), so the stricter check costs nothing there.
 * `isPossible()` only checks length, so it would accept junk people type into forms, such as
 * 000-000-0000 or 555-555-5555, and every lead who typed it would look like the same contact.
 * The price: ranges libphonenumber's metadata does not list, such as the UK's fictional
 * 07700 900xxx mobiles, are rejected; use 020 7946 0xxx for UK demo numbers instead.
 *
 * An extension (e.g. "ext. 45") is dropped: E.164 has no place for one, and the main line is
 * what identifies the contact.
 */
export function normalizePhone(raw: string, defaultRegion: CountryCode = 'US'): string | null {
  const input = raw.trim();
  if (input === '') return null;
  const digits = input.replace(PHONE_SEPARATORS, '');

  const attempts: Array<[string, CountryCode | undefined]> = [];
  // WhatsApp ids (and many CSV exports) are the full international number without the '+'.
  // Tried first because in the default region such a long digit string is rarely a national
  // number. Where it can be (e.g. 11-digit Chinese mobiles with defaultRegion 'CN') this reading
  // wins, which is right for WhatsApp ids; callers with bare national numbers there should pass
  // them with the trunk prefix or '+'.
  if (!input.includes('+') && BARE_INTERNATIONAL.test(digits)) attempts.push([`+${digits}`, undefined]);
  attempts.push([input, defaultRegion]);
  // '00' is the international prefix in most of the world (Europe, the Gulf, ...) but not in the
  // US (011), so libphonenumber only understands it when the default region uses it.
  if (digits.startsWith('00')) attempts.push([`+${digits.slice(2)}`, undefined]);

  for (const [text, region] of attempts) {
    const parsed = parsePhoneNumberFromString(text, region);
    if (parsed?.isValid()) return parsed.number;
  }
  return null;
}

/** Two-letter language codes by their English names ("spanish" → "es"), for a form or file that writes the language in words. */
const LANGUAGE_BY_NAME: ReadonlyMap<string, string> = (() => {
  const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
  const out = new Map<string, string>();
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (const a of letters) {
    for (const b of letters) {
      const name = names.of(a + b);
      if (name && name !== a + b) out.set(name.toLowerCase(), a + b);
    }
  }
  return out;
})();

/**
 * The language a lead speaks, as its BCP-47 primary tag ("es" for "es-MX", "es_MX", "Spanish" or an
 * Accept-Language header "es-MX,es;q=0.9,en;q=0.8" — the first, most wanted one), or null when
 * `raw` names no language ("", "*", "und", "not-a-tag"). Routing compares these tags, so every way
 * a lead arrives (API, widget, website form, webhooks, import, the assistant) goes through this one
 * function. `Intl.Locale` does the parsing and canonicalisation ("iw" → "he", "EN" → "en").
 */
export function normalizeLanguage(raw: string | null | undefined): string | null {
  const first = (raw ?? '').split(',')[0].split(';')[0].trim().replace(/_/g, '-');
  if (!first || first === '*' || first.length > 35) return null;
  const named = LANGUAGE_BY_NAME.get(first.toLowerCase());
  try {
    const language = (new Intl.Locale(named ?? first).language ?? '').toLowerCase();
    return /^[a-z]{2,3}$/.test(language) && language !== 'und' ? language : null;
  } catch {
    return null;
  }
}
