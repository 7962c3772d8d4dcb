import { CountryCode } from 'libphonenumber-js';
import { normalizeEmail, normalizeLanguage, normalizePhone } from './contact-normalizers';

describe('normalizeEmail', () => {
  it.each<[string, string]>([
    ['Jane.Doe@Example.com', 'jane.doe@example.com'],
    ['  jane@example.com\n', 'jane@example.com'],
    ['\tJANE@EXAMPLE.COM ', 'jane@example.com'],
    // Other providers: dots may matter, only the +tag goes.
    ['jane.doe+zillow@example.com', 'jane.doe@example.com'],
    ['jane+a+b@example.co.uk', 'jane@example.co.uk'],
    ['j.a.n.e@outlook.com', 'j.a.n.e@outlook.com'],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ['first_last-1@sub.example-domain.com', 'first_last-1@sub.example-domain.com'],
    // A leading '+' is the whole local part, not a tag.
    ['+ceo@example.com', '+ceo@example.com'],
    // Gmail: dots and +tags ignored, googlemail is the same inbox.
    ['Jane.Doe@gmail.com', 'janedoe@gmail.com'],
    ['j.a.n.e.d.o.e+listings@gmail.com', 'janedoe@gmail.com'],
    ['JaneDoe+a.b@GMAIL.COM', 'janedoe@gmail.com'],
    ['jane.doe@googlemail.com', 'janedoe@gmail.com'],
    ['Jane.Doe+x@GoogleMail.com', 'janedoe@gmail.com'],
    // Only gmail.com itself, not look-alikes or subdomains.
    ['jane.doe@gmail.co', 'jane.doe@gmail.co'],
    ['jane.doe@mail.gmail.com', 'jane.doe@mail.gmail.com'],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normalizeEmail(raw)).toBe(expected);
  });

  it.each<[string, string]>([
    ['', 'empty'],
    ['   ', 'blank'],
    ['jane', 'no @'],
    ['jane@', 'no domain'],
    ['@example.com', 'no local part'],
    ['jane@example', 'no TLD'],
    ['jane@@example.com', 'two @'],
    ['jane@doe@example.com', 'two @ in the middle'],
    ['jane doe@example.com', 'space in local part'],
    ['jane@exa mple.com', 'space in domain'],
    ['jane@example..com', 'empty domain label'],
    ['jane@.example.com', 'domain starts with a dot'],
    ['jane@example.com.', 'domain ends with a dot'],
    ['jane@-example.com', 'label starts with a hyphen'],
    ['jane@example-.com', 'label ends with a hyphen'],
    ['Jane Doe <jane@example.com>', 'display-name form'],
    ['mailto:jane@example.com', 'mailto URI'],
    ['jané@example.com', 'non-ASCII local part'],
    [`${'a'.repeat(65)}@example.com`, 'local part over 64 characters'],
    [`jane@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}.com`, 'over 254 characters'],
    ['...@gmail.com', 'gmail address that is only dots'],
    ['+tag@gmail.com', 'gmail address that is only a tag'],
  ])('rejects %j (%s)', (raw) => {
    expect(normalizeEmail(raw)).toBeNull();
  });

  it('gives every spelling of one gmail inbox the same key', () => {
    const spellings = ['Jane.Doe@gmail.com', 'janedoe@googlemail.com', 'jane.doe+zillow@gmail.com', ' JANEDOE@GMAIL.COM '];
    expect(new Set(spellings.map(normalizeEmail))).toEqual(new Set(['janedoe@gmail.com']));
  });

  it('is idempotent', () => {
    for (const raw of ['Jane.Doe+x@GoogleMail.com', 'jane.doe+x@example.com', '+ceo@example.com']) {
      const once = normalizeEmail(raw);
      expect(once).not.toBeNull();
      expect(normalizeEmail(once as string)).toBe(once);
    }
  });
});

