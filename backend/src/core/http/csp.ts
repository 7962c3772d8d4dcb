import { createHash } from 'node:crypto';

/**
 * Content-Security-Policy for everything but Swagger UI. Scripts: this origin's files and the
 * inline scripts of the SPA's index.html by their SHA-256 (Angular's `autoCsp` build writes two:
 * the loader of the main bundle and the critical-CSS switch), never `'unsafe-inline'`, never eval.
 * Styles keep `'unsafe-inline'`: Angular adds component styles as <style> elements at run time
 * (a style injection cannot run script). The API itself answers JSON, which no browser executes.
 */
export function appContentSecurityPolicy(scriptHashes: readonly string[] = []): string {
  return [
    "default-src 'self'",
    `script-src ${["'self'", ...scriptHashes.map((h) => `'${h}'`)].join(' ')}`,
    "script-src-attr 'none'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Swagger UI (/docs) writes inline scripts and styles; it gets its own looser policy, on its own path only. */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** `/docs`, `/docs/…`, `/docs-json`: Swagger UI and its document. */
export const isDocsPath = (url: string): boolean => /^\/docs(\/|-json|$|\?)/.test(url);

/** `sha256-…` of every inline <script> (one without `src`) in an HTML page, as a CSP lists them. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(m[1]) || m[2].length === 0) continue;
    hashes.push(`sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}`);
  }
  return hashes;
}
