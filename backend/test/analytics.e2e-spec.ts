import { randomUUID } from 'node:crypto';
import { AnalyticsService } from '../src/analytics/analytics.service';
import { createAgent, createTestApp, login, TestApp } from './harness';

/**
 * Every analytics figure against a small fixture whose numbers are worked out by hand below (never
 * by the figures' own SQL). The team's time zone is America/Los_Angeles (UTC−8 in mid-November).
 *
 * Range 2026-11-10 … 2026-11-16 (7 team days) = [2026-11-10T08:00Z, 2026-11-17T08:00Z).
 * Previous period 2026-11-03 … 2026-11-09 = [2026-11-03T08:00Z, 2026-11-10T08:00Z).
 *
 * Leads (A = Ann, B = Bob; times UTC, then team clock):
 *  L1 web, A, 11-10 16:00 (08:00)  new→contacted +1 h, →qualified +2 h, →viewing 11-11 16:00, →offer 11-12 16:00, →won 11-13 16:00.
 *        First answer 60 s (assistant 60 s, a person 3600 s). Score 85, qualified.
 *  L2 Lead Ads (campaign C1, form F1), A, 11-12 20:00 (12:00)  →contacted +2 h, →qualified 11-13 02:00 (+4 h).
 *        First answer 120 s (assistant only). Score 70, qualified. A viewing booked by the assistant, then cancelled.
 *  L3 Lead Ads (C1, F2), B, 11-17 07:30 UTC = 11-16 23:30 team day: IN the range although UTC says the 17th. Never answered. Score 45.
 *  L4 web, B, 11-14 18:00 (10:00)  →contacted +600 s, →lost 11-15 18:00. First answer 600 s (a person). Score 20.
 *  L5 referral, nobody (the pool), 11-16 06:00 = 11-15 22:00 team day. First answer 30 s (assistant). Score 55.
 *  P1 web, A, 11-10 07:30 UTC = 11-09 23:30 team day: in the PREVIOUS period although UTC says the 10th. →contacted +2 h. First answer 7200 s (person). Score 30.
 *  P2 web, B, 11-05 20:00  →contacted +1 h, →qualified +2 h more. First answer 3600 s (person). Score 65, qualified.
 *  O1 web, A, 11-02 20:00: before both periods; still open.
 */
const RANGE = 'from=2026-11-10&to=2026-11-16';

