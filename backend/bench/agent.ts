import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { hashPassword } from '../src/core/auth/password';
import { freePort } from '../src/core/database/embedded-postgres';
import { createHttpApp } from '../src/bootstrap';
import { AppConfig } from '../src/core/config/app-config';
import { validateEnv } from '../src/core/config/env';
import { databaseOptions } from '../src/core/database/database-options';
import { INDEXED_UNITS, type IndexedUnits } from '../src/embedding/indexed-units';
import { UnitIndexer } from '../src/embedding/unit-indexer.service';
import { insertListings, readListingsFile } from '../src/seed/lead-loader';
import { SeedRepository } from '../src/seed/seed.repository';
import { startFakeOpenAiChat } from './fake-openai-chat';
import { p50p95 } from './figures';
import { createScratchDatabase } from './scratch-database';
import { startServer, stopServer } from './server-process';

/**
 * `npm run bench:agent` (also the last part of `npm run bench`): agent turns through the real HTTP
 * API (a separate server process, as in production), streaming over real sockets.
 *
 * 1. Local provider, SESSIONS concurrent sessions, each a lead typing: four turns (facts, budget
 *    and search, a viewing, thanks) with a think time of THINK_MS (uniform) between a reply and
 *    the lead's next message, all sessions at once. Time to the first event and to the end of the
 *    turn, p50 / p95. Baseline in the same run and load shape: GET /api/agent/sessions/:id (auth +
 *    a read, no agent).
 * 2. The same turns with no think time at all (every session fires at once, three rounds): the
 *    worst burst, for the record.
 * 3. OpenAI-compatible stand-in with a fixed delay per call (a tool step, then text): what the
 *    server adds around the provider = the turn's wall time at the client minus the time the
 *    stand-in spent answering that turn's calls. No live model is called.
 */
const SESSIONS = Number(process.env.BENCH_AGENT_SESSIONS ?? 50);
const STUB_SESSIONS = Number(process.env.BENCH_AGENT_STUB_SESSIONS ?? 10);
const STUB_DELAY_MS = Number(process.env.BENCH_AGENT_STUB_DELAY_MS ?? 200);
const STUB_WARMUP = Number(process.env.BENCH_AGENT_STUB_WARMUP ?? 10);
const STUB_TURNS = Number(process.env.BENCH_AGENT_STUB_TURNS ?? 100);
const TURNS = ['Hi, I want to buy a 3 bedroom house in Kirkland', 'up to 1.2M', 'can I see the first one next Saturday at 11am?', 'thanks, that is all for now'];
const THINK_MS = [Number(process.env.BENCH_AGENT_THINK_MIN_MS ?? 1000), Number(process.env.BENCH_AGENT_THINK_MAX_MS ?? 4000)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// A fixed sequence of think times, so every run offers the same load.
let seed = 42;
const nextThink = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return THINK_MS[0] + (seed / 2 ** 31) * (THINK_MS[1] - THINK_MS[0]);
};

const log = (s: string) => process.stdout.write(`${s}\n`);
const start = (port: number, env: Record<string, string>) => startServer('server-app.js', port, env);
const stop = stopServer;

interface TurnTiming {
  firstEventMs: number;
  totalMs: number;
  events: string[];
}

