// Initial JavaScript of the production build, gzipped as a browser receives it: the scripts and
// module preloads that index.html loads before any route runs. Fails above the budget (issue #5: 250 kB).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 250;
const dir = join(import.meta.dirname, '..', 'dist', 'frontend', 'browser');
const html = readFileSync(join(dir, 'index.html'), 'utf8');
// With autoCsp the entry scripts are not <script src> tags: an inline loader appends them from a list
// (`const scripts = [['main-….js', "module", …]]`). Count those too, or main itself goes unmeasured.
const tagged = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]);
const loaded = [...(html.match(/const scripts = (\[\[.*?\]\]);/s)?.[1].matchAll(/\[\s*['"]([^'"]+\.js)['"]/g) ?? [])].map((m) => m[1]);
const files = new Set([...tagged, ...loaded]);
let raw = 0;
let gzip = 0;
for (const file of files) {
  const bytes = readFileSync(join(dir, file));
  raw += bytes.length;
  gzip += gzipSync(bytes, { level: 9 }).length;
}
const kb = (n) => (n / 1024).toFixed(1);
process.stdout.write(`initial JavaScript: ${files.size} files, ${kb(raw)} kB raw, ${kb(gzip)} kB gzip (budget ${BUDGET_KB} kB gzip)\n`);
if (files.size === 0) {
  process.stderr.write('no initial scripts found in dist/frontend/browser/index.html: run `npx ng build` first\n');
  process.exit(1);
}
if (gzip > BUDGET_KB * 1024) {
  process.stderr.write(`initial JavaScript is over budget by ${kb(gzip - BUDGET_KB * 1024)} kB gzip\n`);
  process.exit(1);
}
