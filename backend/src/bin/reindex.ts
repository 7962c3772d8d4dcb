import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from '../core/config/app-config';
import { AuditModule } from '../audit/audit.module';
import { AuditTrailModule } from '../core/audit/audit-trail.module';
import { ConfigModule } from '../core/config/config.module';
import { validateEnv } from '../core/config/env';
import { DatabaseModule } from '../core/database/database.module';
import { resolveDatabase } from '../core/database/resolve-database';
import { JobQueue } from '../core/queue/job-queue';
import { configureQueueBackend } from '../core/queue/queue-backend';
import { QueueModule } from '../core/queue/queue.module';
import { JOBS } from '../queues';
import { EmbeddingModule } from '../embedding/embedding.module';
import { INDEXED_UNITS, IndexedUnits, IndexedUnitsModule } from '../embedding/indexed-units';
import { InventoryModule } from '../inventory/inventory.module';
import { UnitIndexer } from '../embedding/unit-indexer.service';

const BATCH = 500;
const out = (s: string) => process.stderr.write(s);

function bar(done: number, total: number, startedAt: number): string {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : width;
  const secs = (Date.now() - startedAt) / 1000;
  const rate = secs > 0 ? done / secs : 0;
  const eta = rate > 0 ? Math.ceil((total - done) / rate) : NaN;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}  ${rate.toFixed(0)} units/s  ETA ${Number.isFinite(eta) ? `${eta} s` : '…'}`;
}

/**
 * `npm run reindex`: re-embeds the whole inventory through the queue and shows progress. Uses the
 * workers that are running (npm start runs one); starts one for the duration if none is.
 */
async function main(): Promise<void> {
  const env = validateEnv({ ...process.env, MIGRATE_ON_START: 'false', LOG_LEVEL: 'warn' });
  const { url, embedded } = await resolveDatabase(env, (m) => out(`${m}\n`), { reuseRunning: true });
  const config = new AppConfig({ env, databaseUrl: url, jwtSecret: '' });
  const queue = configureQueueBackend(config);

  @Module({ imports: [ConfigModule.forRoot(config), DatabaseModule, QueueModule.register(queue, { admin: false, jobs: JOBS }), EmbeddingModule, IndexedUnitsModule.forRoot(InventoryModule), AuditTrailModule.forRoot(AuditModule)] })
  class ReindexModule {}

  const app = await NestFactory.createApplicationContext(ReindexModule, { logger: ['error', 'warn'] });
  let worker: ChildProcess | null = null;
  try {
    const jobs = app.get(JobQueue);
    const units = app.get<IndexedUnits>(INDEXED_UNITS);
    const version = app.get(UnitIndexer).version;
    if ((await jobs.queueFor('embed-units').getWorkersCount()) === 0) {
      out('No worker is running: starting one for this reindex.\n');
      worker = fork(resolve(__dirname, '..', 'main.worker.js'), [], { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, stdio: 'inherit' });
    }
    const ids = await units.allIds();
    await units.clearVersions();
    const startedAt = Date.now();
    for (let i = 0; i < ids.length; i += BATCH) await jobs.enqueue('embed-units', { unitIds: ids.slice(i, i + BATCH), reason: 'reindex' });
    out(`Re-embedding ${ids.length.toLocaleString('en-US')} units with ${version} in ${Math.ceil(ids.length / BATCH)} jobs\n`);
    const failedBefore = (await jobs.queueFor('embed-units').getJobCounts('failed')).failed ?? 0;
    for (;;) {
      const done = await units.countEmbedded(version);
      out(`\r${bar(done, ids.length, startedAt)}`);
      if (done >= ids.length) break;
      const failed = ((await jobs.queueFor('embed-units').getJobCounts('failed')).failed ?? 0) - failedBefore;
      if (failed > 0) out(`\n${failed} job(s) failed after all retries; see GET /api/admin/queues. Waiting for the rest…`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const secs = (Date.now() - startedAt) / 1000;
    out(`\nDone: ${ids.length.toLocaleString('en-US')} units in ${secs.toFixed(1)} s (${(ids.length / secs).toFixed(0)} units/s)\n`);
  } finally {
    if (worker) {
      worker.kill('SIGTERM');
      await new Promise((r) => worker?.once('exit', r));
    }
    await app.close();
    await embedded?.stop();
  }
}

main().catch((e: unknown) => {
  out(`\nReindex failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
