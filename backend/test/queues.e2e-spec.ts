import { Queue } from 'bullmq';
import { JobQueue } from '../src/core/queue/job-queue';
import { queueOf } from '../src/queues';
import { insertListings, readListingsFile } from '../src/seed/lead-loader';
import { SeedRepository } from '../src/seed/seed.repository';
import { createAgent, createTestApp, login, TestApp } from './harness';
import { startWorker, waitFor, WorkerProcess } from './worker-process';
import { describeIf } from './conditional';

const count = async (t: TestApp, sql: string, params: unknown[] = []) => Number((await t.db.query<{ n: string }[]>(sql, params))[0].n);

/**
 * Jobs on BullMQ's PostgreSQL backend (the zero-setup default), served by worker processes that
 * run apart from the API: the API process here has no processors at all.
 */
describe('queues and workers (PostgreSQL backend, separate processes)', () => {
  let t: TestApp;
  let admin: string;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
  });
  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await t.close();
  });

  it('a unit created through the API is embedded by a separate worker process and becomes findable by meaning', async () => {
    worker = await startWorker({ DATABASE_URL: t.url });
    const created = await t.request({
      method: 'POST',
      url: '/api/inventory',
      token: admin,
      body: { ref: 'Q-1', title: 'Lakefront cabin with dock', description: 'Right on the water with a private dock and a wood stove.', type: 'house', purpose: 'sale', price: 650000, bedrooms: 2, bathrooms: 1, city: 'Kirkland' },
    });
    expect(created.status).toBe(201);
    await waitFor('the embedding', () => count(t, 'SELECT count(*) AS n FROM unit_vectors WHERE unit_id = $1', [created.body.id]));
    const unit = (await t.db.query<{ embedding_version: string }[]>('SELECT embedding_version FROM units WHERE id = $1', [created.body.id]))[0];
    expect(unit.embedding_version).toMatch(/^local-hash:/);

    const search = await t.request({ method: 'GET', url: '/api/inventory/search?q=waterfront%20home%20with%20a%20boat%20dock&mode=semantic', token: admin });
    expect(search.body.items[0]).toMatchObject({ id: created.body.id, why: { semanticRank: 1 } });

    const queues = await t.request({ method: 'GET', url: '/api/admin/queues', token: admin });
    expect(queues.status).toBe(200);
    expect(queues.body.backend).toBe('postgres');
    expect(queues.body.queues.find((q: { name: string }) => q.name === 'embedding')).toMatchObject({ workers: 1 });
  });

  it('a worker killed with SIGKILL mid-job: the job runs again on a new worker and completes, with no duplicate rows', async () => {
    await insertListings(new SeedRepository(t.db), readListingsFile());
    const total = await count(t, 'SELECT count(*) AS n FROM units');
    // One big job, so it is surely still running when the worker dies.
    const ids = (await t.db.query<{ id: string }[]>('SELECT id FROM units')).map((r) => r.id);
    const jobs = t.app.get(JobQueue);
    const jobId = await jobs.enqueue('embed-units', { unitIds: ids, reason: 'reindex' });
    const queue: Queue = jobs.queue(queueOf('embed-units'));
    await waitFor('the job to start', async () => (await queue.getJob(jobId))?.processedOn);
    await new Promise((r) => setTimeout(r, 300));
    expect(await worker?.stop('SIGKILL')).toBeNull();
    expect(await queue.getJobState(jobId)).toBe('active'); // the dead worker still holds it

    worker = await startWorker({ DATABASE_URL: t.url });
    await waitFor('the job to complete', async () => (await queue.getJobState(jobId)) === 'completed', 180_000);
    expect(await count(t, 'SELECT count(*) AS n FROM unit_vectors')).toBe(total);
    expect(await count(t, 'SELECT count(*) AS n FROM units WHERE embedding_version IS NULL')).toBe(0);
    const job = await queue.getJob(jobId);
    expect(job?.returnvalue).toEqual({ embedded: expect.any(Number) });
  }, 240_000);

  it('SIGTERM lets the running job finish before the worker exits', async () => {
    if ((await count(t, 'SELECT count(*) AS n FROM units')) < 1000) await insertListings(new SeedRepository(t.db), readListingsFile());
    worker ??= await startWorker({ DATABASE_URL: t.url });
    const ids = (await t.db.query<{ id: string }[]>('SELECT id FROM units')).map((r) => r.id);
    await t.db.query('UPDATE units SET embedding_version = NULL');
    const jobs = t.app.get(JobQueue);
    const queue = jobs.queue(queueOf('embed-units'));
    const jobId = await jobs.enqueue('embed-units', { unitIds: ids, reason: 'reindex' });
    await waitFor('the job to start', async () => (await queue.getJob(jobId))?.processedOn);
    expect(await worker?.stop('SIGTERM')).toBe(0);
    worker = undefined;
    expect(await queue.getJobState(jobId)).toBe('completed');
    expect(await count(t, 'SELECT count(*) AS n FROM units WHERE embedding_version IS NULL')).toBe(0);
  }, 120_000);

  it('units whose embedding is missing or stale, with no job for them, are embedded by the sweep', async () => {
    await t.db.query(`UPDATE units SET embedding_version = NULL WHERE id IN (SELECT id FROM units ORDER BY id LIMIT 25)`);
    await t.db.query(`UPDATE units SET embedding_version = 'old-provider:v0' WHERE id IN (SELECT id FROM units ORDER BY id DESC LIMIT 25)`);
    worker = await startWorker({ DATABASE_URL: t.url }); // a starting worker sweeps at once, then every minute
    await waitFor('the sweep', async () => (await count(t, `SELECT count(*) AS n FROM units WHERE embedding_version IS DISTINCT FROM (SELECT embedding_version FROM units WHERE ref = 'Q-1')`)) === 0);
    await worker.stop('SIGTERM');
    worker = undefined;
  }, 120_000);

  it('npm run reindex re-embeds every unit through the queue, showing progress, and uses or starts a worker', async () => {
    await worker?.stop('SIGTERM');
    worker = undefined;
    const total = await count(t, 'SELECT count(*) AS n FROM units');
    const { spawn } = await import('node:child_process');
    const { resolve } = await import('node:path');
    const child = spawn(process.execPath, [resolve(__dirname, '..', '..', 'dist', 'backend', 'src', 'bin', 'reindex.js')], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: t.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((ok) => child.once('exit', ok));
    expect(code).toBe(0);
    expect(err).toContain('No worker is running: starting one for this reindex.');
    expect(err).toMatch(new RegExp(`\\[#{30}\\] ${total.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`));
    expect(err).toMatch(new RegExp(`Done: ${total.toLocaleString('en-US')} units in [\\d.]+ s`));
    expect(await count(t, 'SELECT count(*) AS n FROM units WHERE embedding_version IS NULL')).toBe(0);
    expect(await count(t, 'SELECT count(*) AS n FROM unit_vectors')).toBe(total);
  }, 180_000);

  it('failed jobs are retried with backoff and shown to admins, who can retry them', async () => {
    const jobs = t.app.get(JobQueue);
    // A job no processor knows fails on every attempt.
    const queue = jobs.queue(queueOf('refresh-lead'));
    const job = await queue.add('no-such-job', { x: 1 }, { attempts: 2, backoff: { type: 'exponential', delay: 100 } });
    worker = await startWorker({ DATABASE_URL: t.url });
    await waitFor('the job to fail', async () => (await queue.getJobState(String(job.id))) === 'failed', 60_000);
    const failed = await t.request({ method: 'GET', url: '/api/admin/queues/leads/failed', token: admin });
    expect(failed.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: String(job.id), name: 'no-such-job', attemptsMade: 2, failedReason: expect.stringContaining('Unknown job') })]));
    const retry = await t.request({ method: 'POST', url: `/api/admin/queues/leads/jobs/${job.id}/retry`, token: admin });
    expect(retry.status).toBe(204);
    const agent = await createAgent(t, admin, 'Queue Peeker');
    expect((await t.request({ method: 'GET', url: '/api/admin/queues', token: agent.token })).status).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/admin/queues/nope/failed', token: admin })).status).toBe(404);
  }, 120_000);
});

