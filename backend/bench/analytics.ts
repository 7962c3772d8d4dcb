import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { AnalyticsRepository } from '../src/analytics/analytics.repository';
import { hashPassword } from '../src/core/auth/password';
import { databaseOptions } from '../src/core/database/database-options';
import { freePort } from '../src/core/database/embedded-postgres';
import { p50p95 } from './figures';
import { createScratchDatabase } from './scratch-database';
import { startServer, stopServer } from './server-process';

/**
 * `npm run bench` (analytics part; alone: `npm run bench:analytics`): every analytics endpoint
 * over a 90-day range at BENCH_LEADS leads (100,000) and about ten timeline entries each
 * (~1,000,000), plus score history, the assistant's turns and viewings, all seeded with
 * generate_series (deterministic: md5 of the row number). Measured over HTTP, one at a time, as an
 * admin (every lead in scope): p50 and p95 of BENCH_REQUESTS requests per endpoint after 3 warm-ups.
 * Baseline in the same run: a plain `count(*)` of the range's timeline entries (index-only scan)
 * on the same database. Also: the full refresh of the summaries (first run) and an incremental
 * refresh after a minute's worth of new entries (what bounds staleness). Prints figures; never fails on a time.
 *
 * BENCH_DATABASE_URL (else an embedded PostgreSQL), BENCH_LEADS (100000), BENCH_REQUESTS (40).
 */
const LEADS = Number(process.env.BENCH_LEADS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40);
const AGENTS = 20;
/** The seeded data spans a year before this instant; the range is its last 90 team days. */
const NOW = '2026-11-30T20:00:00Z';
const FROM = '2026-09-01';
const TO = '2026-11-29';
const log = (s: string) => process.stdout.write(`${s}\n`);

const STAGES = ['new', 'contacted', 'qualified', 'viewing', 'offer', 'won'];
const SOURCES = ['web', 'meta_lead_ads', 'whatsapp', 'portal', 'referral', 'phone', 'widget', 'email'];

