import { DateTime } from 'luxon';
import type { QueryRunner } from 'typeorm';
import { JobQueue } from '../src/core/queue/job-queue';
import { queueOf } from '../src/queues';
import { createAgent, createTestApp, login, TestApp } from './harness';
import { SmtpInbox } from './smtp-inbox';
import { startWorker, waitFor, WorkerProcess } from './worker-process';

const ZONE = 'America/New_York';
const TEAM_ZONE = 'America/Los_Angeles';
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
/** The test app signs feedback links with this; the worker must sign them the same way. */
const JWT_SECRET = 'test-secret-that-is-long-enough-1234567890';

/**
 * The job types that came after job-kills.e2e-spec.ts (issue 14 point 12), killed the same way: a
 * real worker process, SIGKILLed while the job's connection waits on a lock this test holds on the
 * table the job writes next; after a restart the job completes and its effect is there once.
 * Nothing asserts a time: each step polls for the state it needs.
 */
describe('worker SIGKILLed mid-job: the viewing feedback request, the analytics refresh, the SLA reconcile sweep', () => {
  let t: TestApp;
  let smtp: SmtpInbox;
  let worker: WorkerProcess | undefined;
  let admin: string;
  let agent: { id: string; token: string; email: string };
  let seq = 0;
  const redisUrl = process.env.TEST_REDIS_URL;
  const env = () => ({
    ...(redisUrl ? { REDIS_URL: redisUrl, QUEUE_PREFIX: `killslater${process.pid}` } : {}),
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Openhouse Realty <hello@openhouse.example>',
    QUIET_HOURS: '00:00-00:00',
    PUBLIC_URL: 'https://crm.example.com',
    TEAM_TIME_ZONE: TEAM_ZONE,
  });
  const start = async () => (worker = await startWorker({ DATABASE_URL: t.url, JWT_SECRET, ...env() }));
  const n = async (sql: string, params: unknown[] = []) => Number((await t.db.query<{ n: string }[]>(sql, params))[0].n);
  const day = (d: number) => DateTime.now().setZone(ZONE).plus({ days: d }).toISODate()!;
  const queue = (name: string) => t.app.get(JobQueue).queue(name);
  const newHome = async () => {
    const res = await t.request({ method: 'POST', url: '/api/inventory', token: admin, body: { type: 'house', purpose: 'sale', price: 600000, bedrooms: 3, bathrooms: 2, city: 'Seattle', area: 'Fremont', street: `${++seq} Pine St`, title: `Later kill home ${seq}`, ref: `LK-${seq}` } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const newLead = async (contact: Record<string, unknown>) => {
    const res = await t.request({ method: 'POST', url: '/api/leads', token: agent.token, body: { contact: { timezone: ZONE, ...contact }, source: 'web' } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  /** Every outbox row sent and every job of the queue done: nothing of earlier steps is in flight. */
  const settled = async (queueName: string) => {
    await waitFor('the outbox to be sent', async () => (await n(`SELECT count(*) AS n FROM outbox_messages WHERE status <> 'sent'`)) === 0, 60_000);
    await waitFor(`the ${queueName} queue to be idle`, async () => {
      const c = await queue(queueName).getJobCounts('active', 'waiting', 'prioritized');
      return c.active + c.waiting + c.prioritized === 0;
    }, 60_000);
  };
  /** Holds a lock on `table` that every write to it waits for, until `release()`. */
  const hold = async (table: string, mode = 'SHARE') => {
    const qr: QueryRunner = t.db.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    await qr.query(`LOCK TABLE ${table} IN ${mode} MODE`);
    const ours = Number(((await qr.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[])[0].pid);
    const locks = `SELECT count(*) AS n FROM pg_locks WHERE relation = '${table}'::regclass`;
    return {
      /** A job waits on the table. */
      waiters: () => waitFor(`a job waiting on ${table}`, async () => (await n(`${locks} AND pid <> ${ours} AND NOT granted`)) > 0, 60_000),
      /** Lets the waiting jobs go on, and waits until nobody holds the table (the dead worker's transaction has ended). */
      async release() {
        await qr.rollbackTransaction();
        await qr.release();
        await waitFor(`the dead worker's hold on ${table} to end`, async () => (await n(locks)) === 0, 30_000);
      },
    };
  };
  /** Kills the worker while `jobId` runs; the queue still has the job active (held by the dead worker). */
  const killDuring = async (queueName: string, jobIds: string[]) => {
    expect(await worker!.stop('SIGKILL')).toBeNull();
    worker = undefined;
    for (const jobId of jobIds) expect(await queue(queueName).getJobState(jobId)).toBe('active');
  };
  const completed = (queueName: string, jobId: string) =>
    // The dead worker's lock on the job expires (30 s); a worker's stalled-job check then hands it out again.
    waitFor(`job ${jobId} to complete`, async () => (await queue(queueName).getJobState(jobId)) === 'completed', 120_000);

  beforeAll(async () => {
    smtp = new SmtpInbox();
    await smtp.up();
    t = await createTestApp(env());
    admin = await login(t);
    agent = await createAgent(t, admin, 'Kay Later');
    expect((await t.request({ method: 'PUT', url: '/api/viewings/availability', token: agent.token, body: { timezone: ZONE, weekly: EVERY_DAY, bufferMinutes: 0 } })).status).toBe(200);
    await start();
  }, 120_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await t?.close();
    await smtp.down();
  });

  it('viewing-feedback-request: killed after marking the viewing held, while writing the request; after a restart the lead gets one email with the link', async () => {
    const home = await newHome();
    const leadId = await newLead({ name: 'Fay Feedback', email: 'fay.feedback@example.com' });
    const booked = await t.request({ method: 'POST', url: `/api/leads/${leadId}/viewings`, token: agent.token, body: { unitId: home, date: day(3), time: '10:00' } });
    expect(booked.status).toBe(201);
    const id = booked.body.id as string;
    const jobId = `viewing-feedback-${id}`;
    const job = await waitFor('the feedback job', async () => (await queue(queueOf('viewing-feedback-request')).getJob(jobId)) ?? null);
    await settled(queueOf('viewing-feedback-request')); // the confirmations are out
    const requests = () => smtp.to('fay.feedback@example.com').filter((m) => m.mail.subject?.startsWith('How was your viewing'));

    // The clock runs on (the viewing is over); the request fires while the outbox's writes wait on the test's lock.
    await t.db.query(`UPDATE viewings SET starts_at = date_trunc('minute', now()) - interval '2 hours', ends_at = date_trunc('minute', now()) - interval '75 minutes' WHERE id = $1`, [id]);
    const [{ ends_at }] = await t.db.query<{ ends_at: Date }[]>(`SELECT ends_at FROM viewings WHERE id = $1`, [id]);
    await job.updateData({ viewingId: id, endsAt: new Date(ends_at).toISOString() });
    const lock = await hold('outbox_messages');
    await job.promote();
    await lock.waiters();
    await killDuring(queueOf('viewing-feedback-request'), [jobId]);
    await lock.release();
    // The viewing was marked held before the kill; the request's transaction never committed.
    expect((await t.db.query(`SELECT status FROM viewings WHERE id = $1`, [id]))[0].status).toBe('done');
    expect(await n(`SELECT count(*) AS n FROM outbox_messages WHERE lead_id = $1 AND idempotency_key LIKE '%:feedback-request%'`, [leadId])).toBe(0);

    await start();
    await completed(queueOf('viewing-feedback-request'), jobId);
    await waitFor('the feedback email', () => Promise.resolve(requests().length > 0), 60_000);
    await settled(queueOf('viewing-feedback-request'));
    expect(requests()).toHaveLength(1);
    expect(requests()[0].mail.text).toMatch(/https:\/\/crm\.example\.com\/feedback\/\S+/);
    expect(await n(`SELECT count(*) AS n FROM outbox_messages WHERE lead_id = $1 AND idempotency_key LIKE '%:feedback-request%'`, [leadId])).toBe(1);
  }, 240_000);

  it('refresh-analytics: killed while writing the per-lead summaries; after a restart the funnel counts each lead once', async () => {
    const funnelLeads = async () => {
      const today = DateTime.now().setZone(TEAM_ZONE).toISODate()!;
      const res = await t.request({ method: 'GET', url: `/api/analytics/funnel?from=${today}&to=${today}`, token: admin });
      expect(res.status).toBe(200);
      return res.body.leads as number;
    };
    // No refresh runs while the leads arrive: the worker is stopped.
    expect(await worker!.stop('SIGTERM')).toBe(0);
    worker = undefined;
    for (let i = 0; i < 3; i++) await newLead({ name: `Ana Lytics ${i}`, email: `ana.lytics.${i}@example.com` });
    const leadsToday = await n(`SELECT count(*) AS n FROM leads WHERE merged_into_id IS NULL AND created_at >= date_trunc('day', now() AT TIME ZONE $1) AT TIME ZONE $1`, [TEAM_ZONE]);
    expect(await funnelLeads()).toBeLessThan(leadsToday);

    // A starting worker refreshes (its schedule, and the job added here); the refresh waits to write the summaries.
    const lock = await hold('analytics_lead_facts');
    await start();
    await queue(queueOf('refresh-analytics')).add('refresh-analytics', {}, { jobId: `refresh-killed-${process.pid}` });
    await lock.waiters();
    const running = (await queue(queueOf('refresh-analytics')).getJobs(['active'])).filter((j) => j.name === 'refresh-analytics').map((j) => j.id!);
    expect(running).toHaveLength(1); // one refresh at a time
    await killDuring(queueOf('refresh-analytics'), running);
    await lock.release();
    expect(await funnelLeads()).toBeLessThan(leadsToday); // nothing of the dead refresh committed

    await start();
    await completed(queueOf('refresh-analytics'), running[0]);
    await waitFor('the funnel to count every lead', async () => (await funnelLeads()) === leadsToday, 120_000);
    await settled(queueOf('refresh-analytics'));
    expect(await funnelLeads()).toBe(leadsToday);
    expect(await n(`SELECT count(*) AS n FROM analytics_lead_facts`)).toBe(await n(`SELECT count(*) AS n FROM leads WHERE merged_into_id IS NULL`));
  }, 300_000);

  it('sla-reconcile: killed while reading the rules; after a restart it completes and a lead whose timer was never scheduled gets it, once', async () => {
    const sla = queue(queueOf('sla-reconcile'));
    // The lead arrives while no worker listens: the change notice is lost, so no timer job exists for it.
    expect(await worker!.stop('SIGTERM')).toBe(0);
    worker = undefined;
    const leadId = await newLead({ name: 'Rex Reconcile', email: 'rex.reconcile@example.com' });
    const timers = async () => (await sla.getJobs(['delayed', 'waiting', 'prioritized', 'active', 'completed'])).filter((j) => j.name === 'sla-timer' && j.id?.startsWith(`sla-${leadId}-`));
    expect(await timers()).toHaveLength(0);

    // A starting worker sweeps at once; the sweep waits on the rules, which the test holds.
    const lock = await hold('sla_rules', 'ACCESS EXCLUSIVE');
    await start();
    await lock.waiters();
    const running = (await sla.getJobs(['active'])).filter((j) => j.name === 'sla-reconcile').map((j) => j.id!);
    expect(running.length).toBeGreaterThanOrEqual(1);
    await killDuring(queueOf('sla-reconcile'), running);
    await lock.release();
    expect(await timers()).toHaveLength(0); // the dead sweep scheduled nothing

    await start();
    for (const id of running) await completed(queueOf('sla-reconcile'), id);
    await waitFor('the lead\'s timer', async () => (await timers()).length > 0, 60_000);
    const rules = await n(`SELECT count(*) AS n FROM sla_rules WHERE enabled AND stage = 'new'`);
    expect((await timers()).map((j) => j.id).sort()).toHaveLength(rules);
  }, 300_000);
});