describe('normalizePhone', () => {
  it.each<[string, CountryCode | undefined, string]>([
    // US national formats (default region).
    ['(206) 555-0123', undefined, '+12065550123'],
    ['206-555-0123', undefined, '+12065550123'],
    ['206.555.0123', undefined, '+12065550123'],
    ['2065550123', undefined, '+12065550123'],
    ['1 (206) 555-0123', undefined, '+12065550123'],
    ['  +1 206 555 0123  ', undefined, '+12065550123'],
    ['(212) 555-0199', undefined, '+12125550199'],
    ['1-800-555-0199', undefined, '+18005550199'],
    ['(206) 555-0123 ext. 45', undefined, '+12065550123'],
    ['tel:+1-206-555-0123', undefined, '+12065550123'],
    // International with '+', whatever the default region.
    ['+44 20 7946 0958', undefined, '+442079460958'],
    ['+44 (0)20 7946 0958', undefined, '+442079460958'],
    ['+971 50 123 4567', undefined, '+971501234567'],
    ['+33 6 12 34 56 78', undefined, '+33612345678'],
    // '00' international prefix, even with a US default region (which dials 011).
    ['00971 50 123 4567', undefined, '+971501234567'],
    ['00971501234567', undefined, '+971501234567'],
    ['0044 20 7946 0958', undefined, '+442079460958'],
    ['011 44 20 7946 0958', undefined, '+442079460958'],
    // WhatsApp ids: full international number, digits only.
    ['14155550123', undefined, '+14155550123'],
    ['971501234567', undefined, '+971501234567'],
    ['442079460958', undefined, '+442079460958'],
    ['4915112345678', undefined, '+4915112345678'],
    ['33612345678', undefined, '+33612345678'],
    ['971501234567', 'AE', '+971501234567'],
    // National formats in other default regions.
    ['020 7946 0958', 'GB', '+442079460958'],
    ['050 123 4567', 'AE', '+971501234567'],
    ['0501234567', 'AE', '+971501234567'],
    ['0011 44 20 7946 0958', 'AU', '+442079460958'],
  ])('normalises %j (region %s) to %s', (raw, region, expected) => {
    expect(region === undefined ? normalizePhone(raw) : normalizePhone(raw, region)).toBe(expected);
  });

  it.each<[string, CountryCode | undefined, string]>([
    ['', undefined, 'empty'],
    ['   ', undefined, 'blank'],
    ['abc', undefined, 'no digits'],
    ['555-0123', undefined, 'too short for a US number'],
    ['12345', undefined, 'too short'],
    ['+1 206 555 012', undefined, 'one digit short'],
    ['+1 206 555 01234', undefined, 'one digit long'],
    ['1415555012345', undefined, 'too long as US and as international'],
    ['+999 1234 5678', undefined, 'unassigned country code'],
    // Right length but not a real US pattern: isPossible() would accept these, isValid() does not.
    ['000-000-0000', undefined, 'all zeros'],
    ['(555) 555-5555', undefined, 'area code 555'],
    ['(123) 456-7890', undefined, 'area code starting with 1'],
    ['(206) 555-0123', 'GB', 'US national number read as British'],
    ['1-800-FLOWERS', undefined, 'vanity letters'],
  ])('rejects %j (region %s: %s)', (raw, region) => {
    expect(region === undefined ? normalizePhone(raw) : normalizePhone(raw, region)).toBeNull();
  });

  it('fits the phone_e164 column (varchar 20) and is idempotent', () => {
    for (const raw of ['(206) 555-0123', '00971 50 123 4567', '4915112345678']) {
      const e164 = normalizePhone(raw);
      expect(e164).toMatch(/^\+[1-9]\d{6,14}$/);
      expect(normalizePhone(e164 as string)).toBe(e164);
      expect(normalizePhone(e164 as string, 'GB')).toBe(e164);
    }
  });
});

describe('normalizeLanguage', () => {
  it.each<[string | null | undefined, string | null]>([
    ['es', 'es'],
    ['es-MX', 'es'],
    ['es_MX', 'es'],
    ['EN-us', 'en'],
    ['es-MX,es;q=0.9,en;q=0.8', 'es'],
    ['zh-Hant-TW', 'zh'],
    ['pt-BR', 'pt'],
    ['iw', 'he'],
    ['  fr  ', 'fr'],
    ['Spanish', 'es'],
    ['GERMAN', 'de'],
    ['Hebrew', 'he'],
    ['', null],
    ['*', null],
    ['und', null],
    ['not a tag', null],
    ['x-klingon', null],
    [null, null],
    [undefined, null],
  ])('reads %j as %j', (raw, expected) => {
    expect(normalizeLanguage(raw)).toBe(expected);
  });
});
