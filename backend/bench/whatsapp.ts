import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { hashPassword } from '../src/core/auth/password';
import { databaseOptions } from '../src/core/database/database-options';
import { freePort } from '../src/core/database/embedded-postgres';
import { insertListings, readListingsFile } from '../src/seed/lead-loader';
import { SeedRepository } from '../src/seed/seed.repository';
import { postSigned, waMessage, whatsappDelivery } from '../src/webhooks/sandbox/deliveries';
import { GraphStandIn } from '../src/webhooks/sandbox/graph-standin';
import { embedAll } from './agent';
import { p50p95 } from './figures';
import { createScratchDatabase } from './scratch-database';
import { startServer, stopServer } from './server-process';

/**
 * `npm run bench:whatsapp`: from a lead's WhatsApp message to the assistant's answer reaching the
 * phone (the Graph stand-in, over HTTP), at a sustained RATE messages/s: the API stores the signed
 * delivery, a worker applies it, a worker runs the turn and queues the answer, a worker sends it.
 * WHATSAPP_DEBOUNCE_MS is 0 here (in production each answer also waits that long on purpose).
 *
 * Baseline in the same run, same messages, same schedule: the same turns in the web chat
 * (POST /api/agent/turn, to the end of the stream). The difference is what the channel adds: the
 * webhook inbox, three queue hops, the gate and the outbox.
 *
 * LEADS conversations of four messages, each lead starting 1/RATE s after the previous one and
 * writing every GAP_MS: about RATE messages/s once all have started. BENCH_DATABASE_URL (else an
 * embedded PostgreSQL), BENCH_REDIS_URL (queues on Redis; else BullMQ's PostgreSQL backend),
 * BENCH_WA_RATE (20), BENCH_WA_LEADS (100), BENCH_WA_GAP_MS (5000), BENCH_WA_WORKERS (2).
 */
