/**
 * `npm run soak` (not in CI): a bounded mixed load at a steady rate against the real processes
 * (the built API and one worker process, as `npm run start:prod` + `npm run start:worker` run
 * them) on one machine, for SOAK_SECONDS (default 600):
 *
 *   inbox (GET /api/leads), lead detail (GET /api/leads/:id), search (GET /api/inventory/search),
 *   conversations (GET /api/conversations), agent turns (POST /api/agent/turn, streamed to the end),
 *   WhatsApp webhook deliveries (signed; the worker applies them and the assistant answers through
 *   the outbox to a Graph API stand-in in this process).
 *
 * Requests start on a fixed schedule (SOAK_RPS per second, open loop: a slow answer does not slow
 * the schedule; at most SOAK_MAX_IN_FLIGHT wait at once, beyond that a start is counted as
 * skipped). Passes when no answer is a 5xx (or a dropped connection) and each process's resident
 * memory stays under SOAK_MAX_RSS_MB and, after the first minute, grows by no more than
 * SOAK_MAX_GROWTH_MB (default 150). Prints p50/p95/p99 per endpoint; exits 1 on a failure.
 *
 * Database: SOAK_DATABASE_URL or TEST_DATABASE_URL (a scratch database is created on that server
 * and dropped), else an embedded PostgreSQL. Queue: REDIS_URL-style SOAK_REDIS_URL when given,
 * else BullMQ on PostgreSQL. Demo data: the 21,613 listings and SOAK_LEADS generated leads.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../src/core/database/embedded-postgres';
import { signatureFor, waMessage, whatsappDelivery } from '../src/webhooks/sandbox/deliveries';
import { GraphStandIn } from '../src/webhooks/sandbox/graph-standin';
import { createScratchDatabase } from './scratch-database';
import { NO_RATE_LIMITS } from './server-process';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const RPS = Number(process.env.SOAK_RPS ?? 20);
const MAX_IN_FLIGHT = Number(process.env.SOAK_MAX_IN_FLIGHT ?? 64);
const LEADS = Number(process.env.SOAK_LEADS ?? 2000);
const MAX_RSS_MB = Number(process.env.SOAK_MAX_RSS_MB ?? 768);
const MAX_GROWTH_MB = Number(process.env.SOAK_MAX_GROWTH_MB ?? 150);
const SAMPLE_MS = 5000;
const SECRET = 'soak-app-secret';
const WA_TOKEN = 'soak-wa-token';
const ADMIN = { email: 'admin@soak.local', password: 'soak-admin-password-1' };
const DIST = resolve(__dirname, '..', 'src');

const log = (s: string) => process.stderr.write(s);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The mix: endpoint name → share of the requests. */
const MIX: [Endpoint, number][] = [
  ['inbox', 0.3],
  ['lead detail', 0.25],
  ['search', 0.2],
  ['conversations', 0.05],
  ['agent turn', 0.05],
  ['webhook delivery', 0.15],
];
type Endpoint = 'inbox' | 'lead detail' | 'search' | 'conversations' | 'agent turn' | 'webhook delivery';

const SEARCHES = ['3 bedroom house in Seattle under 800k', 'condo near the lake', 'family home with a big yard in Bellevue', 'waterfront', 'quiet 2 bed near a park', 'new construction Kirkland', 'house with view under 1.2m', 'starter home Renton'];

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function startProcess(entry: string, env: Record<string, string>, ready: string): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [resolve(DIST, entry)], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-200_000)));
  child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-200_000)));
  return new Promise((ok, fail) => {
    const timer = setInterval(() => {
      if (out.includes(ready)) {
        clearInterval(timer);
        ok({ child, output: () => out });
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        fail(new Error(`${entry} exited with ${child.exitCode}:\n${out.slice(-3000)}`));
      }
    }, 200);
  });
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

