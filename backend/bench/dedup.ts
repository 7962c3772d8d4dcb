import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { hashPassword } from '../src/core/auth/password';
import type { AppConfig } from '../src/core/config/app-config';
import { normalizeEmail, normalizePhone } from '../src/leads/contact-normalizers';
import { DuplicateDetectorService } from '../src/leads/duplicate-detector.service';
import { LeadsRepository } from '../src/leads/leads.repository';
import { databaseOptions } from '../src/core/database/database-options';
import { freePort } from '../src/core/database/embedded-postgres';
import { insertGeneratedLeads, insertListings, readListingsFile } from '../src/seed/lead-loader';
import { SeedRepository } from '../src/seed/seed.repository';
import { pct } from './figures';
import { createScratchDatabase } from './scratch-database';
import { startServer, stopServer } from './server-process';

/**
 * `npm run bench` (dedup part; alone: `npm run bench:dedup`): what duplicate detection adds to
 * POST /api/leads at 100,000 contacts. The same app is started with the check on and off
 * (`DEDUP_CHECK`), in alternating rounds on the same database, and sent the same sequence of new
 * leads: half share an email or a phone with an existing contact (found, scored, recorded as
 * pairs), half are new people. Requests come from an agent, so every lookup also applies the
 * visibility rule. Prints p50/p95 per round, the medians, the p95 added by the check and the
 * ratio; never fails on a time (the issue's target: ≤ 5 ms added at p95).
 *
 * BENCH_DATABASE_URL (else an embedded PostgreSQL), BENCH_LEADS (100000), BENCH_REQUESTS (500 per
 * round), BENCH_CONCURRENCY (1: latency, not throughput), BENCH_ROUNDS (4).
 */