const RATE = Number(process.env.BENCH_WA_RATE ?? 20);
const LEADS = Number(process.env.BENCH_WA_LEADS ?? 100);
const GAP_MS = Number(process.env.BENCH_WA_GAP_MS ?? 5000);
const WORKERS = Number(process.env.BENCH_WA_WORKERS ?? 2);
const TURNS = ['Hi, I want to buy a 3 bedroom house in Kirkland', 'up to 1.2M', 'can I see the first one next Saturday at 11am?', 'thanks, that is all for now'];
const SECRET = 'bench-wa-secret';
const WA_TOKEN = 'bench-wa-token';
const log = (s: string) => process.stdout.write(`${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((ok, fail) => {
    const child = fork(resolve(__dirname, '..', 'src', 'main.worker.js'), [], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('message', () => ok(child));
    child.once('exit', (code) => fail(new Error(`worker exited with ${code}`)));
  });
}

/** Runs `send(lead, turn)` for every lead and turn on the schedule; returns each call's milliseconds. */
async function schedule(send: (lead: number, turn: number) => Promise<number>): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: LEADS }, async (_, lead) => {
      await sleep((lead * 1000) / RATE);
      for (let turn = 0; turn < TURNS.length; turn++) {
        const started = performance.now();
        times.push(await send(lead, turn));
        await sleep(Math.max(0, GAP_MS - (performance.now() - started)));
      }
    }),
  );
  return times;
}

async function main(): Promise<void> {
  const scratch = await createScratchDatabase('bench_whatsapp', process.env.BENCH_DATABASE_URL, log);
  const graph = new GraphStandIn('bench-page-token', WA_TOKEN);
  await graph.start();
  const children: ChildProcess[] = [];
  try {
    const ds = await new DataSource(databaseOptions(scratch.url, 4)).initialize();
    await ds.runMigrations({ transaction: 'each' });
    await insertListings(new SeedRepository(ds), readListingsFile());
    await ds.query(`INSERT INTO users (email, name, role, password_hash) VALUES ('admin@bench.local', 'Bench Admin', 'admin', $1)`, [await hashPassword('bench-password-1')]);
    await ds.query('VACUUM ANALYZE');
    await ds.destroy();
    // Embedded before the workers start, or their sweep would spend the run embedding the inventory.
    await embedAll(scratch.url);
    const env = {
      DATABASE_URL: scratch.url,
      META_APP_SECRET: SECRET,
      META_GRAPH_URL: graph.url,
      WHATSAPP_TOKEN: WA_TOKEN,
      WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
      WHATSAPP_DEBOUNCE_MS: '0',
      QUIET_HOURS: '00:00-00:00',
      WEBHOOK_RATE_LIMIT: '1000000',
      ...(process.env.BENCH_REDIS_URL ? { REDIS_URL: process.env.BENCH_REDIS_URL, QUEUE_PREFIX: `benchwa${process.pid}` } : {}),
    };
    const port = await freePort();
    const api = await startServer('server-app.js', port, env);
    children.push(api);
    for (let i = 0; i < WORKERS; i++) children.push(await startWorker(env));
    const base = `http://127.0.0.1:${port}`;

    // WhatsApp: each message's time from the POST to its answer on the phone.
    const waiting = new Map<string, () => void>();
    graph.onPhone = (m) => {
      waiting.get(m.to)?.();
      waiting.delete(m.to);
    };
    const number = (lead: number) => `1425770${String(lead).padStart(4, '0')}`;
    const whatsapp = await schedule(async (lead, turn) => {
      const to = number(lead);
      const answered = new Promise<void>((ok) => waiting.set(to, ok));
      const t0 = performance.now();
      const res = await postSigned(base, '/api/webhooks/whatsapp', SECRET, whatsappDelivery([waMessage({ from: to, id: `wamid.bench.${process.pid}.${lead}.${turn}`, timestamp: Math.floor(Date.now() / 1000) }, 'text', { body: TURNS[turn] })]));
      if (res.status !== 200) throw new Error(`delivery answered ${res.status}`);
      await answered;
      return performance.now() - t0;
    });
    log(`WhatsApp: ${whatsapp.length} messages answered`);

    // Baseline: the same turns in the web chat.
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@bench.local', password: 'bench-password-1' }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    const sessions = await Promise.all(Array.from({ length: LEADS }, async () => ((await (await fetch(`${base}/api/agent/session`, { method: 'POST', headers, body: '{}' })).json()) as { sessionId: string }).sessionId));
    const web = await schedule(async (lead, turn) => {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/agent/turn`, { method: 'POST', headers, body: JSON.stringify({ sessionId: sessions[lead], message: TURNS[turn] }) });
      const body = await res.text();
      if (res.status !== 200 || !body.includes('event: done')) throw new Error(`turn answered ${res.status}: ${body.slice(-300)}`);
      return performance.now() - t0;
    });

    const wa = p50p95(whatsapp);
    const wc = p50p95(web);
    const lines = [
      `| ${LEADS} leads × ${TURNS.length} messages at ~${RATE} messages/s, ${WORKERS} worker processes, queues on ${process.env.BENCH_REDIS_URL ? 'Redis' : 'PostgreSQL'} | p50 | p95 |`,
      '| --- | ---: | ---: |',
      `| WhatsApp: signed delivery → the assistant's answer on the phone (Graph stand-in), debounce 0 | ${wa.p50} ms | ${wa.p95} ms |`,
      `| baseline: the same turns in the web chat (POST /api/agent/turn to \`done\`) | ${wc.p50} ms | ${wc.p95} ms |`,
      `| WhatsApp / web chat | ${(wa.p50 / wc.p50).toFixed(1)} × | ${(wa.p95 / wc.p95).toFixed(1)} × |`,
    ];
    log(`\nnode ${process.version}\n${lines.join('\n')}`);
    const dir = resolve(__dirname, '..', '..', '..', 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(resolve(dir, 'whatsapp.json'), `${JSON.stringify({ rate: RATE, leads: LEADS, gapMs: GAP_MS, workers: WORKERS, whatsapp: wa, web: wc }, null, 2)}\n`);
  } finally {
    for (const c of children.reverse()) await stopServer(c);
    await graph.stop();
    await scratch.drop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
