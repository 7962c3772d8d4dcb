/**
 * Personal data must never reach the logs: not in messages, not in objects, not in URLs.
 * Keys that carry personal data are masked whole; free strings are scrubbed of anything that
 * looks like an email address or a phone number.
 */
const SENSITIVE_KEYS = new Set([
  'email',
  'emailnormalized',
  'phone',
  'phonee164',
  'whatsappid',
  'name',
  'password',
  'passwordhash',
  'authorization',
  'cookie',
  'x-api-key',
  'accesstoken',
  'token',
  'body',
  'message',
  'content',
  'text',
  'notes',
  'summary',
  'q',
]);

// Parts bounded to the RFC 5321 limits (64 local, 253 domain): with `+` the scan was quadratic, so
// a long URL without spaces (a 10 kB query string) cost hundreds of milliseconds to log.
const EMAIL = /[^\s@"'<>(),;:]{1,64}@[^\s@"'<>(),;:]{1,253}\.[a-z]{2,}/gi;
// Seven or more digits, allowing the separators people type inside phone numbers. Not glued to
// letters, digits or dashes on either side, and not starting like a date (2026-11-26) or an
// all-digit UUID or an IPv4 address (127.0.0.1:35791): timestamps, ids and addresses in log lines must stay readable. At most 26 characters
// (a formatted international number) so that the lookarounds cannot make the scan quadratic.
const PHONE = /(?<![\w.-])(?!\d{4}-\d\d-\d\d(?!\d)|\d{8}-\d{4}-|\d{1,3}(?:\.\d{1,3}){3}(?![\d.]))\+?\d[\d\s().-]{5,24}\d(?![\w-])/g;

export function scrubString(s: string): string {
  return s.replace(EMAIL, '[email]').replace(PHONE, '[phone]');
}

export function redactPii(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[deep]';
  if (typeof value === 'string') return scrubString(value);
  if (Array.isArray(value)) return value.map((v) => redactPii(v, depth + 1));
  if (value && typeof value === 'object') {
    if (value instanceof Error) return { type: value.name, message: scrubString(value.message), stack: value.stack && scrubString(value.stack) };
    // Only plain data is walked: request/response objects are reduced by the log serializers.
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SENSITIVE_KEYS.has(k.toLowerCase()) && v !== null && v !== undefined && typeof v !== 'number' && typeof v !== 'boolean' ? '[redacted]' : redactPii(v, depth + 1);
    }
    return out;
  }
  return value;
}

/** The URL's path plus its query parameter names; values are dropped (they hold search text). */
export function safeUrl(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  if (q < 0) return scrubString(url);
  const params = new URLSearchParams(url.slice(q + 1));
  const keys = [...new Set([...params.keys()])];
  return `${scrubString(url.slice(0, q))}${keys.length ? `?${keys.map((k) => `${k}=*`).join('&')}` : ''}`;
}