/** Seeds users, units, contacts, leads, timeline, score history, conversations and viewings in a few statements. */
async function seed(ds: DataSource): Promise<void> {
  const password = await hashPassword('bench-password-1');
  await ds.query(`INSERT INTO users (email, name, role, password_hash, team) SELECT 'agent' || i || '@bench.local', 'Agent ' || i, 'agent', $1, CASE WHEN i % 2 = 0 THEN 'East' ELSE 'West' END FROM generate_series(1, ${AGENTS}) i`, [password]);
  await ds.query(`INSERT INTO users (email, name, role, password_hash) VALUES ('admin@bench.local', 'Bench Admin', 'admin', $1)`, [password]);
  await ds.query(`INSERT INTO units (ref, title, type, purpose, price, bedrooms, bathrooms, city) SELECT 'B-' || i, 'Bench home ' || i, 'house', 'sale', 500000 + i * 1000, 3, 2, 'Seattle' FROM generate_series(1, 200) i`);
  // h(i, salt): a deterministic number in [0, 1) per row.
  await ds.query(`CREATE FUNCTION pg_temp.h(i int, salt text) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$ SELECT ('x' || substr(md5(salt || i), 1, 8))::bit(32)::bigint / 4294967296.0 $$`);
  await ds.query(`INSERT INTO contacts (id, name, email) SELECT md5('c' || i)::uuid, 'Bench Lead ' || i, 'lead' || i || '@bench.example' FROM generate_series(1, ${LEADS}) i`);
  await ds.query(`
    CREATE TEMP TABLE seed_leads AS
    SELECT i, md5('l' || i)::uuid AS id,
           timestamptz '${NOW}' - (pg_temp.h(i, 'at') * 365 * 86400) * interval '1 second' AS created_at,
           (ARRAY[${SOURCES.map((s) => `'${s}'`).join(',')}])[1 + floor(pg_temp.h(i, 'src') * ${SOURCES.length})::int] AS source,
           floor(pg_temp.h(i, 'rank') ^ 1.6 * 6)::int AS rank,
           pg_temp.h(i, 'lost') < 0.25 AS lost,
           (SELECT id FROM users WHERE email = 'agent' || (1 + floor(pg_temp.h(i, 'agent') * ${AGENTS}))::int || '@bench.local') AS assignee,
           floor(pg_temp.h(i, 'score') * 101)::int AS score,
           pg_temp.h(i, 'ai') * 600 AS ai_s, 60 + pg_temp.h(i, 'human') * 14400 AS human_s
    FROM generate_series(1, ${LEADS}) i`);
  await ds.query(`
    INSERT INTO leads (id, contact_id, source, stage, assignee_id, score, qualification_status, first_response_at, first_ai_response_at, first_human_response_at, last_activity_at, created_at)
    SELECT id, md5('c' || i)::uuid, source::lead_source,
           (CASE WHEN lost AND rank < 5 THEN 'lost' ELSE (ARRAY[${STAGES.map((s) => `'${s}'`).join(',')}])[rank + 1] END)::lead_stage,
           CASE WHEN i % 25 = 0 THEN NULL ELSE assignee END, score,
           (CASE WHEN rank >= 2 OR score >= 60 THEN 'qualified' ELSE 'unqualified' END)::qualification_status,
           CASE WHEN i % 10 = 0 THEN NULL ELSE created_at + least(ai_s, human_s) * interval '1 second' END,
           CASE WHEN i % 10 = 0 OR i % 3 = 0 THEN NULL ELSE created_at + ai_s * interval '1 second' END,
           CASE WHEN i % 10 = 0 THEN NULL ELSE created_at + human_s * interval '1 second' END,
           created_at, created_at
    FROM seed_leads`);
  // Timeline: 10 entries a lead — created, a stage move per stage reached (and to lost), messages for the rest; 1 in 50 a hand-over.
  await ds.query(`
    INSERT INTO activities (lead_id, type, summary, data, direction, created_at)
    SELECT l.id,
           (CASE WHEN k = 0 THEN 'lead_created' WHEN k <= l.rank THEN 'stage_changed' WHEN k = l.rank + 1 AND l.lost AND l.rank < 5 THEN 'stage_changed'
                 WHEN k = 9 AND l.i % 50 = 0 THEN 'handover' ELSE 'message' END)::activity_type,
           'bench',
           CASE WHEN k = 0 THEN jsonb_build_object('source', l.source, 'campaignId', 'C' || (l.i % 7), 'formId', 'F' || (l.i % 3))
                WHEN k <= l.rank THEN jsonb_build_object('from', (ARRAY[${STAGES.map((s) => `'${s}'`).join(',')}])[k], 'to', (ARRAY[${STAGES.map((s) => `'${s}'`).join(',')}])[k + 1])
                WHEN k = l.rank + 1 AND l.lost AND l.rank < 5 THEN jsonb_build_object('from', (ARRAY[${STAGES.map((s) => `'${s}'`).join(',')}])[k], 'to', 'lost')
                WHEN k = 9 AND l.i % 50 = 0 THEN jsonb_build_object('reason', (ARRAY['The lead asked for a person', 'A question about financing', 'An offer to negotiate'])[1 + l.i % 3])
                ELSE '{}'::jsonb END,
           CASE WHEN k > l.rank + 1 AND k % 2 = 0 THEN 'inbound' END,
           l.created_at + (k * k * 3600 + pg_temp.h(l.i * 10 + k, 'gap') * 3600) * interval '1 second'
    FROM seed_leads l CROSS JOIN generate_series(0, 9) k`);
  // Score history: two automatic scores a lead, the second moving budget and engagement.
  await ds.query(`
    INSERT INTO qualifications (lead_id, score, breakdown, status, source, created_at)
    SELECT l.id, 20 + v * 10, jsonb_build_array(
             jsonb_build_object('factor', 'budget', 'points', 10 + v * 5 * (l.i % 2), 'max', 20, 'reason', ''),
             jsonb_build_object('factor', 'engagement', 'points', v * 5, 'max', 15, 'reason', ''),
             jsonb_build_object('factor', 'timeline', 'points', 10, 'max', 15, 'reason', '')),
           'unqualified', 'auto', l.created_at + v * interval '6 hours'
    FROM seed_leads l CROSS JOIN generate_series(0, 1) v`);
  // Conversations: a third of the leads, three answers each from the assistant.
  await ds.query(`INSERT INTO sessions (id, lead_id, created_at) SELECT md5('s' || i)::uuid, id, created_at FROM seed_leads WHERE i % 3 = 1`);
  await ds.query(`
    INSERT INTO messages (id, session_id, lead_id, role, content, model, prompt_tokens, cached_tokens, completion_tokens, cost_usd, created_at)
    SELECT md5('m' || l.i || '-' || k)::uuid, md5('s' || l.i)::uuid, l.id, 'assistant', 'bench', 'openai:gpt-4o-mini', 1500 + k * 500, k * 500, 120,
           CASE WHEN k = 2 THEN NULL ELSE 0.0003 END, l.created_at + (60 + k * 600) * interval '1 second'
    FROM seed_leads l CROSS JOIN generate_series(0, 2) k WHERE l.i % 3 = 1`);
  // Viewings: leads that reached Viewing; half booked by the assistant.
  await ds.query(`
    INSERT INTO viewings (lead_id, unit_id, agent_id, starts_at, ends_at, timezone, status, booked_by, created_at)
    SELECT l.id, (SELECT id FROM units WHERE ref = 'B-' || (1 + l.i % 200)), l.assignee,
           l.created_at + interval '3 days' + (l.i % 97) * interval '1 minute', l.created_at + interval '3 days 45 minutes' + (l.i % 97) * interval '1 minute',
           'America/Los_Angeles', (CASE WHEN l.i % 5 = 0 THEN 'cancelled' ELSE 'done' END)::viewing_status, CASE WHEN l.i % 2 = 0 THEN 'ai' ELSE 'agent' END, l.created_at + interval '1 day'
    FROM seed_leads l WHERE l.rank >= 3`);
}

