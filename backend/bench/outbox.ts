import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { hashPassword } from '../src/core/auth/password';
import { databaseOptions } from '../src/core/database/database-options';
import { freePort } from '../src/core/database/embedded-postgres';
import { signatureFor, waMessage, whatsappDelivery } from '../src/webhooks/sandbox/deliveries';
import { GraphStandIn } from '../src/webhooks/sandbox/graph-standin';
import { pct } from './figures';
import { createScratchDatabase } from './scratch-database';
import { startServer, stopServer } from './server-process';

/**
 * `npm run bench` (outbox part; alone: `npm run bench:outbox`): WhatsApp messages sent by people
 * through the real API (`POST /api/leads/{id}/outbound`: the send-policy gate, the timeline, the
 * outbox row) and a worker process to the Graph stand-in, which answers at once. Beside it, a bare
 * loop POSTs the same messages straight to the stand-in from this process.
 *
 * Two loads: a conversation load of BENCH_RATE messages/s for BENCH_SECONDS (queue-to-sent latency
 * from the outbox rows' own clocks: created_at → sent_at; the bare loop's is its request time), and
 * a burst of BENCH_BURST messages (messages/s until all are sent). Medians of BENCH_ROUNDS rounds.
 *
 * BENCH_DATABASE_URL (else an embedded PostgreSQL), BENCH_REDIS_URL (else BullMQ's PostgreSQL backend).
 */
