import { createAgent, createTestApp, login, TestApp } from './harness';

type Lead = { id: string; assignee: { id: string; name: string } | null; timeline: { type: string; summary: string; data: Record<string, unknown> }[] };

/** Routing (issue 16, point 5): rules by source, area and price; weighted round robin; the pond and its claim race; bad rule sets. */
describe('lead routing (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  let ana: { id: string; token: string };
  let ben: { id: string; token: string };
  let cleo: { id: string; token: string };
  let dev: { id: string; token: string };
  /** An integrator's key, made by the admin: its leads without an assignee are routed like any source's. */
  let key: string;

  const req = (method: 'GET' | 'POST' | 'PUT', url: string, token: string, body?: unknown) => t.request({ method, url, token, body });
  const setRules = async (rules: unknown[]) => {
    const res = await req('PUT', '/api/pipeline/routing', admin, { rules });
    expect(res.status).toBe(200);
    return res.body;
  };
  const newLead = async (name: string, extra: Record<string, unknown> = {}): Promise<Lead> => {
    const res = await t.request({ method: 'POST', url: '/api/leads', apiKey: key, body: { contact: { name }, source: 'web', ...extra } });
    expect(res.status).toBe(201);
    return res.body as Lead;
  };
  const assignedEntry = (l: Lead) => l.timeline.find((e) => e.type === 'assigned')!;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    ana = await createAgent(t, admin, 'Ana Round');
    ben = await createAgent(t, admin, 'Ben Round');
    cleo = await createAgent(t, admin, 'Cleo Seattle');
    dev = await createAgent(t, admin, 'Dev Portal');
    key = (await req('POST', '/api/api-keys', admin, { name: 'Portal feed' })).body.key;
  }, 120_000);
  afterAll(() => t.close());

  it('out of the box every active agent takes turns, and the timeline names the rule', async () => {
    const lead = await newLead('Default Dora');
    expect(lead.assignee).not.toBeNull();
    expect(assignedEntry(lead).summary).toMatch(/^Assigned to .+ by the routing rule "Every active agent, in turn"$/);
    // A person adding a lead by hand decides: an admin who names nobody leaves it in the unassigned pool.
    const byHand = await req('POST', '/api/leads', admin, { contact: { name: 'Hand Hal' }, source: 'phone' });
    expect(byHand.body.assignee).toBeNull();
  });

  it('refuses rule sets that make no sense (400, naming the rule), and only admins read or change them', async () => {
    const team = { name: 'Team', enabled: true, target: 'agents', agents: [{ userId: ana.id, capacity: 3 }] };
    const cases: [unknown[], RegExp][] = [
      [[{ name: 'Nobody', enabled: true, target: 'agents', agents: [] }], /^Rule 1: name at least one agent/],
      [[team, { name: 'Band', enabled: true, target: 'agents', priceMin: 900000, priceMax: 100000, agents: [{ userId: ben.id, capacity: 1 }] }], /^Rule 2: the lowest price is above the highest/],
      [[{ name: 'Pond', enabled: true, target: 'pond', agents: [{ userId: ana.id, capacity: 1 }] }], /^Rule 1: a rule that sends leads to the pond names no agents/],
      [[{ ...team, agents: [{ userId: ana.id, capacity: 1 }, { userId: ana.id, capacity: 2 }] }], /listed twice/],
      [[{ ...team, agents: [{ userId: '00000000-0000-4000-8000-000000000000', capacity: 1 }] }], /active agent/],
      [[{ name: 'All to pond', enabled: true, target: 'pond' }, team], /^Rule 2: it can never fire: rule 1 \("All to pond"\)/],
      [[{ name: 'Everyone', enabled: true, target: 'everyone' }], /how many open leads/],
    ];
    for (const [rules, message] of cases) {
      const res = await req('PUT', '/api/pipeline/routing', admin, { rules });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
    }
    expect((await req('PUT', '/api/pipeline/routing', admin, { rules: [{ ...team, agents: [{ userId: ana.id, capacity: 0 }] }] })).status).toBe(400);
    expect((await req('GET', '/api/pipeline/routing', ana.token)).status).toBe(403);
    expect((await req('PUT', '/api/pipeline/routing', ana.token, { rules: [team] })).status).toBe(403);
    // Nothing was replaced by a refused set.
    expect((await req('GET', '/api/pipeline/routing', admin)).body.rules[0].name).toBe('Every active agent, in turn');
  });

  it('fires rules by area with a price band, and by source, in order; the timeline names the rule that fired', async () => {
    await setRules([
      { name: 'Seattle luxury', enabled: true, areas: ['Seattle'], priceMin: 1000000, target: 'agents', agents: [{ userId: cleo.id, capacity: 50 }] },
      { name: 'Portal leads', enabled: true, sources: ['portal'], target: 'agents', agents: [{ userId: dev.id, capacity: 50 }] },
      { name: 'Everyone else', enabled: true, target: 'agents', agents: [{ userId: ana.id, capacity: 50 }] },
    ]);
    const lux = await newLead('Lux Lee', { profile: { locations: ['seattle'], budgetMax: 1500000 } });
    expect(lux.assignee?.id).toBe(cleo.id);
    expect(assignedEntry(lux)).toMatchObject({ summary: 'Assigned to Cleo Seattle by the routing rule "Seattle luxury"', data: { to: cleo.id, rule: 'Seattle luxury' } });
    // Seattle, but under the band; from a portal: the second rule.
    const portal = await newLead('Pat Portal', { source: 'portal', profile: { locations: ['Seattle'], budgetMax: 400000 } });
    expect(portal.assignee?.id).toBe(dev.id);
    expect(assignedEntry(portal).summary).toBe('Assigned to Dev Portal by the routing rule "Portal leads"');
    // Over the band but elsewhere: the catch-all.
    const other = await newLead('Otto Other', { profile: { locations: ['Tacoma'], budgetMax: 2000000 } });
    expect(other.assignee?.id).toBe(ana.id);
    expect(assignedEntry(other).summary).toBe('Assigned to Ana Round by the routing rule "Everyone else"');
  });

  it('shares leads round robin in proportion to capacity, never past it, even when leads arrive at once; the overflow goes to the pond and admins are warned', async () => {
    const openOf = async (id: string) => Number((await t.db.query(`SELECT count(*) AS n FROM leads WHERE assignee_id = $1 AND stage NOT IN ('won', 'lost')`, [id]))[0].n);
    const a0 = await openOf(ana.id);
    const b0 = await openOf(ben.id);
    await setRules([{ name: 'Weighted team', enabled: true, target: 'agents', agents: [{ userId: ana.id, capacity: a0 + 4 }, { userId: ben.id, capacity: b0 + 2 }] }]);
    // Sequential turns are interleaved by weight.
    const first = [];
    for (let i = 0; i < 3; i++) first.push((await newLead(`Seq ${i}`)).assignee?.id);
    expect(first.filter((x) => x === ana.id)).toHaveLength(2);
    expect(first.filter((x) => x === ben.id)).toHaveLength(1);
    // Concurrent arrivals: the rule's lock makes them take turns; nobody goes past their capacity.
    const rest = await Promise.all([0, 1, 2, 3].map((i) => newLead(`Burst ${i}`)));
    const pond = rest.filter((l) => l.assignee === null);
    expect(await openOf(ana.id)).toBe(a0 + 4);
    expect(await openOf(ben.id)).toBe(b0 + 2);
    expect(pond).toHaveLength(1);
    expect(assignedEntry(pond[0]).summary).toBe('Put in the pond: the routing rule "Weighted team" matched but none of its agents is active with room');
    const routing = (await req('GET', '/api/pipeline/routing', admin)).body;
    expect(routing.pondSize).toBeGreaterThanOrEqual(1);
    expect(routing.warnings).toEqual(expect.arrayContaining(['"Weighted team": every agent is at capacity, so its leads go to the pond.']));
    expect(routing.rules[0].agents).toEqual([expect.objectContaining({ name: 'Ana Round', open: a0 + 4 }), expect.objectContaining({ name: 'Ben Round', open: b0 + 2 })]);
  });

  it('puts a lead no rule takes in the pond; agents see it there; first claim wins and the second gets 409', async () => {
    await setRules([{ name: 'Portal only', enabled: true, sources: ['portal'], target: 'agents', agents: [{ userId: dev.id, capacity: 50 }] }]);
    const lead = await newLead('Polly Pond');
    expect(lead.assignee).toBeNull();
    expect(assignedEntry(lead)).toMatchObject({ summary: 'Put in the pond: no routing rule takes this lead', data: { pond: true } });
    expect((await req('GET', `/api/leads/${lead.id}`, ana.token)).status).toBe(200);
    expect((await req('GET', `/api/leads/${lead.id}`, ben.token)).status).toBe(200);

    const [a, b] = await Promise.all([req('POST', `/api/leads/${lead.id}/claim`, ana.token), req('POST', `/api/leads/${lead.id}/claim`, ben.token)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [winner, loser] = a.status === 200 ? [ana, ben] : [ben, ana];
    const lost = a.status === 409 ? a : b;
    expect(lost.body).toMatchObject({ code: 'already_claimed', message: 'Someone else has this lead already' });
    const after = (await req('GET', `/api/leads/${lead.id}`, winner.token)).body as Lead;
    expect(after.assignee?.id).toBe(winner.id);
    expect(after.timeline[0].summary).toMatch(/^Claimed from the pond by (Ana|Ben) Round$/);
    // The lead is the winner's now: the other agent no longer sees it.
    expect((await req('GET', `/api/leads/${lead.id}`, loser.token)).status).toBe(404);

    // Taking a pond lead through the assignment endpoint is a claim too: one wins, the other gets 409.
    const again = await newLead('Paul Pond');
    const [c, d] = await Promise.all([req('POST', `/api/leads/${again.id}/assign`, ana.token, { assigneeId: ana.id }), req('POST', `/api/leads/${again.id}/assign`, ben.token, { assigneeId: ben.id })]);
    expect([c.status, d.status].sort()).toEqual([200, 409]);

    // A lead that never was in the pond and that the agent may not see is not there at all (404, not 409).
    const cleos = await newLead('Private Pia', { assigneeId: cleo.id });
    expect((await req('POST', `/api/leads/${cleos.id}/claim`, ana.token)).status).toBe(404);
  });
});
