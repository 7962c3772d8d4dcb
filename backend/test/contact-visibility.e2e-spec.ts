import { createAgent, createTestApp, login, TestApp } from './harness';
import { parseSse } from '../bench/fake-openai-chat';

/**
 * Issue 14.1: a contact the caller cannot see is never reused, returned or changed, whichever way
 * the lead arrives (signed-in agent, API key, the assistant); the pair is kept for an admin.
 */
describe('Contact reuse never crosses visibility', () => {
  let t: TestApp;
  let admin: string;
  let james: { id: string; token: string };
  let maria: { id: string; token: string };
  let hidden: { leadId: string; contactId: string };
  const SECRET = { name: 'Dana Secret', email: 'dana.secret@example.com', phone: '(206) 555-0101', timezone: 'America/New_York' };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    james = await createAgent(t, admin, 'James Chen');
    maria = await createAgent(t, admin, 'Maria Lopez');
    const res = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: SECRET, source: 'web', assigneeId: james.id } });
    expect(res.status).toBe(201);
    hidden = { leadId: res.body.id, contactId: res.body.contact.id };
  });
  afterAll(() => t.close());

  const secretContactNow = async () => (await t.request({ method: 'GET', url: `/api/leads/${hidden.leadId}`, token: admin })).body.contact;
  const duplicates = async () => (await t.request({ method: 'GET', url: '/api/duplicates', token: admin })).body;
  const leaksNothing = (body: unknown) => {
    const text = JSON.stringify(body);
    expect(text).not.toContain('Dana Secret');
    expect(text).not.toContain('555-0101');
    expect(text).not.toContain('+12065550101');
    expect(text).not.toContain('America/New_York');
    expect(text).not.toContain(hidden.contactId);
  };

  it("an agent who sends another agent's lead's email gets a contact of her own, and the pair goes to the admin", async () => {
    const res = await t.request({ method: 'POST', url: '/api/leads', token: maria.token, body: { contact: { name: 'x', email: 'Dana.Secret@example.com' }, source: 'web' } });
    expect(res.status).toBe(201);
    leaksNothing(res.body);
    expect(res.body.contact).toMatchObject({ name: 'x', email: 'Dana.Secret@example.com', phone: null, timezone: 'America/Los_Angeles' });
    // Her lead is hers, on her own contact; James's contact is as it was.
    expect(res.body.contact.id).not.toBe(hidden.contactId);
    expect(await secretContactNow()).toMatchObject({ id: hidden.contactId, name: SECRET.name, email: SECRET.email, timezone: SECRET.timezone });
    // Editing her contact cannot reach his either.
    const edited = await t.request({ method: 'PATCH', url: `/api/leads/${res.body.id}`, token: maria.token, body: { contact: { name: 'Renamed by Maria' } } });
    expect(edited.status).toBe(200);
    expect((await secretContactNow()).name).toBe(SECRET.name);

    const dups = await duplicates();
    expect(dups.items).toContainEqual(
      expect.objectContaining({
        signal: 'email',
        origin: 'lead_created',
        status: 'open',
        contact: expect.objectContaining({ id: res.body.contact.id, leadId: res.body.id }),
        existing: expect.objectContaining({ id: hidden.contactId, leadId: hidden.leadId, name: SECRET.name }),
      }),
    );
    // The review list is for admins.
    expect((await t.request({ method: 'GET', url: '/api/duplicates', token: maria.token })).status).toBe(403);
  });

  it('an API key acting as the agent follows the same rule (a phone match here)', async () => {
    const key = await t.request({ method: 'POST', url: '/api/api-keys', token: admin, body: { name: 'Maria website form', userId: maria.id } });
    expect(key.status).toBe(201);
    const res = await t.request({ method: 'POST', url: '/api/leads', apiKey: key.body.key, body: { contact: { name: 'Form visitor', phone: '+1 206-555-0101' }, source: 'web' } });
    expect(res.status).toBe(201);
    expect(res.body.contact).toMatchObject({ name: 'Form visitor', phoneE164: '+12065550101', email: null, timezone: 'America/Los_Angeles' });
    expect(res.body.contact.id).not.toBe(hidden.contactId);
    expect(JSON.stringify(res.body)).not.toContain('Dana Secret');
    expect(await secretContactNow()).toMatchObject({ name: SECRET.name, email: SECRET.email, phone: SECRET.phone });
    expect((await duplicates()).items).toContainEqual(expect.objectContaining({ signal: 'phone', contact: expect.objectContaining({ id: res.body.contact.id }), existing: expect.objectContaining({ id: hidden.contactId }) }));
  });

  it('the assistant writes what it learns to the lead’s own contact only', async () => {
    const session = await t.request({ method: 'POST', url: '/api/agent/session', token: maria.token, body: {} });
    expect(session.status).toBe(201);
    const { sessionId, leadId } = session.body as { sessionId: string; leadId: string };
    const turn = await t.request({ method: 'POST', url: '/api/agent/turn', token: maria.token, body: { sessionId, message: 'Hi, you can reach me at dana.secret@example.com or (206) 555-0101' } });
    expect(turn.status).toBe(200);
    const events = parseSse(typeof turn.body === 'string' ? turn.body : JSON.stringify(turn.body));
    expect(events[events.length - 1].event).toBe('done');
    // The lead's own words come back in the tool call; nothing of James's contact does.
    for (const secret of ['Dana Secret', 'America/New_York', hidden.contactId]) expect(JSON.stringify(events)).not.toContain(secret);
    const mine = (await t.request({ method: 'GET', url: `/api/leads/${leadId}`, token: maria.token })).body;
    expect(mine.contact.id).not.toBe(hidden.contactId);
    expect(mine.contact.email).toBe('dana.secret@example.com');
    expect(await secretContactNow()).toMatchObject({ id: hidden.contactId, name: SECRET.name, email: SECRET.email, phone: SECRET.phone, timezone: SECRET.timezone });
    expect((await duplicates()).items).toContainEqual(
      expect.objectContaining({ origin: 'conversation', signal: 'email_and_phone', contact: expect.objectContaining({ id: mine.contact.id, leadId }), existing: expect.objectContaining({ id: hidden.contactId }) }),
    );
  });

  it('a contact the caller can see is still reused (pool leads for agents, everything for admins)', async () => {
    const pool = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: { name: 'Pool Person', email: 'pool.person@example.com' }, source: 'web' } });
    const again = await t.request({ method: 'POST', url: '/api/leads', token: maria.token, body: { contact: { name: 'P', email: 'pool.person@example.com' }, source: 'phone' } });
    expect(again.status).toBe(201);
    expect(again.body.contact.id).toBe(pool.body.contact.id);
    const byAdmin = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: { name: 'D', email: SECRET.email }, source: 'phone' } });
    expect(byAdmin.body.contact.id).toBe(hidden.contactId);
  });
});
