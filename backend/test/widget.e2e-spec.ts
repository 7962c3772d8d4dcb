import { createAgent, createTestApp, login, TestApp } from './harness';

/** The website chat widget's API through the real Fastify app: cross-origin calls, an anonymous chat, a name and phone left. */
describe('Website chat widget (API)', () => {
  let t: TestApp;
  let admin: string;
  let siteKey: string;
  const origin = { origin: 'https://homes.example', 'x-forwarded-for': '203.0.113.9' };

  beforeAll(async () => {
    t = await createTestApp({ AGENT_PROVIDER: 'local' });
    admin = await login(t);
    await createAgent(t, admin, 'Lena Lister');
    siteKey = (await t.request({ method: 'POST', url: '/api/admin/integrations/sources', token: admin, body: { name: 'Agency website', kind: 'web_form' } })).body.key;
  });
  afterAll(() => t.close());

  it('answers the browser preflight from any website', async () => {
    const res = await t.request({ method: 'OPTIONS', url: '/api/public/widget/chat', headers: { ...origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(String(res.headers['access-control-allow-headers'])).toContain('content-type');
  });

  it('a visitor chats (same SSE events as the agent turn) and leaves a name and phone: a lead with source widget', async () => {
    const start = await t.request({ method: 'POST', url: '/api/public/widget/chat', body: { siteKey }, headers: origin });
    expect(start.status).toBe(201);
    expect(start.headers['access-control-allow-origin']).toBe('*');
    const visitorToken = start.body.visitorToken as string;
    const turn = await t.request({ method: 'POST', url: '/api/public/widget/turn', body: { visitorToken, message: 'We want to rent a 2 bedroom flat, budget 2500 a month' }, headers: origin });
    expect(turn.status).toBe(200);
    expect(String(turn.headers['content-type'])).toMatch(/^text\/event-stream/);
    expect(turn.headers['access-control-allow-origin']).toBe('*');
    const events = [...String(turn.body).matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(events[0]).toBe('session');
    expect(events).toContain('token');
    expect(events.at(-1)).toBe('done');
    const leadId = /"leadId":"([0-9a-f-]{36})"/.exec(String(turn.body))![1];

    const contact = await t.request({ method: 'POST', url: '/api/public/widget/contact', body: { visitorToken, name: 'Wanda Widget', phone: '+1 415 555 0142' }, headers: origin });
    expect(contact.status).toBe(204);
    const lead = (await t.request({ method: 'GET', url: `/api/leads/${leadId}`, token: admin })).body;
    expect(lead.source).toBe('widget');
    expect(lead.contact.name).toBe('Wanda Widget');
    expect(lead.contact.phone).toMatch(/415/);
    expect(lead.profile.bedrooms).toBe(2);
  });

  it('a visitor who is already a lead is proposed as a possible duplicate, with why (issue 15)', async () => {
    const known = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: { name: 'Walter Whitfield', phone: '+1 415 555 0143' }, source: 'phone' } });
    expect(known.status).toBe(201);
    const start = await t.request({ method: 'POST', url: '/api/public/widget/chat', body: { siteKey }, headers: origin });
    const visitorToken = start.body.visitorToken as string;
    const turn = await t.request({ method: 'POST', url: '/api/public/widget/turn', body: { visitorToken, message: 'Hi, looking to buy' }, headers: origin });
    const leadId = /"leadId":"([0-9a-f-]{36})"/.exec(String(turn.body))![1];
    expect((await t.request({ method: 'POST', url: '/api/public/widget/contact', body: { visitorToken, name: 'Walter Whitfeld', phone: '415-555-0143' }, headers: origin })).status).toBe(204);
    const dups = (await t.request({ method: 'GET', url: `/api/leads/${leadId}/duplicates`, token: admin })).body as { existing: { leadId: string }; evidence: string[] }[];
    expect(dups).toContainEqual(expect.objectContaining({ existing: expect.objectContaining({ leadId: known.body.id }), evidence: expect.arrayContaining(['phone +1 415 555 0143 equal']) }));
  });

  it('refuses a forged or staff token, and an unknown site key', async () => {
    expect((await t.request({ method: 'POST', url: '/api/public/widget/turn', body: { visitorToken: admin, message: 'hi' }, headers: origin })).status).toBe(401);
    expect((await t.request({ method: 'POST', url: '/api/public/widget/chat', body: { siteKey: 'pk_' + '1'.repeat(32) }, headers: origin })).status).toBe(404);
  });
});
