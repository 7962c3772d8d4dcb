import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import { createReadStream, mkdirSync, mkdtempSync, openAsBlob, readFileSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { createPostgresBackend, Queue, setDefaultBackendFactory } from 'bullmq';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { DataSource } from 'typeorm';
import { hashPassword } from '../src/core/auth/password';
import { databaseOptions } from '../src/core/database/database-options';
import { freePort } from '../src/core/database/embedded-postgres';
import { createScratchDatabase } from './scratch-database';
import { startServer, stopServer } from './server-process';

/**
 * `npm run bench` (import/export part; alone: `npm run bench:import`). Issue 15's targets:
 * import ≥ 2,000 rows/s with peak memory reported, and an export of 100,000 leads streamed with
 * flat memory.
 *
 * Import: a generated lead file of BENCH_IMPORT_ROWS rows (default 100,000; phones of four
 * countries, 2% repeated people, 1% bad emails), uploaded to the real API and run by a worker
 * process (dry run off), BENCH_ROUNDS times with a new file each round (new people). Rows/s is the
 * import's own clock (started → finished, counting pass included); peak memory is the worker's
 * VmHWM from /proc. Baseline, same run: csv-parse alone reading the same file (rows/s).
 *
 * Export: `GET /api/leads/export` of every lead (all rounds' leads), read to the end by a client;
 * the API process's RSS is sampled every 20 ms (start, peak), and the same for an export of the
 * first tenth (flat memory: the peaks should not differ by much). Baseline: a cursor read of the
 * same rows written with csv-stringify in this process.
 *
 * Each import queues a score refresh for every lead it wrote, which the worker runs after the
 * import; the bench drops those waiting jobs after each round, so the next round (and the export)
 * measures itself, not the scoring of the last round's leads.
 *
 * BENCH_DATABASE_URL (else an embedded PostgreSQL), BENCH_REDIS_URL (else BullMQ's PostgreSQL backend).
 */
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const log = (s: string) => process.stdout.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (kb: number) => Math.round(kb / 1024);

function procKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/** A deterministic lead file: the same seed gives the same bytes. */
async function writeLeadFile(path: string, rows: number, seed: number): Promise<void> {
  const out = createWriteStream(path);
  const csv = stringify({ header: true, columns: ['Full Name', 'Email', 'Phone', 'Budget', 'Bedrooms', 'Date added', 'Notes'] });
  csv.pipe(out);
  const first = ['Ana', 'Ben', 'Chloe', 'Dev', 'Elif', 'Femi', 'Gus', 'Hana', 'Ivo', 'Jun'];
  const last = ['Garcia', 'Smith', 'Okafor', 'Nguyen', 'Rossi', 'Kim', 'Silva', 'Novak', 'Haddad', 'Brown'];
  for (let i = 0; i < rows; i++) {
    // 2% repeat an earlier person of this file (an in-file duplicate); 1% have a broken email.
    const n = i % 50 === 49 ? i - 7 : i;
    const kind = n % 4;
    const local = String(1_000_000 + ((n * 7919 + seed * 104_729) % 8_999_999)).slice(-7);
    const phone = kind === 0 ? `(206) 2${local.slice(0, 2)}-${local.slice(3)}` : kind === 1 ? `+44 20 79${local.slice(1)}` : kind === 2 ? `+34 6${local}0` : `+49 30 ${local}`;
    const email = i % 100 === 42 ? `not-an-email-${i}` : `lead${n}.r${seed}@example.com`;
    const budget = `$${300 + (n % 50) * 10}k-${400 + (n % 50) * 10}k`;
    const added = String(44_000 + (n % 1500));
    if (!csv.write([`${first[n % 10]} ${last[(n * 3) % 10]}`, email, phone, budget, String(1 + (n % 5)), added, n % 3 === 0 ? 'Wants a garden;\nprefers mornings' : ''])) await once(csv, 'drain');
  }
  csv.end();
  await once(out, 'finish');
}

async function rawParseRowsPerSecond(path: string): Promise<number> {
  const t0 = performance.now();
  let n = 0;
  for await (const rec of createReadStream(path).pipe(parse({ bom: true, relax_column_count: true, relax_quotes: true, from_line: 2 }))) if (rec) n++;
  return n / ((performance.now() - t0) / 1000);
}

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((ok, fail) => {
    const child = fork(resolve(__dirname, '..', 'src', 'main.worker.js'), [], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('message', () => ok(child));
    child.once('exit', (code, signal) => fail(new Error(`worker exited before it was ready: ${signal ? `killed by ${signal}` : `exit code ${code}`}`)));
  });
}

/** Reads an export to the end while sampling the API's RSS; answers rows/s and the RSS figures. */
async function timedExport(url: string, token: string, apiPid: number): Promise<{ rows: number; perSecond: number; startKb: number; peakKb: number; bytes: number }> {
  const startKb = procKb(apiPid, 'VmRSS');
  let peakKb = startKb;
  const sampler = setInterval(() => (peakKb = Math.max(peakKb, procKb(apiPid, 'VmRSS'))), 20);
  const t0 = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  clearInterval(sampler);
  const secs = (performance.now() - t0) / 1000;
  // Lines, less the header (notes with a newline inside quotes count twice; close enough for a rate).
  return { rows: lines - 1, perSecond: (lines - 1) / secs, startKb, peakKb, bytes };
}

async function main(): Promise<void> {
  const scratch = await createScratchDatabase('bench_import', process.env.BENCH_DATABASE_URL, log);
  const dir = mkdtempSync(join(tmpdir(), 'openhouse-bench-import-'));
  let app: ChildProcess | null = null;
  let worker: ChildProcess | null = null;
  try {
    const ds = await new DataSource(databaseOptions(scratch.url, 4)).initialize();
    await ds.runMigrations({ transaction: 'each' });
    await ds.query(`INSERT INTO users (email, name, role, password_hash) VALUES ('admin@bench.local', 'Bench Admin', 'admin', $1)`, [await hashPassword('bench-password-1')]);
    const env = {
      DATABASE_URL: scratch.url,
      IMPORTS_DIR: join(dir, 'uploads'),
      ...(process.env.BENCH_REDIS_URL ? { REDIS_URL: process.env.BENCH_REDIS_URL, QUEUE_PREFIX: `benchimport${process.pid}` } : {}),
    };
    const port = await freePort();
    app = await startServer('server-app.js', port, env);
    worker = await startWorker(env);
    const base = `http://127.0.0.1:${port}/api`;
    const { accessToken } = (await (await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@bench.local', password: 'bench-password-1' }) })).json()) as { accessToken: string };
    const auth = { authorization: `Bearer ${accessToken}` };
    const redis = process.env.BENCH_REDIS_URL ? new URL(process.env.BENCH_REDIS_URL) : null;
    if (!redis) setDefaultBackendFactory(createPostgresBackend);
    const scoring = redis
      ? new Queue('leads', { connection: { host: redis.hostname, port: Number(redis.port || 6379) }, prefix: `benchimport${process.pid}` })
      : new Queue('leads', { connection: { connectionString: scratch.url, migrate: true, max: 2 } });

    const res = { importPerSecond: [] as number[], rawParsePerSecond: [] as number[], workerPeakMb: [] as number[], workerStartMb: [] as number[], counts: [] as unknown[] };
    for (let round = 1; round <= ROUNDS; round++) {
      const file = join(dir, `leads-${round}.csv`);
      await writeLeadFile(file, ROWS, round);
      res.rawParsePerSecond.push(await rawParseRowsPerSecond(file));
      const form = new FormData();
      form.set('file', await openAsBlob(file, { type: 'text/csv' }), `leads-${round}.csv`);
      const up = await fetch(`${base}/imports`, { method: 'POST', headers: auth, body: form });
      if (up.status !== 201) throw new Error(`upload answered ${up.status}: ${await up.text()}`);
      const { id, mapping } = (await up.json()) as { id: string; mapping: Record<string, string> };
      const workerStart = procKb(worker.pid!, 'VmRSS');
      const st = await fetch(`${base}/imports/${id}/start`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ mapping }) });
      if (st.status !== 202) throw new Error(`start answered ${st.status}: ${await st.text()}`);
      let job: { status: string; startedAt: string; finishedAt: string; progress: { rowsDone: number; totalRows: number }; counts: Record<string, number>; error: string | null };
      for (;;) {
        await sleep(250);
        job = (await (await fetch(`${base}/imports/${id}`, { headers: auth })).json()) as typeof job;
        if (job.status === 'done' || job.status === 'failed') break;
      }
      if (job.status !== 'done') throw new Error(`import failed: ${job.error}`);
      const secs = (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000;
      res.importPerSecond.push(job.progress.totalRows / secs);
      res.workerStartMb.push(mb(workerStart));
      res.workerPeakMb.push(mb(procKb(worker.pid!, 'VmHWM')));
      res.counts.push(job.counts);
      log(`round ${round}: ${job.progress.totalRows} rows in ${secs.toFixed(1)} s = ${res.importPerSecond.at(-1)!.toFixed(0)} rows/s (${JSON.stringify(job.counts)}); worker RSS ${res.workerStartMb.at(-1)} MB before, peak ${res.workerPeakMb.at(-1)} MB · csv-parse alone: ${res.rawParsePerSecond.at(-1)!.toFixed(0)} rows/s · file ${(statSync(file).size / 1e6).toFixed(1)} MB`);
      rmSync(file);
      await scoring.drain(true);
    }

    // Export: every lead, then a tenth of them (the oldest), to compare peaks.
    const [{ n: total }] = await ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM leads`);
    const [{ at: tenthAt }] = await ds.query<{ at: string }[]>(`SELECT created_at::text AS at FROM leads ORDER BY created_at OFFSET $1 LIMIT 1`, [Math.floor(total / 10)]);
    const exports = { all: [] as Awaited<ReturnType<typeof timedExport>>[], tenth: [] as Awaited<ReturnType<typeof timedExport>>[], bare: [] as number[] };
    for (let round = 1; round <= ROUNDS; round++) {
      exports.tenth.push(await timedExport(`${base}/leads/export?createdTo=${encodeURIComponent(new Date(tenthAt).toISOString())}`, accessToken, app.pid!));
      exports.all.push(await timedExport(`${base}/leads/export`, accessToken, app.pid!));
      // Baseline: the same rows through a cursor and csv-stringify, in this process, to nowhere.
      const runner = ds.createQueryRunner();
      await runner.connect();
      const t0 = performance.now();
      await runner.query('BEGIN');
      await runner.query(`DECLARE b NO SCROLL CURSOR FOR SELECT c.name, c.email, c.phone_e164, l.stage, l.source, l.score, l.created_at, l.last_activity_at FROM leads l JOIN contacts c ON c.id = l.contact_id ORDER BY l.score DESC, l.id DESC`);
      const sink = stringify();
      sink.resume();
      let n = 0;
      for (;;) {
        const rows = (await runner.query(`FETCH 1000 FROM b`)) as Record<string, unknown>[];
        if (!rows.length) break;
        for (const r of rows) sink.write(Object.values(r).map((v) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? '' : JSON.stringify(v))));
        n += rows.length;
      }
      await runner.query('COMMIT');
      await runner.release();
      exports.bare.push(n / ((performance.now() - t0) / 1000));
      const a = exports.all.at(-1)!;
      const s = exports.tenth.at(-1)!;
      log(`export round ${round}: ${a.rows} leads at ${a.perSecond.toFixed(0)} rows/s (${(a.bytes / 1e6).toFixed(1)} MB); API RSS ${mb(a.startKb)} MB at start, peak ${mb(a.peakKb)} MB · a tenth (${s.rows}): peak ${mb(s.peakKb)} MB · bare cursor + csv-stringify: ${exports.bare.at(-1)!.toFixed(0)} rows/s`);
    }
    await ds.destroy();
    await scoring.close();

    const imp = median(res.importPerSecond);
    const raw = median(res.rawParsePerSecond);
    const expAll = median(exports.all.map((e) => e.perSecond));
    const expBare = median(exports.bare);
    const lines = [
      `| CSV import and export (median of ${ROUNDS} rounds) | rows/s | baseline rows/s (same run) | ratio | memory |`,
      '| --- | ---: | ---: | ---: | --- |',
      `| import of ${ROWS.toLocaleString('en-US')} leads (upload → worker, real writes) | ${imp.toFixed(0)} | ${raw.toFixed(0)} (csv-parse alone) | ${(imp / raw).toFixed(3)} | worker RSS ${median(res.workerStartMb)} MB before, peak ${median(res.workerPeakMb)} MB |`,
      `| export of ${total.toLocaleString('en-US')} leads (GET /api/leads/export, streamed) | ${expAll.toFixed(0)} | ${expBare.toFixed(0)} (cursor + csv-stringify) | ${(expAll / expBare).toFixed(2)} | API RSS ${mb(median(exports.all.map((e) => e.startKb)))} MB at start, peak ${mb(median(exports.all.map((e) => e.peakKb)))} MB (a tenth of the leads: peak ${mb(median(exports.tenth.map((e) => e.peakKb)))} MB) |`,
    ];
    log('');
    log(`one API process, one worker process, queues on ${process.env.BENCH_REDIS_URL ? 'Redis' : 'PostgreSQL'}, node ${process.version}`);
    log(lines.join('\n'));
    const out = resolve(__dirname, '..', '..', '..', 'bench', 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(resolve(out, 'import.md'), `${lines.join('\n')}\n`);
    writeFileSync(resolve(out, 'import.json'), JSON.stringify({ rows: ROWS, rounds: ROUNDS, import: res, export: exports }, null, 2));
  } finally {
    if (worker) {
      const exited = new Promise((ok) => worker!.once('exit', ok));
      worker.kill('SIGTERM');
      await exited;
    }
    if (app) await stopServer(app);
    rmSync(dir, { recursive: true, force: true });
    await scratch.drop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
