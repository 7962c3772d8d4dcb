import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../src/core/database/database-options';
import { startEmbeddedPostgres, EmbeddedDatabase } from '../src/core/database/embedded-postgres';
import { withDatabase } from './db-url';

declare global {
  var __OPENHOUSE_EMBEDDED__: EmbeddedDatabase | undefined;
}

/**
 * One PostgreSQL for the whole run: TEST_DATABASE_URL (CI: the machine's server) or, on a bare
 * machine, a real PostgreSQL started from embedded-postgres in a temp folder. Migrations run once
 * into a template database; each test file clones it (CREATE DATABASE … TEMPLATE), so files are
 * isolated and can run in parallel.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'openhouse-test-pg-'));
    const db = await startEmbeddedPostgres(dir, 0, () => undefined);
    globalThis.__OPENHOUSE_EMBEDDED__ = db;
    adminUrl = withDatabase(db.url, 'postgres');
  }
  const runId = `oh_t${process.pid}_${Date.now().toString(36)}`;
  const template = `${runId}_tpl`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const ds = await new DataSource(databaseOptions(withDatabase(adminUrl, template), 2)).initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  process.env.TEST_PG_ADMIN_URL = adminUrl;
  process.env.TEST_PG_TEMPLATE = template;
  process.env.TEST_PG_RUN_ID = runId;
}
