import { createAgent, createTestApp, login, TestApp } from './harness';

/** The everyday actions of issue 21 through HTTP: contact edits, logged calls, tasks with types, snooze and "my tasks". */
describe('daily actions (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  let agent: { id: string; token: string };
  let leadId: string;
  const hour = 3600_000;
  const at = (ms: number) => new Date(Date.now() + ms).toISOString();

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    agent = await createAgent(t, admin, 'Tess Agent');
    const res = await t.request({ method: 'POST', url: '/api/leads', token: agent.token, body: { contact: { name: 'Ada Byron', preferredChannel: 'sms' }, source: 'phone' } });
    expect(res.status).toBe(201);
    leadId = res.body.id;
    expect(res.body.contact.preferredChannel).toBe('sms');
  });
  afterAll(() => t.close());

  it('edits the contact: name, email, phone, preferred channel and time zone', async () => {
    const res = await t.request({
      method: 'PATCH',
      url: `/api/leads/${leadId}`,
      token: agent.token,
      body: { contact: { name: 'Ada Lovelace', email: 'ada@example.org', phone: '(206) 555-0100', preferredChannel: 'whatsapp', timezone: 'America/New_York' } },
    });
    expect(res.status).toBe(200);
    expect(res.body.contact).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.org', phoneE164: '+12065550100', preferredChannel: 'whatsapp', timezone: 'America/New_York' });
    expect(res.body.timeline[0]).toMatchObject({ type: 'lead_updated', data: { fields: expect.arrayContaining(['preferredChannel', 'timezone']) } });
  });

  it('refuses an unknown channel or a bad email, naming the field, and changes nothing', async () => {
    const res = await t.request({ method: 'PATCH', url: `/api/leads/${leadId}`, token: agent.token, body: { contact: { preferredChannel: 'pigeon', email: 'not-an-email' } } });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['contact.email', 'contact.preferredChannel']);
    const lead = await t.request({ method: 'GET', url: `/api/leads/${leadId}`, token: agent.token });
    expect(lead.body.contact.preferredChannel).toBe('whatsapp');
  });

  it('logs a call with its outcome on the timeline', async () => {
    const res = await t.request({ method: 'POST', url: `/api/leads/${leadId}/messages`, token: agent.token, body: { direction: 'outbound', channel: 'phone', outcome: 'voicemail', body: 'Left a message about Saturday' } });
    expect(res.status).toBe(201);
    expect(res.body.timeline[0]).toMatchObject({ type: 'message', summary: 'Left a message about Saturday', data: { channel: 'phone', outcome: 'voicemail' } });
    expect(res.body.needsReply).toBe(false);
    const bad = await t.request({ method: 'POST', url: `/api/leads/${leadId}/messages`, token: agent.token, body: { direction: 'outbound', channel: 'phone', outcome: 'maybe', body: 'x' } });
    expect(bad.status).toBe(400);
  });

  it('refuses a task due in the past unless confirmed, and a title with nothing in it', async () => {
    const past = await t.request({ method: 'POST', url: `/api/leads/${leadId}/tasks`, token: agent.token, body: { title: 'Call back', dueAt: at(-2 * hour) } });
    expect(past.status).toBe(400);
    expect(past.body).toMatchObject({ code: 'due_in_past', details: [{ field: 'dueAt' }] });
    const blank = await t.request({ method: 'POST', url: `/api/leads/${leadId}/tasks`, token: agent.token, body: { title: '   ' } });
    expect(blank.status).toBe(400);
    expect(blank.body.details[0].field).toBe('title');
    const confirmed = await t.request({ method: 'POST', url: `/api/leads/${leadId}/tasks`, token: agent.token, body: { title: 'Call back', type: 'call', dueAt: at(-2 * hour), allowPastDue: true } });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body).toMatchObject({ title: 'Call back', type: 'call', assigneeId: agent.id });
  });

  it('lists my open tasks across leads, overdue first, and snoozes one', async () => {
    const other = await t.request({ method: 'POST', url: '/api/leads', token: agent.token, body: { contact: { name: 'Alan Turing' }, source: 'referral' } });
    await t.request({ method: 'POST', url: `/api/leads/${other.body.id}/tasks`, token: agent.token, body: { title: 'Send the Ballard listings', type: 'email', dueAt: at(3 * hour) } });
    await t.request({ method: 'POST', url: `/api/leads/${other.body.id}/tasks`, token: agent.token, body: { title: 'Someday', type: 'follow_up' } });
    // Someone else's task is not mine.
    await t.request({ method: 'POST', url: `/api/leads/${other.body.id}/tasks`, token: admin, body: { title: 'Admin chore', assigneeId: (await t.request({ method: 'GET', url: '/api/auth/me', token: admin })).body.id } });

    const mine = await t.request({ method: 'GET', url: '/api/tasks/mine', token: agent.token });
    expect(mine.status).toBe(200);
    expect(mine.body.map((x: { title: string }) => x.title)).toEqual(['Call back', 'Send the Ballard listings', 'Someday']);
    expect(mine.body[0]).toMatchObject({ type: 'call', lead: { id: leadId, name: 'Ada Lovelace' }, assignee: { id: agent.id, name: 'Tess Agent' } });

    const snoozed = await t.request({ method: 'PATCH', url: `/api/leads/${leadId}/tasks/${mine.body[0].id}`, token: agent.token, body: { dueAt: at(24 * hour) } });
    expect(snoozed.status).toBe(200);
    const after = await t.request({ method: 'GET', url: '/api/tasks/mine', token: agent.token });
    expect(after.body.map((x: { title: string }) => x.title)).toEqual(['Send the Ballard listings', 'Call back', 'Someday']);

    const back = await t.request({ method: 'PATCH', url: `/api/leads/${leadId}/tasks/${mine.body[0].id}`, token: agent.token, body: { dueAt: at(-hour) } });
    expect(back.status).toBe(400);
    await t.request({ method: 'POST', url: `/api/leads/${leadId}/tasks/${mine.body[0].id}/complete`, token: agent.token });
    const done = await t.request({ method: 'PATCH', url: `/api/leads/${leadId}/tasks/${mine.body[0].id}`, token: agent.token, body: { dueAt: at(hour) } });
    expect(done.status).toBe(409);
    expect((await t.request({ method: 'GET', url: '/api/tasks/mine', token: agent.token })).body).toHaveLength(2);
  });
});
