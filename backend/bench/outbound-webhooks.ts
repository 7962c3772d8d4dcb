import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../src/core/database/database-options';
import { pct } from './figures';
import { createScratchDatabase } from './scratch-database';

/**
 * `npm run bench` (outbound webhooks part; alone: `npm run bench:outbound-webhooks`): one event fanned
 * out to 20 subscribers, through the real path (the outbox row commits → NOTIFY → a worker process
 * fans out → 20 delivery jobs, each claimed, signed, POSTed and logged), beside a bare loop that
 * signs and POSTs the same 20 requests from this process with nothing stored. The 20 receivers are
 * real HTTP servers in this process that answer 200 at once.
 *
 * Two figures: latency of one event (commit → the 20th receiver has it; median and p95 of
 * BENCH_EVENTS sequential events), and throughput of a burst of BENCH_BURST events (deliveries/s).
 * Prints medians of BENCH_ROUNDS rounds and the app / bare ratio; never fails on a time.
 *
 * BENCH_DATABASE_URL (else an embedded PostgreSQL), BENCH_REDIS_URL (else BullMQ's PostgreSQL
 * backend), BENCH_EVENTS (40), BENCH_BURST (100), BENCH_ROUNDS (3).
 */
const SUBSCRIBERS = 20;
const EVENTS = Number(process.env.BENCH_EVENTS ?? 40);
const BURST = Number(process.env.BENCH_BURST ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Deliveries in flight at once, for the worker and for the bare loop alike. */
const CONCURRENCY = 20;
const log = (s: string) => process.stdout.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** 20 integrators: each counts what it got per event id and wakes whoever waits for a count. */
class Receivers {
  private readonly servers: Server[] = [];
  readonly urls: string[] = [];
  private readonly counts = new Map<string, number>();
  private readonly waiters = new Map<string, { n: number; ok: () => void }>();
  total = 0;

  async start(): Promise<void> {
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const server = createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          const id = String(req.headers['webhook-id']);
          const n = (this.counts.get(id) ?? 0) + 1;
          this.counts.set(id, n);
          this.total++;
          res.writeHead(200).end('ok');
          const w = this.waiters.get(id);
          if (w && n >= w.n) {
            this.waiters.delete(id);
            w.ok();
          }
        });
      });
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      this.servers.push(server);
      this.urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
    }
  }

  /** Resolves when `n` requests carried this webhook-id. */
  waitFor(id: string, n = SUBSCRIBERS): Promise<void> {
    if ((this.counts.get(id) ?? 0) >= n) return Promise.resolve();
    return new Promise((ok) => this.waiters.set(id, { n, ok }));
  }

  async waitTotal(n: number): Promise<void> {
    while (this.total < n) await new Promise((r) => setTimeout(r, 5));
  }

  async stop(): Promise<void> {
    for (const s of this.servers) {
      s.closeAllConnections();
      await new Promise((ok) => s.close(ok));
    }
  }
}

/** What the bare loop does per delivery: sign, POST on a new connection (as the sender does), read the answer. */
function postSigned(url: string, secret: string, id: string, body: string): Promise<void> {
  const signature = new Webhook(secret).sign(id, new Date(), body);
  return new Promise((ok, fail) => {
    const r = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': signature, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', ok);
    });
    r.on('error', fail);
    r.end(body);
  });
}

async function pool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((ok, fail) => {
    const child = fork(resolve(__dirname, '..', 'src', 'main.worker.js'), [], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('message', () => ok(child));
    child.once('exit', (code, signal) => fail(new Error(`worker exited before it was ready: ${signal ? `killed by ${signal}` : `exit code ${code}`}`)));
  });
}