/** With REDIS_URL pointing nowhere: nothing is lost and the API says what is wrong. */
describe('queue backend unreachable', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:1', QUEUE_PREFIX: `down${process.pid}` });
    admin = await login(t);
  });
  afterAll(() => t.close());

  it('admin queue status is a clear 503', async () => {
    const res = await t.request({ method: 'GET', url: '/api/admin/queues', token: admin });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ statusCode: 503, code: 'queue_unavailable' });
  });

  it('a unit is still saved and marked for embedding, for the sweep to embed once the queue is back (durable fallback)', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/inventory',
      token: admin,
      body: { ref: 'DOWN-1', title: 'Saved while Redis is down', type: 'condo', purpose: 'rent', price: 2500, bedrooms: 1, bathrooms: 1, city: 'Seattle' },
    });
    expect(res.status).toBe(201);
    const [row] = await t.db.query<{ embedding_version: string | null }[]>('SELECT embedding_version FROM units WHERE id = $1', [res.body.id]);
    expect(row.embedding_version).toBeNull();
  });

  it('enqueueing directly fails with 503 instead of hanging or dropping the job', async () => {
    await expect(t.app.get(JobQueue).enqueue('refresh-lead', { leadId: '00000000-0000-4000-8000-000000000000', reason: 'test' })).rejects.toMatchObject({ kind: 'unavailable', code: 'queue_unavailable' });
  });
});