const RATE = Number(process.env.BENCH_RATE ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const BURST = Number(process.env.BENCH_BURST ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LEADS = 20;
const SECRET = 'bench-meta-app-secret';
const WA_TOKEN = 'bench-wa-token';
const PHONE_ID = '106540352242922';
const log = (s: string) => process.stdout.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((ok, fail) => {
    const child = fork(resolve(__dirname, '..', 'src', 'main.worker.js'), [], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('message', () => ok(child));
    child.once('exit', (code, signal) => fail(new Error(`worker exited before it was ready: ${signal ? `killed by ${signal}` : `exit code ${code}`}`)));
  });
}

async function main(): Promise<void> {
  const scratch = await createScratchDatabase('bench_outbox', process.env.BENCH_DATABASE_URL, log);
  const graph = new GraphStandIn('page-token', WA_TOKEN);
  await graph.start();
  let app: ChildProcess | null = null;
  let worker: ChildProcess | null = null;
  try {
    const ds = await new DataSource(databaseOptions(scratch.url, 4)).initialize();
    await ds.runMigrations({ transaction: 'each' });
    await ds.query(`INSERT INTO users (email, name, role, password_hash) VALUES ('admin@bench.local', 'Bench Admin', 'admin', $1)`, [await hashPassword('bench-password-1')]);
    const env = {
      DATABASE_URL: scratch.url,
      META_APP_SECRET: SECRET,
      META_GRAPH_URL: graph.url,
      WHATSAPP_TOKEN: WA_TOKEN,
      WHATSAPP_PHONE_NUMBER_ID: PHONE_ID,
      QUIET_HOURS: '00:00-00:00',
      WEBHOOK_RATE_LIMIT: '1000000',
      ...(process.env.BENCH_REDIS_URL ? { REDIS_URL: process.env.BENCH_REDIS_URL, QUEUE_PREFIX: `benchoutbox${process.pid}` } : {}),
    };
    const port = await freePort();
    app = await startServer('server-app.js', port, env);
    worker = await startWorker(env);
    const base = `http://127.0.0.1:${port}/api`;
    const { accessToken } = (await (await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@bench.local', password: 'bench-password-1' }) })).json()) as { accessToken: string };

    // Leads who wrote in on WhatsApp a moment ago (the 24-hour window is open for free text).
    const phones = Array.from({ length: LEADS }, (_, i) => `1206555${String(1000 + i)}`);
    const raw = JSON.stringify(whatsappDelivery(phones.map((from, i) => waMessage({ from, id: `wamid.benchin.${i}`, timestamp: Math.floor(Date.now() / 1000) }, 'text', { body: 'Is the loft still available?' }))));
    await fetch(`${base}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureFor(SECRET, raw) }, body: raw });
    let leadIds: string[] = [];
    while (leadIds.length < LEADS) {
      await sleep(200);
      leadIds = (await ds.query<{ id: string }[]>(`SELECT l.id FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE c.whatsapp_id = ANY($1)`, [phones])).map((r) => r.id);
    }
    await sleep(1000); // let any work the inbound messages started settle

    let seq = 0;
    const viaApp = async (): Promise<string> => {
      const i = seq++;
      const res = await fetch(`${base}/leads/${leadIds[i % LEADS]}/outbound`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` }, body: JSON.stringify({ channel: 'whatsapp', text: `Yes, it is. Want to see it on Saturday? (${i})`, idempotencyKey: `bench-${process.pid}-${i}` }) });
      if (res.status !== 201) throw new Error(`outbound answered ${res.status}: ${await res.text()}`);
      return `bench-${process.pid}-${i}`;
    };
    const bare = async (): Promise<number> => {
      const i = seq++;
      const started = performance.now();
      const res = await fetch(`${graph.url}/v26.0/${PHONE_ID}/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${WA_TOKEN}` }, body: JSON.stringify({ messaging_product: 'whatsapp', to: phones[i % LEADS], type: 'text', text: { body: `Yes, it is. Want to see it on Saturday? (${i})` } }) });
      await res.text();
      return performance.now() - started;
    };
    const sentTimes = async (keys: string[]) =>
      ds.query<{ ms: number; sent_at: Date; created_at: Date }[]>(`SELECT extract(epoch FROM sent_at - created_at) * 1000 AS ms, sent_at, created_at FROM outbox_messages WHERE idempotency_key = ANY($1) AND status = 'sent'`, [keys]);
    const allSent = async (keys: string[]) => {
      for (;;) {
        const rows = await sentTimes(keys);
        if (rows.length >= keys.length) return rows;
        await sleep(50);
      }
    };

    const res = { app: { p50: [] as number[], p95: [] as number[], perSecond: [] as number[], lag: [] as number[], accepted: [] as number[] }, bare: { p50: [] as number[], p95: [] as number[], perSecond: [] as number[] } };
    for (let round = 1; round <= ROUNDS; round++) {
      // Conversation load: RATE messages a second, paced.
      const keys: string[] = [];
      const bareTimes: number[] = [];
      for (const kind of ['app', 'bare'] as const) {
        const started = performance.now();
        const pending: Promise<unknown>[] = [];
        for (let k = 0; k < RATE * SECONDS; k++) {
          const due = started + (k * 1000) / RATE;
          const wait = due - performance.now();
          if (wait > 0) await sleep(wait);
          pending.push(kind === 'app' ? viaApp().then((key) => keys.push(key)) : bare().then((ms) => bareTimes.push(ms)));
        }
        await Promise.all(pending);
      }
      const latencies = (await allSent(keys)).map((r) => Number(r.ms)).sort((a, b) => a - b);
      bareTimes.sort((a, b) => a - b);
      res.app.p50.push(pct(latencies, 50));
      res.app.p95.push(pct(latencies, 95));
      res.bare.p50.push(pct(bareTimes, 50));
      res.bare.p95.push(pct(bareTimes, 95));
      // Burst: BURST messages at once (8 requests in flight for the API), until all are sent.
      const burstKeys: string[] = [];
      let next = 0;
      const t0 = performance.now();
      await Promise.all(Array.from({ length: 8 }, async () => {
        while (next++ < BURST) burstKeys.push(await viaApp());
      }));
      const accepted = performance.now();
      await allSent(burstKeys);
      res.app.perSecond.push(BURST / ((performance.now() - t0) / 1000));
      // Whether the outbox kept up: how long after the API accepted the last message the last one was sent.
      res.app.lag.push(Math.round(performance.now() - accepted));
      res.app.accepted.push(BURST / ((accepted - t0) / 1000));
      let nb = 0;
      const t1 = performance.now();
      await Promise.all(Array.from({ length: 8 }, async () => {
        while (nb++ < BURST) await bare();
      }));
      res.bare.perSecond.push(BURST / ((performance.now() - t1) / 1000));
      log(`round ${round}  app: ${RATE}/s queue-to-sent p50 ${res.app.p50.at(-1)} ms p95 ${res.app.p95.at(-1)} ms · burst ${res.app.perSecond.at(-1)!.toFixed(0)} messages/s (API accepted ${res.app.accepted.at(-1)!.toFixed(0)}/s; last sent ${res.app.lag.at(-1)} ms after the last accepted)  |  bare: p50 ${res.bare.p50.at(-1)} ms p95 ${res.bare.p95.at(-1)} ms · burst ${res.bare.perSecond.at(-1)!.toFixed(0)} messages/s`);
    }
    const onPhone = graph.phone.length;
    const [dups] = await ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM (SELECT idempotency_key FROM outbox_messages GROUP BY idempotency_key HAVING count(*) > 1) x`);
    await ds.destroy();
    const m = (k: 'app' | 'bare', f: 'p50' | 'p95' | 'perSecond') => median(res[k][f]);
    const appMedian = (f: 'lag' | 'accepted') => median(res.app[f]);
    const lines = [
      `| WhatsApp outbox to the Graph stand-in | ${RATE} messages/s: p50 ms (median of ${ROUNDS}) | p95 ms | burst of ${BURST}: messages/s |`,
      '| --- | ---: | ---: | ---: |',
      `| Openhouse (API → gate → outbox → worker → Graph), queue-to-sent | ${m('app', 'p50')} | ${m('app', 'p95')} | ${m('app', 'perSecond').toFixed(0)} |`,
      `| bare loop (POST to Graph from one process) | ${m('bare', 'p50')} | ${m('bare', 'p95')} | ${m('bare', 'perSecond').toFixed(0)} |`,
    ];
    log('');
    log(`${LEADS} leads, one worker process (WORKER_CONCURRENCY default), queues on ${process.env.BENCH_REDIS_URL ? 'Redis' : 'PostgreSQL'}, node ${process.version}; messages on the stand-in's phone: ${onPhone}, duplicate keys: ${dups.n}`);
    log(lines.join('\n'));
    log(`burst: the API accepted ${appMedian('accepted').toFixed(0)} messages/s (8 requests in flight); the last was sent ${appMedian('lag')} ms after the last was accepted (medians)`);
    const dir = resolve(__dirname, '..', '..', '..', 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(resolve(dir, 'outbox.md'), `${lines.join('\n')}\n`);
    writeFileSync(resolve(dir, 'outbox.json'), JSON.stringify({ rate: RATE, seconds: SECONDS, burst: BURST, results: res }, null, 2));
  } finally {
    for (const child of [worker, app]) {
      if (!child) continue;
      if (child === app) await stopServer(child);
      else {
        const exited = new Promise((ok) => child.once('exit', ok));
        child.kill('SIGTERM');
        await exited;
      }
    }
    await graph.stop();
    await scratch.drop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
