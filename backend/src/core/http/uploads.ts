import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';

/**
 * Marks the routes that take multipart/form-data uploads. The multipart plugin parses that content
 * type for every route, so without this a JSON route would accept a form post whose fields it never
 * reads (validated as an empty body): every other route refuses multipart with a 415.
 */
export const AcceptsUploads = () => RouteConfig({ acceptsUploads: true });

export function refuseUnexpectedUploads(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (req, reply, done) => {
    const config = req.routeOptions.config as { acceptsUploads?: boolean } | undefined;
    if (!req.isMultipart() || config?.acceptsUploads) return done();
    void reply.code(415).send({ statusCode: 415, error: 'Unsupported Media Type', message: 'This route takes application/json, not multipart/form-data', code: 'unsupported_content_type' });
  });
}
