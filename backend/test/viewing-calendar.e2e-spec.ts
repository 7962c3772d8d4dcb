import { DateTime } from 'luxon';
import { createAgent, createTestApp, login, TestApp } from './harness';

const ZONE = 'America/New_York';
const HOME = { type: 'house', purpose: 'sale', price: 650000, bedrooms: 3, bathrooms: 2, city: 'Seattle', area: 'Fremont' };
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));

/**
 * The calendar's side of viewings through the API: the viewings in a range (mine, the team's),
 * a lead's viewings, and the conflict check said in words before saving (real app, real PostgreSQL).
 */
describe('Viewing calendar and conflicts', () => {
  let t: TestApp;
  let admin: string;
  let agent: { id: string; token: string };
  let seq = 0;
  const day = (n: number) => DateTime.now().setZone(ZONE).plus({ days: n }).toISODate()!;
  const newHome = async () => (await t.request({ method: 'POST', url: '/api/inventory', token: admin, body: { ...HOME, title: `Home ${++seq}`, ref: `VC-${seq}` } })).body.id as string;
  const newLead = async (name = `Buyer ${++seq}`) => (await t.request({ method: 'POST', url: '/api/leads', token: agent.token, body: { contact: { name, email: `b${++seq}@example.com`, timezone: ZONE }, source: 'web' } })).body.id as string;
  const book = (leadId: string, unitId: string, date: string, time: string, token = agent.token) => t.request({ method: 'POST', url: `/api/leads/${leadId}/viewings`, token, body: { unitId, date, time } });
  const conflicts = (body: Record<string, string>) => t.request({ method: 'POST', url: '/api/viewings/conflicts', token: agent.token, body });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    agent = await createAgent(t, admin, 'Casey Calendar');
    expect((await t.request({ method: 'PUT', url: '/api/viewings/availability', token: agent.token, body: { timezone: ZONE, weekly: EVERY_DAY, bufferMinutes: 15 } })).status).toBe(200);
  });
  afterAll(() => t.close());

  it('lists my viewings and the team’s in a range, and a lead’s viewings', async () => {
    const lead = await newLead('Dana Calendar');
    const home = await newHome();
    const d = day(5);
    const booked = await book(lead, home, d, '10:00');
    expect(booked.status).toBe(201);
    const from = DateTime.fromISO(d, { zone: ZONE }).toUTC().toISO()!;
    const to = DateTime.fromISO(d, { zone: ZONE }).plus({ days: 1 }).toUTC().toISO()!;
    // An unassigned lead is shown by the agent with the fewest viewings: this one is the only agent.
    const mine = await t.request({ method: 'GET', url: `/api/viewings?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, token: agent.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual([expect.objectContaining({ id: booked.body.id, leadName: 'Dana Calendar', unitTitle: expect.stringMatching(/^Home /), agentName: 'Casey Calendar', timezone: ZONE, local: expect.stringContaining('10:00'), status: 'booked' })]);
    const team = await t.request({ method: 'GET', url: `/api/viewings?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&scope=team`, token: admin });
    expect(team.body.map((v: { id: string }) => v.id)).toContain(booked.body.id);
    const ofLead = await t.request({ method: 'GET', url: `/api/leads/${lead}/viewings`, token: agent.token });
    expect(ofLead.body.map((v: { id: string }) => v.id)).toEqual([booked.body.id]);
    // Bad ranges are refused.
    expect((await t.request({ method: 'GET', url: `/api/viewings?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`, token: agent.token })).body.code).toBe('range_reversed');
    expect((await t.request({ method: 'GET', url: `/api/viewings?from=2030-01-01T00:00:00Z&to=2030-06-01T00:00:00Z`, token: agent.token })).body.code).toBe('range_too_long');
  });

  it('says before saving that the lead or the agent is busy, and the booking refuses a lead already booked then', async () => {
    const lead = await newLead('Eli Conflict');
    const [a, b] = [await newHome(), await newHome()];
    const d = day(6);
    expect((await book(lead, a, d, '11:00')).status).toBe(201);

    // Free for everyone: nothing to say.
    const clear = await conflicts({ leadId: lead, unitId: b, date: d, time: '15:00' });
    expect(clear.status).toBe(200);
    expect(clear.body.conflicts).toEqual([]);

    // The same lead at another home at 11:00: the lead is booked then and the agent too.
    const both = await conflicts({ leadId: lead, unitId: b, date: d, time: '11:00' });
    const kinds = (both.body.conflicts as { kind: string; message: string; blocking: boolean }[]).map((c) => c.kind);
    expect(kinds).toEqual(expect.arrayContaining(['lead', 'agent']));
    expect(both.body.conflicts.find((c: { kind: string }) => c.kind === 'lead').message).toMatch(/Eli Conflict already has a viewing at that time/);
    expect(both.body.conflicts.find((c: { kind: string }) => c.kind === 'agent').message).toMatch(/Casey Calendar is busy at that time/);

    // Another lead at 11:30 elsewhere: the agent is busy (buffer and travel), the lead is not.
    const other = await newLead();
    const agentOnly = await conflicts({ leadId: other, unitId: b, date: d, time: '11:30' });
    expect(agentOnly.body.conflicts.map((c: { kind: string }) => c.kind)).toEqual(['agent']);

    // Moving the viewing itself: its own time does not count against it.
    const [mine] = (await t.request({ method: 'GET', url: `/api/leads/${lead}/viewings`, token: agent.token })).body as { id: string }[];
    const self = await conflicts({ leadId: lead, unitId: a, date: d, time: '11:30', viewingId: mine.id });
    expect(self.body.conflicts).toEqual([]);

    // The booking path applies the lead rule: with a free agent, a lead booked at an overlapping time elsewhere is refused.
    const agent2 = await createAgent(t, admin, 'Morgan Second');
    await t.request({ method: 'PUT', url: '/api/viewings/availability', token: agent2.token, body: { timezone: ZONE, weekly: EVERY_DAY, bufferMinutes: 0 } });
    expect((await t.request({ method: 'POST', url: `/api/leads/${lead}/assign`, token: admin, body: { assigneeId: agent2.id } })).status).toBe(200);
    const refused = await book(lead, await newHome(), d, '11:00', admin);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('viewing_lead_busy');
    expect(refused.body.message).toMatch(/Eli Conflict already has a viewing at that time/);
  });
});
