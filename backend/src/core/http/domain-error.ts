/**
 * Errors the services raise. They know nothing of HTTP; the exception filter maps `kind` to a
 * status code. `code` is stable and machine-readable for integrators.
 */
export type DomainErrorKind = 'not_found' | 'invalid' | 'conflict' | 'forbidden' | 'unauthorized' | 'unavailable' | 'unsupported_media';

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
