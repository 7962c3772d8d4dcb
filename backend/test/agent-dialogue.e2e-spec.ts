import { DateTime } from 'luxon';
import { createAgent, createTestApp, login, TestApp } from './harness';
import { parseSse } from '../bench/fake-openai-chat';

type Ev = { event: string; data: any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON

const UNITS = [
  { ref: 'D-K1', title: 'Craftsman house near Juanita Beach', city: 'Kirkland', area: 'Juanita', zip: '98034', lat: 47.7057, lng: -122.2146, price: 1150000, bedrooms: 3, bathrooms: 2, type: 'house', features: ['garage', 'fireplace'], yearBuilt: 1962, sizeSqft: 2100 },
  { ref: 'D-K2', title: 'Family house with big yard', city: 'Kirkland', area: 'Rose Hill', zip: '98033', price: 990000, bedrooms: 4, bathrooms: 2.5, type: 'house', features: ['yard'] },
  { ref: 'D-K3', title: 'Modern house with lake view', city: 'Kirkland', area: 'Houghton', zip: '98033', price: 1280000, bedrooms: 3, bathrooms: 3, type: 'house', features: ['view'] },
  { ref: 'D-B1', title: 'Ballard apartment for rent', city: 'Seattle', area: 'Ballard', zip: '98107', price: 2800, bedrooms: 2, bathrooms: 1, type: 'apartment', purpose: 'rent', features: ['in-unit laundry'] },
  { ref: 'D-B2', title: 'Bellevue apartment for rent', city: 'Bellevue', area: 'Downtown', zip: '98004', price: 3200, bedrooms: 4, bathrooms: 2, type: 'apartment', purpose: 'rent', features: [] },
];

/**
 * Conversations a buyer, a renter or a seller would have in the chat view, through the real HTTP
 * API on real PostgreSQL (local provider): questions are answered and never recorded as needs,
 * short answers and "the second one" are read in context, corrections replace, a viewing is booked
 * only once a time was chosen and the lead can be reached — then the agent is named, assigned and
 * told — and sellers are recorded.
 */
describe('AI agent dialogue (local provider)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    for (const u of UNITS) {
      const res = await t.request({ method: 'POST', url: '/api/inventory', token: admin, body: { description: `${u.title}.`, purpose: 'sale', ...u } });
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => t.close());

  const newSession = async () => {
    const res = await t.request({ method: 'POST', url: '/api/agent/session', token: admin, body: {} });
    expect(res.status).toBe(201);
    return res.body as { sessionId: string; leadId: string };
  };
  const turn = async (sessionId: string, message: string): Promise<Ev[]> => {
    const res = await t.request({ method: 'POST', url: '/api/agent/turn', token: admin, body: { sessionId, message } });
    expect(res.status).toBe(200);
    const evs = parseSse(typeof res.body === 'string' ? res.body : JSON.stringify(res.body)) as Ev[];
    expect(evs.find((e) => e.event === 'error')).toBeUndefined();
    return evs;
  };
  const text = (evs: Ev[]) => evs.filter((e) => e.event === 'token').map((e) => e.data.delta).join('');
  const calls = (evs: Ev[], name?: string) => evs.filter((e) => e.event === 'tool_call' && (!name || e.data.name === name));
  const result = (evs: Ev[], name: string) => evs.find((e) => e.event === 'tool_result' && e.data.name === name)?.data;
  const lead = async (id: string) => (await t.request({ method: 'GET', url: `/api/leads/${id}`, token: admin })).body;
  const shown = (evs: Ev[]) => (result(evs, 'inventory_search')?.data?.units ?? []) as { id: string; title: string; area: string }[];

  it('answers questions about a home from its listing and never records them as needs; statements still are', async () => {
    const { sessionId, leadId } = await newSession();
    const first = await turn(sessionId, 'I want to rent a 2 bedroom apartment in Ballard, up to $3000 a month');
    expect(shown(first)[0].title).toBe('Ballard apartment for rent');

    const furnished = await turn(sessionId, 'Is it furnished?');
    expect(text(furnished)).toMatch(/doesn't say whether it comes furnished/i);
    expect(text(furnished)).toMatch(/asked the listing agent/i);
    expect(calls(furnished, 'update_lead_profile')).toHaveLength(0);
    expect(calls(furnished, 'schedule_viewing')).toHaveLength(0);
    expect(calls(furnished, 'create_task')[0].data.args.title).toMatch(/^Ask the listing agent about Ballard apartment for rent: whether it comes furnished/);

    const pets = await turn(sessionId, 'Are pets allowed? And does it have in-unit laundry?');
    expect(text(pets)).toMatch(/doesn't say whether pets are allowed/i);
    expect(text(pets)).toMatch(/Yes — the listing mentions an in-unit laundry/);
    let profile = (await lead(leadId)).profile;
    expect(profile).toMatchObject({ pets: null, furnished: null, mustHaves: [] });
    const detail = await lead(leadId);
    expect(detail.tasks.filter((k: { title: string }) => /^Ask the listing agent/.test(k.title))).toHaveLength(2);

    // Needs said as needs, with their negations, are recorded.
    await turn(sessionId, 'I have a dog. Unfurnished please, and no parking needed.');
    profile = (await lead(leadId)).profile;
    expect(profile).toMatchObject({ pets: true, furnished: false, mustHaves: [] });
    expect(profile.evidence.pets.quote).toMatch(/have a dog/i);
  });

  it('reads "the second one", "the Juanita house" and "it" as the homes just shown; gives the address', async () => {
    const { sessionId } = await newSession();
    const first = await turn(sessionId, 'looking to buy a house in Kirkland with 3 bedrooms, up to 1.3M');
    const homes = shown(first);
    expect(homes.length).toBeGreaterThanOrEqual(2);

    const second = await turn(sessionId, 'What is the address of the second one?');
    expect(calls(second, 'unit_details')[0].data.args.unitId).toBe(homes[1].id);
    expect(calls(second, 'inventory_search')).toHaveLength(0);
    expect(text(second)).toContain(`It is in ${homes[1].area}, Kirkland`);

    const juanita = await turn(sessionId, 'When was the Juanita house built?');
    const juanitaId = homes.find((h) => h.area === 'Juanita')!.id;
    expect(calls(juanita, 'unit_details')[0].data.args.unitId).toBe(juanitaId);
    expect(text(juanita)).toContain('It was built in 1962.');
    const where = await turn(sessionId, "and what's the address?");
    expect(calls(where, 'unit_details')[0].data.args.unitId).toBe(juanitaId);
    expect(text(where)).toMatch(/It is in Juanita, Kirkland 98034 \(map: https:\/\/www\.openstreetmap\.org\/\?mlat=47\.70570&mlon=-122\.21460/);
    // A question about a home never books a viewing, even right after one was offered.
    const garage = await turn(sessionId, 'does the first one have a garage?');
    expect(calls(garage, 'schedule_viewing')).toHaveLength(0);
  });

  it('reads short answers against its last question and lets corrections replace', async () => {
    const { sessionId, leadId } = await newSession();
    const a = await turn(sessionId, 'Hi, I want to buy a condo');
    expect(text(a)).toMatch(/which areas|where would you like/i);
    await turn(sessionId, 'Seattle');
    expect((await lead(leadId)).profile.locations).toEqual(['Seattle']);
    await turn(sessionId, '900k');
    const b = await turn(sessionId, 'just one');
    void b;
    expect((await lead(leadId)).profile).toMatchObject({ bedrooms: 1, budgetMax: 900_000 });
    await turn(sessionId, 'actually make it 3 bedrooms');
    expect((await lead(leadId)).profile.bedrooms).toBe(3);
    await turn(sessionId, 'not Seattle, Bellevue');
    expect((await lead(leadId)).profile.locations).toEqual(['Bellevue']);
    await turn(sessionId, "We're relocating to Kirkland for work");
    expect((await lead(leadId)).profile.locations).toEqual(['Kirkland']);
    await turn(sessionId, 'we would also look in Redmond');
    expect((await lead(leadId)).profile.locations).toEqual(['Kirkland', 'Redmond']);
  });

  it('books only a chosen time, asks an anonymous visitor who they are first, then names and assigns the agent, tells them and moves the stage; never twice', async () => {
    const agent = await createAgent(t, admin, 'Vera Viewing');
    const { sessionId, leadId } = await newSession();
    const first = await turn(sessionId, 'I want to buy a 3 bedroom house in Kirkland, budget up to $1.3M');
    const home = shown(first)[0];

    // "yes" to "would you like to see one?" offers times; nothing is booked without one chosen.
    const yes = await turn(sessionId, 'yes please');
    expect(result(yes, 'schedule_viewing').data.booked).toBe(false);
    expect(result(yes, 'schedule_viewing').data.slots.length).toBeGreaterThan(0);
    const weekend = await turn(sessionId, 'this weekend at 11am?');
    const args = calls(weekend, 'schedule_viewing')[0].data.args;
    const day = DateTime.fromISO(args.date, { zone: 'America/Los_Angeles' });
    const today = DateTime.now().setZone('America/Los_Angeles').startOf('day');
    expect([6, 7]).toContain(day.weekday);
    expect(day.diff(today, 'days').days).toBeLessThan(7);
    const held = result(weekend, 'schedule_viewing').data;
    const [{ n: before }] = await t.db.query(`SELECT count(*)::int AS n FROM viewings WHERE lead_id = $1`, [leadId]);
    expect(before).toBe(0);
    if (held.held) {
      expect(text(weekend)).toMatch(/may I have your name and a phone number or email/i);
    } else {
      // This weekend is already past the booking window (a Saturday afternoon): other times were offered.
      expect(held.slots.length).toBeGreaterThan(0);
      await turn(sessionId, '1');
    }

    const who = await turn(sessionId, 'Dana Reyes, dana.reyes@example.com');
    const booked = result(who, 'schedule_viewing');
    expect(booked.data.booked).toBe(true);
    expect(booked.data.viewing.unitId).toBe(home.id);
    const reply = text(who);
    expect(reply).toMatch(/You're booked to see/);
    expect(reply).toContain('Vera Viewing, your agent, will meet you there');
    expect(reply).toContain(`the home is in ${home.area}, Kirkland`);

    const detail = await lead(leadId);
    expect(detail.contact).toMatchObject({ name: 'Dana Reyes', email: 'dana.reyes@example.com' });
    expect(detail.assignee?.id ?? detail.assigneeId).toBe(agent.id);
    expect(detail.stage).toBe('viewing');
    const task = detail.tasks.find((k: { title: string }) => k.title.startsWith(`Show ${home.title} to Dana Reyes`));
    expect(task).toBeDefined();
    expect(task.assigneeId ?? task.assignee?.id).toBe(agent.id);
    expect(new Date(task.dueAt).toISOString()).toBe(booked.data.viewing.startsAt);

    // The same home again: not booked twice.
    const again = await turn(sessionId, `Can I see ${home.area === 'Juanita' ? 'the Juanita house' : 'the first one'} next Tuesday at 2pm?`);
    expect(result(again, 'schedule_viewing').data).toMatchObject({ booked: false, already: { unitId: home.id } });
    expect(text(again)).toMatch(/already booked to see/);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM viewings WHERE lead_id = $1 AND status = 'booked'`, [leadId]);
    expect(n).toBe(1);
  });

  it('a remark about a home shown is neither a need nor a pick; "yes" to the times offered takes the first, once the visitor says who they are', async () => {
    const { sessionId, leadId } = await newSession();
    const first = await turn(sessionId, 'We want to buy a house in Kirkland, 3 bedrooms, up to $1.3M');
    const home = shown(first)[0];
    expect(home).toBeDefined();

    // "oh nice, the second one has a big yard": the listing's yard, not the lead's need, and no viewing asked for.
    const remark = await turn(sessionId, 'oh nice, the second one has a big yard');
    expect(calls(remark, 'schedule_viewing')).toHaveLength(0);
    expect((await lead(leadId)).profile.mustHaves).toEqual([]);

    const want = await turn(sessionId, "I'd like to see the first one");
    const offered = result(want, 'schedule_viewing').data;
    expect(offered.booked).toBe(false);
    expect(offered.slots.length).toBeGreaterThan(1);
    expect(text(want)).toContain(`Say yes and I'll take the first, ${offered.slots[0].local}.`);

    const yes = await turn(sessionId, 'yes, that works');
    expect(result(yes, 'schedule_viewing').data).toMatchObject({ booked: false, held: { unitId: home.id } });
    expect(text(yes)).toMatch(/may I have your name and a phone number or email/i);

    const who = await turn(sessionId, 'Sam Reed, 206-555-0183');
    const booked = result(who, 'schedule_viewing').data;
    expect(booked.booked).toBe(true);
    expect(booked.viewing).toMatchObject({ unitId: home.id, startsAt: offered.slots[0].startsAt });
    expect((await lead(leadId)).contact).toMatchObject({ name: 'Sam Reed', phone: '+12065550183' });
  });

  it('never books a lead at two homes at once: says which viewing is in the way, offers other times, and books the one chosen', async () => {
    // Two agents: whoever shows the first home, another is free for the second at the same time.
    await createAgent(t, admin, 'Olive Overlap');
    await createAgent(t, admin, 'Pat Parallel');
    const { sessionId, leadId } = await newSession();
    await t.db.query(`UPDATE contacts SET name = 'Robin Busy', email = 'robin.busy@example.com' WHERE id = (SELECT contact_id FROM leads WHERE id = $1)`, [leadId]);
    const first = await turn(sessionId, 'I want to buy a 3 bedroom house in Kirkland, budget up to $1.3M');
    const homes = shown(first);
    expect(homes.length).toBeGreaterThan(1);
    const [other, wanted] = homes;

    // The lead already has a viewing of one home (booked by a person); the other home is free then too.
    const slotsOf = async (unitId: string) => (await t.request({ method: 'GET', url: `/api/leads/${leadId}/viewing-slots?unitId=${unitId}`, token: admin })).body.slots as { date: string; time: string; startsAt: string; local: string }[];
    const wantedFree = new Set((await slotsOf(wanted.id)).map((s) => s.startsAt));
    const at = (await slotsOf(other.id)).find((s) => wantedFree.has(s.startsAt));
    expect(at).toBeDefined();
    const booked = await t.request({ method: 'POST', url: `/api/leads/${leadId}/viewings`, token: admin, body: { unitId: other.id, date: at!.date, time: at!.time } });
    expect(booked.status).toBe(201);

    // The lead asks for the other home at that very time: not booked, told why in words, other times offered.
    const when = DateTime.fromISO(at!.startsAt, { zone: 'America/Los_Angeles' });
    const ask = await turn(sessionId, `Can I see the ${wanted.area} one on ${when.toFormat('MMMM d')} at ${when.toFormat('h:mm a')}?`);
    const refused = result(ask, 'schedule_viewing');
    expect(calls(ask, 'schedule_viewing')[0].data.args).toMatchObject({ unitId: wanted.id, date: at!.date, time: at!.time });
    expect(refused.data).toMatchObject({ booked: false, reason: 'lead_busy', clash: { unitId: other.id } });
    const offered = refused.data.slots as { startsAt: string; local: string }[];
    expect(offered.length).toBeGreaterThan(0);
    const busyFrom = new Date(at!.startsAt).getTime();
    // None of the offered times overlaps the viewing the lead has (45 minutes each).
    for (const s of offered) expect(Math.abs(new Date(s.startsAt).getTime() - busyFrom)).toBeGreaterThanOrEqual(45 * 60_000);
    const reply = text(ask);
    expect(reply).toContain(`You already have a viewing then — ${other.title} on ${at!.local}`);
    expect(reply).toContain(offered[0].local);
    const count = async () => (await t.db.query(`SELECT count(*)::int AS n FROM viewings WHERE lead_id = $1 AND status = 'booked'`, [leadId]))[0].n as number;
    expect(await count()).toBe(1);

    // The lead takes the first time offered: that one is booked.
    const take = await turn(sessionId, 'option 1 please');
    const done = result(take, 'schedule_viewing');
    expect(done.data).toMatchObject({ booked: true, viewing: { unitId: wanted.id, startsAt: offered[0].startsAt } });
    expect(await count()).toBe(2);
  });

  it('records a seller: what they sell, where and when — no homes searched, a task for an agent', async () => {
    const { sessionId, leadId } = await newSession();
    const evs = await turn(sessionId, 'Hi, I want to sell my 3 bedroom house in Ballard');
    expect(calls(evs, 'inventory_search')).toHaveLength(0);
    expect(text(evs)).toMatch(/sell your 3-bedroom house in Ballard/);
    await turn(sessionId, 'within 6 months');
    const detail = await lead(leadId);
    expect(detail.profile).toMatchObject({ purpose: 'sell', propertyTypes: ['house'], bedrooms: 3, locations: ['Ballard'], timeline: '3-6_months', budgetMax: null });
    expect(detail.tasks.some((k: { title: string }) => /about selling their home/.test(k.title))).toBe(true);
  });
  it("routes a conversation an admin opens, and books for a lead nobody holds by the routing rules: the rule's agent has the lead and shows the home; when no rule takes it, the agent free then with the fewest open leads, and the timeline says why", async () => {
    const rita = await createAgent(t, admin, 'Rita Routed');
    const setRules = async (rules: unknown[]) => expect((await t.request({ method: 'PUT', url: '/api/pipeline/routing', token: admin, body: { rules } })).status).toBe(200);
    const viewingOf = async (leadId: string) => (await t.db.query<{ agentId: string; name: string }[]>(`SELECT v.agent_id AS "agentId", u.name FROM viewings v JOIN users u ON u.id = v.agent_id WHERE v.lead_id = $1`, [leadId]))[0];
    const assigned = (l: { timeline: { type: string; summary: string }[] }) => l.timeline.filter((e) => e.type === 'assigned').map((e) => e.summary);
    /** A lead an admin typed in and left unassigned chats with the assistant and books a time. */
    const bookFor = async (name: string, email: string, time: string) => {
      const created = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: { name, email }, source: 'phone' } });
      expect(created.body.assignee).toBeNull();
      const session = await t.request({ method: 'POST', url: '/api/agent/session', token: admin, body: { leadId: created.body.id } });
      const { sessionId } = session.body as { sessionId: string };
      await turn(sessionId, 'I want to buy a 3 bedroom house in Kirkland, budget up to $1.3M');
      expect(result(await turn(sessionId, 'yes please'), 'schedule_viewing').data.slots.length).toBeGreaterThan(0);
      const asked = result(await turn(sessionId, `this weekend at ${time}?`), 'schedule_viewing').data;
      // That time may be past the booking window or taken: then the first of the times offered instead.
      const booked = asked.booked ? asked : result(await turn(sessionId, 'option 1'), 'schedule_viewing').data;
      expect(booked.booked).toBe(true);
      return lead(created.body.id);
    };
    try {
      await setRules([{ name: 'Kirkland buyers', enabled: true, target: 'agents', agents: [{ userId: rita.id, capacity: 100 }] }]);
      // A conversation an admin opens for a new visitor is a new lead like the widget's: routed, the rule named.
      const opened = await lead((await newSession()).leadId);
      expect(opened.assignee).toEqual({ id: rita.id, name: 'Rita Routed' });
      expect(assigned(opened)).toEqual(['Assigned to Rita Routed by the routing rule "Kirkland buyers"']);
      const routed = await bookFor('Rory Routed', 'rory.routed@example.com', '11am');
      expect(routed.assignee).toEqual({ id: rita.id, name: 'Rita Routed' });
      expect(assigned(routed)).toEqual(['Assigned to Rita Routed by the routing rule "Kirkland buyers" (the assistant booked a viewing)']);
      expect((await viewingOf(routed.id)).agentId).toBe(rita.id);

      // No rule takes the lead: it does not wait in the pond with a viewing booked; whoever shows the home has it.
      await setRules([{ name: 'Tacoma only', enabled: true, areas: ['Tacoma'], target: 'agents', agents: [{ userId: rita.id, capacity: 100 }] }]);
      const pond = await bookFor('Polly Pond', 'polly.pond@example.com', '3pm');
      const shower = await viewingOf(pond.id);
      expect(pond.assignee).toEqual({ id: shower.agentId, name: shower.name });
      expect(assigned(pond).sort()).toEqual(
        [
          'Put in the pond: no routing rule takes this lead (the assistant booked a viewing)',
          `Assigned to ${shower.name}, who shows the viewing the assistant booked: no routing rule takes this lead, and of the agents free then ${shower.name} has the fewest open leads`,
        ].sort(),
      );
    } finally {
      await setRules([{ name: 'Every active agent, in turn', enabled: true, target: 'everyone', capacity: 1000 }]);
    }
  });
});
