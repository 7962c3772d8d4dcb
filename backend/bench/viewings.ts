import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { hashPassword } from '../src/core/auth/password';
import { databaseOptions } from '../src/core/database/database-options';
import { freePort } from '../src/core/database/embedded-postgres';
import { freeSlots } from '../src/viewings/availability';
import { AvailabilityRepository } from '../src/viewings/availability.repository';
import { LegacyAvailabilityReads } from './legacy/viewing-reads';
import { ViewingsService } from '../src/viewings/viewings.service';
import { p50p95 } from './figures';
import { createScratchDatabase } from './scratch-database';
import { NO_RATE_LIMITS, startServer, stopServer } from './server-process';

/**
 * `npm run bench` (viewings part; alone: `npm run bench:viewings`).
 *
 * 1. Slot computation: the free slots of one home over two weeks for an unassigned lead, whom any
 *    of 50 agents may show (each with working hours in their own zone, a buffer, time off and ~20
 *    viewings at homes around the city: travel counts), through the service the API and the
 *    assistant use, on a real PostgreSQL. Baselines in the same run: the same for one agent (an
 *    assigned lead), the plain SELECT of the 50 agents' bookings, and the read as it was before
 *    (JSON objects per booking; backend/bench/legacy/viewing-reads.ts), interleaved, with a check
 *    that both give the same free starts and agents.
 * 2. The same over HTTP (`GET /api/viewings/slots`) on the real API process, interleaved with a
 *    trivial authenticated GET (`/api/auth/me`) as the same run's baseline.
 * 3. Booking under contention: 20 concurrent `POST /api/leads/{id}/viewings` for the same home and
 *    start on the real API process; exactly one may win (the rest 409).
 *
 * BENCH_DATABASE_URL (else an embedded PostgreSQL). BENCH_RUNS (default 200) timed computations each.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const AGENTS = 50;
const ZONES = ['America/Los_Angeles', 'America/Denver', 'America/Chicago', 'America/New_York'];
const log = (s: string) => process.stdout.write(`${s}\n`);

async function timed(runs: number, work: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 10; i++) await work(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await work();
    samples.push(performance.now() - t0);
  }
  return p50p95(samples);
}

/** Two ways timed turn about (a, b, a, b, …), so a load that drifts during the run weighs on both alike. */
async function timedPair(runs: number, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[{ p50: number; p95: number }, { p50: number; p95: number }]> {
  for (let i = 0; i < 10; i++) {
    await a();
    await b();
  }
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const [work, samples] of [[a, sa], [b, sb]] as const) {
      const t0 = performance.now();
      await work();
      samples.push(performance.now() - t0);
    }
  }
  return [p50p95(sa), p50p95(sb)];
}

/**
 * CPU time per call (ms): this process (user + system) and the database's backends for `db`
 * (from /proc, so only when PostgreSQL runs on this machine; null otherwise). Unlike wall time,
 * it hardly moves when other work loads the box: what the work costs, not how long it waited.
 */
async function cpuPerCall(db: DataSource, runs: number, work: () => Promise<unknown>): Promise<{ app: number; db: number | null }> {
  const pids = (await db.query<{ pid: number }[]>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)).map((r) => r.pid);
  const ticks = () => {
    try {
      // Fields 14 and 15 of /proc/<pid>/stat (after the command name in parentheses): utime, stime.
      return pids.reduce((sum, pid) => {
        const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        return sum + Number(f[11]) + Number(f[12]);
      }, 0);
    } catch {
      return null;
    }
  };
  for (let i = 0; i < 10; i++) await work();
  const t0 = ticks();
  const c0 = process.cpuUsage();
  for (let i = 0; i < runs; i++) await work();
  const c = process.cpuUsage(c0);
  const t1 = ticks();
  const round = (x: number) => Math.round(x * 100) / 100;
  // Clock ticks are 1/100 s on Linux.
  return { app: round((c.user + c.system) / 1000 / runs), db: t0 === null || t1 === null ? null : round(((t1 - t0) * 10) / runs) };
}

