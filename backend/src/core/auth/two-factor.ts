import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';

/**
 * TOTP (RFC 6238) through otplib, the maintained library; what is written here is only the
 * storage around it: secrets encrypted at rest with AES-256-GCM under a key derived from
 * JWT_SECRET (so a database dump alone does not yield working codes), and recovery codes kept as
 * SHA-256 hashes like API keys.
 */
export const TOTP_ISSUER = 'Openhouse';
/** A code from the previous or next 30-second window is accepted too (phone clocks drift). */
const TOLERANCE_S = 30;

export class TotpVault {
  private readonly key: Buffer;

  constructor(jwtSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', jwtSecret, Buffer.alloc(0), 'openhouse totp secret', 32));
  }

  newSecret(): string {
    return generateSecret();
  }

  uri(secret: string, email: string): string {
    return generateURI({ issuer: TOTP_ISSUER, label: email, secret });
  }

  seal(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  open(sealed: string): string {
    const [, iv, tag, body] = sealed.split('.');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** The time step the code belongs to when it is valid now; null otherwise. */
  async check(sealed: string, code: string): Promise<number | null> {
    const token = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(token)) return null;
    const result = await verify({ secret: this.open(sealed), token, epochTolerance: TOLERANCE_S });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  }
}

/** Ten single-use recovery codes, as shown once (`xxxxx-xxxxx`) and as stored (hashes). */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: 10 }, () => {
    const raw = randomBytes(8).toString('hex').slice(0, 10);
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  return { codes, hashes: codes.map(hashRecoveryCode) };
}

export const hashRecoveryCode = (code: string) => createHash('sha256').update(code.trim().toLowerCase()).digest('hex');

/** A recovery code as typed: `xxxxx-xxxxx` (hex), spaces and case ignored. */
export const looksLikeRecoveryCode = (code: string) => /^[0-9a-f]{5}-[0-9a-f]{5}$/.test(code.trim().toLowerCase());