/**
 * The full-stack queue: BullMQ on Redis. Runs where a Redis is given in TEST_REDIS_URL (CI sets
 * it to the machine's Redis); a bare machine has none, and then this block is reported skipped.
 */
const redisUrl = process.env.TEST_REDIS_URL;
describeIf(Boolean(redisUrl), 'no Redis given in TEST_REDIS_URL')('queues on Redis (REDIS_URL set)', () => {
  let t: TestApp;
  let admin: string;
  let worker: WorkerProcess | undefined;
  const prefix = `oh_test_${process.pid}_${Date.now().toString(36)}`;

  beforeAll(async () => {
    t = await createTestApp({ REDIS_URL: redisUrl as string, QUEUE_PREFIX: prefix });
    admin = await login(t);
  });
  afterAll(async () => {
    await worker?.stop('SIGKILL');
    for (const q of t.app.get(JobQueue).all) await q.obliterate({ force: true });
    await t.close();
  });

  it('a job enqueued by the API is processed by a worker process over Redis', async () => {
    worker = await startWorker({ DATABASE_URL: t.url, REDIS_URL: redisUrl as string, QUEUE_PREFIX: prefix });
    expect(worker.output()).toContain('on redis');
    const created = await t.request({
      method: 'POST',
      url: '/api/inventory',
      token: admin,
      body: { ref: 'R-1', title: 'Craftsman bungalow', description: 'Front porch and a garden.', type: 'house', purpose: 'sale', price: 700000, bedrooms: 2, bathrooms: 1, city: 'Seattle' },
    });
    await waitFor('the embedding', () => count(t, 'SELECT count(*) AS n FROM unit_vectors WHERE unit_id = $1', [created.body.id]));
    const queues = await t.request({ method: 'GET', url: '/api/admin/queues', token: admin });
    expect(queues.body.backend).toBe('redis');
    expect(queues.body.queues.find((q: { name: string }) => q.name === 'embedding')).toMatchObject({ workers: 1, counts: expect.objectContaining({ failed: 0 }) });
  });
});
