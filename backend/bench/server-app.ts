import 'reflect-metadata';
import pino from 'pino';
import { createHttpApp } from '../src/bootstrap';
import { AppConfig } from '../src/core/config/app-config';
import { validateEnv } from '../src/core/config/env';

/**
 * The real API for the benchmark, in its own process: Fastify adapter, auth guard, validation,
 * serialization and request logging all on (logs go to /dev/null so the terminal is not the bottleneck).
 */
async function main(): Promise<void> {
  const env = validateEnv({ ...process.env, SEED_DEMO: 'false', MIGRATE_ON_START: 'false', LOG_LEVEL: 'info' });
  const config = new AppConfig({ env, databaseUrl: env.DATABASE_URL as string, jwtSecret: 'bench-secret-0123456789-0123456789-abcdef', logStream: pino.destination({ dest: '/dev/null', sync: false }) });
  const app = await createHttpApp(config);
  await app.listen({ port: env.PORT, host: '127.0.0.1' });
  process.send?.('ready');
}

void main();
