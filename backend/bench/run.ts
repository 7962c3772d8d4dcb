import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { DataSource } from 'typeorm';
import { hashPassword } from '../src/core/auth/password';
import { databaseOptions } from '../src/core/database/database-options';
import { freePort } from '../src/core/database/embedded-postgres';
import { insertGeneratedLeads, insertListings, readListingsFile } from '../src/seed/lead-loader';
import { SeedRepository } from '../src/seed/seed.repository';
import { LEADS_FILTER, UNITS_FILTER } from './scenarios';
import { pct } from './figures';
import { createScratchDatabase } from './scratch-database';
import { startServer, stopServer } from './server-process';
import { benchSearch, SearchFigures } from './search';

/**
 * `npm run bench`: seeds 100,000 deterministic leads beside the 21,613 real listings, then
 * measures the real endpoints and a bare Fastify + pg baseline running the same SQL, in the same
 * run, with autocannon at 32 connections. Prints figures and ratios; never fails on a time.
 *
 * BENCH_DATABASE_URL: a server to use (a fresh database is created on it); otherwise an embedded
 * PostgreSQL in a temp folder. BENCH_LEADS (100000), BENCH_SECONDS (10), BENCH_CONNECTIONS (32),
 * BENCH_ROUNDS (3; 0 skips the list endpoints), BENCH_SEARCH (0 skips search), BENCH_SYNTHETIC_UNITS
 * (200000; 0 measures search at the real 21,613 units only).
 */
