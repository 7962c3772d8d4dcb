import { HttpErrorResponse } from '@angular/common/http';

/** The server's own words when it sent its JSON error (`{statusCode, error, message}`), else a plain fallback. */
export function errorMessage(e: unknown, fallback = 'Something went wrong. Please try again.'): string {
  if (e instanceof HttpErrorResponse) {
    const body: unknown = e.error;
    if (body && typeof body === 'object' && 'message' in body) {
      const message = body.message;
      if (typeof message === 'string' && message) return message;
      if (Array.isArray(message)) return message.join('; ');
    }
    if (e.status === 0) return 'Cannot reach the server. Check your connection and try again.';
    return `${fallback} (HTTP ${e.status})`;
  }
  if (e instanceof Error && e.message) return e.message;
  return fallback;
}
