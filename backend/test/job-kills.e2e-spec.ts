import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { QueryRunner } from 'typeorm';
import { JobQueue } from '../src/core/queue/job-queue';
import { queueOf } from '../src/queues';
import { slaJobId } from '../src/sla/sla.service';
import { eventIdOf } from '../src/viewings/calendar-push';
import { GoogleCalendarStandIn } from '../src/viewings/sandbox/google-calendar-standin';
import { createAgent, createTestApp, login, TestApp } from './harness';
import { SmtpInbox } from './smtp-inbox';
import { startWorker, waitFor, WorkerProcess } from './worker-process';

const ZONE = 'America/New_York';
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));

/**
 * A worker process SIGKILLed in the middle of a viewing reminder, a calendar push and a lead
 * refresh (issue 14 point 12): after a restart each job completes, and its effect is there once.
 *
 * The kill lands mid-job because the job is made to wait where it matters, as in the other kill
 * tests: on a stand-in that holds its answer (Google took the event and answers slowly), or on
 * PostgreSQL, where this test holds a lock on the table the job writes next (the job has done
 * its reads, and its earlier writes, and waits there). The test kills it only once it sees the job
 * waiting. Nothing asserts a time: each step polls for the state it needs. SLA timers read the
 * injected clock (TEST_CLOCK_FILE, shared by the API and the workers): the test moves it forward
 * instead of waiting for a timer to run out.
 */
