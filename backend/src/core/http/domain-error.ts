/**
 * Errors the services raise. They know nothing of HTTP; the exception filter maps `kind` to a
 * status code. `code` is stable and machine-readable for integrators.
 */
export type DomainErrorKind = 'not_found' | 'invalid' | 'conflict' | 'forbidden' | 'unauthorized' | 'unavailable' | 'rate_limited' | 'unsupported_media' | 'too_large' | 'unprocessable';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what.toLowerCase().replace(/\s+/g, '_')}_not_found`, `${what} not found`);

/** Too many requests; the answer carries `Retry-After` (seconds) and the same number in `details`. */
export const rateLimited = (retryAfterSeconds: number, message = 'Too many requests; try again later') =>
  new DomainError('rate_limited', 'rate_limited', message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) });