async function main(): Promise<void> {
  const scratch = await createScratchDatabase('soak', process.env.SOAK_DATABASE_URL ?? process.env.TEST_DATABASE_URL, log);
  const graph = new GraphStandIn('page-token', WA_TOKEN);
  await graph.start();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const prefix = `soak${process.pid}`;
  const env: Record<string, string> = {
    DATABASE_URL: scratch.url,
    ...(process.env.SOAK_REDIS_URL ? { REDIS_URL: process.env.SOAK_REDIS_URL, QUEUE_PREFIX: prefix } : {}),
    JWT_SECRET: 'soak-jwt-secret-that-is-long-enough-0123456789',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
    META_APP_SECRET: SECRET,
    META_GRAPH_URL: graph.url,
    WHATSAPP_TOKEN: WA_TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
    QUIET_HOURS: '00:00-00:00',
    WEBHOOK_RATE_LIMIT: '1000000',
    ...NO_RATE_LIMITS,
  };
  const procs: ChildProcess[] = [];
  const cleanup = async () => {
    for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGTERM');
    await sleep(3000);
    for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    await graph.stop();
    await scratch.drop().catch((e: unknown) => log(`could not drop the scratch database: ${String(e)}\n`));
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  process.once('SIGTERM', () => void cleanup().then(() => process.exit(143)));
  try {
    log(`Starting the API (seeding 21,613 listings and ${LEADS} leads) and a worker...\n`);
    const api = await startProcess('main.api.js', { ...env, HOST: '127.0.0.1', PORT: String(port), START_WORKERS: '0', SEED_DEMO: 'true', SEED_LEADS: String(LEADS) }, 'Openhouse is running at');
    procs.push(api.child);
    // The worker says it is ready at info level.
    const worker = await startProcess('main.worker.js', { ...env, LOG_LEVEL: 'info' }, 'consuming embedding');
    procs.push(worker.child);

    const db = new Client({ connectionString: scratch.url });
    await db.connect();
    const warmStart = Date.now();
    for (;;) {
      const [{ n }] = (await db.query<{ n: string }>(`SELECT count(*) AS n FROM units WHERE embedding_version IS NULL`)).rows;
      if (Number(n) === 0) break;
      if (Date.now() - warmStart > 900_000) throw new Error(`embeddings not done after 15 min (${n} left)`);
      await sleep(2000);
    }
    log(`Warm-up: listings embedded in ${((Date.now() - warmStart) / 1000).toFixed(0)} s\n`);
    const leadIds = (await db.query<{ id: string }>(`SELECT id FROM leads ORDER BY id LIMIT 500`)).rows.map((r) => r.id);

    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const auth = { authorization: `Bearer ${token}` };
    // Agent turns: a pool of sessions, each with at most one turn at a time (a second would be a 409, by design).
    const idleSessions: string[] = [];
    for (const leadId of leadIds.slice(0, 40)) {
      const r = await fetch(`${base}/api/agent/session`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ leadId }) });
      idleSessions.push(((await r.json()) as { sessionId: string }).sessionId);
    }

    const latencies = new Map<Endpoint, number[]>(MIX.map(([e]) => [e, []]));
    const statuses = new Map<Endpoint, Map<number, number>>(MIX.map(([e]) => [e, new Map()]));
    const failures: string[] = [];
    let inFlight = 0;
    let skipped = 0;
    let seq = 0;

    const request = async (endpoint: Endpoint): Promise<number> => {
      const i = seq++;
      switch (endpoint) {
        case 'inbox':
          return (await fetch(`${base}/api/leads?page=${1 + (i % 5)}&pageSize=50`, { headers: auth }).then(async (r) => (await r.arrayBuffer(), r))).status;
        case 'lead detail':
          return (await fetch(`${base}/api/leads/${leadIds[i % leadIds.length]}`, { headers: auth }).then(async (r) => (await r.arrayBuffer(), r))).status;
        case 'search':
          return (await fetch(`${base}/api/inventory/search?q=${encodeURIComponent(SEARCHES[i % SEARCHES.length])}`, { headers: auth }).then(async (r) => (await r.arrayBuffer(), r))).status;
        case 'conversations':
          return (await fetch(`${base}/api/conversations`, { headers: auth }).then(async (r) => (await r.arrayBuffer(), r))).status;
        case 'agent turn': {
          const sessionId = idleSessions.shift();
          if (!sessionId) return -1; // every session busy: counted as skipped
          try {
            const r = await fetch(`${base}/api/agent/turn`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ sessionId, message: `I am looking for a 3 bedroom house under ${600 + (i % 10) * 50}k near a park` }) });
            const text = await r.text(); // the whole stream, to its last event
            if (r.status === 200 && !text.includes('event: done')) failures.push(`agent turn ended without done: ${text.slice(-300)}`);
            return r.status;
          } finally {
            idleSessions.push(sessionId);
          }
        }
        case 'webhook delivery': {
          // 300 people writing, so conversations go on; each delivery is a new message.
          const from = `1206555${String(7000 + (i % 300))}`;
          const raw = JSON.stringify(whatsappDelivery([waMessage({ from, id: `wamid.soak${process.pid}.${i}`, name: `Soak ${i % 300}` }, 'text', { body: `Hi, is the 2 bedroom still available? (${i})` })]));
          return (await fetch(`${base}/api/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureFor(SECRET, raw) }, body: raw }).then(async (r) => (await r.arrayBuffer(), r))).status;
        }
      }
    };
    const pick = (): Endpoint => {
      let x = Math.random();
      for (const [e, share] of MIX) if ((x -= share) < 0) return e;
      return MIX[0][0];
    };

    const rss = { api: [] as number[], worker: [] as number[] };
    const sample = () => {
      rss.api.push(rssMb(api.child.pid!));
      rss.worker.push(rssMb(worker.child.pid!));
    };
    sample();
    const sampler = setInterval(sample, SAMPLE_MS);
    log(`Load: ${RPS} requests/s for ${SECONDS} s\n`);
    const start = Date.now();
    const pending: Promise<void>[] = [];
    let lastReport = start;
    for (let k = 0; ; k++) {
      const due = start + (k * 1000) / RPS;
      if (due > start + SECONDS * 1000) break;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      if (inFlight >= MAX_IN_FLIGHT) {
        skipped++;
        continue;
      }
      const endpoint = pick();
      inFlight++;
      const t0 = performance.now();
      const p = request(endpoint)
        .then((status) => {
          if (status === -1) return void skipped++;
          latencies.get(endpoint)!.push(performance.now() - t0);
          const m = statuses.get(endpoint)!;
          m.set(status, (m.get(status) ?? 0) + 1);
          if (status >= 500) failures.push(`${endpoint}: ${status}`);
        })
        .catch((e: unknown) => void failures.push(`${endpoint}: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`))
        .finally(() => inFlight--);
      pending.push(p);
      if (Date.now() - lastReport > 30_000) {
        lastReport = Date.now();
        log(`  ${((Date.now() - start) / 1000).toFixed(0)} s: ${seq} requests, ${inFlight} in flight, API ${rss.api.at(-1)?.toFixed(0)} MB, worker ${rss.worker.at(-1)?.toFixed(0)} MB\n`);
      }
    }
    await Promise.all(pending);
    clearInterval(sampler);
    sample();
    const elapsed = (Date.now() - start) / 1000;

    // Backlog the load left for the worker (applied after the load stops; not part of the verdict).
    const [{ n: waiting }] = (await db.query<{ n: string }>(`SELECT count(*) AS n FROM webhook_events WHERE status <> 'processed'`)).rows;
    await db.end();

    const rows = MIX.map(([e]) => {
      const l = [...latencies.get(e)!].sort((x, y) => x - y);
      const st = [...statuses.get(e)!.entries()].sort(([x], [y]) => x - y).map(([s, c]) => `${s}×${c}`).join(' ');
      return `| ${e} | ${l.length} | ${pct(l, 50).toFixed(0)} | ${pct(l, 95).toFixed(0)} | ${pct(l, 99).toFixed(0)} | ${(l.at(-1) ?? NaN).toFixed(0)} | ${st} |`;
    });
    const firstMinute = Math.min(Math.ceil(60_000 / SAMPLE_MS), rss.api.length - 1);
    const mem = (name: 'api' | 'worker') => {
      const s = rss[name];
      const max = Math.max(...s);
      const growth = s.at(-1)! - s[firstMinute];
      return { start: s[0], afterFirstMinute: s[firstMinute], end: s.at(-1)!, max, growth };
    };
    const memory = { api: mem('api'), worker: mem('worker') };
    const memFail = (['api', 'worker'] as const).filter((p) => memory[p].max > MAX_RSS_MB || memory[p].growth > MAX_GROWTH_MB);
    const total = MIX.reduce((s, [e]) => s + latencies.get(e)!.length, 0);
    const out = [
      '',
      `Soak: ${total} requests in ${elapsed.toFixed(0)} s (${(total / elapsed).toFixed(1)}/s, target ${RPS}/s), ${skipped} starts skipped (${MAX_IN_FLIGHT} in flight or every agent session busy), ${waiting} webhook events still waiting at the end`,
      '',
      '| endpoint | requests | p50 ms | p95 ms | p99 ms | max ms | statuses |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
      '| process | RSS at start MB | after 1 min | at end | max | growth after 1 min |',
      '| --- | --- | --- | --- | --- | --- |',
      ...(['api', 'worker'] as const).map((p) => `| ${p} | ${memory[p].start.toFixed(0)} | ${memory[p].afterFirstMinute.toFixed(0)} | ${memory[p].end.toFixed(0)} | ${memory[p].max.toFixed(0)} | ${memory[p].growth >= 0 ? '+' : ''}${memory[p].growth.toFixed(0)} |`),
      '',
      `Bounds: RSS ≤ ${MAX_RSS_MB} MB per process, growth after the first minute ≤ ${MAX_GROWTH_MB} MB.`,
      failures.length ? `FAILED: ${failures.length} failures, e.g.\n  ${[...new Set(failures)].slice(0, 10).join('\n  ')}` : 'No 5xx, no dropped connection.',
      memFail.length ? `FAILED: memory bound exceeded by ${memFail.join(', ')}` : 'Memory within bounds.',
      '',
    ].join('\n');
    process.stdout.write(out);
    process.exitCode = failures.length || memFail.length ? 1 : 0;
  } finally {
    await cleanup();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
