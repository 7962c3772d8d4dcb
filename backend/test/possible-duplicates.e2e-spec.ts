import { createAgent, createTestApp, login, TestApp } from './harness';

/** Issue 15 / issue 21 point 1: the new-lead form warns, before saving, that the person may already be someone's lead. */
describe('possible duplicates while typing a new lead (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  let nora: { id: string; token: string };
  let ned: { id: string; token: string };
  let leadId: string;
  const tag = Math.random().toString(36).slice(2, 8);
  const email = `pia.${tag}@example.com`;
  const phone = `+1 206 555 ${String(1000 + Math.floor(Math.random() * 8999))}`;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    nora = await createAgent(t, admin, 'Nora North');
    ned = await createAgent(t, admin, 'Ned North');
    const res = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { source: 'phone', assigneeId: nora.id, contact: { name: 'Pia Possible', email, phone } } });
    expect(res.status).toBe(201);
    leadId = res.body.id;
  });
  afterAll(() => t.close());

  const ask = async (query: Record<string, string>, token: string) => {
    const res = await t.request({ method: 'GET', url: `/api/leads/possible-duplicates?${new URLSearchParams(query).toString()}`, token });
    expect(res.status).toBe(200);
    return res.body as Array<{ leadId: string; name: string; assignee: { id: string; name: string } | null; matchedOn: string[] }>;
  };

  it("names the lead the agent can see, by email (any case) or by the phone written another way", async () => {
    expect(await ask({ email: email.toUpperCase() }, nora.token)).toEqual([{ leadId, name: 'Pia Possible', assignee: { id: nora.id, name: 'Nora North' }, matchedOn: ['email'] }]);
    const byPhone = await ask({ phone: `(206) 555-${phone.slice(-4)}`, name: 'Pia P' }, nora.token);
    expect(byPhone).toEqual([expect.objectContaining({ leadId, name: 'Pia Possible', matchedOn: ['phone'] })]);
    const both = await ask({ email, phone }, admin);
    expect(both[0]).toMatchObject({ leadId, matchedOn: ['email', 'phone'] });
  });

  it("tells an agent nothing of another agent's lead, and nothing for empty or half-typed details", async () => {
    expect(await ask({ email }, ned.token)).toEqual([]);
    expect(await ask({ phone }, ned.token)).toEqual([]);
    expect(await ask({}, nora.token)).toEqual([]);
    expect(await ask({ email: 'pia.' }, nora.token)).toEqual([]);
    expect(await ask({ phone: '20' }, nora.token)).toEqual([]);
  });

  it('refuses oversized input and callers who are not signed in', async () => {
    expect((await t.request({ method: 'GET', url: `/api/leads/possible-duplicates?email=${'a'.repeat(300)}`, token: nora.token })).status).toBe(400);
    expect((await t.request({ method: 'GET', url: `/api/leads/possible-duplicates?email=${email}` })).status).toBe(401);
  });
});
