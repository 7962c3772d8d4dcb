import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = 'ok' | 'missing' | 'malformed' | 'mismatch';

const HEADER = /^sha256=([0-9a-f]{64})$/i;

/** Hex HMAC-SHA256 of the bytes, keyed by the app secret: what Meta puts after `sha256=`. */
export function metaSignature(secret: string, raw: Buffer | string): string {
  return createHmac('sha256', secret).update(raw).digest('hex');
}

/**
 * Checks `X-Hub-Signature-256` against the exact bytes received, in constant time. The body is
 * never re-serialised: a signature over pretty-printed or re-ordered JSON does not match.
 */
export function checkMetaSignature(secret: string, raw: Buffer, header: string | string[] | undefined): SignatureCheck {
  if (header === undefined || header === '') return 'missing';
  if (Array.isArray(header)) return 'malformed';
  const m = HEADER.exec(header.trim());
  if (!m) return 'malformed';
  const expected = createHmac('sha256', secret).update(raw).digest();
  const given = Buffer.from(m[1], 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'mismatch';
}
