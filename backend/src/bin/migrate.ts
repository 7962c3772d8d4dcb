import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { validateEnv } from '../core/config/env';
import { databaseOptions } from '../core/database/database-options';
import { resolveDatabase } from '../core/database/resolve-database';

/** Applies pending migrations to DATABASE_URL (or the embedded database) and stops. */
async function main(): Promise<void> {
  const log = new Logger('Migrate');
  const env = validateEnv(process.env);
  const { url, embedded } = await resolveDatabase(env, (m) => log.log(m));
  const ds = await new DataSource(databaseOptions(url)).initialize();
  try {
    const done = await ds.runMigrations({ transaction: 'each' });
    log.log(done.length ? `Applied ${done.map((m) => m.name).join(', ')}` : 'No pending migrations');
  } finally {
    await ds.destroy();
    await embedded?.stop();
  }
}

main().catch((e: unknown) => {
  new Logger('Migrate').error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