/** One turn over a real socket: time to the first SSE frame and to the end of the stream. */
async function timedTurn(base: string, token: string, sessionId: string, message: string): Promise<TurnTiming> {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/agent/turn`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ sessionId, message }) });
  if (res.status !== 200) throw new Error(`turn answered ${res.status}: ${await res.text()}`);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let firstEventMs = -1;
  let body = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (firstEventMs < 0) firstEventMs = performance.now() - t0;
    body += decoder.decode(value, { stream: true });
  }
  const events = [...body.matchAll(/^event: (.*)$/gm)].map((m) => m[1]);
  if (events.includes('error')) throw new Error(`turn ended in an error: ${body}`);
  return { firstEventMs, totalMs: performance.now() - t0, events };
}

export interface AgentBenchFigures {
  local: { sessions: number; turns: number; thinkMs: number[]; firstEvent: { p50: number; p95: number }; turn: { p50: number; p95: number }; baselineRead: { p50: number; p95: number } };
  burst: { sessions: number; turns: number; firstEvent: { p50: number; p95: number }; turn: { p50: number; p95: number } };
  stub: { sessions: number; delayMs: number; turns: number; aloneTurns: number; warmup: number; providerMs: { p50: number; p95: number }; addedMs: { p50: number; p95: number }; addedAloneMs: { p50: number; p95: number } };
}

export async function benchAgent(dbUrl: string, token: string, print: (s: string) => void): Promise<AgentBenchFigures> {
  // 1. Local provider.
  const port = await freePort();
  const server = await start(port, { DATABASE_URL: dbUrl, AGENT_PROVIDER: 'local' });
  const base = `http://127.0.0.1:${port}`;
  const local: TurnTiming[] = [];
  const burst: TurnTiming[] = [];
  const reads: number[] = [];
  const newSessions = (n: number) =>
    Promise.all(Array.from({ length: n }, async () => ((await (await fetch(`${base}/api/agent/session`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' })).json()) as { sessionId: string }).sessionId));
  const read = async (s: string) => {
    const t0 = performance.now();
    await (await fetch(`${base}/api/agent/sessions/${s}`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer();
    return performance.now() - t0;
  };
  try {
    const warm = await newSessions(1);
    for (const m of TURNS) await timedTurn(base, token, warm[0], m);
    // Leads typing: each session waits a think time before each message.
    const sessions = await newSessions(SESSIONS);
    const thinks = sessions.map(() => TURNS.map(() => nextThink()));
    await Promise.all(
      sessions.map(async (s, i) => {
        for (const [k, message] of TURNS.entries()) {
          await sleep(thinks[i][k]);
          local.push(await timedTurn(base, token, s, message));
        }
      }),
    );
    print(`local: ${SESSIONS} sessions × ${TURNS.length} turns with think time done`);
    // The baseline under the same load shape: a read per session after the same think times.
    await Promise.all(
      sessions.map(async (s, i) => {
        for (const k of TURNS.keys()) {
          await sleep(thinks[i][k]);
          reads.push(await read(s));
        }
      }),
    );
    // Burst: every session at once, no think time.
    const bursting = await newSessions(SESSIONS);
    for (const message of TURNS.slice(0, 3)) {
      burst.push(...(await Promise.all(bursting.map((s) => timedTurn(base, token, s, message)))));
    }
    print(`local: burst of ${SESSIONS} simultaneous turns × 3 done`);
  } finally {
    await stop(server);
  }

  // 2. OpenAI-compatible stand-in with a fixed delay.
  // A tool step (record the facts) then a text step: the loop, the tools, the one-transaction
  // write and the score, without a search (its cost is measured by the search benchmark).
  const fake = await startFakeOpenAiChat((req) => {
    const hasResults = req.messages.slice(req.messages.map((m) => m.role).lastIndexOf('user') + 1).some((m) => m.role === 'tool');
    return hasResults
      ? { delayMs: STUB_DELAY_MS, text: 'Noted: a 3-bedroom house in Kirkland. What budget do you have in mind?' }
      : { delayMs: STUB_DELAY_MS, toolCalls: [{ name: 'update_lead_profile', args: { facts: [{ field: 'purpose', value: 'buy', quote: 'buy', confidence: 0.9 }, { field: 'bedrooms', value: 3, quote: '3 bedroom', confidence: 0.9 }, { field: 'locations', value: ['Kirkland'], quote: 'Kirkland', confidence: 0.9 }] } }] };
  });
  const stubPort = await freePort();
  const stubServer = await start(stubPort, { DATABASE_URL: dbUrl, AGENT_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: fake.url, OPENAI_MODEL: 'bench-model' });
  const stubBase = `http://127.0.0.1:${stubPort}`;
  const added: number[] = [];
  const providerMs: number[] = [];
  const addedAlone: number[] = [];
  try {
    // One lead at a time first: the overhead itself, without other turns queueing for the CPU.
    const [alone] = await Promise.all(Array.from({ length: 1 }, async () => ((await (await fetch(`${stubBase}/api/agent/session`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' })).json()) as { sessionId: string }).sessionId));
    // The first turns of a fresh process run cold code (JIT, statement caches): STUB_WARMUP turns
    // first, as a server that has been up for a while would have done, then STUB_TURNS measured.
    for (let i = 0; i < STUB_WARMUP + STUB_TURNS; i++) {
      const tag = `a${i}`;
      const timing = await timedTurn(stubBase, token, alone, `[${tag}] I want to buy a 3 bedroom house in Kirkland`);
      if (i >= STUB_WARMUP) addedAlone.push(timing.totalMs - fake.timings.filter((x) => x.tag === tag).reduce((n, x) => n + x.ms, 0));
    }
    const sessions = await Promise.all(Array.from({ length: STUB_SESSIONS }, async () => ((await (await fetch(`${stubBase}/api/agent/session`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' })).json()) as { sessionId: string }).sessionId));
    for (let round = 0; round < 5; round++) {
      const timings = await Promise.all(
        sessions.map(async (s, i) => {
          await sleep(nextThink() / 4);
          const tag = `s${round * 1000 + i}`;
          const timing = await timedTurn(stubBase, token, s, `[${tag}] I want to buy a 3 bedroom house in Kirkland`);
          return { tag, timing };
        }),
      );
      for (const { tag, timing } of timings) {
        const spent = fake.timings.filter((x) => x.tag === tag).reduce((n, x) => n + x.ms, 0);
        providerMs.push(spent);
        added.push(timing.totalMs - spent);
      }
    }
  } finally {
    await stop(stubServer);
    await fake.close();
  }

  return {
    local: {
      sessions: SESSIONS,
      turns: local.length,
      thinkMs: THINK_MS,
      firstEvent: p50p95(local.map((t) => t.firstEventMs)),
      turn: p50p95(local.map((t) => t.totalMs)),
      baselineRead: p50p95(reads),
    },
    burst: { sessions: SESSIONS, turns: burst.length, firstEvent: p50p95(burst.map((t) => t.firstEventMs)), turn: p50p95(burst.map((t) => t.totalMs)) },
    stub: { sessions: STUB_SESSIONS, delayMs: STUB_DELAY_MS, turns: added.length, aloneTurns: addedAlone.length, warmup: STUB_WARMUP, providerMs: p50p95(providerMs), addedMs: p50p95(added), addedAloneMs: p50p95(addedAlone) },
  };
}

export function agentLines(f: AgentBenchFigures): string[] {
  return [
    '| agent turns (real HTTP, server in its own process) | p50 | p95 | target |',
    '| --- | ---: | ---: | --- |',
    `| local provider, ${f.local.sessions} concurrent sessions, think time ${f.local.thinkMs[0] / 1000}–${f.local.thinkMs[1] / 1000} s (${f.local.turns} turns): first event | ${f.local.firstEvent.p50} ms | ${f.local.firstEvent.p95} ms | p95 ≤ 50 ms |`,
    `| … whole turn | ${f.local.turn.p50} ms | ${f.local.turn.p95} ms | p95 ≤ 250 ms |`,
    `| baseline: GET /api/agent/sessions/:id, same sessions and think times | ${f.local.baselineRead.p50} ms | ${f.local.baselineRead.p95} ms | (turn p50 = ${(f.local.turn.p50 / Math.max(f.local.baselineRead.p50, 0.1)).toFixed(1)} × this) |`,
    `| burst: ${f.burst.sessions} turns fired at the same instant (${f.burst.turns} turns): first event | ${f.burst.firstEvent.p50} ms | ${f.burst.firstEvent.p95} ms | |`,
    `| … whole turn | ${f.burst.turn.p50} ms | ${f.burst.turn.p95} ms | |`,
    `| OpenAI-compatible stand-in, ${f.stub.delayMs} ms per call (a tool step, then text): time the server adds around the provider, one lead at a time (${f.stub.aloneTurns} turns after ${f.stub.warmup} warm-up turns) | ${f.stub.addedAloneMs.p50} ms | ${f.stub.addedAloneMs.p95} ms | p95 ≤ 30 ms |`,
    `| … ${f.stub.sessions} leads at once (${f.stub.turns} turns; time in the provider p50 ${f.stub.providerMs.p50} ms) | ${f.stub.addedMs.p50} ms | ${f.stub.addedMs.p95} ms | |`,
  ];
}

/** Standalone: its own scratch database with the listings, embedded, and an admin. */
async function main(): Promise<void> {
  const scratch = await createScratchDatabase('agent_bench', process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL, log);
  try {
    const ds = await new DataSource(databaseOptions(scratch.url, 4)).initialize();
    await ds.runMigrations({ transaction: 'each' });
    await insertListings(new SeedRepository(ds), readListingsFile());
    await ds.query(`INSERT INTO users (email, name, role, password_hash) VALUES ('admin@bench.local', 'Bench Admin', 'admin', $1)`, [await hashPassword('bench-password-1')]);
    await ds.query('VACUUM ANALYZE');
    await ds.destroy();
    await embedAll(scratch.url);
    const port = await freePort();
    const server = await start(port, { DATABASE_URL: scratch.url });
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@bench.local', password: 'bench-password-1' }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    await stop(server);
    const figures = await benchAgent(scratch.url, accessToken, log);
    const lines = agentLines(figures);
    log(`\nnode ${process.version}\n${lines.join('\n')}`);
    mkdirSync(resolve(__dirname, '..', '..', '..', 'bench', 'results'), { recursive: true });
    writeFileSync(resolve(__dirname, '..', '..', '..', 'bench', 'results', 'agent.json'), `${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    await scratch.drop();
  }
}

/** Embeds every unit with the app's own indexer, so the agent's searches rank by meaning too. */
export async function embedAll(dbUrl: string): Promise<void> {
  const env = validateEnv({ DATABASE_URL: dbUrl, MIGRATE_ON_START: 'false', SEED_DEMO: 'false', LOG_LEVEL: 'warn' });
  const app = await createHttpApp(new AppConfig({ env, databaseUrl: dbUrl, jwtSecret: 'bench-secret-0123456789-0123456789-abcdef', logStream: pino.destination({ dest: '/dev/null', sync: true }) }));
  await app.init();
  try {
    const ids = await app.get<IndexedUnits>(INDEXED_UNITS).allIds();
    for (let i = 0; i < ids.length; i += 4000) await app.get(UnitIndexer).embedUnits(ids.slice(i, i + 4000));
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
