import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createHttpApp } from '../bootstrap';
import { AppConfig } from '../core/config/app-config';
import { validateEnv } from '../core/config/env';
import { buildOpenApiDocument, sortKeys } from '../core/http/openapi';

/**
 * Writes docs/openapi.json from the controllers and DTOs, keys sorted so it changes only when the
 * API does. `--check` fails instead of writing when the committed file is stale. No database needed.
 */
async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const env = validateEnv({ LOG_LEVEL: 'silent' });
  const config = new AppConfig({ env, databaseUrl: 'postgres://spec-only@127.0.0.1:1/none', jwtSecret: 'x'.repeat(32), specOnly: true });
  const app = await createHttpApp(config, { logger: false });
  await app.init();
  const json = `${JSON.stringify(sortKeys(buildOpenApiDocument(app)), null, 2)}\n`;
  await app.close();
  const file = resolve(__dirname, '..', '..', '..', '..', 'docs', 'openapi.json');
  if (check) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      /* missing counts as stale */
    }
    if (current !== json) {
      process.stderr.write('docs/openapi.json is stale: run `npm run api:generate` and commit the result\n');
      process.exit(1);
    }
    process.stdout.write('docs/openapi.json is up to date\n');
    return;
  }
  writeFileSync(file, json);
  process.stdout.write(`Wrote ${file}\n`);
}

void main();
