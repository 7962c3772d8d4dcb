import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';

/** Where a request came from, for records that must say so (the audit log) without every service taking the request. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

const storage = new AsyncLocalStorage<RequestOrigin>();

/** The current request's origin; null outside a request (a worker job, a script). */
export const currentRequestOrigin = (): RequestOrigin | null => storage.getStore() ?? null;

/**
 * Runs the rest of each request inside its origin. `req.ip` honours TRUST_PROXY (Fastify's
 * trustProxy), so behind a proxy it is the client's address, not the proxy's.
 */
export function trackRequestOrigin(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (req, _reply, done) => {
    const ua = req.headers['user-agent'];
    storage.run({ ip: req.ip ?? null, userAgent: typeof ua === 'string' ? ua.slice(0, 300) : null, requestId: String(req.id) }, done);
  });
}