async function main(): Promise<void> {
  const scratch = await createScratchDatabase('bench_viewings', process.env.BENCH_DATABASE_URL, log);
  let app: ChildProcess | null = null;
  try {
    const ds = await new DataSource(databaseOptions(scratch.url, 4)).initialize();
    await ds.runMigrations({ transaction: 'each' });
    await ds.query(`INSERT INTO users (email, name, role, password_hash) VALUES ('admin@bench.local', 'Bench Admin', 'admin', $1)`, [await hashPassword('bench-password-1')]);
    const pw = await hashPassword('agent-password-1');
    const agents = (await ds.query<{ id: string }[]>(`INSERT INTO users (email, name, role, password_hash) SELECT 'agent' || i || '@bench.local', 'Agent ' || i, 'agent', $1 FROM generate_series(1, ${AGENTS}) i RETURNING id`, [pw])).map((r) => r.id);
    // 100 homes within ~10 km of central Seattle.
    const units = (
      await ds.query<{ id: string }[]>(
        `INSERT INTO units (ref, title, type, purpose, price, bedrooms, bathrooms, city, area, lat, lng)
         SELECT 'BV-' || i, 'Home ' || i, 'house', 'sale', 500000 + i * 1000, 3, 2, 'Seattle', 'Area ' || (i % 10), 47.6 + (random() - 0.5) * 0.18, -122.33 + (random() - 0.5) * 0.25
         FROM generate_series(1, 100) i RETURNING id`,
      )
    ).map((r) => r.id);
    const weekdays = JSON.stringify([1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '09:00', end: '18:00' })));
    for (const [i, id] of agents.entries()) {
      await ds.query(`INSERT INTO agent_availability (user_id, timezone, weekly, buffer_minutes) VALUES ($1, $2, $3, 15)`, [id, ZONES[i % ZONES.length], weekdays]);
      if (i % 5 === 0) await ds.query(`INSERT INTO agent_time_off (user_id, starts_at, ends_at, note) VALUES ($1, now() + interval '3 days', now() + interval '5 days', 'Holiday')`, [id]);
    }
    // ~20 viewings per agent over the two weeks (unique per home and start).
    const lead = async () => {
      const [c] = await ds.query<{ id: string }[]>(`INSERT INTO contacts (name, timezone) VALUES ('Bench buyer', 'America/Los_Angeles') RETURNING id`);
      const [l] = await ds.query<{ id: string }[]>(`INSERT INTO leads (contact_id, source, last_activity_at) VALUES ($1, 'web', now()) RETURNING id`, [c.id]);
      return l.id;
    };
    const someLead = await lead();
    const start = DateTime.now().setZone('America/Los_Angeles').startOf('day').plus({ days: 1, hours: 10 });
    await ds.query(
      `INSERT INTO viewings (lead_id, unit_id, agent_id, starts_at, ends_at, timezone)
       SELECT $1, u.id, a.id, s.at, s.at + interval '45 minutes', 'America/Los_Angeles'
         FROM unnest($2::uuid[]) WITH ORDINALITY a(id, n)
         CROSS JOIN generate_series(0, 19) k
         CROSS JOIN LATERAL (SELECT $3::timestamptz + (k * interval '17 hours') + ((a.n % 4) * interval '30 minutes') AS at) s
         CROSS JOIN LATERAL (SELECT id FROM unnest($4::uuid[]) WITH ORDINALITY x(id, m) WHERE x.m = 1 + ((a.n * 7 + k) % 100)) u
       ON CONFLICT DO NOTHING`,
      [someLead, agents, start.toJSDate(), units],
    );
    const [{ n: bookings }] = await ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM viewings`);

    // The service the API and the assistant use, with its repository on this database (slot computation reads nothing else).
    const service = new ViewingsService(null as never, null as never, new AvailabilityRepository(ds), null as never);
    const now = new Date();
    const from = now;
    const to = new Date(now.getTime() + 14 * 86_400_000);
    const home = units[0];
    let slotsPool = 0;
    // Same-run baseline, interleaved: the read as it was before (JSON objects per booking) + the same computation.
    const legacy = new LegacyAvailabilityReads(ds);
    const legacySlots = async () => {
      const cals = (await legacy.slotCalendars(home, null, from, to, now))!;
      return freeSlots({ unit: cals.unit, agents: cals.agents, timeZone: 'America/Los_Angeles', from, to, now });
    };
    const [pool, before] = await timedPair(RUNS, async () => (slotsPool = (await service.slotsBetween(home, 'America/Los_Angeles', { assigneeId: null }, from, to, now)).length), legacySlots);
    const same = JSON.stringify(await service.slotsBetween(home, 'America/Los_Angeles', { assigneeId: null }, from, to, now)) === JSON.stringify(await legacySlots());
    const one = await timed(RUNS, () => service.slotsBetween(home, 'America/Los_Angeles', { assigneeId: agents[1] }, from, to, now));
    // Where the time goes: the one statement that reads the 50 calendars (now and before), and the computation alone.
    const repo = new AvailabilityRepository(ds);
    const [reads, readsBefore] = await timedPair(RUNS, () => repo.slotCalendars(home, null, from, to, now), () => legacy.slotCalendars(home, null, from, to, now));
    const cals = (await repo.slotCalendars(home, null, from, to, now))!;
    const compute = await timed(RUNS, () => Promise.resolve(freeSlots({ unit: cals.unit, agents: cals.agents, timeZone: 'America/Los_Angeles', from, to, now })));
    const select = await timed(RUNS, () => ds.query(`SELECT v.agent_id, v.starts_at, v.ends_at, u.lat, u.lng FROM viewings v JOIN units u ON u.id = v.unit_id WHERE v.agent_id = ANY($1) AND v.status = 'booked' AND v.starts_at < $3 AND v.ends_at > $2`, [agents, from, to]));
    // CPU per call, the measure a loaded box hardly moves (wall times above wait for the CPU too).
    const cpuNow = await cpuPerCall(ds, RUNS, () => service.slotsBetween(home, 'America/Los_Angeles', { assigneeId: null }, from, to, now));
    const cpuBefore = await cpuPerCall(ds, RUNS, legacySlots);
    const cpuSelect = await cpuPerCall(ds, RUNS, () => ds.query(`SELECT v.agent_id, v.starts_at, v.ends_at, u.lat, u.lng FROM viewings v JOIN units u ON u.id = v.unit_id WHERE v.agent_id = ANY($1) AND v.status = 'booked' AND v.starts_at < $3 AND v.ends_at > $2`, [agents, from, to]));
    const load = loadavg().map((x) => x.toFixed(1)).join(' ');
    log(`Slots of one home over 14 days (${AGENTS} agents, ${bookings} booked viewings, ${RUNS} runs; ${slotsPool} free starts found)`);
    log(`  ${AGENTS} agents (unassigned lead)   p50 ${pool.p50} ms   p95 ${pool.p95} ms   (target p95 ≤ 20 ms)`);
    log(`  1 agent (assigned lead)       p50 ${one.p50} ms   p95 ${one.p95} ms`);
    log(`  plain SELECT of the bookings  p50 ${select.p50} ms   p95 ${select.p95} ms`);
    log(`    of which: the one read of the calendars  p50 ${reads.p50} ms   p95 ${reads.p95} ms;  computation alone  p50 ${compute.p50} ms   p95 ${compute.p95} ms`);
    log(`  before (the same read as JSON objects per booking, interleaved with the line above)  end to end p50 ${before.p50} ms   p95 ${before.p95} ms;  the read alone p50 ${readsBefore.p50} ms   p95 ${readsBefore.p95} ms`);
    log(`  same free starts and agents as before: ${same ? 'yes' : 'NO'}`);
    log(`  ratio p50: ${AGENTS} agents / 1 agent ${(pool.p50 / one.p50).toFixed(1)}×, / SELECT ${(pool.p50 / select.p50).toFixed(1)}×;  read / SELECT ${(reads.p50 / select.p50).toFixed(1)}× (before ${(readsBefore.p50 / select.p50).toFixed(1)}×);  before / now ${(before.p50 / pool.p50).toFixed(1)}× (p95 ${(before.p95 / pool.p95).toFixed(1)}×)`);
    const cpu = (c: { app: number; db: number | null }) => `app ${c.app} ms + database ${c.db ?? '?'} ms`;
    log(`  CPU per call: ${AGENTS} agents end to end ${cpu(cpuNow)};  before ${cpu(cpuBefore)};  plain SELECT ${cpu(cpuSelect)}`);
    log(`  load average (1, 5, 15 min) at the end: ${load}`);
    if (!same) process.exitCode = 1;

    // Booking under contention, through the real API process.
    const port = await freePort();
    app = await startServer('server-app.js', port, { DATABASE_URL: scratch.url, ...NO_RATE_LIMITS });
    const base = `http://127.0.0.1:${port}/api`;
    const { accessToken } = (await (await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@bench.local', password: 'bench-password-1' }) })).json()) as { accessToken: string };
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` };
    // The same 50-agent computation through the API (authentication, validation, the home's check,
    // the answer's JSON), interleaved with the same run's baseline: a trivial authenticated GET.
    const get = async (url: string) => {
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${url}: ${res.status}`);
    };
    const localDay = (days: number) => DateTime.now().setZone('America/Los_Angeles').plus({ days }).toISODate();
    const slotsUrl = `${base}/viewings/slots?unitId=${home}&from=${localDay(0)}&to=${localDay(13)}&tz=America/Los_Angeles`;
    const [http, me] = await timedPair(RUNS, () => get(slotsUrl), () => get(`${base}/auth/me`));
    log(`Over HTTP: GET /api/viewings/slots (${AGENTS} agents, 14 days)  p50 ${http.p50} ms   p95 ${http.p95} ms;  baseline GET /api/auth/me (interleaved)  p50 ${me.p50} ms   p95 ${me.p95} ms;  ratio p50 ${(http.p50 / me.p50).toFixed(1)}×, p95 ${(http.p95 / me.p95).toFixed(1)}×`);
    const leads: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${base}/leads`, { method: 'POST', headers, body: JSON.stringify({ contact: { name: `Contender ${i}`, timezone: 'America/Los_Angeles' }, source: 'web' }) });
      leads.push(((await res.json()) as { id: string }).id);
    }
    const target = units[99];
    const slots = (await (await fetch(`${base}/viewings/slots?unitId=${target}&from=${DateTime.now().setZone('America/Los_Angeles').plus({ days: 2 }).toISODate()}&to=${DateTime.now().setZone('America/Los_Angeles').plus({ days: 4 }).toISODate()}&tz=America/Los_Angeles`, { headers })).json()) as { slots: { date: string; time: string }[] };
    const slot = slots.slots[0];
    const t0 = performance.now();
    const statuses = await Promise.all(
      leads.map(async (id) => {
        const res = await fetch(`${base}/leads/${id}/viewings`, { method: 'POST', headers, body: JSON.stringify({ unitId: target, date: slot.date, time: slot.time }) });
        await res.text();
        return res.status;
      }),
    );
    const wall = performance.now() - t0;
    const startsAt = DateTime.fromISO(`${slot.date}T${slot.time}`, { zone: 'America/Los_Angeles' }).toJSDate();
    const [{ n: rows }] = await ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM viewings WHERE unit_id = $1 AND starts_at = $2 AND status = 'booked'`, [target, startsAt]);
    const won = statuses.filter((s) => s === 201).length;
    const lost = statuses.filter((s) => s === 409).length;
    log(`Booking: 20 concurrent requests for ${slot.date} ${slot.time}: ${won} × 201, ${lost} × 409, other ${20 - won - lost}; ${rows} booking(s) stored; all answered in ${Math.round(wall)} ms`);
    log(won === 1 && rows === 1 && lost === 19 ? '  exactly one booking: OK' : '  NOT exactly one booking');
    await ds.destroy();
  } finally {
    if (app) await stopServer(app);
    await scratch.drop();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
