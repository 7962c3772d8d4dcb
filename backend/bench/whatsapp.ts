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
    child.once('exit', (code, signal) => fail(new Error(`worker exited before it was ready: ${signal ? `killed by ${signal}` : `exit code ${code}`}`)));
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

/** Where a WhatsApp answer's time goes, from the database's own timestamps (p50 / p95 per stage). */
async function stageTimes(url: string): Promise<{ stage: string; p50: number; p95: number }[]> {
  const ds = await new DataSource(databaseOptions(url, 1)).initialize();
  try {
    const q = (sql: string) => ds.query<{ p50: number; p95: number }[]>(`SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1)::float AS p50, round(percentile_cont(0.95) WITHIN GROUP (ORDER BY ms)::numeric, 1)::float AS p95 FROM (${sql}) x`);
    const stages: [string, string][] = [
      ['delivery stored → message applied (webhooks queue)', `SELECT extract(epoch FROM processed_at - received_at) * 1000 AS ms FROM webhook_events WHERE kind = 'message'`],
      ['message applied → answer written and queued (agent queue, the turn)', `SELECT extract(epoch FROM o.created_at - e.processed_at) * 1000 AS ms FROM outbox_messages o JOIN webhook_events e ON o.idempotency_key = 'assistant-reply:' || (SELECT m.id FROM messages m WHERE m.external_id = e.external_id)::text`],
      ['answer queued → on the phone (messaging queue, Graph call)', `SELECT extract(epoch FROM sent_at - created_at) * 1000 AS ms FROM outbox_messages WHERE sent_at IS NOT NULL`],
    ];
    return await Promise.all(stages.map(async ([stage, sql]) => ({ stage, ...(await q(sql))[0] })));
  } finally {
    await ds.destroy();
  }
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
    const ask = async (lead: number, turn: number, id: string) => {
      const to = number(lead);
      const answered = new Promise<void>((ok) => waiting.set(to, ok));
      const t0 = performance.now();
      const res = await postSigned(base, '/api/webhooks/whatsapp', SECRET, whatsappDelivery([waMessage({ from: to, id: `wamid.bench.${process.pid}.${id}`, timestamp: Math.floor(Date.now() / 1000) }, 'text', { body: TURNS[turn % TURNS.length] })]));
      if (res.status !== 200) throw new Error(`delivery answered ${res.status}`);
      await answered;
      return performance.now() - t0;
    };
    // One lead alone, one message at a time: what the pipeline itself takes (the first two warm it up).
    const alone: number[] = [];
    for (let i = 0; i < 22; i++) {
      const ms = await ask(9999, i, `alone.${i}`);
      if (i >= 2) alone.push(ms);
    }
    const whatsapp = await schedule((lead, turn) => ask(lead, turn, `${lead}.${turn}`));
    log(`WhatsApp: ${whatsapp.length} messages answered`);
    const stages = await stageTimes(scratch.url);

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
    const one = p50p95(alone);
    const wc = p50p95(web);
    const lines = [
      `| ${LEADS} leads × ${TURNS.length} messages at ~${RATE} messages/s, ${WORKERS} worker processes, queues on ${process.env.BENCH_REDIS_URL ? 'Redis' : 'PostgreSQL'} | p50 | p95 |`,
      '| --- | ---: | ---: |',
      `| WhatsApp: signed delivery → the assistant's answer on the phone (Graph stand-in), debounce 0 | ${wa.p50} ms | ${wa.p95} ms |`,
      `| … one lead alone, one message at a time (${alone.length} messages) | ${one.p50} ms | ${one.p95} ms |`,
      `| baseline: the same turns in the web chat (POST /api/agent/turn to \`done\`) | ${wc.p50} ms | ${wc.p95} ms |`,
      `| WhatsApp / web chat | ${(wa.p50 / wc.p50).toFixed(1)} × | ${(wa.p95 / wc.p95).toFixed(1)} × |`,
      ...stages.map((st) => `| … stage: ${st.stage} | ${st.p50} ms | ${st.p95} ms |`),
    ];
    log(`\nnode ${process.version}\n${lines.join('\n')}`);
    const dir = resolve(__dirname, '..', '..', '..', 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(resolve(dir, 'whatsapp.json'), `${JSON.stringify({ rate: RATE, leads: LEADS, gapMs: GAP_MS, workers: WORKERS, whatsapp: wa, alone: one, web: wc, stages }, null, 2)}\n`);
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
