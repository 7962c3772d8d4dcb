import { ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { DataSource } from 'typeorm';
import { embeddingVersionOf, unitText } from '../src/embedding/embedding-provider';
import { LocalHashEmbedder } from '../src/embedding/local-hash-embedder';
import { insertListings } from '../src/seed/lead-loader';
import type { ListingSeed } from '../src/seed/listings';
import { SeedRepository } from '../src/seed/seed.repository';
import { benchEmbedder } from './embedder';
import { pct } from './figures';

/** What buyers type, with the filters the panel would carry; rotated so no query repeats back to back. */
export const QUERIES = [
  'q=waterfront%20home%20with%20a%20view&priceMax=2000000',
  'q=quiet%20street%20near%20the%20lake%2C%20room%20for%20an%20office&bedsMin=3',
  'q=new%20construction%20townhouse&city=Seattle',
  'q=fixer%20upper%20with%20a%20basement&priceMax=500000',
  'q=single%20level%20rambler%20big%20yard&city=Kent',
  'q=luxury%20home%20great%20views&city=Bellevue',
  'q=renovated%20condo%20downtown&priceMax=700000',
  'q=3%20bedroom%20house%20near%20good%20schools&bedsMin=3&priceMax=900000',
];
export const FILTERS = ['priceMax=2000000', 'bedsMin=3', 'city=Seattle', 'priceMax=500000', 'city=Kent', 'city=Bellevue', 'priceMax=700000', 'bedsMin=3&priceMax=900000'];

export interface Latency {
  rps: number;
  p50: number;
  p95: number;
}


/**
 * Service latency: one connection, requests back to back, so the figure is the time a search
 * takes, not time spent queueing behind others on a 2-core box that also runs the load generator.
 */
async function measure(base: string, token: string, paths: string[], seconds: number): Promise<Latency> {
  const latencies: number[] = [];
  const requests = paths.map((p) => ({ method: 'GET' as const, path: `/api/inventory/search?${p}&pageSize=20` }));
  const result = await new Promise<autocannon.Result>((ok, fail) => {
    const inst = autocannon({ url: base, connections: 1, duration: seconds, headers: { authorization: `Bearer ${token}` }, requests }, (err, res) => (err ? fail(err as Error) : ok(res)));
    inst.on('response', (_c, _s, _b, ms) => latencies.push(ms));
  });
  latencies.sort((a, b) => a - b);
  if (result.non2xx) throw new Error(`${result.non2xx} non-2xx responses`);
  return { rps: result.requests.average, p50: pct(latencies, 50), p95: pct(latencies, 95) };
}

function runReindex(dbUrl: string): Promise<{ seconds: number; units: number }> {
  return new Promise((ok, fail) => {
    const child = fork(resolve(__dirname, '..', 'src', 'bin', 'reindex.js'), [], { env: { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => {
      const m = /Done: ([\d,]+) units in ([\d.]+) s/.exec(err);
      if (code === 0 && m) ok({ units: Number(m[1].replace(/,/g, '')), seconds: Number(m[2]) });
      else fail(new Error(`reindex exited ${code}: ${err.slice(-500)}`));
    });
  });
}

function startWorker(dbUrl: string): Promise<ChildProcess> {
  return new Promise((ok, fail) => {
    const child = fork(resolve(__dirname, '..', 'src', 'main.worker.js'), [], { env: { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('message', () => ok(child));
    child.once('exit', (code) => fail(new Error(`worker exited ${code}`)));
  });
}

/** Synthetic inventory past the real data: each real listing again with a new ref and a nudged price. */
export function syntheticListings(listings: ListingSeed[], total: number): ListingSeed[] {
  const out: ListingSeed[] = [];
  for (let i = 0; out.length + listings.length < total; i++) {
    const l = listings[i % listings.length];
    out.push({ ...l, ref: `SYN-${i}`, price: Math.round(l.price * (0.9 + ((i * 7919) % 200) / 1000)) });
  }
  return out;
}

/**
 * The API's first search loads every vector into its memory: seconds on a busy box (docs/PERFORMANCE.md).
 * Waited for here, so the measurements that follow time searches, not that one load.
 */
async function firstSearch(app: { base: string; token: string }): Promise<void> {
  const res = await fetch(`${app.base}/api/inventory/search?${QUERIES[0]}&pageSize=20`, { headers: { authorization: `Bearer ${app.token}` } });
  if (!res.ok) throw new Error(`first search: ${res.status}`);
}

export interface SearchFigures {
  embedderUnitsPerSecond: number;
  reindex: { units: number; seconds: number }[];
  atReal: { hybrid: Latency; filters: Latency };
  /** Null when syntheticTotal is not above the real inventory (BENCH_SYNTHETIC_UNITS=0: the real size only). */
  atSynthetic: { units: number; hybrid: Latency; filters: Latency } | null;
}

/**
 * Embedding and search figures on the benchmark database: embedder throughput, full reindex
 * through a worker process, and hybrid vs plain-filter search latency at 21,613 and 200,000 units.
 */
export async function benchSearch(opts: {
  ds: DataSource;
  dbUrl: string;
  listings: ListingSeed[];
  startApp: () => Promise<{ base: string; token: string; stop: () => Promise<void> }>;
  log: (s: string) => void;
  seconds: number;
  syntheticTotal: number;
}): Promise<SearchFigures> {
  const { ds, dbUrl, listings, log } = opts;
  const embedder = await benchEmbedder(listings.map(unitText));
  log(`Local embedder: ${Math.round(embedder.unitsPerSecond)} units/s (21,613 unit texts, median of 3)`);

  // Mark everything current so the worker's start-up sweep finds nothing: the reindex is timed alone.
  const version = embeddingVersionOf(new LocalHashEmbedder());
  await ds.query('UPDATE units SET embedding_version = $1', [version]);
  const worker = await startWorker(dbUrl);
  const reindex = [await runReindex(dbUrl)];
  log(`Full reindex through the worker: ${reindex[0].units} units in ${reindex[0].seconds} s`);

  let app = await opts.startApp();
  await firstSearch(app);
  await measure(app.base, app.token, QUERIES, 2);
  const atReal = { hybrid: await measure(app.base, app.token, QUERIES, opts.seconds), filters: await measure(app.base, app.token, FILTERS, opts.seconds) };
  log(`Search at ${listings.length} units: hybrid p50 ${atReal.hybrid.p50} ms p95 ${atReal.hybrid.p95} ms; filters only p50 ${atReal.filters.p50} ms p95 ${atReal.filters.p95} ms; hybrid / filters p95 ${(atReal.hybrid.p95 / atReal.filters.p95).toFixed(2)}`);
  await app.stop();
  if (opts.syntheticTotal <= listings.length) {
    worker.kill('SIGTERM');
    return { embedderUnitsPerSecond: embedder.unitsPerSecond, reindex, atReal, atSynthetic: null };
  }

  const synthetic = syntheticListings(listings, opts.syntheticTotal);
  await insertListings(new SeedRepository(ds), synthetic);
  await ds.query('VACUUM ANALYZE units');
  reindex.push(await runReindex(dbUrl));
  log(`Full reindex through the worker: ${reindex[1].units} units in ${reindex[1].seconds} s`);
  worker.kill('SIGTERM');

  app = await opts.startApp();
  await firstSearch(app);
  await measure(app.base, app.token, QUERIES, 3);
  const atSynthetic = {
    units: listings.length + synthetic.length,
    hybrid: await measure(app.base, app.token, QUERIES, opts.seconds),
    filters: await measure(app.base, app.token, FILTERS, opts.seconds),
  };
  log(`Search at ${atSynthetic.units} units: hybrid p50 ${atSynthetic.hybrid.p50} ms p95 ${atSynthetic.hybrid.p95} ms; filters only p50 ${atSynthetic.filters.p50} ms p95 ${atSynthetic.filters.p95} ms; hybrid / filters p95 ${(atSynthetic.hybrid.p95 / atSynthetic.filters.p95).toFixed(2)}`);
  await app.stop();
  return { embedderUnitsPerSecond: embedder.unitsPerSecond, reindex, atReal, atSynthetic };
}
