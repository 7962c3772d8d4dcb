import 'reflect-metadata';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig } from './core/config/app-config';
import { EnvValidationError, validateEnv } from './core/config/env';
import { resolveJwtSecret } from './bootstrap';
import { Metrics } from './core/metrics/metrics';
import { serveWorkerMetrics } from './core/metrics/worker-metrics-server';
import { JobQueue } from './core/queue/job-queue';
import { configureQueueBackend, queueBackendName } from './core/queue/queue-backend';
import { IntegrationsProcessor } from './integrations/integrations.processor';
import { PROCESSORS, WorkerModule } from './worker.module';
import { AGENT_JOBS } from './agent/agent.jobs';
import { ANALYTICS_JOBS } from './analytics/analytics.jobs';
import { EMBEDDING_JOBS } from './embedding/embedding.jobs';
import { INTEGRATION_JOBS } from './integrations/integrations.jobs';
import { MESSAGING_JOBS } from './messaging/messaging.jobs';
import { WEBHOOK_JOBS } from './webhooks/webhooks.jobs';
import { JOBS } from './queues';

const boot = new NestLogger('Worker');

/**
 * A queue worker: `npm run start:worker`. No HTTP port. Runs as many of these as you like, on any
 * machine that reaches the database (and Redis, when REDIS_URL is set). SIGTERM lets running jobs
 * finish before it exits; a job of a worker that dies is handed to another once its lock expires.
 */
async function main(): Promise<void> {
  // Workers never migrate or seed: the API does, once.
  const env = validateEnv({ ...process.env, MIGRATE_ON_START: 'false', SEED_DEMO: 'false' });
  if (!env.DATABASE_URL) {
    throw new EnvValidationError(
      'Invalid environment:\n  DATABASE_URL: a worker needs the database the API uses (npm start starts a worker for you; run `npm run start:worker` with DATABASE_URL set)',
    );
  }
  // The worker signs no sign-in tokens, but the links it mails (viewing feedback) are signed with a key derived from the same secret.
  const config = new AppConfig({ env, databaseUrl: env.DATABASE_URL, jwtSecret: resolveJwtSecret(env) });
  const queue = configureQueueBackend(config);
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config, queue), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // SIGTERM/SIGINT: stop taking jobs, let running ones finish (BullMQ's worker.close()), then exit 0.
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    boot.log(`${signal}: finishing running jobs, then exiting`);
    // Workers first, while the database is still open: close() waits for running jobs.
    await Promise.all(PROCESSORS.map((p) => app.get(p).worker.close()));
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  // Started by `npm start` (forked, with an IPC channel): an API that dies — even by SIGKILL, which
  // runs no handler — must not leave its workers running on as orphans holding database connections.
  if (process.send) process.once('disconnect', () => void shutdown('the API process that started this worker is gone'));
  for (const p of PROCESSORS) {
    const worker = app.get(p).worker;
    worker.concurrency = env.WORKER_CONCURRENCY;
    // A lost connection (Redis restarting) is reported and retried by BullMQ; log it as ours, once a
    // minute per queue at most, instead of BullMQ's bare console output for every failed command.
    let lastReported = 0;
    worker.on('error', (e: Error) => {
      if (Date.now() - lastReported < 60_000) return;
      lastReported = Date.now();
      boot.warn(`Queue ${worker.name}: ${e.message} (retrying)`);
    });
  }
  // Outbound webhooks mostly wait on other people's servers: one slow receiver must not hold up the rest.
  app.get(IntegrationsProcessor).worker.concurrency = env.INTEGRATION_WEBHOOKS_CONCURRENCY;
  // Embeddings that are missing or stale (an enqueue that failed, a provider change) are swept up
  // every minute; a scheduler with `every` also runs once at once.
  await app.get(JobQueue).queue(EMBEDDING_JOBS.queue).upsertJobScheduler('sweep-embeddings', { every: 60_000 }, { name: 'sweep-embeddings', data: {} });
  // Webhook events stored but never queued (queue down at delivery time) are found every 30 s.
  await app.get(JobQueue).queue(WEBHOOK_JOBS.queue).upsertJobScheduler('sweep-webhooks', { every: 30_000 }, { name: 'sweep-webhooks', data: {} });
  // Outbox rows due and in no queue (queue down at commit, in-doubt sends whose wait is over) every 30 s.
  await app.get(JobQueue).queue(MESSAGING_JOBS.queue).upsertJobScheduler('sweep-outbox', { every: 30_000 }, { name: 'sweep-outbox', data: {} });
  // Channel replies overdue with no live turn (an enqueue that failed, a worker that died mid-turn) every 30 s.
  await app.get(JobQueue).queue(AGENT_JOBS.queue).upsertJobScheduler('sweep-channel-replies', { every: 30_000 }, { name: 'sweep-channel-replies', data: {} });
  // Integration events never fanned out (a missed notification) and deliveries that fell out of the queue, every 30 s.
  await app.get(JobQueue).queue(INTEGRATION_JOBS.queue).upsertJobScheduler('sweep-integration-events', { every: 30_000 }, { name: 'sweep-integration-events', data: {} });
  // The analytics summaries: brought up to date every minute, so a figure is at most about a minute behind (docs/ANALYTICS.md).
  await app.get(JobQueue).queue(ANALYTICS_JOBS.queue).upsertJobScheduler('refresh-analytics', { every: 60_000 }, { name: 'refresh-analytics', data: {} });
  if (env.WORKER_METRICS_PORT && env.METRICS_TOKEN) {
    const server = await serveWorkerMetrics(app.get(Metrics), env.METRICS_TOKEN, env.WORKER_METRICS_PORT);
    process.once('exit', () => server.close());
    boot.log(`Metrics at GET /metrics on port ${env.WORKER_METRICS_PORT}`);
  } else if (env.WORKER_METRICS_PORT) {
    boot.warn('WORKER_METRICS_PORT is set but METRICS_TOKEN is not: no metrics served');
  }
  boot.log(`Worker ${process.pid} consuming ${[...new Set(JOBS.map((d) => d.queue))].join(', ')} on ${queueBackendName(config)}`);
  process.send?.({ type: 'worker-ready', pid: process.pid });
}

main().catch((e: unknown) => {
  boot.error(e instanceof EnvValidationError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
