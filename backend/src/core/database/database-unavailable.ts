/**
 * Whether an error means "the database cannot be reached right now" (down, restarting, shutting
 * down, the connection cut mid-query, the pool unable to connect in time), as opposed to a query
 * the database refused. The first is the server's state, not the request's fault: the API answers
 * 503 and the next request, once PostgreSQL is back, goes through on a fresh connection.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
// SQLSTATE: class 08 connection exception; 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now; 53300 too many connections.
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
// node-postgres raises these without a code.
const MESSAGES = /Connection terminated|Client has encountered a connection error|not queryable|timeout exceeded when trying to connect|Connection terminated due to connection timeout|the database system is (starting up|shutting down|in recovery mode)/i;

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || SQLSTATES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code))) return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true; // AggregateError (IPv4 + IPv6 refused)
  return isDatabaseUnavailable(e.driverError, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1);
}
