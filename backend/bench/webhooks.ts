import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../src/core/database/database-options';
import { freePort } from '../src/core/database/embedded-postgres';
import { signatureFor, waMessage, whatsappDelivery } from '../src/webhooks/sandbox/deliveries';
import { pct } from './figures';
import { createScratchDatabase } from './scratch-database';
import { startServer, stopServer } from './server-process';

/**
 * `npm run bench` (webhooks part; alone: `npm run bench:webhooks`): signed WhatsApp deliveries
 * at 32 connections, one message per delivery and batches of 50, against the real app and a bare
 * Fastify + pg handler doing the same HMAC check and insert, in the same run, rounds alternating.
 * Every delivery is new (unique message ids), so every event is a durable insert. Prints
 * accepted events/s, p50/p95/p99 and the server's CPU time per delivery; never fails on a time.
 *
 * BENCH_DATABASE_URL (else an embedded PostgreSQL), BENCH_SECONDS (10), BENCH_CONNECTIONS (32),
 * BENCH_ROUNDS (2), BENCH_REDIS_URL (queues on Redis for the app; else BullMQ's PostgreSQL backend).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const SECRET = 'bench-meta-app-secret';
const log = (s: string) => process.stdout.write(`${s}\n`);

interface Figures {
  rps: number;
  eventsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** The server process's CPU time per delivery (user + system, from /proc; NaN elsewhere). */
  cpuUs: number;
}

/**
 * CPU milliseconds a process has used so far (Linux /proc; NaN elsewhere). Per delivery, it is
 * the figure a loaded machine disturbs least: throughput swings with what else runs, the work a
 * delivery costs the server much less.
 */
function cpuMs(pid: number | undefined): number {
  const file = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(file)) return Number.NaN;
  const fields = readFileSync(file, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let seq = 0;
/** A new signed delivery of `size` messages (unique ids), for each request autocannon makes. */
function nextDelivery(size: number): { body: string; signature: string } {
  const run = process.pid.toString(36);
  const messages = Array.from({ length: size }, () => {
    const i = seq++;
    return waMessage({ from: `1206${String(5_000_000 + (i % 5000)).padStart(7, '0')}`, id: `wamid.bench.${run}.${i}` }, 'text', { body: `Hello, is the listing still available? (${i})` });
  });
  const body = JSON.stringify(whatsappDelivery(messages));
  return { body, signature: signatureFor(SECRET, body) };
}

async function load(url: string, size: number, seconds: number, pid?: number): Promise<Figures> {
  const latencies: number[] = [];
  const cpu0 = cpuMs(pid);
  const result = await new Promise<autocannon.Result>((ok, fail) => {
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: seconds,
        method: 'POST',
        requests: [
          {
            setupRequest: (req) => {
              const d = nextDelivery(size);
              return { ...req, method: 'POST', body: d.body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': d.signature } };
            },
          },
        ],
      },
      (err, res) => (err ? fail(err as Error) : ok(res)),
    );
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
  latencies.sort((a, b) => a - b);
  const ok = result.requests.average * (1 - (result.non2xx + result.errors) / Math.max(1, result.requests.total));
  const cpuUs = ((cpuMs(pid) - cpu0) * 1000) / Math.max(1, result.requests.total);
  return { rps: result.requests.average, eventsPerSecond: ok * size, p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), errors: result.errors, non2xx: result.non2xx, cpuUs };
}

async function main(): Promise<void> {
  const scratch = await createScratchDatabase('bench_webhooks', process.env.BENCH_DATABASE_URL, log);
  try {
    const ds = await new DataSource(databaseOptions(scratch.url, 2)).initialize();
    await ds.runMigrations({ transaction: 'each' });
    await ds.destroy();
    const env = {
      DATABASE_URL: scratch.url,
      META_APP_SECRET: SECRET,
      WEBHOOK_RATE_LIMIT: '1000000',
      ...(process.env.BENCH_REDIS_URL ? { REDIS_URL: process.env.BENCH_REDIS_URL, QUEUE_PREFIX: `bench${process.pid}` } : {}),
    };
    const scenarios = [
      ['one message per delivery', 1],
      ['batches of 50 messages', 50],
    ] as const;
    const results: Record<string, { app: Figures[]; bare: Figures[] }> = {};
    for (const [name] of scenarios) results[name] = { app: [], bare: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      for (const kind of ['app', 'bare'] as const) {
        const port = await freePort();
        const server = await startServer(kind === 'app' ? 'server-app.js' : 'server-bare-webhooks.js', port, env);
        const url = `http://127.0.0.1:${port}/api/webhooks/whatsapp`;
        for (const [name, size] of scenarios) {
          await load(url, size, 2); // warm-up
          const f = await load(url, size, SECONDS, server.pid);
          results[name][kind].push(f);
          log(`round ${round} ${kind.padEnd(4)} ${name.padEnd(25)} ${f.eventsPerSecond.toFixed(0).padStart(6)} events/s (${f.rps.toFixed(0)} deliveries/s)  p50 ${f.p50} ms  p95 ${f.p95} ms  p99 ${f.p99} ms  server CPU ${f.cpuUs.toFixed(0)} µs/delivery${f.errors || f.non2xx ? `  errors ${f.errors} non-2xx ${f.non2xx}` : ''}`);
        }
        await stopServer(server);
      }
    }
    const lines = [
      `| signed WhatsApp deliveries | server | accepted events/s (median of ${ROUNDS}) | p50 ms | p95 ms | p99 ms | app / bare | server CPU µs per delivery | bare / app CPU |`,
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ];
    for (const [name] of scenarios) {
      const m = (kind: 'app' | 'bare', k: keyof Figures) => median(results[name][kind].map((f) => f[k]));
      const ratio = m('app', 'eventsPerSecond') / m('bare', 'eventsPerSecond');
      const cpuRatio = m('bare', 'cpuUs') / m('app', 'cpuUs');
      for (const kind of ['app', 'bare'] as const) {
        lines.push(`| ${name} | ${kind === 'app' ? 'Openhouse API' : 'bare Fastify + pg'} | ${m(kind, 'eventsPerSecond').toFixed(0)} | ${m(kind, 'p50')} | ${m(kind, 'p95')} | ${m(kind, 'p99')} | ${kind === 'app' ? `${(ratio * 100).toFixed(0)} %` : ''} | ${m(kind, 'cpuUs').toFixed(0)} | ${kind === 'app' ? `${(cpuRatio * 100).toFixed(0)} %` : ''} |`);
      }
    }
    log('');
    log(`${CONNECTIONS} connections, ${SECONDS} s per measurement, queues on ${process.env.BENCH_REDIS_URL ? 'Redis' : 'PostgreSQL'}, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    log(lines.join('\n'));
    const dir = resolve(__dirname, '..', '..', '..', 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(resolve(dir, 'webhooks.md'), `${lines.join('\n')}\n`);
    writeFileSync(resolve(dir, 'webhooks.json'), JSON.stringify({ connections: CONNECTIONS, seconds: SECONDS, results }, null, 2));
  } finally {
    await scratch.drop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
