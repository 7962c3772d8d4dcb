import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '../src/bootstrap';
import { AppConfig } from '../src/core/config/app-config';
import { validateEnv } from '../src/core/config/env';
import { serveSpa } from '../src/core/http/spa';
import { createTestDatabase } from './harness';

/** An inline script like the loader Angular's autoCsp build writes into index.html. */
const LOADER = "(() => { const s = document.createElement('script'); s.src = 'main-ABCD1234.js'; document.body.appendChild(s); })();";

describe('the API serves the SPA build at / (HTTP)', () => {
  let app: NestFastifyApplication;
  let dir: string;
  const html = { accept: 'text/html,application/xhtml+xml' };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oh-spa-'));
    writeFileSync(join(dir, 'index.html'), `<!doctype html><title>Openhouse</title><oh-root></oh-root><script src="main-ABCD1234.js" type="module"></script><script>${LOADER}</script>`);
    writeFileSync(join(dir, 'main-ABCD1234.js'), 'console.log("app")');
    writeFileSync(join(dir, 'chunk-CXnPbg-c.js'), 'export const inbox = 1;'.repeat(100));
    writeFileSync(join(dir, 'chunk-CXnPbg-c.js.gz'), gzipSync('export const inbox = 1;'.repeat(100)));
    mkdirSync(join(dir, 'media'));
    writeFileSync(join(dir, 'media', 'roboto-EFGH5678.woff2'), 'font');
    writeFileSync(join(dir, 'favicon.ico'), 'icon');
    const config = new AppConfig({
      env: validateEnv({ LOG_LEVEL: 'silent', SEED_DEMO: 'false' }),
      databaseUrl: await createTestDatabase(),
      jwtSecret: 'test-secret-that-is-long-enough-1234567890',
    });
    app = await createHttpApp(config, { logger: false });
    expect(await serveSpa(app, dir)).toBe(true);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and for deep links, never cached', async () => {
    for (const url of ['/', '/inbox', '/leads/8a1e2f8c-0000-4000-8000-000000000000?tab=tasks']) {
      const res = await app.inject({ method: 'GET', url, headers: html });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<oh-root>');
    }
  });

  it('serves hashed assets with a long cache and other files with a short one', async () => {
    const js = await app.inject({ method: 'GET', url: '/main-ABCD1234.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toContain('immutable');
    const font = await app.inject({ method: 'GET', url: '/media/roboto-EFGH5678.woff2' });
    expect(font.statusCode).toBe(200);
    expect(font.headers['cache-control']).toContain('max-age=31536000');
    const icon = await app.inject({ method: 'GET', url: '/favicon.ico' });
    expect(icon.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('sends the pre-compressed file to browsers that accept it, with the same long cache', async () => {
    const zipped = await app.inject({ method: 'GET', url: '/chunk-CXnPbg-c.js', headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['content-type']).toContain('javascript');
    expect(zipped.headers['cache-control']).toContain('immutable');
    expect(zipped.rawPayload.length).toBeLessThan(200);
    const plain = await app.inject({ method: 'GET', url: '/chunk-CXnPbg-c.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe('export const inbox = 1;'.repeat(100));
  });

  it('leaves the API and the docs alone: JSON errors, no HTML fallback', async () => {
    const missing = await app.inject({ method: 'GET', url: '/api/nothing-here', headers: html });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ statusCode: 404 });
    const api = await app.inject({ method: 'GET', url: '/api/leads', headers: html });
    expect(api.statusCode).toBe(401);
    const asset = await app.inject({ method: 'GET', url: '/missing-ZZZZ9999.js', headers: html });
    expect(asset.statusCode).toBe(404);
  });

  it('reports that there is nothing to serve when the build is absent', async () => {
    expect(await serveSpa(app, join(dir, 'no-build-here'))).toBe(false);
  });

  describe('Content-Security-Policy (issue 14 point 6)', () => {
    const directives = (header: unknown) => Object.fromEntries(String(header).split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

    it('index.html is sent under a strict policy: scripts from this origin and its own inline loader by hash, no unsafe-inline or eval', async () => {
      const hash = `'sha256-${createHash('sha256').update(LOADER).digest('base64')}'`;
      for (const url of ['/', '/inbox']) {
        const res = await app.inject({ method: 'GET', url, headers: html });
        const csp = directives(res.headers['content-security-policy']);
        expect(csp['script-src']).toEqual(["'self'", hash]);
        expect(csp['script-src-attr']).toEqual(["'none'"]);
        expect(csp['object-src']).toEqual(["'none'"]);
        expect(csp['base-uri']).toEqual(["'self'"]);
        expect(csp['frame-ancestors']).toEqual(["'none'"]);
        expect(String(res.headers['content-security-policy'])).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
      }
    });

    it('API answers carry the strict policy too', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/health' });
      expect(directives(res.headers['content-security-policy'])['script-src']).toEqual(["'self'"]);
    });

    it('Swagger UI keeps its own looser policy, on /docs only', async () => {
      for (const url of ['/docs', '/docs/', '/docs-json']) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode).toBeLessThan(400);
        expect(directives(res.headers['content-security-policy'])['script-src']).toEqual(["'self'", "'unsafe-inline'"]);
      }
      const lookalike = await app.inject({ method: 'GET', url: '/docsfoo', headers: html });
      expect(directives(lookalike.headers['content-security-policy'])['script-src']).not.toContain("'unsafe-inline'");
    });
  });
});
