import { createAgent, createTestApp, login, TestApp } from './harness';

const sum = (factors: { points: number }[]) => factors.reduce((s, f) => s + f.points, 0);

describe('leads (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  let agentA: { id: string; token: string };
  let agentB: { id: string; token: string };

  const create = (token: string, body: Record<string, unknown>) => t.request({ method: 'POST', url: '/api/leads', token, body });
  const count = async (table: string) => Number((await t.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    agentA = await createAgent(t, admin, 'Alice Agent');
    agentB = await createAgent(t, admin, 'Bob Agent');
  });
  afterAll(() => t.close());

  describe('create and read', () => {
    it('creates a lead with contact and profile, scores it, and shows everything on the detail page', async () => {
      const res = await create(admin, {
        contact: { name: 'Grace Hopper', email: 'Grace.Hopper@Example.com', phone: '(206) 555-0142' },
        source: 'web',
        profile: { purpose: 'buy', budgetMin: 600000, budgetMax: 800000, bedrooms: 3, locations: ['Ballard'], timeline: 'asap', financing: 'pre_approved' },
        note: 'Called from the open house sign',
      });
      expect(res.status).toBe(201);
      const lead = res.body;
      expect(lead.contact).toMatchObject({ name: 'Grace Hopper', email: 'Grace.Hopper@Example.com', phoneE164: '+12065550142' });
      expect(lead.profile).toMatchObject({ purpose: 'buy', budgetMin: 600000, budgetMax: 800000, bedrooms: 3, locations: ['Ballard'] });
      expect(lead.profile.evidence.budgetMax).toMatchObject({ value: 800000, source: 'user', confidence: 1, messageId: null });
      expect(lead.score).toBeGreaterThan(0);
      expect(sum(lead.scoreBreakdown)).toBe(lead.score);
      expect(lead.scoreSource).toBe('auto');
      expect(lead.needsReply).toBe(true);
      expect(lead.overdue).toBe(false);
      expect(lead.timeline.map((a: { type: string }) => a.type)).toEqual(expect.arrayContaining(['lead_created', 'note', 'score_changed']));
      expect(lead.qualifications[0]).toMatchObject({ source: 'auto', score: lead.score, weightsVersion: expect.any(String) });

      const again = await t.request({ method: 'GET', url: `/api/leads/${lead.id}`, token: admin });
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(lead.id);
    });

    it('reuses the contact when the same person comes back with another spelling of their email', async () => {
      const first = await create(admin, { contact: { name: 'Lin Wei', email: 'lin.wei+zillow@gmail.com' }, source: 'portal' });
      const second = await create(admin, { contact: { name: 'Lin Wei', email: 'LinWei@googlemail.com' }, source: 'whatsapp' });
      expect(second.status).toBe(201);
      expect(second.body.contact.id).toBe(first.body.contact.id);
      expect(second.body.id).not.toBe(first.body.id);
    });
  });

  describe('inbox list', () => {
    beforeAll(async () => {
      const mk = (name: string, phone: string, source: string, profile: Record<string, unknown>) =>
        create(admin, { contact: { name, email: `${name.split(' ')[0].toLowerCase()}@list.example.org`, phone }, source, profile });
      await mk('Zora Cold', '+1 425 555 0197', 'referral', {});
      await mk('Yusuf Warm', '+1 425 555 0198', 'portal', { purpose: 'rent', budgetMax: 3000 });
      await mk('Xena Hot', '+1 425 555 0199', 'meta_lead_ads', { purpose: 'buy', budgetMax: 900000, bedrooms: 2, bathrooms: 2, propertyTypes: ['condo'], locations: ['Seattle'], timeline: 'asap', financing: 'cash' });
    });

    it('pages with a total and sorts by score, highest first by default', async () => {
      const res = await t.request({ method: 'GET', url: '/api/leads?pageSize=2', token: admin });
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(2);
      expect(res.body.total).toBeGreaterThanOrEqual(6);
      expect(res.body.page).toBe(1);
      const all = await t.request({ method: 'GET', url: '/api/leads?pageSize=100', token: admin });
      const scores = all.body.items.map((l: { score: number }) => l.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      const page2 = await t.request({ method: 'GET', url: '/api/leads?pageSize=2&page=2', token: admin });
      expect(page2.body.items[0].id).toBe(all.body.items[2].id);
      const asc = await t.request({ method: 'GET', url: '/api/leads?sort=created&pageSize=100', token: admin });
      const created = asc.body.items.map((l: { createdAt: string }) => l.createdAt);
      expect(created).toEqual([...created].sort());
    });

    it('filters by source, stage, score range and created range', async () => {
      const meta = await t.request({ method: 'GET', url: '/api/leads?source=meta_lead_ads', token: admin });
      expect(meta.body.items.map((l: { name: string }) => l.name)).toEqual(['Xena Hot']);
      const two = await t.request({ method: 'GET', url: '/api/leads?source=portal,referral', token: admin });
      expect(two.body.items.map((l: { source: string }) => l.source).sort()).toEqual(['portal', 'portal', 'referral']);
      const hot = await t.request({ method: 'GET', url: '/api/leads?scoreMin=50', token: admin });
      expect(hot.body.items.every((l: { score: number }) => l.score >= 50)).toBe(true);
      expect(hot.body.items.map((l: { name: string }) => l.name)).toContain('Xena Hot');
      const cold = await t.request({ method: 'GET', url: '/api/leads?scoreMax=0', token: admin });
      expect(cold.body.items.map((l: { name: string }) => l.name)).toContain('Zora Cold');
      const future = await t.request({ method: 'GET', url: `/api/leads?createdFrom=${new Date(Date.now() + 86400000).toISOString()}`, token: admin });
      expect(future.body.total).toBe(0);
      const stage = await t.request({ method: 'GET', url: '/api/leads?stage=won', token: admin });
      expect(stage.body.total).toBe(0);
    });

    it('finds leads by a piece of the name, the email or the phone digits', async () => {
      const byName = await t.request({ method: 'GET', url: '/api/leads?q=usuf', token: admin });
      expect(byName.body.items.map((l: { name: string }) => l.name)).toEqual(['Yusuf Warm']);
      const byEmail = await t.request({ method: 'GET', url: '/api/leads?q=xena@list', token: admin });
      expect(byEmail.body.items.map((l: { name: string }) => l.name)).toEqual(['Xena Hot']);
      const byPhone = await t.request({ method: 'GET', url: '/api/leads?q=425-555-0199', token: admin });
      expect(byPhone.body.items.map((l: { name: string }) => l.name)).toEqual(['Xena Hot']);
      const byPrefix = await t.request({ method: 'GET', url: '/api/leads?q=(425) 555-01', token: admin });
      expect(byPrefix.body.total).toBe(3);
      const wildcard = await t.request({ method: 'GET', url: '/api/leads?q=%25%25', token: admin });
      expect(wildcard.body.total).toBe(0);
    });

    it('rejects bad filters with a 400 naming the field', async () => {
      for (const qs of ['stage=open', 'scoreMin=101', 'scoreMin=abc', 'scoreMin=80&scoreMax=20', 'pageSize=1000', 'page=0', 'sort=name', 'createdFrom=yesterday', 'assignee=bob', 'q=x', 'bogus=1']) {
        const res = await t.request({ method: 'GET', url: `/api/leads?${qs}`, token: admin });
        expect({ qs, status: res.status }).toEqual({ qs, status: 400 });
        expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
        expect(res.body).not.toHaveProperty('stack');
      }
    });
  });

  describe('who sees what', () => {
    let mine: string;
    let theirs: string;
    let pool: string;
    beforeAll(async () => {
      mine = (await create(admin, { contact: { name: 'Owned By Alice' }, source: 'phone', assigneeId: agentA.id })).body.id;
      theirs = (await create(admin, { contact: { name: 'Owned By Bob' }, source: 'phone', assigneeId: agentB.id })).body.id;
      pool = (await create(admin, { contact: { name: 'In The Pool' }, source: 'phone' })).body.id;
    });

    it('an agent lists their own leads and the unassigned pool, never another agent’s', async () => {
      const res = await t.request({ method: 'GET', url: '/api/leads?pageSize=100', token: agentA.token });
      const ids = res.body.items.map((l: { id: string }) => l.id);
      expect(ids).toEqual(expect.arrayContaining([mine, pool]));
      expect(ids).not.toContain(theirs);
      const me = await t.request({ method: 'GET', url: '/api/leads?assignee=me', token: agentA.token });
      expect(me.body.items.map((l: { id: string }) => l.id)).toEqual([mine]);
    });

    it('another agent’s lead answers 404 everywhere, exactly like a missing lead, and nothing is written', async () => {
      const before = await count('activities');
      const missing = await t.request({ method: 'GET', url: '/api/leads/00000000-0000-4000-8000-000000000000', token: agentA.token });
      const calls = [
        t.request({ method: 'GET', url: `/api/leads/${theirs}`, token: agentA.token }),
        t.request({ method: 'PATCH', url: `/api/leads/${theirs}`, token: agentA.token, body: { profile: { bedrooms: 2 } } }),
        t.request({ method: 'POST', url: `/api/leads/${theirs}/tasks`, token: agentA.token, body: { title: 'Snoop' } }),
        t.request({ method: 'POST', url: `/api/leads/${theirs}/qualify`, token: agentA.token, body: { score: 1, reason: 'sabotage' } }),
        t.request({ method: 'POST', url: `/api/leads/${theirs}/stage`, token: agentA.token, body: { stage: 'lost' } }),
        t.request({ method: 'POST', url: `/api/leads/${theirs}/assign`, token: agentA.token, body: { assigneeId: agentA.id } }),
        t.request({ method: 'POST', url: `/api/leads/${theirs}/notes`, token: agentA.token, body: { body: 'hi' } }),
        t.request({ method: 'POST', url: `/api/leads/${theirs}/messages`, token: agentA.token, body: { direction: 'inbound', channel: 'sms', body: 'hi' } }),
        t.request({ method: 'GET', url: `/api/leads/${theirs}/matches`, token: agentA.token }),
      ];
      for (const res of await Promise.all(calls)) {
        expect(res.status).toBe(404);
        expect(res.body).toEqual(missing.body);
      }
      expect(await count('activities')).toBe(before);
    });

    it('an agent may take a lead from the pool and give it back, but not hand it to someone else', async () => {
      const take = await t.request({ method: 'POST', url: `/api/leads/${pool}/assign`, token: agentA.token, body: { assigneeId: agentA.id } });
      expect(take.status).toBe(200);
      expect(take.body.assignee).toEqual({ id: agentA.id, name: 'Alice Agent' });
      const push = await t.request({ method: 'POST', url: `/api/leads/${pool}/assign`, token: agentA.token, body: { assigneeId: agentB.id } });
      expect(push.status).toBe(403);
      const release = await t.request({ method: 'POST', url: `/api/leads/${pool}/assign`, token: agentA.token, body: { assigneeId: null } });
      expect(release.status).toBe(200);
      expect(release.body.assignee).toBeNull();
      expect(release.body.timeline.filter((a: { type: string }) => a.type === 'assigned')).toHaveLength(2);
    });

    it('an admin can assign to any active agent; an unknown user is a 400', async () => {
      const ok = await t.request({ method: 'POST', url: `/api/leads/${pool}/assign`, token: admin, body: { assigneeId: agentB.id } });
      expect(ok.body.assignee.id).toBe(agentB.id);
      const bad = await t.request({ method: 'POST', url: `/api/leads/${pool}/assign`, token: admin, body: { assigneeId: '00000000-0000-4000-8000-000000000000' } });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('unknown_assignee');
    });
  });

  describe('changes: profile, stage, notes, tasks', () => {
    let id: string;
    beforeAll(async () => {
      id = (await create(admin, { contact: { name: 'Ravi Patel', phone: '+44 20 7946 0958' }, source: 'referral' })).body.id;
    });

    it('a profile edit is kept with evidence, lands on the timeline and moves the score', async () => {
      const res = await t.request({ method: 'PATCH', url: `/api/leads/${id}`, token: admin, body: { profile: { purpose: 'rent', budgetMax: 2500, locations: ['Capitol Hill'] } } });
      expect(res.status).toBe(200);
      expect(res.body.profile).toMatchObject({ purpose: 'rent', budgetMax: 2500, locations: ['Capitol Hill'] });
      expect(res.body.score).toBeGreaterThan(0);
      expect(sum(res.body.scoreBreakdown)).toBe(res.body.score);
      const types = res.body.timeline.map((a: { type: string }) => a.type);
      expect(types.slice(0, 2)).toEqual(['score_changed', 'profile_updated']);
      // A later partial edit keeps the other fields.
      const more = await t.request({ method: 'PATCH', url: `/api/leads/${id}`, token: admin, body: { profile: { bedrooms: 1 }, contact: { timezone: 'Europe/London' } } });
      expect(more.body.profile).toMatchObject({ purpose: 'rent', budgetMax: 2500, bedrooms: 1 });
      expect(more.body.contact.timezone).toBe('Europe/London');
    });

    it('moving the stage records it and counts as the first reply', async () => {
      const res = await t.request({ method: 'POST', url: `/api/leads/${id}/stage`, token: admin, body: { stage: 'contacted' } });
      expect(res.status).toBe(200);
      expect(res.body.stage).toBe('contacted');
      expect(res.body.firstResponseAt).toEqual(expect.any(String));
      expect(res.body.needsReply).toBe(false);
      expect(res.body.timeline[0]).toMatchObject({ type: 'stage_changed', summary: 'Stage new → contacted', data: { from: 'new', to: 'contacted' } });
      const needs = await t.request({ method: 'GET', url: '/api/leads?needsReply=false&q=Ravi', token: admin });
      expect(needs.body.items.map((l: { id: string }) => l.id)).toEqual([id]);
    });

    it('a message from the lead is engagement: it lands on the timeline and raises the score', async () => {
      const id2 = (await create(admin, { contact: { name: 'Chatty Lead' }, source: 'whatsapp', profile: { purpose: 'buy' } })).body.id;
      const before = await t.request({ method: 'GET', url: `/api/leads/${id2}`, token: admin });
      const engagement = (lead: { scoreBreakdown: { factor: string; points: number; reason: string }[] }) => lead.scoreBreakdown.find((f) => f.factor === 'engagement');
      expect(engagement(before.body)).toMatchObject({ points: 0 });
      let last = before.body;
      for (let i = 0; i < 2; i++) {
        const res = await t.request({ method: 'POST', url: `/api/leads/${id2}/messages`, token: admin, body: { direction: 'inbound', channel: 'sms', body: `Is it still available? (${i})` } });
        expect(res.status).toBe(201);
        last = res.body;
      }
      expect(last.timeline[0]).toMatchObject({ type: 'score_changed' });
      expect(last.timeline.filter((a: { type: string; direction: string }) => a.type === 'message' && a.direction === 'inbound')).toHaveLength(2);
      expect(engagement(last)).toMatchObject({ points: 6, reason: '2 messages from the lead in 14 days' });
      expect(last.score).toBe(before.body.score + 6);
      expect(last.needsReply).toBe(true);
      const reply = await t.request({ method: 'POST', url: `/api/leads/${id2}/messages`, token: admin, body: { direction: 'outbound', channel: 'phone', body: 'Called back, booked a viewing' } });
      expect(reply.body.needsReply).toBe(false);
      expect(reply.body.firstResponseAt).toEqual(expect.any(String));
      expect(reply.body.score).toBe(last.score); // our own messages do not move the lead's score
      for (const body of [{ direction: 'sideways', channel: 'sms', body: 'x' }, { direction: 'inbound', channel: 'fax', body: 'x' }, { direction: 'inbound', channel: 'sms', body: '' }]) {
        expect((await t.request({ method: 'POST', url: `/api/leads/${id2}/messages`, token: admin, body })).status).toBe(400);
      }
    });

    it('adds a note to the timeline', async () => {
      const res = await t.request({ method: 'POST', url: `/api/leads/${id}/notes`, token: admin, body: { body: 'Prefers evening calls' } });
      expect(res.status).toBe(201);
      expect(res.body.timeline[0]).toMatchObject({ type: 'note', summary: 'Prefers evening calls', actor: { name: 'Ada Admin' } });
    });

    it('adds a task and completes it once; completing again changes nothing', async () => {
      const due = new Date(Date.now() + 86400000).toISOString();
      const task = await t.request({ method: 'POST', url: `/api/leads/${id}/tasks`, token: admin, body: { title: 'Send listings', dueAt: due } });
      expect(task.status).toBe(201);
      expect(task.body).toMatchObject({ title: 'Send listings', dueAt: due, completedAt: null, leadId: id });
      const done = await t.request({ method: 'POST', url: `/api/leads/${id}/tasks/${task.body.id}/complete`, token: admin });
      expect(done.status).toBe(200);
      expect(done.body.completedAt).toEqual(expect.any(String));
      const twice = await t.request({ method: 'POST', url: `/api/leads/${id}/tasks/${task.body.id}/complete`, token: admin });
      expect(twice.body.completedAt).toBe(done.body.completedAt);
      const detail = await t.request({ method: 'GET', url: `/api/leads/${id}`, token: admin });
      expect(detail.body.tasks[0].completedAt).toBe(done.body.completedAt);
      expect(detail.body.timeline.filter((a: { type: string }) => a.type === 'task_completed')).toHaveLength(1);
    });

    it('a task id from another lead is a 404', async () => {
      const other = (await create(admin, { contact: { name: 'Other Person' }, source: 'web' })).body.id;
      const task = await t.request({ method: 'POST', url: `/api/leads/${other}/tasks`, token: admin, body: { title: 'Other task' } });
      const res = await t.request({ method: 'POST', url: `/api/leads/${id}/tasks/${task.body.id}/complete`, token: admin });
      expect(res.status).toBe(404);
    });
  });

  describe('manual qualification', () => {
    it('an override wins over automatic rescoring until it is cleared, and all of it is in the history', async () => {
      const id = (await create(admin, { contact: { name: 'Override Case' }, source: 'web', profile: { purpose: 'buy' } })).body.id;
      const q = await t.request({ method: 'POST', url: `/api/leads/${id}/qualify`, token: admin, body: { score: 90, status: 'qualified', reason: 'Met them: cash buyer, ready now' } });
      expect(q.status).toBe(200);
      expect(q.body).toMatchObject({ score: 90, scoreSource: 'manual', qualificationStatus: 'qualified' });
      expect(q.body.scoreBreakdown).toEqual([{ factor: 'manual', points: 90, max: 100, reason: 'Met them: cash buyer, ready now' }]);
      expect(q.body.qualifications[0]).toMatchObject({ source: 'manual', score: 90, reason: 'Met them: cash buyer, ready now', author: { name: 'Ada Admin' } });

      const edited = await t.request({ method: 'PATCH', url: `/api/leads/${id}`, token: admin, body: { profile: { budgetMax: 500000, locations: ['Kent'] } } });
      expect(edited.body.score).toBe(90);
      expect(edited.body.scoreSource).toBe('manual');
      const auto = edited.body.qualifications[0];
      expect(auto.source).toBe('auto');
      expect(auto.reason).toContain('not applied: manual override in force');
      expect(edited.body.timeline[0].summary).toBe(`Automatic score is now ${auto.score}; manual score 90 kept`);

      const cleared = await t.request({ method: 'POST', url: `/api/leads/${id}/qualify`, token: admin, body: { clearOverride: true, reason: 'Back to the rules' } });
      expect(cleared.body.scoreSource).toBe('auto');
      expect(cleared.body.score).toBe(auto.score);
      expect(sum(cleared.body.scoreBreakdown)).toBe(auto.score);
    });

    it('needs a reason and something to change', async () => {
      const id = (await create(admin, { contact: { name: 'Reasonless' }, source: 'web' })).body.id;
      expect((await t.request({ method: 'POST', url: `/api/leads/${id}/qualify`, token: admin, body: { score: 50 } })).status).toBe(400);
      const nothing = await t.request({ method: 'POST', url: `/api/leads/${id}/qualify`, token: admin, body: { reason: 'just because' } });
      expect(nothing.status).toBe(400);
      expect(nothing.body.code).toBe('nothing_to_do');
      expect((await t.request({ method: 'POST', url: `/api/leads/${id}/qualify`, token: admin, body: { score: 101, reason: 'too much' } })).status).toBe(400);
      const both = await t.request({ method: 'POST', url: `/api/leads/${id}/qualify`, token: admin, body: { score: 10, clearOverride: true, reason: 'both' } });
      expect(both.status).toBe(400);
      const detail = await t.request({ method: 'GET', url: `/api/leads/${id}`, token: admin });
      expect(detail.body.scoreSource).toBe('auto');
      expect(detail.body.qualifications.every((x: { source: string }) => x.source === 'auto')).toBe(true);
    });
  });

  it('takes every spelling of a real time zone, canonical or old (Kolkata and Calcutta, Kyiv and Kiev)', async () => {
    for (const [i, zone] of ['Asia/Kolkata', 'Asia/Calcutta', 'Europe/Kyiv', 'Europe/Kiev', 'UTC'].entries()) {
      const res = await create(admin, { contact: { name: `Zone ${i}`, timezone: zone }, source: 'web' });
      expect([zone, res.status]).toEqual([zone, 201]);
      expect(res.body.contact.timezone).toBe(zone);
    }
  });

  describe('bad input writes nothing', () => {
    it.each([
      ['unknown field', { contact: { name: 'X' }, source: 'web', vip: true }],
      ['unknown nested field', { contact: { name: 'X', age: 3 }, source: 'web' }],
      ['wrong type', { contact: { name: 42 }, source: 'web' }],
      ['bad enum', { contact: { name: 'X' }, source: 'billboard' }],
      ['bad email', { contact: { name: 'X', email: 'not-an-email' }, source: 'web' }],
      ['unreadable phone', { contact: { name: 'X', phone: '12345' }, source: 'web' }],
      ['budget min above max', { contact: { name: 'X' }, source: 'web', profile: { budgetMin: 900000, budgetMax: 100000 } }],
      ['negative budget', { contact: { name: 'X' }, source: 'web', profile: { budgetMax: -1 } }],
      ['too many bedrooms', { contact: { name: 'X' }, source: 'web', profile: { bedrooms: 99 } }],
      ['bad timezone', { contact: { name: 'X', timezone: 'Mars/Olympus_Mons' }, source: 'web' }],
      ['missing contact', { source: 'web' }],
    ])('%s → 400', async (_label, body) => {
      const [leads, contacts] = [await count('leads'), await count('contacts')];
      const res = await create(admin, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
      expect([await count('leads'), await count('contacts')]).toEqual([leads, contacts]);
    });

    it('every lead endpoint rejects bad bodies with a 400 and writes nothing', async () => {
      const id = (await create(admin, { contact: { name: 'Unhappy Paths', email: 'unhappy@example.org' }, source: 'web', profile: { budgetMin: 100000, budgetMax: 200000 } })).body.id;
      const task = (await t.request({ method: 'POST', url: `/api/leads/${id}/tasks`, token: admin, body: { title: 'Real task' } })).body;
      const cases: [string, 'POST' | 'PATCH', string, unknown][] = [
        ['profile min above stored max', 'PATCH', `/api/leads/${id}`, { profile: { budgetMin: 300000 } }],
        ['profile unknown field', 'PATCH', `/api/leads/${id}`, { profile: { garden: true } }],
        ['contact wrong type', 'PATCH', `/api/leads/${id}`, { contact: { email: 42 } }],
        ['contact bad phone', 'PATCH', `/api/leads/${id}`, { contact: { phone: 'call me maybe' } }],
        ['unknown top-level field', 'PATCH', `/api/leads/${id}`, { score: 99 }],
        ['assign bad uuid', 'POST', `/api/leads/${id}/assign`, { assigneeId: 'bob' }],
        ['assign missing field', 'POST', `/api/leads/${id}/assign`, {}],
        ['stage unknown', 'POST', `/api/leads/${id}/stage`, { stage: 'closed' }],
        ['stage reason too long', 'POST', `/api/leads/${id}/stage`, { stage: 'lost', reason: 'x'.repeat(1001) }],
        ['note empty', 'POST', `/api/leads/${id}/notes`, { body: '' }],
        ['note wrong type', 'POST', `/api/leads/${id}/notes`, { body: ['a'] }],
        ['task without title', 'POST', `/api/leads/${id}/tasks`, { dueAt: '2027-01-01T10:00:00Z' }],
        ['task bad due date', 'POST', `/api/leads/${id}/tasks`, { title: 'x', dueAt: 'next tuesday' }],
        ['task unknown assignee', 'POST', `/api/leads/${id}/tasks`, { title: 'x', assigneeId: '00000000-0000-4000-8000-000000000000' }],
        ['complete with bad task id', 'POST', `/api/leads/${id}/tasks/nope/complete`, undefined],
        ['qualify score not a number', 'POST', `/api/leads/${id}/qualify`, { score: 'high', reason: 'because' }],
        ['qualify bad status', 'POST', `/api/leads/${id}/qualify`, { status: 'maybe', reason: 'because' }],
      ];
      const snapshot = async () =>
        JSON.stringify(
          await t.db.query(
            `SELECT l.stage, l.score, l.assignee_id, p.budget_min, p.budget_max, c.email, c.phone,
               (SELECT count(*) FROM activities a WHERE a.lead_id = l.id) AS activities,
               (SELECT count(*) FROM tasks k WHERE k.lead_id = l.id AND k.completed_at IS NULL) AS open_tasks,
               (SELECT count(*) FROM qualifications q WHERE q.lead_id = l.id) AS qualifications
             FROM leads l JOIN lead_profiles p ON p.lead_id = l.id JOIN contacts c ON c.id = l.contact_id WHERE l.id = $1`,
            [id],
          ),
        );
      const before = await snapshot();
      for (const [label, method, url, body] of cases) {
        const res = await t.request({ method, url, token: admin, body });
        expect({ label, status: res.status }).toEqual({ label, status: 400 });
        expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
      }
      expect(await snapshot()).toBe(before);
      expect(task.completedAt).toBeNull();
    });

    it('a malformed id is a 400, not a 500', async () => {
      const res = await t.request({ method: 'GET', url: '/api/leads/not-a-uuid', token: admin });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('uuid');
    });

    it('an agent cannot create a lead for another agent', async () => {
      const before = await count('leads');
      const res = await create(agentA.token, { contact: { name: 'Sneaky' }, source: 'web', assigneeId: agentB.id });
      expect(res.status).toBe(403);
      expect(await count('leads')).toBe(before);
      const own = await create(agentA.token, { contact: { name: 'Fair' }, source: 'web' });
      expect(own.body.assignee.id).toBe(agentA.id);
    });
  });
});