async function main(): Promise<void> {
  const scratch = await createScratchDatabase('bench_outbound', process.env.BENCH_DATABASE_URL, log);
  const receivers = new Receivers();
  let worker: ChildProcess | null = null;
  try {
    const ds = await new DataSource(databaseOptions(scratch.url, 4)).initialize();
    await ds.runMigrations({ transaction: 'each' });
    await receivers.start();
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    for (const [i, url] of receivers.urls.entries()) {
      await ds.query(`INSERT INTO integration_subscriptions (name, url, events, secret, allow_private) VALUES ($1, $2, '{lead.created}', $3, true)`, [`Subscriber ${i + 1}`, url, secret]);
    }
    worker = await startWorker({
      DATABASE_URL: scratch.url,
      INTEGRATION_WEBHOOKS_CONCURRENCY: String(CONCURRENCY),
      ...(process.env.BENCH_REDIS_URL ? { REDIS_URL: process.env.BENCH_REDIS_URL, QUEUE_PREFIX: `benchout${process.pid}` } : {}),
    });
    const payload = (i: number) => ({ leadId: '00000000-0000-4000-8000-000000000000', summary: `Lead created (bench ${i})`, source: 'web', assigneeId: null });
    /** One event as the outbox writer commits it (the trigger notifies the worker at commit). */
    const publish = async (i: number): Promise<string> => {
      const [row] = await ds.query<{ id: string }[]>(`INSERT INTO integration_events (type, lead_id, payload) VALUES ('lead.created', NULL, $1) RETURNING id`, [JSON.stringify(payload(i))]);
      return `evt_${row.id.replace(/-/g, '')}`;
    };
    const body = (i: number) => JSON.stringify({ type: 'lead.created', timestamp: new Date().toISOString(), data: payload(i) });

    const results = { app: { p50: [] as number[], p95: [] as number[], perSecond: [] as number[] }, bare: { p50: [] as number[], p95: [] as number[], perSecond: [] as number[] } };
    let seq = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      // Latency of one event to 20 subscribers.
      for (const kind of ['app', 'bare'] as const) {
        const times: number[] = [];
        for (let e = 0; e < EVENTS + 3; e++) {
          const i = seq++;
          const started = performance.now();
          if (kind === 'app') await receivers.waitFor(await publish(i));
          else {
            const id = `evt_bare_${i}`;
            await pool(receivers.urls, CONCURRENCY, (url) => postSigned(url, secret, id, body(i)));
          }
          if (e >= 3) times.push(performance.now() - started); // the first three warm up
        }
        times.sort((a, b) => a - b);
        results[kind].p50.push(pct(times, 50));
        results[kind].p95.push(pct(times, 95));
      }
      // Throughput: a burst of events, every delivery counted.
      for (const kind of ['app', 'bare'] as const) {
        const before = receivers.total;
        const started = performance.now();
        const first = seq;
        seq += BURST;
        if (kind === 'app') {
          await ds.query(`INSERT INTO integration_events (type, lead_id, payload) SELECT 'lead.created', NULL, jsonb_build_object('n', g) FROM generate_series(1, $1) g`, [BURST]);
        } else {
          const jobs = Array.from({ length: BURST }, (_, k) => receivers.urls.map((url) => ({ url, i: first + k }))).flat();
          await pool(jobs, CONCURRENCY, (j) => postSigned(j.url, secret, `evt_bare_${j.i}`, body(j.i)));
        }
        await receivers.waitTotal(before + BURST * SUBSCRIBERS);
        results[kind].perSecond.push((BURST * SUBSCRIBERS) / ((performance.now() - started) / 1000));
      }
      const r = (k: 'app' | 'bare') => `${k.padEnd(4)} 1 event → ${SUBSCRIBERS}: p50 ${results[k].p50.at(-1)} ms p95 ${results[k].p95.at(-1)} ms · burst ${results[k].perSecond.at(-1)!.toFixed(0)} deliveries/s`;
      log(`round ${round}  ${r('app')}  |  ${r('bare')}`);
    }
    // Where the app's time goes, from the rows' own clocks (the one-at-a-time events).
    const [split] = await ds.query<{ to_fan_out: number; to_first: number; to_last: number }[]>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM e.fanned_out_at - e.occurred_at) * 1000) AS to_fan_out,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY x.first_ms) AS to_first, percentile_cont(0.5) WITHIN GROUP (ORDER BY x.last_ms) AS to_last
         FROM integration_events e
         JOIN LATERAL (SELECT extract(epoch FROM min(a.attempted_at) - e.fanned_out_at) * 1000 AS first_ms, extract(epoch FROM max(a.attempted_at) - e.fanned_out_at) * 1000 AS last_ms
                         FROM integration_deliveries d JOIN integration_delivery_attempts a ON a.delivery_id = d.id WHERE d.event_id = e.id) x ON true
        WHERE e.payload ? 'summary'`,
    );
    log(`app, median per event: commit → fanned out ${split.to_fan_out.toFixed(1)} ms; fanned out → first delivery logged ${split.to_first.toFixed(1)} ms, → 20th logged ${split.to_last.toFixed(1)} ms`);
    const [dups] = await ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM integration_deliveries WHERE attempts <> 1 OR status <> 'delivered'`);
    await ds.destroy();
    const m = (k: 'app' | 'bare', f: 'p50' | 'p95' | 'perSecond') => median(results[k][f]);
    const lines = [
      `| outbound webhooks, 1 event → ${SUBSCRIBERS} subscribers | p50 ms (median of ${ROUNDS}) | p95 ms | burst of ${BURST} events: deliveries/s |`,
      '| --- | ---: | ---: | ---: |',
      `| Openhouse (outbox → worker process → signed, logged deliveries) | ${m('app', 'p50')} | ${m('app', 'p95')} | ${m('app', 'perSecond').toFixed(0)} |`,
      `| bare loop (sign + POST from one process, nothing stored) | ${m('bare', 'p50')} | ${m('bare', 'p95')} | ${m('bare', 'perSecond').toFixed(0)} |`,
      `| app / bare | ${(m('app', 'p50') / m('bare', 'p50')).toFixed(1)}× | ${(m('app', 'p95') / m('bare', 'p95')).toFixed(1)}× | ${((m('app', 'perSecond') / m('bare', 'perSecond')) * 100).toFixed(0)} % |`,
    ];
    log('');
    log(`${SUBSCRIBERS} local receivers answering 200 at once; ${CONCURRENCY} deliveries in flight (INTEGRATION_WEBHOOKS_CONCURRENCY); one worker process; queues on ${process.env.BENCH_REDIS_URL ? 'Redis' : 'PostgreSQL'}; node ${process.version}`);
    log(`deliveries not delivered on their first attempt: ${dups.n}`);
    log(lines.join('\n'));
    const dir = resolve(__dirname, '..', '..', '..', 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(resolve(dir, 'outbound-webhooks.md'), `${lines.join('\n')}\n`);
    writeFileSync(resolve(dir, 'outbound-webhooks.json'), JSON.stringify({ subscribers: SUBSCRIBERS, events: EVENTS, burst: BURST, concurrency: CONCURRENCY, results }, null, 2));
  } finally {
    if (worker) {
      const exited = new Promise((ok) => worker!.once('exit', ok));
      worker.kill('SIGTERM');
      await exited;
    }
    await receivers.stop();
    await scratch.drop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
