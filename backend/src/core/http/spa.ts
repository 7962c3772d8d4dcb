import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { appContentSecurityPolicy, inlineScriptHashes } from './csp';

/** Where `ng build` writes the SPA, seen from dist/backend/src/core/http. */
export const DEFAULT_SPA_DIR = resolve(__dirname, '..', '..', '..', '..', 'frontend', 'browser');

/** Hashed file names (`main-AB12CD34.js`, `chunk-CXnPbg-c.js`, `media/roboto-…-LOX3CHMS.woff2`, and their .br/.gz) never change content. */
const HASHED = /-[A-Za-z0-9_-]{8}\.[a-z0-9]+(?:\.(?:br|gz))?$/;

/**
 * Serves the production build of the SPA at `/` beside the API: hashed assets with a year-long
 * cache and pre-compressed (brotli or gzip), index.html uncached, and index.html for any other browser navigation (`/inbox`,
 * `/leads/…`) so deep links work. `/api` and `/docs` are never touched. Returns false (and the API
 * runs on its own) when there is no build.
 */
export async function serveSpa(app: NestFastifyApplication, dir = DEFAULT_SPA_DIR): Promise<boolean> {
  const indexFile = join(dir, 'index.html');
  if (!existsSync(indexFile)) return false;
  const indexHtml = readFileSync(indexFile);
  // The page's own inline scripts (Angular's autoCsp loader), allowed by hash and nothing else.
  const csp = appContentSecurityPolicy(inlineScriptHashes(indexHtml.toString('utf8')));
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    // One route per file found now (the build is immutable); unknown paths fall through to Nest's 404.
    wildcard: false,
    index: false,
    // `npm run build` writes .br and .gz beside each file (frontend/compress-build.mjs); they are
    // sent to browsers that accept them, so nothing is compressed at run time.
    preCompressed: true,
    // Swagger UI registers @fastify/static too; only one may decorate the reply.
    decorateReply: false,
    setHeaders: (reply, path) => {
      const isIndex = /index\.html(\.br|\.gz)?$/.test(path);
      void reply.header('cache-control', isIndex ? 'no-cache' : HASHED.test(path) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
      if (isIndex) void reply.header('content-security-policy', csp);
    },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (req, reply, done) => {
      const path = req.url.split('?')[0];
      const isNavigation =
        (req.method === 'GET' || req.method === 'HEAD') &&
        !/^\/(api|docs)(\/|-json|$)/.test(path) &&
        !/\.[a-z0-9]+$/i.test(path) &&
        (req.headers.accept ?? '').includes('text/html');
      if (!isNavigation) return done();
      void reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').header('content-security-policy', csp).send(indexHtml);
    });
  return true;
}