describe('analytics figures (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  let ann: { id: string; token: string };
  let bob: { id: string; token: string };
  const id: Record<string, string> = {};

  const get = async (path: string, token = admin) => {
    const res = await t.request({ method: 'GET', url: `/api/analytics/${path}`, token });
    expect(res.status).toBe(200);
    return res.body;
  };

  const lead = async (key: string, l: { source: string; assignee: string | null; at: string; stage: string; score: number; qualified?: boolean; first?: number; ai?: number; human?: number; origin?: Record<string, unknown> }) => {
    const at = new Date(l.at);
    const plus = (s?: number) => (s === undefined ? null : new Date(at.getTime() + s * 1000));
    const [c] = await t.db.query<{ id: string }[]>(`INSERT INTO contacts (name, email) VALUES ($1, $2) RETURNING id`, [`Lead ${key}`, `${key.toLowerCase()}.${randomUUID().slice(0, 6)}@example.com`]);
    const [row] = await t.db.query<{ id: string }[]>(
      `INSERT INTO leads (contact_id, source, stage, assignee_id, score, qualification_status, first_response_at, first_ai_response_at, first_human_response_at, last_activity_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
      [c.id, l.source, l.stage, l.assignee, l.score, l.qualified ? 'qualified' : 'unqualified', plus(l.first), plus(l.ai), plus(l.human), at],
    );
    id[key] = row.id;
    await activity(key, 'lead_created', l.at, { source: l.source, ...(l.origin ?? {}) });
  };
  const activity = (key: string, type: string, at: string, data: Record<string, unknown>) =>
    t.db.query(`INSERT INTO activities (lead_id, type, summary, data, created_at) VALUES ($1, $2::text::activity_type, $2::text, $3, $4)`, [id[key], type, data, at]);
  const moves = async (key: string, steps: [string, string, string][]) => {
    for (const [from, to, at] of steps) await activity(key, 'stage_changed', at, { from, to });
  };
  const qualification = (key: string, at: string, breakdown: { factor: string; points: number }[], source = 'auto') =>
    t.db.query(`INSERT INTO qualifications (lead_id, score, breakdown, status, source, created_at) VALUES ($1, $2, $3, 'unqualified', $4, $5)`, [
      id[key],
      breakdown.reduce((n, f) => n + f.points, 0),
      JSON.stringify(breakdown.map((f) => ({ ...f, max: 20, reason: '' }))),
      source,
      at,
    ]);
  const session = async (key: string, at: string) => (await t.db.query<{ id: string }[]>(`INSERT INTO sessions (lead_id, created_at) VALUES ($1, $2) RETURNING id`, [id[key], at]))[0].id;
  const turn = (sessionId: string, key: string, at: string, model: string, prompt: number, cached: number, completion: number, cost: number | null) =>
    t.db.query(
      `INSERT INTO messages (id, session_id, lead_id, role, content, model, prompt_tokens, cached_tokens, completion_tokens, cost_usd, created_at) VALUES ($1, $2, $3, 'assistant', 'Hello', $4, $5, $6, $7, $8, $9)`,
      [randomUUID(), sessionId, id[key], model, prompt, cached, completion, cost, at],
    );

  beforeAll(async () => {
    t = await createTestApp({ TEAM_TIME_ZONE: 'America/Los_Angeles', ANALYTICS_TOKEN_PRICES: '{"*":[0,0,0],"gpt-4o-mini":[0.15,0.075,0.6]}' });
    admin = await login(t);
    ann = await createAgent(t, admin, 'Ann Analytics');
    bob = await createAgent(t, admin, 'Bob Analytics');
    // The SLA work adds this timeline type; until it is merged, the fixture adds it as that migration will.
    await t.db.query(`ALTER TYPE activity_type ADD VALUE IF NOT EXISTS 'sla_breached'`);
    const unit = await t.request({ method: 'POST', url: '/api/inventory', token: admin, body: { ref: 'AN-1', title: 'House for analytics', type: 'house', purpose: 'sale', price: 800000, bedrooms: 3, bathrooms: 2, city: 'Seattle' } });
    expect(unit.status).toBe(201);

    await lead('L1', { source: 'web', assignee: ann.id, at: '2026-11-10T16:00:00Z', stage: 'won', score: 85, qualified: true, first: 60, ai: 60, human: 3600 });
    await moves('L1', [
      ['new', 'contacted', '2026-11-10T17:00:00Z'],
      ['contacted', 'qualified', '2026-11-10T19:00:00Z'],
      ['qualified', 'viewing', '2026-11-11T16:00:00Z'],
      ['viewing', 'offer', '2026-11-12T16:00:00Z'],
      ['offer', 'won', '2026-11-13T16:00:00Z'],
    ]);
    await lead('L2', { source: 'meta_lead_ads', assignee: ann.id, at: '2026-11-12T20:00:00Z', stage: 'qualified', score: 70, qualified: true, first: 120, ai: 120, origin: { campaignId: 'C1', formId: 'F1' } });
    await moves('L2', [
      ['new', 'contacted', '2026-11-12T22:00:00Z'],
      ['contacted', 'qualified', '2026-11-13T02:00:00Z'],
    ]);
    await lead('L3', { source: 'meta_lead_ads', assignee: bob.id, at: '2026-11-17T07:30:00Z', stage: 'new', score: 45, origin: { campaignId: 'C1', formId: 'F2' } });
    await lead('L4', { source: 'web', assignee: bob.id, at: '2026-11-14T18:00:00Z', stage: 'lost', score: 20, first: 600, human: 600 });
    await moves('L4', [
      ['new', 'contacted', '2026-11-14T18:10:00Z'],
      ['contacted', 'lost', '2026-11-15T18:00:00Z'],
    ]);
    await lead('L5', { source: 'referral', assignee: null, at: '2026-11-16T06:00:00Z', stage: 'new', score: 55, first: 30, ai: 30 });
    await lead('P1', { source: 'web', assignee: ann.id, at: '2026-11-10T07:30:00Z', stage: 'contacted', score: 30, first: 7200, human: 7200 });
    await moves('P1', [['new', 'contacted', '2026-11-10T09:30:00Z']]);
    await lead('P2', { source: 'web', assignee: bob.id, at: '2026-11-05T20:00:00Z', stage: 'qualified', score: 65, qualified: true, first: 3600, human: 3600 });
    await moves('P2', [
      ['new', 'contacted', '2026-11-05T21:00:00Z'],
      ['contacted', 'qualified', '2026-11-05T23:00:00Z'],
    ]);
    await lead('O1', { source: 'web', assignee: ann.id, at: '2026-11-02T20:00:00Z', stage: 'new', score: 10 });

    // Viewings: V1 held by Ann (done, in the past), V2 cancelled; both booked by the assistant within the range.
    await t.db.query(
      `INSERT INTO viewings (lead_id, unit_id, agent_id, starts_at, ends_at, timezone, status, booked_by, created_at) VALUES
       ($1, $3, $4, '2026-11-11T18:00:00Z', '2026-11-11T18:45:00Z', 'America/Los_Angeles', 'done', 'ai', '2026-11-10T20:00:00Z'),
       ($2, $3, NULL, '2026-11-14T19:00:00Z', '2026-11-14T19:45:00Z', 'America/Los_Angeles', 'cancelled', 'ai', '2026-11-13T03:00:00Z')`,
      [id.L1, id.L2, unit.body.id, ann.id],
    );
    // Missed answer deadlines: L2 (Ann) and L4 (Bob) in the range; L1's is in the previous period.
    await activity('L2', 'sla_breached', '2026-11-12T20:30:00Z', {});
    await activity('L4', 'sla_breached', '2026-11-14T18:05:00Z', {});
    await activity('L1', 'sla_breached', '2026-11-05T10:00:00Z', {});
    // Hand-overs: the assistant's on L4, a person taking L3 over (23:40 on the 16th, team clock), and handing it back (no hand-over).
    await activity('L4', 'handover', '2026-11-14T19:00:00Z', { reason: 'The lead asked for a person' });
    await activity('L3', 'handover', '2026-11-17T07:40:00Z', { mode: 'human' });
    await activity('L3', 'handover', '2026-11-17T07:50:00Z', { mode: 'ai' });
    // Score history: L1 budget +10 and engagement +10; L2 engagement +10 then −5; L4's manual score and P2's earlier change do not count.
    await qualification('L1', '2026-11-10T16:00:00Z', [{ factor: 'budget', points: 10 }, { factor: 'engagement', points: 0 }, { factor: 'timeline', points: 5 }]);
    await qualification('L1', '2026-11-11T10:00:00Z', [{ factor: 'budget', points: 20 }, { factor: 'engagement', points: 10 }, { factor: 'timeline', points: 5 }]);
    await qualification('L2', '2026-11-12T20:00:00Z', [{ factor: 'budget', points: 10 }, { factor: 'engagement', points: 5 }]);
    await qualification('L2', '2026-11-13T00:00:00Z', [{ factor: 'budget', points: 10 }, { factor: 'engagement', points: 15 }]);
    await qualification('L2', '2026-11-14T00:00:00Z', [{ factor: 'budget', points: 10 }, { factor: 'engagement', points: 10 }]);
    await qualification('L4', '2026-11-14T18:00:00Z', [{ factor: 'budget', points: 20 }]);
    await qualification('L4', '2026-11-15T00:00:00Z', [], 'manual');
    await qualification('P2', '2026-11-05T20:00:00Z', [{ factor: 'timeline', points: 0 }]);
    await qualification('P2', '2026-11-06T20:00:00Z', [{ factor: 'timeline', points: 15 }]);
    // The assistant's turns: two on L1 (one priced when recorded, one not), one on L2 (local, free), one in the previous period.
    const s1 = await session('L1', '2026-11-10T16:00:00Z');
    const s2 = await session('L2', '2026-11-12T20:00:00Z');
    const s3 = await session('P2', '2026-11-05T20:00:00Z');
    await turn(s1, 'L1', '2026-11-10T16:01:00Z', 'openai:gpt-4o-mini', 1000, 800, 100, 0.000195);
    await turn(s1, 'L1', '2026-11-10T16:05:00Z', 'openai:gpt-4o-mini', 2000, 1000, 300, null);
    await turn(s2, 'L2', '2026-11-12T20:02:00Z', 'local', 500, 0, 50, 0);
    await turn(s3, 'P2', '2026-11-05T20:01:00Z', 'local', 400, 0, 40, 0);

    expect(await t.app.get(AnalyticsService).refresh()).toBe(true);
  });
  afterAll(() => t.close());

  it('funnel: leads reaching each stage, conversion, hours in stage, the previous period, by source and agent — days are the team’s', async () => {
    const f = await get(`funnel?${RANGE}`);
    expect(f.range).toMatchObject({ from: '2026-11-10', to: '2026-11-16', days: 7, previousFrom: '2026-11-03', previousTo: '2026-11-09', timeZone: 'America/Los_Angeles' });
    // L1–L5 (L3 by the team's day, not UTC's); previous: P1 (by the team's day) and P2.
    expect(f.leads).toBe(5);
    expect(f.previousLeads).toBe(2);
    // Reached: contacted L1 L2 L4 = 3 (3/5 = 0.6); qualified L1 L2 = 2 (2/3 = 0.6667); viewing, offer, won L1 (1/2, 1/1, 1/1).
    // Previous: contacted P1 P2 = 2 (2/2 = 1); qualified P2 (1/2); none further (0/1, then nothing to divide by).
    expect(f.stages.map((s: { stage: string; reached: number; previousReached: number; conversion: number | null; previousConversion: number | null }) => [s.stage, s.reached, s.previousReached, s.conversion, s.previousConversion])).toEqual([
      ['new', 5, 2, null, null],
      ['contacted', 3, 2, 0.6, 1],
      ['qualified', 2, 1, 0.6667, 0.5],
      ['viewing', 1, 0, 0.5, 0],
      ['offer', 1, 0, 1, null],
      ['won', 1, 0, 1, null],
    ]);
    // Hours in New: L1 1 h, L2 2 h, L4 600 s = 1/6 h → median 1 h; p90 (interpolated at 1.8 of 0..2) = 1 + 0.8 × (2 − 1) = 1.8 h.
    // Contacted: L1 2 h, L2 4 h, L4 23 h 50 min → median 4 h; p90 = 4 + 0.8 × (23.8333 − 4) = 19.8667 h.
    // Qualified: L1 21 h. Previous New: P1 2 h, P2 1 h → median 1.5 h.
    const byStage = Object.fromEntries(f.stages.map((s: { stage: string }) => [s.stage, s]));
    expect(byStage.new).toMatchObject({ medianHours: 1, p90Hours: 1.8, previousMedianHours: 1.5 });
    expect(byStage.contacted).toMatchObject({ medianHours: 4, p90Hours: 19.87 });
    expect(byStage.qualified).toMatchObject({ medianHours: 21, p90Hours: 21 });
    expect(byStage.won).toMatchObject({ medianHours: null, p90Hours: null });
    expect(f.lost).toBe(1);
    expect(f.previousLost).toBe(0);
    // By source: web L1 L4 (won 1 of 2), Lead Ads L2 L3, referral L5.
    expect(f.bySource.find((g: { key: string }) => g.key === 'web')).toMatchObject({ leads: 2, contacted: 2, qualified: 1, viewing: 1, offer: 1, won: 1, lost: 1, wonRate: 0.5 });
    expect(f.bySource.find((g: { key: string }) => g.key === 'meta_lead_ads')).toMatchObject({ leads: 2, contacted: 1, qualified: 1, won: 0, lost: 0, wonRate: 0 });
    // By agent: Ann L1 L2, Bob L3 L4, the pool L5.
    expect(f.byAgent.map((g: { label: string; leads: number; won: number }) => [g.label, g.leads, g.won])).toEqual([
      ['Ann Analytics', 2, 1],
      ['Bob Analytics', 2, 0],
      ['Nobody (the pool)', 1, 0],
    ]);
  });

  it('agents see their own figures only; admins anyone’s', async () => {
    // Ann's: L1 and L2, whatever she asks for.
    expect((await get(`funnel?${RANGE}`, ann.token)).leads).toBe(2);
    expect((await get(`funnel?${RANGE}&agentId=${bob.id}`)).leads).toBe(2);
    const other = await t.request({ method: 'GET', url: `/api/analytics/funnel?${RANGE}&agentId=${bob.id}`, token: ann.token });
    expect(other.status).toBe(403);
    expect(other.body.message).toBe('You can see your own figures only');
  });

  it('sources: rates, cost per lead and per won deal from the cost table, Lead Ads by campaign and form', async () => {
    const put = await t.request({ method: 'PUT', url: '/api/analytics/source-costs', token: admin, body: { costs: [{ source: 'web', monthlyCost: 3000 }, { source: 'meta_lead_ads', costPerLead: 10 }] } });
    expect(put.status).toBe(200);
    expect((await t.request({ method: 'PUT', url: '/api/analytics/source-costs', token: ann.token, body: { costs: [] } })).status).toBe(403);
    const s = await get(`sources?${RANGE}`);
    // web: L1 (qualified, viewing, won), L4 (neither) → 0.5 each; previous P1 P2. Cost: 7 of November's 30 days of 3000 = 700; per lead 350; per won deal 700.
    expect(s.sources.find((r: { source: string }) => r.source === 'web')).toEqual({
      source: 'web', label: 'Web', leads: 2, previousLeads: 2, qualifiedRate: 0.5, viewingRate: 0.5, wonRate: 0.5, won: 1, cost: 700, costPerLead: 350, costPerWon: 700,
    });
    // Lead Ads: L2 (qualified; a viewing booked, cancelled later), L3 (neither). 2 leads × 10 = 20; no deal won.
    expect(s.sources.find((r: { source: string }) => r.source === 'meta_lead_ads')).toMatchObject({ leads: 2, previousLeads: 0, qualifiedRate: 0.5, viewingRate: 0.5, wonRate: 0, cost: 20, costPerLead: 10, costPerWon: null });
    expect(s.sources.find((r: { source: string }) => r.source === 'referral')).toMatchObject({ leads: 1, cost: null, costPerLead: null });
    expect(s.leadAds).toEqual([
      { campaignId: 'C1', formId: 'F1', leads: 1, qualifiedRate: 1, viewingRate: 1, wonRate: 0, won: 0 },
      { campaignId: 'C1', formId: 'F2', leads: 1, qualifiedRate: 0, viewingRate: 0, wonRate: 0, won: 0 },
    ]);
  });

  it('speed to lead: median and p90, the assistant’s and people’s apart, within 5 minutes, by hour of the team’s day', async () => {
    const s = await get(`speed-to-lead?${RANGE}`);
    // Answers 30, 60, 120, 600 s (L3 never): median 90; p90 at 2.7 of 0..3 = 120 + 0.7 × 480 = 456.
    // Assistant 30, 60, 120: median 60, p90 at 1.8 = 60 + 0.8 × 60 = 108. People 600, 3600: median 2100, p90 = 600 + 0.9 × 3000 = 3300.
    // Within 5 minutes: L1 L2 L5 of 5 = 0.6.
    expect(s.overall).toEqual({
      key: 'all', label: 'All leads', leads: 5, answered: 4, medianSeconds: 90, p90Seconds: 456,
      assistantMedianSeconds: 60, assistantP90Seconds: 108, peopleMedianSeconds: 2100, peopleP90Seconds: 3300, within5MinutesShare: 0.6,
    });
    // Previous: P1 7200, P2 3600 → median 5400; none within 5 minutes.
    expect(s.previous).toMatchObject({ leads: 2, medianSeconds: 5400, within5MinutesShare: 0 });
    // Hours on the team's clock: L1 8, L2 12, L4 10, L5 22, L3 23 (UTC would say 16, 20, 18, 6, 7).
    expect(s.byHour).toHaveLength(24);
    expect(s.byHour.filter((h: { leads: number }) => h.leads > 0).map((h: { key: string }) => h.key)).toEqual(['8', '10', '12', '22', '23']);
    expect(s.byHour[23]).toMatchObject({ leads: 1, answered: 0, medianSeconds: null, within5MinutesShare: 0 });
    // Ann: 60 and 120 → 90, both within 5 minutes.
    expect(s.byAgent.find((a: { key: string }) => a.key === ann.id)).toMatchObject({ leads: 2, medianSeconds: 90, within5MinutesShare: 1 });
    expect(s.bySource.find((a: { key: string }) => a.key === 'web')).toMatchObject({ leads: 2, medianSeconds: 330 });
  });

  it('score: histogram against the previous period, calibration by band, the factor that moved most scores', async () => {
    const s = await get(`score?${RANGE}`);
    expect(s.leads).toBe(5);
    // Now: 85, 70, 45, 20, 55. Previous: 30, 65.
    const counts = s.histogram.map((b: { from: number; leads: number; previousLeads: number }) => [b.from, b.leads, b.previousLeads]);
    expect(counts).toEqual([[0, 0, 0], [10, 0, 0], [20, 1, 0], [30, 0, 1], [40, 1, 0], [50, 1, 0], [60, 0, 1], [70, 1, 0], [80, 1, 0], [90, 0, 0]]);
    expect(s.histogram[9]).toMatchObject({ from: 90, to: 100 });
    // 80–100: L1 (viewing, won). 60–79: L2 (a viewing booked, not won). 40–59: L3, L5. 20–39: L4. 0–19: nobody.
    expect(s.calibration).toEqual([
      { from: 0, to: 19, leads: 0, viewingRate: null, wonRate: null },
      { from: 20, to: 39, leads: 1, viewingRate: 0, wonRate: 0 },
      { from: 40, to: 59, leads: 2, viewingRate: 0, wonRate: 0 },
      { from: 60, to: 79, leads: 1, viewingRate: 1, wonRate: 0 },
      { from: 80, to: 100, leads: 1, viewingRate: 1, wonRate: 1 },
    ]);
    // Engagement moved L1 (+10) and L2 (+10, −5): 2 leads, 20 up, 5 down. Budget moved L1 (+10). L4's manual score and P2's earlier change do not count.
    expect(s.topFactor).toEqual({ factor: 'engagement', label: 'How engaged they are', leadsMoved: 2, pointsUp: 20, pointsDown: 5 });
    expect(s.factors).toEqual([s.topFactor, { factor: 'budget', label: 'Budget', leadsMoved: 1, pointsUp: 10, pointsDown: 0 }]);
  });

  it('agents: open leads, missed deadlines, viewings held, deals won, response times; sorted by any column', async () => {
    const a = await get(`agents?${RANGE}`);
    expect(a).toMatchObject({ sort: 'dealsWon', order: 'desc' });
    // Ann: open L2 P1 O1 (L1 is won); new L1 L2; L2's missed deadline; V1 held; L1 won on the 13th; people answered L1 in 3600 s; both within 5 min.
    // Bob: open L3 P2 (L4 lost); new L3 L4; L4's missed deadline; L4 answered by a person in 600 s; none within 5 minutes.
    // The pool: L5 open and new, answered by the assistant in 30 s.
    expect(a.agents.map((r: Record<string, unknown>) => [r.name, r.openLeads, r.newLeads, r.slaBreaches, r.viewingsHeld, r.dealsWon, r.medianFirstResponseSeconds, r.within5MinutesShare])).toEqual([
      ['Ann Analytics', 3, 2, 1, 1, 1, 3600, 1],
      ['Bob Analytics', 2, 2, 1, 0, 0, 600, 0],
      ['Nobody (the pool)', 1, 1, 0, 0, 0, null, 1],
    ]);
    const byOpen = await get(`agents?${RANGE}&sort=openLeads&order=asc`);
    expect(byOpen.agents.map((r: { name: string }) => r.name)).toEqual(['Nobody (the pool)', 'Bob Analytics', 'Ann Analytics']);
    // Ann sees her own row only.
    expect((await get(`agents?${RANGE}`, ann.token)).agents.map((r: { name: string }) => r.name)).toEqual(['Ann Analytics']);
  });

  it('the assistant: conversations, qualified without a person, hand-overs and why, viewings it booked, tokens, cache share and cost', async () => {
    const s = await get(`assistant?${RANGE}`);
    // Conversations with its answers in the range: L1's and L2's (previous: P2's). Both leads qualified; only L2 without a person (a person answered L1).
    // Hand-overs: the assistant's on L4 and a person taking L3 over (handing back is none). Viewings it booked: V1, V2.
    // Tokens: prompt 1000 + 2000 + 500 = 3500, from cache 800 + 1000 = 1800 (1800/3500 = 0.5143), completion 100 + 300 + 50 = 450.
    // Cost: 0.000195 recorded + the unpriced turn at gpt-4o-mini's prices (1000 × 0.15 + 1000 × 0.075 + 300 × 0.6) / 1e6 = 0.000405 → 0.0006;
    // per conversation 0.0003; per qualified lead (2) 0.0003.
    expect(s).toMatchObject({
      conversations: 2, previousConversations: 1, qualifiedLeads: 2, qualifiedWithoutPerson: 1, qualifiedWithoutPersonShare: 0.5,
      handovers: 2, viewingsBooked: 2, turns: 3, promptTokens: 3500, cachedPromptTokens: 1800, completionTokens: 450, cacheShare: 0.5143,
      costUsd: 0.0006, costPerConversation: 0.0003, costPerQualifiedLead: 0.0003,
    });
    expect(s.handoverReasons).toEqual([{ reason: 'Taken over by a person', count: 1 }, { reason: 'The lead asked for a person', count: 1 }]);
    expect(s.byModel).toEqual([
      { model: 'openai:gpt-4o-mini', turns: 2, promptTokens: 3000, cachedPromptTokens: 1800, completionTokens: 400, costUsd: 0.0006 },
      { model: 'local', turns: 1, promptTokens: 500, cachedPromptTokens: 0, completionTokens: 50, costUsd: 0 },
    ]);
  });

  it('every figure downloads as CSV, headed in words; an unknown table is a 400 naming the tables', async () => {
    const res = await t.request({ method: 'GET', url: `/api/analytics/funnel/csv?${RANGE}`, token: admin });
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^text\/csv/);
    expect(String(res.headers['content-disposition'])).toBe('attachment; filename="funnel-stages-2026-11-10-2026-11-16.csv"');
    const lines = String(res.body).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Stage,Leads,Previous period,Conversion,Previous conversion,Median hours in stage,90th percentile hours,Previous median hours');
    expect(lines[1]).toBe('New,5,2,,,1,1.8,1.5');
    const hours = await t.request({ method: 'GET', url: `/api/analytics/speed-to-lead/csv?${RANGE}&table=hours`, token: admin });
    expect(String(hours.body).trim().split('\r\n')).toHaveLength(25);
    for (const figure of ['sources', 'score', 'agents', 'assistant']) expect((await t.request({ method: 'GET', url: `/api/analytics/${figure}/csv?${RANGE}`, token: admin })).status).toBe(200);
    const bad = await t.request({ method: 'GET', url: `/api/analytics/score/csv?${RANGE}&table=nope`, token: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe("This figure's tables are: histogram, calibration, factors");
  });

  it('a move made now reaches the figures at the next refresh (the worker’s job, every minute)', async () => {
    expect((await t.request({ method: 'POST', url: `/api/leads/${id.L3}/stage`, token: admin, body: { stage: 'contacted' } })).status).toBe(200);
    expect((await get(`funnel?${RANGE}`)).stages[1].reached).toBe(3);
    expect(await t.app.get(AnalyticsService).refresh()).toBe(true);
    expect((await get(`funnel?${RANGE}`)).stages[1].reached).toBe(4);
  });

  it('refuses a range backwards or longer than a year, in words', async () => {
    const back = await t.request({ method: 'GET', url: '/api/analytics/funnel?from=2026-11-16&to=2026-11-10', token: admin });
    expect(back.status).toBe(400);
    expect(back.body.message).toBe('from must not be after to');
    const long = await t.request({ method: 'GET', url: '/api/analytics/funnel?from=2024-01-01&to=2026-11-10', token: admin });
    expect(long.status).toBe(400);
  });
});
