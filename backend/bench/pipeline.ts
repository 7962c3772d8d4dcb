import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createPostgresBackend, Queue, setDefaultBackendFactory } from 'bullmq';
import { DataSource } from 'typeorm';
import { hashPassword } from '../src/core/auth/password';
import { databaseOptions } from '../src/core/database/database-options';
import { freePort } from '../src/core/database/embedded-postgres';
import { insertGeneratedLeads } from '../src/seed/lead-loader';
import { SeedRepository } from '../src/seed/seed.repository';
import { p50p95 } from './figures';
import { createScratchDatabase } from './scratch-database';
import { startServer, stopServer } from './server-process';

/**
 * `npm run bench` (pipeline part; alone: `npm run bench:pipeline`): 20 agents work the board at
 * once. Each has its own leads and its own open live feed (`GET /api/pipeline/events`); each moves
 * its leads back and forth between Contacted and Qualified through `POST /api/pipeline/cards/{id}/move`
 * with the card's version (the stage rules are checked, a move back carries its note, the move goes
 * on the timeline, is published to integrators and NOTIFYed to every open board). Measured per
 * move: the answer, the moment the mover's own board hears of it over SSE (live fan-out), and the
 * moment that board hears the card's new SLA clock (`sla`: a worker process heard the lead change,
 * rescheduled its timer job, Qualified's "leave the stage" timer, and wrote the clock).
 * Baseline, in the same run and the same 20-way concurrency: a plain lead PATCH (a contact name
 * change: one update and a timeline entry). Also: the board's first page (7 columns, counts and 20
 * cards each) at BENCH_LEADS leads. Prints medians of rounds and ratios; never fails on a time.
 *
 * BENCH_DATABASE_URL (else an embedded PostgreSQL), BENCH_LEADS (100000), BENCH_MOVES (40 per
 * agent per round), BENCH_ROUNDS (3), BENCH_THINK_MS (250: each agent's pause between requests in
 * the paced runs; the closed-loop runs never pause, so 20 requests are always in flight).
 */
const AGENTS = 20;
const LEADS = Number(process.env.BENCH_LEADS ?? 100_000);
const MOVES = Number(process.env.BENCH_MOVES ?? 40);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LEADS_PER_AGENT = 10;
/** Pause between one agent's requests in the paced runs (a person works a board at most a few moves a second). */
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 250);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => process.stdout.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One agent's live board feed: resolves a waiter when a `moved` event for its lead arrives, or its `sla` clock changes. */
class Feed {
  private readonly waiters = new Map<string, (at: number) => void>();
  private readonly clocks = new Map<string, { running: boolean; ok: (at: number) => void }>();
  private readonly abort = new AbortController();

  async open(base: string, token: string): Promise<void> {
    const res = await fetch(`${base}/api/pipeline/events`, { headers: { authorization: `Bearer ${token}` }, signal: this.abort.signal });
    if (!res.ok || !res.body) throw new Error(`feed: HTTP ${res.status}`);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let ready!: () => void;
    const isReady = new Promise<void>((ok) => (ready = ok));
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (frame.startsWith('event: ready')) ready();
            const m = /^event: moved\ndata: (.*)$/s.exec(frame);
            if (m) {
              const { leadId, version } = JSON.parse(m[1]) as { leadId: string; version: number };
              const w = this.waiters.get(`${leadId}:${version}`);
              if (w) {
                this.waiters.delete(`${leadId}:${version}`);
                w(performance.now());
              }
            }
            const c = /^event: sla\ndata: (.*)$/s.exec(frame);
            if (c) {
              const { leadId, sla } = JSON.parse(c[1]) as { leadId: string; sla: unknown };
              const w = this.clocks.get(leadId);
              if (w && w.running === (sla !== null)) {
                this.clocks.delete(leadId);
                w.ok(performance.now());
              }
            }
          }
        }
      } catch {
        // closed
      }
    })();
    await isReady;
  }

  /** Resolves with the time the move of `leadId` to `version` was heard. */
  heard(leadId: string, version: number): Promise<number> {
    return new Promise((ok) => this.waiters.set(`${leadId}:${version}`, ok));
  }

  /** Resolves with the time the lead's SLA clock was heard running (or stopped, `running` false). */
  clock(leadId: string, running: boolean): Promise<number> {
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`no SLA clock for lead ${leadId} within 60 s`)), 60_000);
      this.clocks.set(leadId, { running, ok: (at) => (clearTimeout(timer), ok(at)) });
    });
  }

  close(): void {
    this.abort.abort();
  }
}

