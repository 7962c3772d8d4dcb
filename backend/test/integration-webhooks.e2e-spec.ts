import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { describeLocal } from '../src/core/time/zoned-time';
import { IntegrationsService } from '../src/integrations/integrations.service';
import { ViewingsService } from '../src/viewings/viewings.service';
import { JobQueue } from '../src/core/queue/job-queue';
import { queueOf } from '../src/queues';
import { createAgent, createTestApp, login, TestApp } from './harness';
import { WebhookReceiver } from './webhook-receiver';
import { startWorker, waitFor, WorkerProcess } from './worker-process';

/**
 * Outbound webhooks end to end: the API, two worker processes, real HTTP receivers in this process,
 * a real PostgreSQL (and Redis when TEST_REDIS_URL is set).
 */
describe('outbound webhooks for integrators (API, two worker processes, real receivers)', () => {
  let t: TestApp;
  let admin: string;
  const receiver = new WebhookReceiver();
  const workers: WorkerProcess[] = [];
  const redisUrl = process.env.TEST_REDIS_URL;
  const env = {
    ...(redisUrl ? { REDIS_URL: redisUrl, QUEUE_PREFIX: `hooksout${process.pid}` } : {}),
    INTEGRATION_WEBHOOKS_TIMEOUT_MS: '1500',
    INTEGRATION_WEBHOOKS_BACKOFF_MS: '300',
    INTEGRATION_WEBHOOKS_ATTEMPTS: '5',
    INTEGRATION_WEBHOOKS_DISABLE_AFTER_FAILURES: '3',
    INTEGRATION_WEBHOOKS_DISABLE_AFTER_MS: '0',
  };

  beforeAll(async () => {
    await receiver.start();
    t = await createTestApp(env);
    admin = await login(t);
    // Two worker processes: both hear every event, both take delivery jobs.
    const started = await Promise.all([startWorker({ DATABASE_URL: t.url, ...env }), startWorker({ DATABASE_URL: t.url, ...env })]);
    workers.push(...started);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await t.close();
    await receiver.stop();
  });

  const subscribe = async (path: string, events: string[], extra: Record<string, unknown> = { allowPrivate: true }) => {
    const res = await t.request({ method: 'POST', url: '/api/admin/integrations/subscriptions', token: admin, body: { name: `Receiver ${path}`, url: receiver.url(path), events, ...extra } });
    expect(res.status).toBe(201);
    return res.body as { id: string; secret: string };
  };
  const unsubscribe = async (id: string) => expect((await t.request({ method: 'DELETE', url: `/api/admin/integrations/subscriptions/${id}`, token: admin })).status).toBe(204);
  const newLead = async (name: string) => {
    const res = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.com` }, source: 'web' } });
    expect(res.status).toBe(201);
    return (res.body as { id: string }).id;
  };
  const deliveries = async (subscriptionId: string) =>
    (await t.request({ method: 'GET', url: `/api/admin/integrations/subscriptions/${subscriptionId}/deliveries`, token: admin })).body as { id: string; eventId: string; eventType: string; status: string; attempts: number }[];
  const attempts = async (deliveryId: string) =>
    (await t.request({ method: 'GET', url: `/api/admin/integrations/deliveries/${deliveryId}/attempts`, token: admin })).body as { ok: boolean; statusCode: number | null; error: string | null; latencyMs: number; responseExcerpt: string | null; manual: boolean }[];
  const eventCount = async () => Number((await t.db.query<{ n: string }[]>('SELECT count(*) AS n FROM integration_events'))[0].n);

  it('only admins manage subscriptions; a loopback or private URL is refused with a 400 and nothing is stored', async () => {
    const agent = await createAgent(t, admin);
    expect((await t.request({ method: 'GET', url: '/api/admin/integrations/subscriptions', token: agent.token })).status).toBe(403);
    for (const url of ['http://127.0.0.1:9/hook', 'http://localhost:9/hook', 'http://[::1]/hook', 'http://[::ffff:127.0.0.1]/hook', 'http://0x7f.1/hook', 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.8/hook', 'http://100.64.1.1/hook', 'http://[fd12::1]/hook', 'http://[fe80::1]/hook']) {
      const res = await t.request({ method: 'POST', url: '/api/admin/integrations/subscriptions', token: admin, body: { name: 'Sneaky', url, events: ['lead.created'] } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'url_private' });
    }
    const bad = await t.request({ method: 'POST', url: '/api/admin/integrations/subscriptions', token: admin, body: { name: 'Typo', url: 'receiver', events: ['lead.exploded'] } });
    expect(bad.status).toBe(400);
    expect((await t.request({ method: 'GET', url: '/api/admin/integrations/subscriptions', token: admin })).body).toEqual([]);
    // No subscription: changes publish nothing at all.
    await newLead('Nobody Listens');
    expect(await eventCount()).toBe(0);
  });

  it('signed deliveries the receiver verifies, one per event although two workers run; a failed change publishes nothing', async () => {
    const sub = await subscribe('/crm', ['lead.created', 'lead.stage_changed', 'message.received']);
    expect(sub.secret).toMatch(/^whsec_/);
    expect(JSON.stringify((await t.request({ method: 'GET', url: '/api/admin/integrations/subscriptions', token: admin })).body)).not.toContain(sub.secret);

    const leadId = await newLead('Vera Verified');
    expect((await t.request({ method: 'POST', url: `/api/leads/${leadId}/stage`, token: admin, body: { stage: 'contacted' } })).status).toBe(200);
    expect((await t.request({ method: 'POST', url: `/api/leads/${leadId}/messages`, token: admin, body: { direction: 'inbound', channel: 'email', body: 'Is the loft on 5th still free?' } })).status).toBe(201);
    // Refused change (unknown assignee): no lead, no event.
    const before = await eventCount();
    expect((await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: { name: 'Never Made' }, source: 'web', assigneeId: '00000000-0000-4000-8000-000000000000' } })).status).toBe(400);
    expect(await eventCount()).toBe(before);

    await waitFor('three deliveries', async () => (await deliveries(sub.id)).filter((d) => d.status === 'delivered').length === 3, 30_000);
    const got = receiver.at('/crm');
    const verifier = new Webhook(sub.secret);
    const bodies = got.map((r) => verifier.verify(r.body, r.headers as Record<string, string>) as { type: string; timestamp: string; data: Record<string, unknown> });
    expect(bodies.map((b) => b.type).sort()).toEqual(['lead.created', 'lead.stage_changed', 'message.received']);
    expect(bodies.find((b) => b.type === 'lead.stage_changed')?.data).toMatchObject({ leadId, from: 'new', to: 'contacted' });
    expect(bodies.find((b) => b.type === 'message.received')?.data).toMatchObject({ leadId, channel: 'email', text: 'Is the loft on 5th still free?' });
    // Each event once, under its own stable id.
    const ids = got.map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(3);
    expect((await deliveries(sub.id)).map((d) => d.eventId).sort()).toEqual([...ids].sort());
    await unsubscribe(sub.id);
  }, 60_000);

  it('a viewing booked and then cancelled reaches the subscriber as viewing.booked and viewing.cancelled', async () => {
    const sub = await subscribe('/viewings', ['viewing.booked', 'viewing.cancelled']);
    const unit = await t.request({ method: 'POST', url: '/api/inventory', token: admin, body: { ref: 'HO-1', title: 'Ballard loft', description: 'A loft.', type: 'condo', purpose: 'sale', city: 'Seattle', area: 'Ballard', price: 650_000, bedrooms: 1, bathrooms: 1, features: [] } });
    expect(unit.status).toBe(201);
    const leadId = await newLead('Viv Viewing');
    // Booked the way the assistant books: ViewingsService.book in the caller's transaction.
    const startsAt = new Date(Math.ceil((Date.now() + 3 * 86_400_000) / 3_600_000) * 3_600_000);
    const booked = await t.app.get(DataSource).transaction((tx) => t.app.get(ViewingsService).book(leadId, unit.body.id, { startsAt, endsAt: new Date(startsAt.getTime() + 45 * 60_000), local: describeLocal(startsAt, 'America/Los_Angeles'), agentIds: [] }, 'America/Los_Angeles', 'ai', 'Ballard loft', tx));
    expect(booked.ok).toBe(true);
    const viewing = booked.ok ? booked.viewing : null;
    const cancel = await t.request({ method: 'POST', url: `/api/viewings/${viewing!.id}/cancel`, token: admin, body: { reason: 'The buyer found another home' } });
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ id: viewing!.id, status: 'cancelled' });
    expect((await t.request({ method: 'POST', url: `/api/viewings/${viewing!.id}/cancel`, token: admin, body: {} })).body).toMatchObject({ statusCode: 409, code: 'viewing_not_booked' });

    await waitFor('both delivered', async () => (await deliveries(sub.id)).filter((d) => d.status === 'delivered').length === 2, 30_000);
    const verifier = new Webhook(sub.secret);
    const events = receiver.at('/viewings').map((r) => verifier.verify(r.body, r.headers as Record<string, string>) as { type: string; data: Record<string, unknown> });
    expect(events.map((e) => e.type).sort()).toEqual(['viewing.booked', 'viewing.cancelled']);
    for (const e of events) expect(e.data).toMatchObject({ leadId, viewingId: viewing!.id, unitId: unit.body.id, startsAt: startsAt.toISOString(), timezone: 'America/Los_Angeles' });
    await unsubscribe(sub.id);
  }, 60_000);

  it('a receiver answering 500, then 200: delivered on the retry, one 2xx delivery, both attempts logged', async () => {
    receiver.plan('/flaky', [{ status: 500 }], { status: 200 });
    const sub = await subscribe('/flaky', ['lead.created']);
    await newLead('Fiona Flaky');
    const [d] = await waitFor('delivered', async () => {
      const list = await deliveries(sub.id);
      return list[0]?.status === 'delivered' ? list : null;
    }, 30_000);
    expect(d.attempts).toBe(2);
    const log = await attempts(d.id);
    expect(log.map((a) => a.statusCode)).toEqual([200, 500]);
    expect(log[1]).toMatchObject({ ok: false, error: 'The receiver answered 500', responseExcerpt: '{"answered":500}', manual: false });
    expect(log[0].latencyMs).toBeGreaterThanOrEqual(0);
    const got = receiver.at('/flaky');
    expect(got).toHaveLength(2);
    expect(got[0].headers['webhook-id']).toBe(got[1].headers['webhook-id']);

    // An admin sends it again by hand: the same event id once more, logged as manual.
    expect((await t.request({ method: 'POST', url: `/api/admin/integrations/deliveries/${d.id}/resend`, token: admin })).status).toBe(202);
    await waitFor('the re-send', () => Promise.resolve(receiver.at('/flaky').length === 3), 30_000);
    expect(receiver.at('/flaky')[2].headers['webhook-id']).toBe(got[0].headers['webhook-id']);
    await waitFor('logged as manual', async () => (await attempts(d.id))[0]?.manual === true, 30_000);
    await unsubscribe(sub.id);
  }, 60_000);

  it('a duplicate job for a delivery being sent does not send it twice', async () => {
    receiver.plan('/slow', [], { status: 200, delayMs: 700 });
    const sub = await subscribe('/slow', ['lead.created']);
    await newLead('Sam Slow');
    // The first send has reached the receiver (which answers 0.7 s later): another job for the same delivery now.
    await waitFor('the first request', () => Promise.resolve(receiver.at('/slow').length === 1), 30_000);
    const [d] = await deliveries(sub.id);
    const queue = t.app.get(JobQueue).queue(queueOf('deliver-integration-webhook'));
    const dup = await queue.add('deliver-integration-webhook', { deliveryId: d.id }, { jobId: `dup-${d.id}` });
    await waitFor('the duplicate job done', async () => ((await dup.getState()) === 'completed' ? true : null), 30_000);
    expect((await queue.getJob(`dup-${d.id}`))?.returnvalue).toEqual({ delivered: false, skipped: true });
    await waitFor('delivered', async () => (await deliveries(sub.id))[0]?.status === 'delivered', 30_000);
    // And once delivered, another job sends nothing either.
    const late = await queue.add('deliver-integration-webhook', { deliveryId: d.id }, { jobId: `late-${d.id}` });
    await waitFor('the late job done', async () => ((await late.getState()) === 'completed' ? true : null), 30_000);
    expect(receiver.at('/slow')).toHaveLength(1);
    expect((await deliveries(sub.id))[0].attempts).toBe(1);
    await unsubscribe(sub.id);
  }, 60_000);

  it('a receiver that hangs times out and is retried; another subscriber of the same event is not held up', async () => {
    receiver.plan('/hang', [], 'hang');
    receiver.plan('/quick', [], { status: 204 });
    const hang = await subscribe('/hang', ['lead.assigned']);
    const quick = await subscribe('/quick', ['lead.assigned']);
    const leadId = await newLead('Harriet Hang');
    const agent = await createAgent(t, admin, 'Quinn Quick');
    expect((await t.request({ method: 'POST', url: `/api/leads/${leadId}/assign`, token: admin, body: { assigneeId: agent.id } })).status).toBe(200);
    await waitFor('the quick subscriber served', async () => (await deliveries(quick.id))[0]?.status === 'delivered', 30_000);
    const [h] = await waitFor('the hanging one retried', async () => {
      const list = await deliveries(hang.id);
      return list[0]?.attempts >= 2 ? list : null;
    }, 30_000);
    const log = await waitFor('two attempts logged', async () => {
      const a = await attempts(h.id);
      return a.length >= 2 ? a : null;
    }, 30_000);
    expect(log.every((a) => !a.ok && a.statusCode === null && a.error === 'No answer within 1500 ms')).toBe(true);
    expect(receiver.at('/quick')).toHaveLength(1);
    await unsubscribe(hang.id);
    await unsubscribe(quick.id);
  }, 60_000);

  it('a name that resolves to loopback at send time is refused there (DNS rebinding), and nothing reaches it', async () => {
    // Stored as if the name had resolved to a public address when it was subscribed.
    const [row] = await t.db.query<{ id: string }[]>(
      `INSERT INTO integration_subscriptions (name, url, events, secret, allow_private) VALUES ('Rebinder', $1, '{lead.updated}', 'whsec_${Buffer.from('rebinding-secret-0123456789abcdef').toString('base64')}', false) RETURNING id`,
      [receiver.url('/rebind', 'localhost')],
    );
    const leadId = await newLead('Rita Rebind');
    expect((await t.request({ method: 'PATCH', url: `/api/leads/${leadId}`, token: admin, body: { contact: { name: 'Rita Rebound' } } })).status).toBe(200);
    const [d] = await waitFor('an attempt', async () => {
      const list = await deliveries(row.id);
      return list[0]?.attempts >= 1 ? list : null;
    }, 30_000);
    const [a] = await waitFor('logged', async () => {
      const log = await attempts(d.id);
      return log.length ? log : null;
    }, 30_000);
    expect(a.error).toMatch(/^Refused: localhost resolves to a private, loopback or reserved address/);
    expect(receiver.at('/rebind')).toHaveLength(0);
    await unsubscribe(row.id);
  }, 60_000);

  it('the sweep: a delivery the queue never got goes out; received events a month old are removed, failed ones kept', async () => {
    const sub = await subscribe('/sweep', ['lead.created']);
    // An event and its delivery stored while the queue was down (no job), a few minutes ago.
    const [event] = await t.db.query<{ id: string }[]>(`INSERT INTO integration_events (type, payload, fanned_out_at) VALUES ('lead.created', '{"leadId":null}', now()) RETURNING id`);
    await t.db.query(`INSERT INTO integration_deliveries (event_id, subscription_id, created_at, updated_at) VALUES ($1, $2, now() - interval '5 minutes', now() - interval '5 minutes')`, [event.id, sub.id]);
    // Two old events: one received everywhere, one whose delivery gave up.
    const [oldOk] = await t.db.query<{ id: string }[]>(`INSERT INTO integration_events (type, payload, occurred_at, fanned_out_at) VALUES ('lead.created', '{}', now() - interval '40 days', now() - interval '40 days') RETURNING id`);
    const [oldFailed] = await t.db.query<{ id: string }[]>(`INSERT INTO integration_events (type, payload, occurred_at, fanned_out_at) VALUES ('lead.created', '{}', now() - interval '40 days', now() - interval '40 days') RETURNING id`);
    await t.db.query(`INSERT INTO integration_deliveries (event_id, subscription_id, status, attempts) VALUES ($1, $3, 'delivered', 1), ($2, $3, 'failed', 13)`, [oldOk.id, oldFailed.id, sub.id]);

    // The workers sweep every 30 s too; this one runs now (either may be first: the same code).
    await t.app.get(IntegrationsService).sweep();
    await waitFor('the stranded delivery received', () => Promise.resolve(receiver.at('/sweep').length === 1), 30_000);
    expect(receiver.at('/sweep')[0].headers['webhook-id']).toBe(`evt_${event.id.replace(/-/g, '')}`);
    const left = (await t.db.query<{ id: string }[]>(`SELECT id FROM integration_events WHERE id = ANY($1)`, [[oldOk.id, oldFailed.id]])).map((r) => r.id);
    expect(left).toEqual([oldFailed.id]);
    await unsubscribe(sub.id);
  }, 60_000);

  it('a subscription that keeps failing is turned off with a notice; turned back on, what waited goes out', async () => {
    receiver.plan('/down', [], { status: 503 });
    const sub = await subscribe('/down', ['lead.stage_changed']);
    const leadId = await newLead('Dora Down');
    expect((await t.request({ method: 'POST', url: `/api/leads/${leadId}/stage`, token: admin, body: { stage: 'qualified' } })).status).toBe(200);
    const off = await waitFor('turned off', async () => {
      const s = (await t.request({ method: 'GET', url: `/api/admin/integrations/subscriptions/${sub.id}`, token: admin })).body as { enabled: boolean; disabledReason: string | null; disabledAt: string | null };
      return s.enabled ? null : s;
    }, 30_000);
    expect(off.disabledReason).toBe('Turned off after 3 failed deliveries in a row; the last: The receiver answered 503');
    expect(off.disabledAt).not.toBeNull();
    const [held] = await waitFor('the delivery waits', async () => {
      const list = await deliveries(sub.id);
      return list[0]?.status === 'paused' ? list : null;
    }, 30_000);
    expect(receiver.at('/down')).toHaveLength(3);

    receiver.plan('/down', [], { status: 200 });
    const on = await t.request({ method: 'PATCH', url: `/api/admin/integrations/subscriptions/${sub.id}`, token: admin, body: { enabled: true } });
    expect(on.body).toMatchObject({ enabled: true, disabledReason: null, consecutiveFailures: 0 });
    await waitFor('delivered after turning it on', async () => (await deliveries(sub.id)).find((d) => d.id === held.id)?.status === 'delivered', 30_000);
    expect(receiver.at('/down')).toHaveLength(4);
    await unsubscribe(sub.id);
  }, 60_000);
});
