import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/core/database/embedded-postgres';

export interface ScratchDatabase {
  url: string;
  /** Drops the database (and stops the embedded server if one was started for it). */
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for a benchmark or evaluation run: on the server at `serverUrl` when
 * given, otherwise on an embedded PostgreSQL started in a temp folder.
 */
export async function createScratchDatabase(name: string, serverUrl: string | undefined, log: (s: string) => void = () => undefined): Promise<ScratchDatabase> {
  let server = serverUrl;
  let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | null = null;
  if (!server) {
    log('No database server given: starting an embedded PostgreSQL\n');
    embedded = await startEmbeddedPostgres(mkdtempSync(join(tmpdir(), `openhouse-${name}-`)), 0, () => undefined);
    server = embedded.url;
  }
  const dbName = `openhouse_${name.replace(/\W/g, '_')}_${process.pid}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(server);
  url.pathname = `/${dbName}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
      await embedded?.stop();
    },
  };
}
