import { createConnection, createServer, Server, Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createHttpApp } from '../src/bootstrap';
import { AppConfig } from '../src/core/config/app-config';
import { validateEnv } from '../src/core/config/env';
import { databaseOptions } from '../src/core/database/database-options';
import { graphLead, leadgenDelivery, signatureFor, waMessage, whatsappDelivery } from '../src/webhooks/sandbox/deliveries';
import { GraphStandIn } from '../src/webhooks/sandbox/graph-standin';
import { createTestDatabase } from './harness';
import { startWorker, waitFor, WorkerProcess } from './worker-process';

const SECRET = 'reliability-secret';
const PAGE_TOKEN = 'reliability-page-token';

/** A TCP hop in front of PostgreSQL that can be cut (connections dropped, new ones refused) and restored. */
class CuttableProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private cut = false;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<number> {
    this.server = createServer((client) => {
      if (this.cut) return client.destroy();
      const upstream = createConnection(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => this.sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    return (this.server.address() as { port: number }).port;
  }

  down(): void {
    this.cut = true;
    for (const s of this.sockets) s.destroy();
  }

  up(): void {
    this.cut = false;
  }

  async stop(): Promise<void> {
    this.down();
    await new Promise<void>((ok) => this.server?.close(() => ok()) ?? ok());
  }
}

/**
 * Reliability against the real PostgreSQL and real worker processes: a worker killed with SIGKILL
 * mid-processing, the database unreachable at delivery time, and the Graph API failing or slow.
 * The API reaches PostgreSQL through a proxy that can be cut; the workers reach it directly.
 */
describe('webhooks: reliability (real PostgreSQL, worker processes)', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let url: string;
  let proxy: CuttableProxy;
  let graph: GraphStandIn;
  let worker: WorkerProcess | undefined;
  const redisUrl = process.env.TEST_REDIS_URL;
  const queueEnv: Record<string, string> = redisUrl ? { REDIS_URL: redisUrl, QUEUE_PREFIX: `whrel${process.pid}` } : {};
  const workerEnv = () => ({
    DATABASE_URL: url,
    ...queueEnv,
    META_APP_SECRET: SECRET,
    META_PAGE_ACCESS_TOKEN: PAGE_TOKEN,
    META_GRAPH_URL: graph.url,
    META_GRAPH_TIMEOUT_MS: '300',
    WEBHOOK_BACKOFF_MS: '200',
    WEBHOOK_ATTEMPTS: '6',
    WORKER_CONCURRENCY: '4',
  });

  const n = async (sql: string, params: unknown[] = []) => Number((await db.query<{ n: string }[]>(sql, params))[0].n);
  const post = async (path: 'leadads' | 'whatsapp', payload: unknown) => {
    const raw = JSON.stringify(payload);
    const res = await app.inject({ method: 'POST', url: `/api/webhooks/${path}`, payload: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureFor(SECRET, raw) } });
    return { status: res.statusCode, body: res.body ? (JSON.parse(res.body) as unknown) : null };
  };

  beforeAll(async () => {
    url = await createTestDatabase();
    const direct = new URL(url);
    proxy = new CuttableProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const proxied = new URL(url);
    proxied.port = String(await proxy.start());
    graph = new GraphStandIn(PAGE_TOKEN);
    await graph.start();
    const config = new AppConfig({
      env: validateEnv({ SEED_DEMO: 'false', LOG_LEVEL: 'warn', META_APP_SECRET: SECRET, WEBHOOK_RATE_LIMIT: '100000', ...queueEnv }),
      databaseUrl: proxied.toString(),
      jwtSecret: 'test-secret-that-is-long-enough-1234567890',
      logStream: new PassThrough().resume(),
    });
    app = await createHttpApp(config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    db = await new DataSource(databaseOptions(url, 2)).initialize();
    // One active agent, so new leads are assigned.
    await db.query(`INSERT INTO users (email, name, role, password_hash) VALUES ('agent@test.local', 'Agent', 'agent', 'x')`);
    worker = await startWorker(workerEnv());
  }, 120_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await app.close();
    await db.destroy();
    await graph.stop();
    await proxy.stop();
  });

  it('the Graph API answering 500, 429 and slowly: retried with backoff, then done, one lead each', async () => {
    graph.addLead(graphLead('810000000001', { full_name: 'Five Hundred', email: 'five@example.com' }));
    graph.addLead(graphLead('810000000002', { full_name: 'Rate Limited', email: 'rate@example.com' }));
    graph.addLead(graphLead('810000000003', { full_name: 'Slow Answer', email: 'slow@example.com' }));
    graph.troubleFor('810000000001', 500, 500);
    graph.troubleFor('810000000002', 429, 'rate_limit_code');
    graph.troubleFor('810000000003', { slowMs: 1500 });
    const res = await post('leadads', leadgenDelivery([{ leadgenId: '810000000001', adId: '1' }, { leadgenId: '810000000002', adId: '1' }, { leadgenId: '810000000003' }]));
    expect(res).toEqual({ status: 200, body: { received: 3, duplicates: 0 } });
    await waitFor('the three leads', async () => (await n(`SELECT count(*) AS n FROM webhook_events WHERE external_id LIKE '81000000000%' AND status = 'processed'`)) === 3, 60_000);
    const leads = await db.query<{ source_ref: string; name: string }[]>(`SELECT l.source_ref, c.name FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE l.source_ref LIKE '81000000000%' ORDER BY l.source_ref`);
    expect(leads).toEqual([
      { source_ref: '810000000001', name: 'Five Hundred' },
      { source_ref: '810000000002', name: 'Rate Limited' },
      { source_ref: '810000000003', name: 'Slow Answer' },
    ]);
    // The failures, then the answer. (A job that the sweep queued again while the first was
    // retrying may read the lead a second time; the lead is still applied once, as checked above.)
    const statuses = (id: string) => graph.calls.filter((c) => c.leadgenId === id).map((c) => c.status);
    expect(statuses('810000000001').slice(0, 3)).toEqual([500, 500, 200]);
    expect(statuses('810000000002').slice(0, 3)).toEqual([429, 400, 200]);
    expect(statuses('810000000003').length).toBeGreaterThanOrEqual(2);
    expect(statuses('810000000003')).toContain(200);
    const events = await db.query<{ attempts: number; last_error: string | null }[]>(`SELECT attempts, last_error FROM webhook_events WHERE external_id LIKE '81000000000%' ORDER BY external_id`);
    expect(events.map((e) => e.attempts)).toEqual([expect.any(Number), expect.any(Number), expect.any(Number)]);
    for (const [i, min] of [3, 3, 2].entries()) expect(events[i].attempts).toBeGreaterThanOrEqual(min);
    expect(await n(`SELECT count(*) AS n FROM activities a JOIN leads l ON l.id = a.lead_id WHERE l.source_ref LIKE '81000000000%' AND a.summary LIKE 'Details missing%'`)).toBe(0);
  }, 90_000);

  it('PostgreSQL unreachable at delivery: 5xx and nothing half-written; Meta’s retry is then accepted and applied once', async () => {
    const delivery = whatsappDelivery([waMessage({ from: '15035550111', id: 'wamid.pgdown1' }, 'text', { body: 'anyone there?' })]);
    proxy.down();
    try {
      const refused = await post('whatsapp', delivery);
      expect(refused.status).toBeGreaterThanOrEqual(500);
    } finally {
      proxy.up();
    }
    expect(await n(`SELECT count(*) AS n FROM webhook_events WHERE external_id = 'wamid.pgdown1'`)).toBe(0);
    // Meta retries; the pool reconnects.
    const retried = await waitFor('the retry to be accepted', async () => {
      const r = await post('whatsapp', delivery);
      return r.status === 200 ? r : null;
    }, 30_000);
    expect(retried.body).toEqual({ received: 1, duplicates: 0 });
    expect((await post('whatsapp', delivery)).body).toEqual({ received: 1, duplicates: 1 });
    await waitFor('the message', async () => (await n(`SELECT count(*) AS n FROM webhook_events WHERE external_id = 'wamid.pgdown1' AND status = 'processed'`)) === 1, 30_000);
    expect(await n(`SELECT count(*) AS n FROM messages WHERE external_id = 'wamid.pgdown1'`)).toBe(1);
    expect(await n(`SELECT count(*) AS n FROM contacts WHERE phone_e164 = '+15035550111'`)).toBe(1);
  }, 90_000);

  it('a worker killed with SIGKILL mid-processing: after a restart every event is applied once, no lead or message twice', async () => {
    const COUNT = 240;
    const numbers = Array.from({ length: COUNT }, (_, i) => `1971555${String(1000 + i)}`);
    for (let i = 0; i < COUNT; i += 40) {
      const batch = whatsappDelivery(numbers.slice(i, i + 40).map((from, j) => waMessage({ from, id: `wamid.kill${i + j}` }, 'text', { body: `Hello, I am looking for a home (${i + j})` })));
      expect((await post('whatsapp', batch)).status).toBe(200);
    }
    const done = () => n(`SELECT count(*) AS n FROM webhook_events WHERE external_id LIKE 'wamid.kill%' AND status = 'processed'`);
    await waitFor('some events applied', async () => (await done()) >= 10, 60_000);
    expect(await worker?.stop('SIGKILL')).toBeNull();
    const atKill = await done();
    expect(atKill).toBeLessThan(COUNT);
    worker = await startWorker(workerEnv());
    // Jobs the dead worker held come back once their lock expires (30 s).
    await waitFor('every event applied', async () => (await done()) === COUNT, 150_000);
    expect(await n(`SELECT count(*) AS n FROM messages WHERE external_id LIKE 'wamid.kill%'`)).toBe(COUNT);
    expect(await n(`SELECT count(DISTINCT external_id) AS n FROM messages WHERE external_id LIKE 'wamid.kill%'`)).toBe(COUNT);
    expect(await n(`SELECT count(*) AS n FROM contacts WHERE phone_e164 = ANY($1)`, [numbers.map((x) => `+${x}`)])).toBe(COUNT);
    expect(await n(`SELECT count(*) AS n FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE c.phone_e164 = ANY($1)`, [numbers.map((x) => `+${x}`)])).toBe(COUNT);
    // Each lead message once on the timeline (the assistant's answers are there too, outbound).
    expect(await n(`SELECT count(*) AS n FROM activities a JOIN leads l ON l.id = a.lead_id JOIN contacts c ON c.id = l.contact_id WHERE a.type = 'message' AND a.direction = 'inbound' AND c.phone_e164 = ANY($1)`, [numbers.map((x) => `+${x}`)])).toBe(COUNT);
  }, 240_000);
});