/** The built worker as its own process (SLA timers are rescheduled there); resolves once it consumes. */
function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((ok, fail) => {
    const child = fork(resolve(__dirname, '..', 'src', 'main.worker.js'), [], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('message', () => ok(child));
    child.once('exit', (code, signal) => fail(new Error(`worker exited before it was ready: ${signal ? `killed by ${signal}` : `exit code ${code}`}`)));
  });
}

async function main(): Promise<void> {
  const scratch = await createScratchDatabase('bench_pipeline', process.env.BENCH_DATABASE_URL, log);
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  let worker: ChildProcess | null = null;
  const feeds: Feed[] = [];
  try {
    const ds = await new DataSource(databaseOptions(scratch.url, 4)).initialize();
    await ds.runMigrations({ transaction: 'each' });
    const repo = new SeedRepository(ds);
    const t0 = Date.now();
    const password = await hashPassword('bench-password-1');
    const agents: { id: string; email: string }[] = [];
    for (let i = 1; i <= AGENTS; i++) {
      const email = `agent${i}@bench.local`;
      const [row] = await ds.query<{ id: string }[]>(`INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, 'agent', $3) RETURNING id`, [email, `Agent ${i}`, password]);
      agents.push({ id: row.id, email });
    }
    await ds.query(`INSERT INTO users (email, name, role, password_hash) VALUES ('admin@bench.local', 'Bench Admin', 'admin', $1)`, [password]);
    await insertGeneratedLeads(repo, { count: LEADS, seed: 7, agentIds: agents.map((a) => a.id), listings: [], now: new Date('2026-11-01T12:00:00Z') });
    // Each agent's working set: leads of theirs, reachable, in Contacted (moves go Contacted ⇄ Qualified).
    const work = new Map<string, { id: string; version: number; stage: 'contacted' | 'qualified' }[]>();
    const picked = await ds.query<{ id: string }[]>(
      `SELECT l.id FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE l.merged_into_id IS NULL AND c.email_normalized IS NOT NULL ORDER BY l.id LIMIT $1`,
      [AGENTS * LEADS_PER_AGENT],
    );
    for (const [i, a] of agents.entries()) {
      const ids = picked.slice(i * LEADS_PER_AGENT, (i + 1) * LEADS_PER_AGENT).map((r) => r.id);
      await ds.query(`UPDATE leads SET stage = 'contacted', assignee_id = $1 WHERE id = ANY($2::uuid[])`, [a.id, ids]);
      const rows = await ds.query<{ id: string; version: number }[]>(`SELECT id, version FROM leads WHERE id = ANY($1::uuid[])`, [ids]);
      work.set(a.id, rows.map((r) => ({ ...r, stage: 'contacted' as const })));
    }
    await ds.query('VACUUM ANALYZE');
    log(`Seeded ${LEADS} leads for ${AGENTS} agents in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const port = await freePort();
    server = await startServer('server-app.js', port, { DATABASE_URL: scratch.url });
    worker = await startWorker({ DATABASE_URL: scratch.url });
    // The worker's start-up sweep puts every running timer of the seeded leads in place; measure after it.
    setDefaultBackendFactory(createPostgresBackend);
    const slaQueue = new Queue('sla', { connection: { connectionString: scratch.url, migrate: true, max: 2 } });
    const t1 = Date.now();
    for (;;) {
      const c = await slaQueue.getJobCounts('active', 'waiting', 'prioritized', 'completed');
      if (c.completed > 0 && c.active + c.waiting + c.prioritized === 0) break;
      await pause(500);
    }
    await slaQueue.close();
    log(`Worker's SLA sweep over the seeded leads done in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
    const base = `http://127.0.0.1:${port}`;
    const login = async (email: string) => {
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'bench-password-1' }) });
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const adminToken = await login('admin@bench.local');
    const tokens = new Map<string, string>();
    for (const a of agents) tokens.set(a.id, await login(a.email));
    const feedOf = new Map<string, Feed>();
    for (const a of agents) {
      const f = new Feed();
      await f.open(base, tokens.get(a.id)!);
      feeds.push(f);
      feedOf.set(a.id, f);
    }

    // The board's first page at LEADS leads, as an admin opens it (counts of all 100,000, 20 cards a column).
    const board: number[] = [];
    for (let i = 0; i < 23; i++) {
      const t = performance.now();
      const res = await fetch(`${base}/api/pipeline/board`, { headers: { authorization: `Bearer ${adminToken}` } });
      await res.json();
      if (i >= 3) board.push(performance.now() - t);
    }
    const boardFig = p50p95(board);
    log(`board first page (admin, ${LEADS} leads): p50 ${boardFig.p50} ms p95 ${boardFig.p95} ms`);

    const post = async (method: 'POST' | 'PATCH', url: string, token: string, body: unknown) => {
      const res = await fetch(`${base}${url}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = (await res.json()) as { version?: number; stage?: string };
      if (res.status !== 200) throw new Error(`${method} ${url}: HTTP ${res.status} ${JSON.stringify(json)}`);
      return json;
    };

    type Runs = { move: { answer: number[][]; seen: number[][]; clock: number[][] }; patch: { answer: number[][] } };
    const results: Record<'closed' | 'paced', Runs> = {
      closed: { move: { answer: [], seen: [], clock: [] }, patch: { answer: [] } },
      paced: { move: { answer: [], seen: [], clock: [] }, patch: { answer: [] } },
    };
    for (let round = 1; round <= ROUNDS; round++) {
      for (const mode of ['closed', 'paced'] as const) {
        const think = mode === 'paced' ? THINK_MS : 0;
        // The baseline: a plain lead PATCH, 20 agents at once on their own leads.
        const patchTimes: number[] = [];
        await Promise.all(
          agents.map(async (a, i) => {
            const mine = work.get(a.id)!;
            if (think) await pause((think * i) / AGENTS);
            for (let k = 0; k < MOVES; k++) {
              const lead = mine[k % mine.length];
              const t = performance.now();
              await post('PATCH', `/api/leads/${lead.id}`, tokens.get(a.id)!, { contact: { name: `Bench Lead ${round}-${k}` } });
              if (k >= 2) patchTimes.push(performance.now() - t);
              if (think) await pause(think);
            }
          }),
        );
        // The same agents move cards: rules, version check, timeline, integrators' event, NOTIFY → every open board.
        const answerTimes: number[] = [];
        const seenTimes: number[] = [];
        const clockTimes: number[] = [];
        await Promise.all(
          agents.map(async (a, i) => {
            const mine = work.get(a.id)!;
            const feed = feedOf.get(a.id)!;
            if (think) await pause((think * i) / AGENTS);
            for (let k = 0; k < MOVES; k++) {
              const lead = mine[k % mine.length];
              const to = lead.stage === 'contacted' ? 'qualified' : 'contacted';
              const body = { stage: to, version: lead.version, ...(to === 'contacted' ? { reason: 'Needs another call first' } : {}) };
              const t = performance.now();
              const heard = feed.heard(lead.id, lead.version + 1);
              // Into Qualified its "leave the stage" timer starts; back in Contacted (no timer) it stops.
              const clocked = feed.clock(lead.id, to === 'qualified');
              const moved = await post('POST', `/api/pipeline/cards/${lead.id}/move`, tokens.get(a.id)!, body);
              const answered = performance.now();
              const seenAt = await heard;
              const clockAt = await clocked;
              lead.version = moved.version!;
              lead.stage = to;
              if (k >= 2) {
                answerTimes.push(answered - t);
                seenTimes.push(Math.max(answered, seenAt) - t);
                clockTimes.push(Math.max(answered, seenAt, clockAt) - t);
              }
              if (think) await pause(think);
            }
          }),
        );
        results[mode].patch.answer.push(patchTimes);
        results[mode].move.answer.push(answerTimes);
        results[mode].move.seen.push(seenTimes);
        results[mode].move.clock.push(clockTimes);
        const f = (xs: number[]) => {
          const { p50, p95 } = p50p95(xs);
          return `p50 ${p50} ms p95 ${p95} ms`;
        };
        log(`round ${round} ${mode.padEnd(6)} lead PATCH ${f(patchTimes)}  |  card move answered ${f(answerTimes)}  |  answered and on the mover's board ${f(seenTimes)}  |  and its SLA clock rescheduled ${f(clockTimes)}`);
      }
    }
    const m = (rounds: number[][], k: 'p50' | 'p95') => median(rounds.map((xs) => p50p95(xs)[k]));
    const row = (mode: 'closed' | 'paced') => {
      const r = results[mode];
      const base = m(r.patch.answer, 'p95');
      const label = mode === 'closed' ? 'closed loop (no pause: 20 requests always in flight)' : `paced (each agent pauses ${THINK_MS} ms between requests)`;
      return [
        `| ${label}: baseline, plain lead PATCH (contact name; update + timeline entry) | ${m(r.patch.answer, 'p50')} | ${base} | 1.0× |`,
        `| ${label}: card move — rules + version check + timeline + event + NOTIFY (answered) | ${m(r.move.answer, 'p50')} | ${m(r.move.answer, 'p95')} | ${(m(r.move.answer, 'p95') / base).toFixed(1)}× |`,
        `| ${label}: card move answered **and** heard on the mover's live board (SSE fan-out) | ${m(r.move.seen, 'p50')} | ${m(r.move.seen, 'p95')} | ${(m(r.move.seen, 'p95') / base).toFixed(1)}× |`,
        `| ${label}: card move answered, heard on the board **and** its SLA timer rescheduled (worker; the new clock heard on the board) | ${m(r.move.clock, 'p50')} | ${m(r.move.clock, 'p95')} | ${(m(r.move.clock, 'p95') / base).toFixed(1)}× |`,
      ];
    };
    const lines = [
      `| ${AGENTS} agents at once, ${LEADS.toLocaleString('en-US')} leads | p50 ms (median of ${ROUNDS}) | p95 ms | p95 / baseline p95 |`,
      '| --- | ---: | ---: | ---: |',
      ...row('closed'),
      ...row('paced'),
      `| board first page (7 columns: counts + 20 cards each), admin, sequential | ${boardFig.p50} | ${boardFig.p95} | — |`,
    ];
    log('');
    log(`${AGENTS} agents, each with ${LEADS_PER_AGENT} leads and an open live feed; ${MOVES} requests per agent per kind per round; one API process (DB_POOL_SIZE 10), one worker process (queues on PostgreSQL); node ${process.version}`);
    log(lines.join('\n'));
    const dir = resolve(__dirname, '..', '..', '..', 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(resolve(dir, 'pipeline.md'), `${lines.join('\n')}\n`);
    writeFileSync(resolve(dir, 'pipeline.json'), JSON.stringify({ agents: AGENTS, leads: LEADS, moves: MOVES, rounds: ROUNDS, think: THINK_MS, board: boardFig, results: Object.fromEntries((['closed', 'paced'] as const).map((k) => [k, { patch: results[k].patch.answer.map((xs) => p50p95(xs)), move: results[k].move.answer.map((xs) => p50p95(xs)), seen: results[k].move.seen.map((xs) => p50p95(xs)), clock: results[k].move.clock.map((xs) => p50p95(xs)) }])) }, null, 2));
    await ds.destroy();
  } finally {
    for (const f of feeds) f.close();
    if (worker) {
      const exited = new Promise((ok) => worker!.once('exit', ok));
      worker.kill('SIGTERM');
      await exited;
    }
    if (server) await stopServer(server);
    await scratch.drop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