async function timeIt<T>(f: () => Promise<T>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

async function main(): Promise<void> {
  const scratch = await createScratchDatabase('bench_analytics', process.env.BENCH_DATABASE_URL, log);
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    const ds = await new DataSource(databaseOptions(scratch.url, 4)).initialize();
    await ds.runMigrations({ transaction: 'each' });
    const t0 = Date.now();
    await seed(ds);
    await ds.query('VACUUM ANALYZE');
    const [{ leads }] = await ds.query<{ leads: number }[]>(`SELECT count(*)::int AS leads FROM leads`);
    const [{ entries }] = await ds.query<{ entries: number }[]>(`SELECT count(*)::int AS entries FROM activities`);
    log(`Seeded ${leads.toLocaleString('en-US')} leads and ${entries.toLocaleString('en-US')} timeline entries in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const port = await freePort();
    server = await startServer('server-app.js', port, { DATABASE_URL: scratch.url, TEAM_TIME_ZONE: 'America/Los_Angeles' });
    const base = `http://127.0.0.1:${port}`;
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@bench.local', password: 'bench-password-1' }) });
    const token = ((await res.json()) as { accessToken: string }).accessToken;

    // The first read derives every lead's summary (what the worker's first run does).
    const fullRefresh = await timeIt(() => fetch(`${base}/api/analytics/funnel?from=${FROM}&to=${TO}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json()));
    await ds.query('ANALYZE analytics_lead_facts; ANALYZE analytics_events; ANALYZE analytics_score_moves');
    // A minute's worth of new entries (1,000 messages on 1,000 leads), then an incremental refresh, through the same SQL the job runs.
    await ds.query(`INSERT INTO activities (lead_id, type, summary) SELECT id, 'message', 'new' FROM leads ORDER BY id LIMIT 1000`);
    const incremental = await timeIt(() => new AnalyticsRepository(ds).refresh());

    const endpoints = ['funnel', 'sources', 'speed-to-lead', 'score', 'agents', 'assistant', 'funnel/csv', 'agents/csv'];
    const samples = new Map<string, number[]>();
    const baseline: number[] = [];
    const baselineSql = `SELECT count(*) FROM activities WHERE created_at >= $1 AND created_at < $2`;
    const range = [new Date('2026-09-01T07:00:00Z'), new Date('2026-11-30T08:00:00Z')];
    for (let i = 0; i < REQUESTS + 3; i++) {
      for (const e of endpoints) {
        const ms = await timeIt(async () => {
          const r = await fetch(`${base}/api/analytics/${e}?from=${FROM}&to=${TO}`, { headers: { authorization: `Bearer ${token}` } });
          if (!r.ok) throw new Error(`${e}: HTTP ${r.status} ${await r.text()}`);
          await r.arrayBuffer();
        });
        if (i >= 3) samples.set(e, [...(samples.get(e) ?? []), ms]);
      }
      const ms = await timeIt(() => ds.query(baselineSql, range));
      if (i >= 3) baseline.push(ms);
    }
    const b = p50p95(baseline);
    const lines = [
      `| ${leads.toLocaleString('en-US')} leads, ${entries.toLocaleString('en-US')} timeline entries, 90 days (${FROM} … ${TO}) | p50 ms | p95 ms | p95 / baseline p95 |`,
      '| --- | ---: | ---: | ---: |',
      ...endpoints.map((e) => {
        const f = p50p95(samples.get(e)!);
        return `| GET /api/analytics/${e} | ${f.p50} | ${f.p95} | ${(f.p95 / b.p95).toFixed(1)}× |`;
      }),
      `| baseline: \`count(*)\` of the range's timeline entries (SQL, no HTTP) | ${b.p50} | ${b.p95} | 1.0× |`,
      `| full refresh of the summaries (first run; all leads) | ${Math.round(fullRefresh)} | — | — |`,
      `| incremental refresh after 1,000 new timeline entries (the job, every minute) | ${Math.round(incremental)} | — | — |`,
    ];
    log('');
    log(`${REQUESTS} requests per endpoint, sequential, as an admin; one API process (DB_POOL_SIZE 10); node ${process.version}`);
    log(lines.join('\n'));
    const dir = resolve(__dirname, '..', '..', '..', 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(resolve(dir, 'analytics.md'), `${lines.join('\n')}\n`);
    writeFileSync(resolve(dir, 'analytics.json'), JSON.stringify({ leads, entries, requests: REQUESTS, fullRefreshMs: fullRefresh, incrementalRefreshMs: incremental, baseline: b, endpoints: Object.fromEntries(endpoints.map((e) => [e, p50p95(samples.get(e)!)])) }, null, 2));
    await ds.destroy();
  } finally {
    if (server) await stopServer(server);
    await scratch.drop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