const LEADS = Number(process.env.BENCH_LEADS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const log = (s: string) => process.stdout.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Figures {
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
}

type Body = { contact: { name: string; email?: string; phone?: string }; source: string };

/** The round's leads: every other one reuses an existing contact's email or phone (a spelling of the name that sounds alike). */
function bodies(existing: { name: string; email: string | null; phone: string | null }[], round: number, kind: string): Body[] {
  return Array.from({ length: REQUESTS }, (_, i) => {
    if (i % 2 === 0) {
      const e = existing[(i / 2 + round * 97) % existing.length];
      const name = e.name.replace(/a/, 'e');
      return i % 4 === 0 && e.email ? { contact: { name, email: e.email.toUpperCase() }, source: 'portal' } : { contact: { name, phone: e.phone ?? undefined, email: e.email ?? undefined }, source: 'web' };
    }
    return { contact: { name: `New Person ${kind}${round}x${i}`, email: `new.${kind}.${round}.${i}.${process.pid}@bench.local` }, source: 'web' };
  });
}

async function load(base: string, token: string, list: Body[]): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  let non2xx = 0;
  const worker = async () => {
    while (next < list.length) {
      const body = list[next++];
      const t0 = performance.now();
      const res = await fetch(`${base}/api/leads`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (res.status !== 201) non2xx++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  latencies.sort((a, b) => a - b);
  return { p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), non2xx };
}

async function main(): Promise<void> {
  const scratch = await createScratchDatabase('bench_dedup', process.env.BENCH_DATABASE_URL, log);
  try {
    const ds = await new DataSource(databaseOptions(scratch.url, 4)).initialize();
    await ds.runMigrations({ transaction: 'each' });
    const repo = new SeedRepository(ds);
    const t0 = Date.now();
    const listings = readListingsFile();
    await insertListings(repo, listings);
    const agentIds: string[] = [];
    const password = await hashPassword('bench-password-1');
    for (const n of ['Maria Lopez', 'James Chen', 'Aisha Okafor', 'Tom Berg', 'Sara Kim']) {
      const [row] = await ds.query<{ id: string }[]>(`INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, 'agent', $3) RETURNING id`, [`${n.toLowerCase().replace(' ', '.')}@bench.local`, n, password]);
      agentIds.push(row.id);
    }
    await insertGeneratedLeads(repo, { count: LEADS, seed: 7, agentIds, listings, now: new Date('2026-11-01T12:00:00Z') });
    await ds.query('VACUUM ANALYZE');
    const [{ contacts }] = await ds.query<{ contacts: string }[]>(`SELECT count(*) AS contacts FROM contacts`);
    log(`Seeded ${listings.length} units, ${LEADS} leads and ${contacts} contacts in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const existing = await ds.query<{ name: string; email: string | null; phone: string | null }[]>(`SELECT name, email, phone FROM contacts WHERE email IS NOT NULL OR phone IS NOT NULL ORDER BY id LIMIT 2000`);

    const results: Record<'on' | 'off', Figures[]> = { on: [], off: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate which goes first so drift on a shared machine hits both alike.
      const order: ('on' | 'off')[] = round % 2 ? ['off', 'on'] : ['on', 'off'];
      for (const kind of order) {
        const port = await freePort();
        const server = await startServer('server-app.js', port, { DATABASE_URL: scratch.url, DEDUP_CHECK: kind === 'on' ? 'true' : 'false' });
        const base = `http://127.0.0.1:${port}`;
        const loginRes = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'maria.lopez@bench.local', password: 'bench-password-1' }) });
        const { accessToken } = (await loginRes.json()) as { accessToken: string };
        await load(base, accessToken, bodies(existing, round + 100, `w${kind}`).slice(0, 40)); // warm-up
        const f = await load(base, accessToken, bodies(existing, round, kind));
        results[kind].push(f);
        log(`round ${round} check ${kind.padEnd(3)} POST /api/leads  p50 ${f.p50} ms  p95 ${f.p95} ms  p99 ${f.p99} ms${f.non2xx ? `  non-201 ${f.non2xx}` : ''}`);
        await stopServer(server);
      }
    }
    const [{ pairs }] = await ds.query<{ pairs: string }[]>(`SELECT count(*) AS pairs FROM duplicate_candidates`);

    // The check alone, in process (no HTTP, no other writes): the detector as POST /api/leads calls it, for an agent.
    const detector = new DuplicateDetectorService(new LeadsRepository(ds, undefined as never), { env: { DEDUP_CHECK: true } } as AppConfig);
    const scope = { userId: agentIds[0], all: false };
    const inputs = bodies(existing, 999, 'direct').map((b) => ({ name: b.contact.name, email: b.contact.email ?? null, emailNormalized: b.contact.email ? normalizeEmail(b.contact.email) : null, phoneE164: b.contact.phone ? normalizePhone(b.contact.phone) : null }));
    for (const i of inputs.slice(0, 50)) await detector.findCandidates(i, scope, ds.manager); // warm-up
    const direct: number[] = [];
    for (const i of inputs) {
      const t1 = performance.now();
      await detector.findCandidates(i, scope, ds.manager);
      direct.push(performance.now() - t1);
    }
    direct.sort((a, b) => a - b);
    await ds.destroy();

    const m = (kind: 'on' | 'off', k: keyof Figures) => median(results[kind].map((f) => f[k]));
    const added = Math.round((m('on', 'p95') - m('off', 'p95')) * 10) / 10;
    const ratio = m('on', 'p95') / m('off', 'p95');
    const lines = [
      `| POST /api/leads at ${LEADS.toLocaleString('en-US')} leads, ${CONCURRENCY} concurrent, ${REQUESTS} per round | p50 ms (median of ${ROUNDS}) | p95 ms | p99 ms |`,
      '| --- | ---: | ---: | ---: |',
      `| duplicate check off | ${m('off', 'p50')} | ${m('off', 'p95')} | ${m('off', 'p99')} |`,
      `| duplicate check on | ${m('on', 'p50')} | ${m('on', 'p95')} | ${m('on', 'p99')} |`,
      '',
      `Added by the check at p95: ${added} ms (on / off p95: ${ratio.toFixed(2)}×); target ≤ 5 ms. Pairs recorded during the run: ${pairs}.`,
      `The check alone (detector lookup + comparison, in process, ${direct.length} lookups): p50 ${pct(direct, 50)} ms, p95 ${pct(direct, 95)} ms, p99 ${pct(direct, 99)} ms.`,
    ];
    log('');
    for (const l of lines) log(l);
    const out = resolve(__dirname, '..', '..', '..', 'bench', 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(resolve(out, 'dedup.md'), `${lines.join('\n')}\n`);
    writeFileSync(resolve(out, 'dedup.json'), JSON.stringify({ leads: LEADS, requests: REQUESTS, concurrency: CONCURRENCY, rounds: ROUNDS, results, addedP95Ms: added, ratioP95: ratio, direct: { p50: pct(direct, 50), p95: pct(direct, 95), p99: pct(direct, 99) } }, null, 2));
  } finally {
    await scratch.drop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