const LEADS = Number(process.env.BENCH_LEADS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Figures {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function load(url: string, headers: Record<string, string>, seconds: number): Promise<Figures> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((ok, fail) => {
    const instance = autocannon({ url, connections: CONNECTIONS, duration: seconds, headers }, (err, res) => (err ? fail(err as Error) : ok(res)));
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
  latencies.sort((a, b) => a - b);
  return { rps: result.requests.average, p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), errors: result.errors, non2xx: result.non2xx };
}

const start = (script: string, port: number, dbUrl: string) => startServer(script, port, { DATABASE_URL: dbUrl });
const stop = stopServer;

const log = (s: string) => process.stdout.write(`${s}\n`);

async function main(): Promise<void> {
  const scratch = await createScratchDatabase('bench', process.env.BENCH_DATABASE_URL, log);
  const dbUrl = scratch.url;

  try {
    const ds = await new DataSource(databaseOptions(dbUrl, 4)).initialize();
    await ds.runMigrations({ transaction: 'each' });
    const repo = new SeedRepository(ds);
    const t0 = Date.now();
    const listings = readListingsFile();
    await insertListings(repo, listings);
    const agentIds: string[] = [];
    for (const n of ['Maria Lopez', 'James Chen', 'Aisha Okafor', 'Tom Berg', 'Sara Kim']) {
      const [row] = await ds.query<{ id: string }[]>(`INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, 'agent', 'x') RETURNING id`, [`${n.toLowerCase().replace(' ', '.')}@bench.local`, n]);
      agentIds.push(row.id);
    }
    await ds.query(`INSERT INTO users (email, name, role, password_hash) VALUES ('admin@bench.local', 'Bench Admin', 'admin', $1)`, [await hashPassword('bench-password-1')]);
    await insertGeneratedLeads(repo, { count: LEADS, seed: 7, agentIds, listings, now: new Date('2026-11-01T12:00:00Z') });
    await ds.query('VACUUM ANALYZE');
    log(`Seeded ${listings.length} units and ${LEADS} leads in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const appPort = await freePort();
    const app = await start('server-app.js', appPort, dbUrl);
    const loginRes = await fetch(`http://127.0.0.1:${appPort}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@bench.local', password: 'bench-password-1' }) });
    const { accessToken } = (await loginRes.json()) as { accessToken: string };
    const sample = await fetch(`http://127.0.0.1:${appPort}${LEADS_FILTER.path}`, { headers: { authorization: `Bearer ${accessToken}` } });
    const sampleBody = (await sample.json()) as { items: unknown[]; total: number };
    log(`Inbox scenario: ${sampleBody.items.length} rows of ${sampleBody.total} matching`);
    await stop(app);

    const results: Record<string, { app: Figures[]; bare: Figures[] }> = { leads: { app: [], bare: [] }, inventory: { app: [], bare: [] } };
    // The bare server only: the inbox's filter and sort with the page's keys alone (see server-bare.ts).
    const reference: Figures[] = [];
    const scenarios = [
      ['leads', LEADS_FILTER.path],
      ['inventory', UNITS_FILTER.path],
    ] as const;
    // Alternate app and baseline rounds so drift on a shared machine hits both alike.
    for (let round = 1; round <= ROUNDS; round++) {
      for (const kind of ['app', 'bare'] as const) {
        const port = await freePort();
        const server = await start(kind === 'app' ? 'server-app.js' : 'server-bare.js', port, dbUrl);
        const headers: Record<string, string> = kind === 'app' ? { authorization: `Bearer ${accessToken}` } : {};
        for (const [name, path] of scenarios) {
          await load(`http://127.0.0.1:${port}${path}`, headers, 2); // warm-up
          const f = await load(`http://127.0.0.1:${port}${path}`, headers, SECONDS);
          results[name][kind].push(f);
          log(`round ${round} ${kind.padEnd(4)} ${name.padEnd(9)} ${f.rps.toFixed(0).padStart(6)} req/s  p50 ${f.p50} ms  p95 ${f.p95} ms  p99 ${f.p99} ms${f.errors || f.non2xx ? `  errors ${f.errors} non-2xx ${f.non2xx}` : ''}`);
        }
        if (kind === 'bare') {
          await load(`http://127.0.0.1:${port}/reference/leads`, headers, 2);
          const f = await load(`http://127.0.0.1:${port}/reference/leads`, headers, SECONDS);
          reference.push(f);
          log(`round ${round} bare reference ${f.rps.toFixed(0).padStart(6)} req/s  p50 ${f.p50} ms  p95 ${f.p95} ms  p99 ${f.p99} ms`);
        }
        await stop(server);
      }
    }

    let search: SearchFigures | null = null;
    if (process.env.BENCH_SEARCH !== '0') {
      const startApp = async () => {
        const port = await freePort();
        const child = await start('server-app.js', port, dbUrl);
        return { base: `http://127.0.0.1:${port}`, token: accessToken, stop: () => stop(child) };
      };
      search = await benchSearch({ ds, dbUrl, listings, startApp, log, seconds: SECONDS, syntheticTotal: Number(process.env.BENCH_SYNTHETIC_UNITS ?? 200_000) });
    }
    await ds.destroy();

    const lines = [
      `| endpoint | server | req/s (median of ${ROUNDS}) | p50 ms | p95 ms | p99 ms | app / bare req/s |`,
      '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ];
    const summary: Record<string, unknown> = {};
    for (const [name] of scenarios) {
      if (ROUNDS === 0) break; // BENCH_ROUNDS=0: the search figures only
      const m = (kind: 'app' | 'bare', k: keyof Figures) => median(results[name][kind].map((f) => f[k]));
      const ratio = m('app', 'rps') / m('bare', 'rps');
      for (const kind of ['app', 'bare'] as const) {
        lines.push(`| ${name === 'leads' ? 'GET /api/leads' : 'GET /api/inventory/search'} | ${kind === 'app' ? 'Openhouse API' : 'bare Fastify + pg'} | ${m(kind, 'rps').toFixed(0)} | ${m(kind, 'p50')} | ${m(kind, 'p95')} | ${m(kind, 'p99')} | ${kind === 'app' ? `${(ratio * 100).toFixed(0)} %` : ''} |`);
      }
      summary[name] = { app: results[name].app, bare: results[name].bare, ratio };
    }
    const r = (k: keyof Figures) => median(reference.map((f) => f[k]));
    if (ROUNDS > 0) lines.push(`| reference: the inbox's filter and sort, the 50 keys from its indexes only (no lead fields, contact, assignee or total) | bare Fastify + pg | ${r('rps').toFixed(0)} | ${r('p50')} | ${r('p95')} | ${r('p99')} | |`);
    summary.reference = reference;
    if (search) {
      const s = search;
      lines.push(
        '',
        '| embeddings and search | figure |',
        '| --- | ---: |',
        `| local embedder throughput (21,613 unit texts, median of 3) | ${Math.round(s.embedderUnitsPerSecond).toLocaleString('en-US')} units/s |`,
        ...s.reindex.map((r) => `| full reindex of ${r.units.toLocaleString('en-US')} units through the queue and a worker process | ${r.seconds} s |`),
        `| hybrid search at ${listings.length.toLocaleString('en-US')} units, 1 connection: p50 / p95 | ${s.atReal.hybrid.p50} / ${s.atReal.hybrid.p95} ms (${s.atReal.hybrid.rps.toFixed(0)} req/s) |`,
        `| plain SQL filter search at ${listings.length.toLocaleString('en-US')} units: p50 / p95 | ${s.atReal.filters.p50} / ${s.atReal.filters.p95} ms (${s.atReal.filters.rps.toFixed(0)} req/s) |`,
      );
      const big = s.atSynthetic;
      if (big) {
        lines.push(
          `| hybrid search at ${big.units.toLocaleString('en-US')} units: p50 / p95 | ${big.hybrid.p50} / ${big.hybrid.p95} ms (${big.hybrid.rps.toFixed(0)} req/s) |`,
          `| plain SQL filter search at ${big.units.toLocaleString('en-US')} units: p50 / p95 | ${big.filters.p50} / ${big.filters.p95} ms (${big.filters.rps.toFixed(0)} req/s) |`,
        );
      }
      summary.search = s;
    }
    log('');
    log(`${LEADS} leads, ${CONNECTIONS} connections, ${SECONDS} s per measurement, node ${process.version}`);
    log(lines.join('\n'));
    mkdirSync(resolve(__dirname, '..', '..', '..', 'bench', 'results'), { recursive: true });
    writeFileSync(resolve(__dirname, '..', '..', '..', 'bench', 'results', 'latest.md'), `${lines.join('\n')}\n`);
    writeFileSync(resolve(__dirname, '..', '..', '..', 'bench', 'results', 'latest.json'), JSON.stringify({ leads: LEADS, connections: CONNECTIONS, seconds: SECONDS, summary }, null, 2));
  } finally {
    await scratch.drop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