describe('worker SIGKILLed mid-job: reminder, calendar push, lead refresh, SLA timer, the sweeps', () => {
  let t: TestApp;
  let smtp: SmtpInbox;
  let google: GoogleCalendarStandIn;
  let worker: WorkerProcess | undefined;
  let admin: string;
  let agent: { id: string; token: string; email: string };
  let seq = 0;
  const redisUrl = process.env.TEST_REDIS_URL;
  const clockDir = mkdtempSync(join(tmpdir(), 'kills-clock-'));
  const clockFile = join(clockDir, 'offset');
  const env = () => ({
    TEST_CLOCK_FILE: clockFile,
    ...(redisUrl ? { REDIS_URL: redisUrl, QUEUE_PREFIX: `kills${process.pid}` } : {}),
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Openhouse Realty <hello@openhouse.example>',
    QUIET_HOURS: '00:00-00:00',
    GOOGLE_CALENDAR_TOKEN: 'calendar-token',
    GOOGLE_CALENDAR_BASE_URL: google.url,
    GOOGLE_CALENDAR_ID: 'team',
  });
  const start = async () => (worker = await startWorker({ DATABASE_URL: t.url, ...env() }));
  const n = async (sql: string, params: unknown[] = []) => Number((await t.db.query<{ n: string }[]>(sql, params))[0].n);
  const day = (d: number) => DateTime.now().setZone(ZONE).plus({ days: d }).toISODate()!;
  const newHome = async () => {
    const res = await t.request({ method: 'POST', url: '/api/inventory', token: admin, body: { type: 'house', purpose: 'sale', price: 600000, bedrooms: 3, bathrooms: 2, city: 'Seattle', area: 'Fremont', street: `${++seq} Main St`, title: `Kill test home ${seq}`, ref: `KT-${seq}` } });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, title: res.body.title as string };
  };
  const newLead = async (contact: Record<string, unknown>) => {
    const res = await t.request({ method: 'POST', url: '/api/leads', token: agent.token, body: { contact: { timezone: ZONE, ...contact }, source: 'web' } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const book = async (leadId: string, unitId: string, d: string, time: string) => {
    const res = await t.request({ method: 'POST', url: `/api/leads/${leadId}/viewings`, token: agent.token, body: { unitId, date: d, time } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  /** Every outbox row sent and every job of the queue done: nothing of earlier steps is in flight. */
  const settled = async (queueName: string) => {
    await waitFor('the outbox to be sent', async () => (await n(`SELECT count(*) AS n FROM outbox_messages WHERE status <> 'sent'`)) === 0, 60_000);
    const queue = t.app.get(JobQueue).queue(queueName);
    await waitFor(`the ${queueName} queue to be idle`, async () => {
      const c = await queue.getJobCounts('active', 'waiting', 'prioritized');
      return c.active + c.waiting + c.prioritized === 0;
    }, 60_000);
  };
  /** Holds a lock on `tables` that every write to them (`SHARE`), or every read too (`ACCESS EXCLUSIVE`), waits for, until `release()`. */
  const hold = async (tables: string[], mode = 'SHARE') => {
    const qr: QueryRunner = t.db.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    await qr.query(`LOCK TABLE ${tables.join(', ')} IN ${mode} MODE`);
    const ours = Number(((await qr.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[])[0].pid);
    const locks = (table: string) => `SELECT count(*) AS n FROM pg_locks WHERE relation = '${table}'::regclass`;
    return {
      /** A job waits on each of the tables. */
      async waiters() {
        for (const table of tables) await waitFor(`a job waiting on ${table}`, async () => (await n(`${locks(table)} AND pid <> ${ours} AND NOT granted`)) > 0, 60_000);
      },
      /** Lets the waiting jobs go on, and waits until nobody holds the tables (the dead worker's transactions have ended). */
      async release() {
        await qr.rollbackTransaction();
        await qr.release();
        for (const table of tables) await waitFor(`the dead worker's hold on ${table} to end`, async () => (await n(locks(table))) === 0, 30_000);
      },
    };
  };
  /** Kills the worker while `jobId` runs; the queue still has the job active (held by the dead worker). */
  const killDuring = async (queueName: string, jobId: string) => {
    expect(await worker!.stop('SIGKILL')).toBeNull();
    worker = undefined;
    expect(await t.app.get(JobQueue).queue(queueName).getJobState(jobId)).toBe('active');
  };
  const completed = (queueName: string, jobId: string) =>
    // The dead worker's lock on the job expires (30 s); a worker's stalled-job check then hands it out again.
    waitFor(`job ${jobId} to complete`, async () => (await t.app.get(JobQueue).queue(queueName).getJobState(jobId)) === 'completed', 120_000);

  beforeAll(async () => {
    writeFileSync(clockFile, '0');
    smtp = new SmtpInbox();
    await smtp.up();
    google = new GoogleCalendarStandIn('calendar-token');
    await google.start();
    t = await createTestApp(env());
    admin = await login(t);
    agent = await createAgent(t, admin, 'Kit Kill');
    expect((await t.request({ method: 'PUT', url: '/api/viewings/availability', token: agent.token, body: { timezone: ZONE, weekly: EVERY_DAY, bufferMinutes: 15 } })).status).toBe(200);
    await start();
  }, 120_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await t.close();
    await smtp.down();
    await google.stop();
    rmSync(clockDir, { recursive: true, force: true });
  });

  it('push-viewing-calendar: killed after Google stored the event and before it answered; after a restart the event is there once, confirmed', async () => {
    const home = await newHome();
    const leadId = await newLead({ name: 'Cal Push', email: 'cal.push@example.com' });
    google.holdNextInsert(30_000);
    const d = day(4);
    const id = await book(leadId, home.id, d, '11:00');
    const key = `team/${eventIdOf(id)}`;
    await waitFor('Google to store the event', () => Promise.resolve(google.events.has(key)), 60_000);
    const jobId = `push-calendar-${id}-0-booked`;
    await killDuring(queueOf('push-viewing-calendar'), jobId);
    await start();
    await completed(queueOf('push-viewing-calendar'), jobId);
    // One event for the viewing (the retry's insert met the same id: 409, then a patch), as booked.
    const mine = [...google.events.values()].filter((e) => String(e.summary).includes(home.title));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ id: eventIdOf(id), status: 'confirmed', start: { dateTime: DateTime.fromISO(`${d}T11:00`, { zone: ZONE }).toUTC().toISO() } });
    const calls = google.requests.filter((r) => r.path.endsWith('/events') || r.path.endsWith(`/${eventIdOf(id)}`)).map((r) => `${r.method} ${r.path.endsWith('/events') ? 'insert' : 'event'}`);
    expect(calls.filter((c) => c === 'POST insert').length).toBeGreaterThanOrEqual(2);
    expect(calls).toContain('PATCH event');
  }, 180_000);

  it('viewing-reminder: killed while writing the reminder; after a restart the lead gets the reminder email exactly once', async () => {
    await settled(queueOf('viewing-reminder'));
    const home = await newHome();
    const leadId = await newLead({ name: 'Rhea Remind', email: 'rhea.remind@example.com' });
    const id = await book(leadId, home.id, day(3), '10:00');
    await settled(queueOf('viewing-reminder')); // the confirmations are out
    const reminders = () => smtp.to('rhea.remind@example.com').filter((m) => m.mail.subject?.startsWith('Reminder'));
    expect(reminders()).toHaveLength(0);

    // The 24-hour reminder falls due while the outbox's writes wait on the test's lock.
    const lock = await hold(['outbox_messages']);
    const jobId = `viewing-reminder-${id}-24h`;
    const job = await t.app.get(JobQueue).queue(queueOf('viewing-reminder')).getJob(jobId);
    await job!.promote();
    await lock.waiters();
    await killDuring(queueOf('viewing-reminder'), jobId);
    await lock.release();
    // The dead run wrote nothing: its transaction never committed.
    expect(await n(`SELECT count(*) AS n FROM outbox_messages WHERE lead_id = $1 AND idempotency_key LIKE '%:reminder-24h:%'`, [leadId])).toBe(0);

    await start();
    await completed(queueOf('viewing-reminder'), jobId);
    await waitFor('the reminder email', () => Promise.resolve(reminders().length > 0), 60_000);
    await settled(queueOf('viewing-reminder'));
    expect(reminders()).toHaveLength(1);
    expect(reminders()[0].mail.text).toContain('a reminder of your viewing');
    expect(await n(`SELECT count(*) AS n FROM outbox_messages WHERE lead_id = $1 AND idempotency_key LIKE '%:reminder-24h:%'`, [leadId])).toBe(1);
    expect(await n(`SELECT count(*) AS n FROM activities WHERE lead_id = $1 AND type = 'message' AND summary LIKE '%a reminder of your viewing%'`, [leadId])).toBe(1);
  }, 180_000);

  it('refresh-lead: killed between the new score and the new matches; after a restart the matches are stored once', async () => {
    await settled(queueOf('refresh-lead'));
    await Promise.all([newHome(), newHome(), newHome()]);
    await settled(queueOf('embed-units'));
    const leadId = await newLead({ name: 'Reid Refresh', email: 'reid.refresh@example.com' });
    const leads = t.app.get(JobQueue).queue(queueOf('refresh-lead'));

    const lock = await hold(['lead_matches']);
    const res = await t.request({ method: 'PATCH', url: `/api/leads/${leadId}`, token: agent.token, body: { profile: { purpose: 'buy', bedrooms: 3, locations: ['Seattle'], budgetMax: 700000 } } });
    expect(res.status).toBe(200);
    await lock.waiters();
    const [active] = await leads.getJobs(['active']);
    expect(active?.data).toEqual({ leadId, reason: 'profile updated' });
    await killDuring(queueOf('refresh-lead'), active.id!);
    await lock.release();
    expect(await n(`SELECT count(*) AS n FROM lead_matches WHERE lead_id = $1`, [leadId])).toBe(0);

    await start();
    await completed(queueOf('refresh-lead'), active.id!);
    const matches = await t.db.query<{ unit_id: string; rank: number }[]>(`SELECT unit_id, rank FROM lead_matches WHERE lead_id = $1 ORDER BY rank`, [leadId]);
    expect(matches.length).toBeGreaterThanOrEqual(3);
    expect(matches.map((m) => m.rank)).toEqual(matches.map((_, i) => i + 1));
    expect(new Set(matches.map((m) => m.unit_id)).size).toBe(matches.length);
    // The score moved once on the timeline (a rerun finds it already there), and the lead shows its current score.
    expect(await n(`SELECT count(*) AS n FROM activities WHERE lead_id = $1 AND type = 'score_changed' AND summary LIKE '%(profile updated)'`, [leadId])).toBe(1);
    expect(await n(`SELECT count(*) AS n FROM leads l JOIN qualifications q ON q.id = l.current_qualification_id WHERE l.id = $1 AND q.score = l.score`, [leadId])).toBe(1);
  }, 180_000);

  it('the sweeps (embeddings, inbox, outbox, channel replies, integration events): each killed mid-run; after a restart each finishes and what was left undone is done once', async () => {
    const sweeps = { 'sweep-embeddings': 'units', 'sweep-webhooks': 'webhook_events', 'sweep-outbox': 'outbox_messages', 'sweep-channel-replies': 'sessions', 'sweep-integration-events': 'integration_events' } as const;
    const home = await newHome();
    await waitFor('the home embedded', async () => (await n(`SELECT count(*) AS n FROM units WHERE id = $1 AND embedding_version IS NOT NULL`, [home.id])) === 1, 60_000);
    await settled(queueOf('send-outbox'));
    await settled(queueOf('embed-units'));
    expect(await worker!.stop('SIGTERM')).toBe(0);
    worker = undefined;
    // Work left undone that only a sweep finds: an email whose job fell out of the queue, a unit whose embedding went stale.
    const leadId = await newLead({ name: 'Sid Sweep', email: 'sid.sweep@example.com' });
    const sent = await t.request({ method: 'POST', url: `/api/leads/${leadId}/outbound`, token: agent.token, body: { channel: 'email', subject: 'The house on Main', text: 'Still free on Saturday.' } });
    expect(sent.status).toBe(201);
    const [row] = await t.db.query<{ id: string }[]>(`SELECT id FROM outbox_messages WHERE lead_id = $1 AND origin = 'person'`, [leadId]);
    await t.app.get(JobQueue).queue(queueOf('send-outbox')).remove(`send-${row.id}`);
    await t.db.query(`UPDATE units SET embedding_version = NULL WHERE id = $1`, [home.id]);

    // A starting worker runs every sweep at once: each finds its table locked and waits there.
    const lock = await hold(Object.values(sweeps), 'ACCESS EXCLUSIVE');
    await start();
    await lock.waiters();
    // (A sweep that waits long enough meets its next run, which waits beside it.)
    const running: [keyof typeof sweeps, string][] = [];
    for (const name of Object.keys(sweeps) as (keyof typeof sweeps)[]) {
      const active = (await t.app.get(JobQueue).queue(queueOf(name)).getJobs(['active'])).filter((j) => j.name === name);
      expect(active.length).toBeGreaterThanOrEqual(1);
      for (const j of active) running.push([name, j.id!]);
    }
    expect(await worker!.stop('SIGKILL')).toBeNull();
    worker = undefined;
    await lock.release();

    await start();
    for (const [name, jobId] of running) await completed(queueOf(name), jobId);
    await waitFor('the email', () => Promise.resolve(smtp.to('sid.sweep@example.com').length > 0), 60_000);
    await waitFor('the embedding', async () => (await n(`SELECT count(*) AS n FROM units WHERE id = $1 AND embedding_version IS NOT NULL`, [home.id])) === 1, 60_000);
    await settled(queueOf('send-outbox'));
    expect(smtp.to('sid.sweep@example.com').map((m) => m.mail.subject)).toEqual(['The house on Main']);
    expect(await n(`SELECT count(*) AS n FROM unit_vectors WHERE unit_id = $1`, [home.id])).toBe(1);
  }, 240_000);

  it('sla-timer: killed while writing the breach (its transaction never commits); after a restart the lead has one breach: one task, one timeline entry, one notification each', async () => {
    const leadId = await newLead({ name: 'Tara Timer', email: 'tara.timer@example.com' });
    const [{ id: ruleId }] = await t.db.query<{ id: string }[]>(`SELECT id FROM sla_rules WHERE kind = 'first_response' AND stage = 'new'`);
    // The worker heard of the new lead and put its reply timer in place.
    await waitFor('the lead\'s SLA clock', async () => (await n(`SELECT count(*) AS n FROM leads WHERE id = $1 AND sla_due_at IS NOT NULL`, [leadId])) === 1, 60_000);
    const jobId = slaJobId(leadId, ruleId);

    // Eight days later (past any five minutes of business time): the timer's job runs at once and
    // writes the breach; the task's insert waits on the test's lock, after the alert row was written.
    const lock = await hold(['tasks']);
    writeFileSync(clockFile, String(8 * 24 * 3_600_000));
    await lock.waiters();
    // Earlier tests' leads come due too: kill once every running timer waits there, this lead's among them.
    const timers = t.app.get(JobQueue).queue(queueOf('sla-timer'));
    await waitFor('this lead\'s timer waiting on tasks', async () => {
      const active = (await timers.getJobs(['active'])).filter((j) => j.name === 'sla-timer');
      return active.some((j) => j.id === jobId) && (await n(`SELECT count(*) AS n FROM pg_locks WHERE relation = 'tasks'::regclass AND NOT granted`)) >= active.length;
    }, 60_000);
    await killDuring(queueOf('sla-timer'), jobId);
    await lock.release();
    // The dead run left nothing: no alert, task, timeline entry or notification.
    expect(await n(`SELECT count(*) AS n FROM sla_alerts WHERE lead_id = $1`, [leadId])).toBe(0);
    expect(await n(`SELECT count(*) AS n FROM tasks WHERE lead_id = $1`, [leadId])).toBe(0);

    await start();
    await completed(queueOf('sla-timer'), jobId);
    expect(await n(`SELECT count(*) AS n FROM sla_alerts WHERE lead_id = $1 AND kind = 'breach'`, [leadId])).toBe(1);
    expect(await n(`SELECT count(*) AS n FROM tasks WHERE lead_id = $1 AND title = 'Reply to Tara Timer'`, [leadId])).toBe(1);
    expect(await n(`SELECT count(*) AS n FROM activities WHERE lead_id = $1 AND type = 'sla_breached'`, [leadId])).toBe(1);
    expect(await n(`SELECT count(*) AS n FROM notifications WHERE lead_id = $1 AND kind = 'sla_breached' AND user_id = $2`, [leadId, agent.id])).toBe(1);
    // Nobody told twice (the agent has no team: the admins are told too, once each).
    expect(await n(`SELECT count(*) AS n FROM (SELECT user_id FROM notifications WHERE lead_id = $1 AND kind = 'sla_breached' GROUP BY user_id HAVING count(*) > 1) d`, [leadId])).toBe(0);
  }, 240_000);
});
