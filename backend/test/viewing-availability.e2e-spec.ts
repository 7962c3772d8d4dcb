import { DateTime } from 'luxon';
import { createAgent, createTestApp, login, TestApp } from './harness';

const ZONE = 'America/New_York';
const HOME = { type: 'house', purpose: 'sale', price: 650000, bedrooms: 3, bathrooms: 2, city: 'Seattle', area: 'Fremont', street: '4512 Fremont Ave N' };
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));

/**
 * Availability through the API: an agent's hours, buffer and time off, a home's windows, the
 * slots they give, and bookings that never double-book (real app, real PostgreSQL).
 */
describe('Viewing availability and booking', () => {
  let t: TestApp;
  let admin: string;
  let agent: { id: string; token: string };
  let seq = 0;
  const day = (n: number) => DateTime.now().setZone(ZONE).plus({ days: n }).toISODate()!;
  const newHome = async (extra: Record<string, unknown> = {}) => (await t.request({ method: 'POST', url: '/api/inventory', token: admin, body: { ...HOME, title: `Home ${++seq}`, ref: `VA-${seq}`, ...extra } })).body.id as string;
  const newLead = async (token = agent.token) =>
    (await t.request({ method: 'POST', url: '/api/leads', token, body: { contact: { name: `Buyer ${++seq}`, email: `buyer${seq}@example.com`, timezone: ZONE }, source: 'web' } })).body.id as string;
  const slots = (query: string, token = agent.token) => t.request({ method: 'GET', url: `/api/viewings/slots?${query}`, token });
  const book = (leadId: string, unitId: string, date: string, time: string, token = agent.token) => t.request({ method: 'POST', url: `/api/leads/${leadId}/viewings`, token, body: { unitId, date, time } });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    agent = await createAgent(t, admin, 'Avery Agent');
    const res = await t.request({ method: 'PUT', url: '/api/viewings/availability', token: agent.token, body: { timezone: ZONE, weekly: EVERY_DAY, bufferMinutes: 15 } });
    expect(res.status).toBe(200);
  });
  afterAll(() => t.close());

  it("slots follow the agent's hours, buffer, travel and time off, in the lead's zone or the one asked", async () => {
    const unit = await newHome({ lat: 47.6615, lng: -122.3505 });
    const lead = await newLead();
    const d = day(3);
    const res = await slots(`unitId=${unit}&from=${d}&to=${d}&leadId=${lead}`);
    expect(res.status).toBe(200);
    expect(res.body.timezone).toBe(ZONE);
    const times = (res.body.slots as { time: string }[]).map((s) => s.time);
    expect(times[0]).toBe('09:00');
    expect(times.at(-1)).toBe('16:00');
    // The same slots for someone in Los Angeles are three hours earlier on their clock.
    const la = await slots(`unitId=${unit}&from=${d}&to=${d}&leadId=${lead}&tz=America/Los_Angeles`);
    expect(la.body.slots[0].time).toBe('06:00');

    // A viewing 10:00 at a home ~4 km away: buffer 15 + travel 15 → next start 11:30 here.
    const other = await newHome({ lat: 47.6965, lng: -122.3505 });
    expect((await book(await newLead(), other, d, '10:00')).status).toBe(201);
    const after = ((await slots(`unitId=${unit}&from=${d}&to=${d}&leadId=${lead}`)).body.slots as { time: string }[]).map((s) => s.time);
    expect(after).not.toContain('09:30');
    expect(after).not.toContain('10:00');
    expect(after).not.toContain('11:00');
    expect(after).toContain('11:30');

    // Time off in the afternoon.
    const off = await t.request({ method: 'POST', url: '/api/viewings/time-off', token: agent.token, body: { startsAt: DateTime.fromISO(`${d}T13:00`, { zone: ZONE }).toISO(), endsAt: DateTime.fromISO(`${d}T18:00`, { zone: ZONE }).toISO(), note: 'Dentist' } });
    expect(off.status).toBe(201);
    const withOff = ((await slots(`unitId=${unit}&from=${d}&to=${d}&leadId=${lead}`)).body.slots as { time: string }[]).map((s) => s.time);
    expect(withOff.at(-1)).toBe('12:00');
    expect((await t.request({ method: 'DELETE', url: `/api/viewings/time-off/${off.body.id}`, token: agent.token })).status).toBe(204);
    expect((await t.request({ method: 'DELETE', url: `/api/viewings/time-off/${off.body.id}`, token: agent.token })).status).toBe(404);
  });

  it("a home's viewing windows narrow the slots", async () => {
    const unit = await newHome();
    const d = day(4);
    const weekday = DateTime.fromISO(d, { zone: ZONE }).weekday % 7;
    expect((await t.request({ method: 'PUT', url: `/api/inventory/${unit}/viewing-windows`, token: admin, body: { timezone: ZONE, windows: [{ weekday, start: '14:00', end: '15:30' }] } })).status).toBe(200);
    const res = await slots(`unitId=${unit}&from=${d}&to=${d}&leadId=${await newLead()}`);
    expect((res.body.slots as { time: string }[]).map((s) => s.time)).toEqual(['14:00', '14:30']);
  });

  it('refuses bad ranges and unknown homes with a clear 4xx', async () => {
    const unit = await newHome();
    const lead = await newLead();
    const past = await slots(`unitId=${unit}&from=${day(-10)}&to=${day(-3)}&leadId=${lead}`);
    expect(past.status).toBe(400);
    expect(past.body.code).toBe('range_past');
    const long = await slots(`unitId=${unit}&from=${day(1)}&to=${day(70)}&leadId=${lead}`);
    expect(long.status).toBe(400);
    expect(long.body.code).toBe('range_too_long');
    const unknown = await slots(`unitId=00000000-0000-4000-8000-000000000000&from=${day(1)}&to=${day(2)}&tz=${ZONE}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('unit_not_found');
    expect((await slots(`unitId=${unit}&from=${day(1)}&to=${day(2)}`)).body.code).toBe('time_zone_required');
    expect((await slots(`unitId=${unit}&from=${day(1)}&to=${day(2)}&tz=Mars/Olympus`)).status).toBe(400);
  });

  it('refuses a booking outside a slot or in the past', async () => {
    const unit = await newHome();
    const lead = await newLead();
    const late = await book(lead, unit, day(3), '20:00');
    expect(late.status).toBe(400);
    expect(late.body.code).toBe('viewing_outside_hours');
    expect(late.body.details[0].alternatives.length).toBeGreaterThan(0);
    const gone = await book(lead, unit, day(-2), '10:00');
    expect(gone.status).toBe(400);
    expect(gone.body.code).toBe('viewing_past');
  });

  it('20 concurrent bookings of one slot: exactly one 201, the rest 409', async () => {
    const unit = await newHome();
    const leads = await Promise.all(Array.from({ length: 20 }, () => newLead()));
    const d = day(5);
    const res = await Promise.all(leads.map((l) => book(l, unit, d, '11:00')));
    expect(res.map((r) => r.status).sort()).toEqual([201, ...Array(19).fill(409)]);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM viewings WHERE unit_id = $1 AND status = 'booked'`, [unit]))[0].n).toBe(1);
  });

  it('the same agent is never booked at two homes at once, however concurrent', async () => {
    const units = await Promise.all(Array.from({ length: 10 }, () => newHome()));
    const leads = await Promise.all(units.map(() => newLead()));
    const d = day(6);
    const res = await Promise.all(units.map((u, i) => book(leads[i], u, d, '15:00')));
    expect(res.filter((r) => r.status === 201)).toHaveLength(1);
    expect(res.filter((r) => r.status === 409)).toHaveLength(9);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM viewings WHERE agent_id = $1 AND starts_at = $2`, [agent.id, DateTime.fromISO(`${d}T15:00`, { zone: ZONE }).toJSDate()]))[0].n).toBe(1);
  });
});
