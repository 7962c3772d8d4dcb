import { createAgent, createTestApp, login, TestApp } from './harness';

/**
 * The 500s the spec-driven fuzz suite (api-fuzz.e2e-spec.ts) found, pinned as plain cases so they
 * stay fixed whatever seed a run draws. Each answered 500 before its fix.
 */
describe('what the API fuzzer found (real app, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  const errors = () => t.logs.filter((l) => l.includes('"level":50'));

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
  });
  afterAll(() => t.close());

  it('a number in exponent form where two decimals are allowed is a 400, not a crash', async () => {
    const unit = { type: 'house', purpose: 'sale', ref: 'FF-1', title: 'Tiny baths', price: 500000, bedrooms: 2, city: 'Seattle' };
    for (const bathrooms of [1e-7, 5e-324]) {
      const res = await t.request({ method: 'POST', url: '/api/inventory', token: admin, body: { ...unit, bathrooms } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'validation_failed', details: [{ field: 'bathrooms', errors: ['bathrooms must be a number with at most 2 decimal places'] }] });
      const lead = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { source: 'web', contact: { name: 'Exponent Eve' }, profile: { bathrooms } } });
      expect(lead.status).toBe(400);
    }
    expect((await t.request({ method: 'POST', url: '/api/inventory', token: admin, body: { ...unit, bathrooms: 2.5 } })).status).toBe(201);
    // Searching with one: it was out of range for PostgreSQL's real.
    expect((await t.request({ method: 'GET', url: '/api/inventory/search?bathsMin=5.4e-323', token: admin })).status).toBe(400);
    expect((await t.request({ method: 'GET', url: '/api/inventory/search?bathsMin=1.5', token: admin })).status).toBe(200);
    expect(errors()).toEqual([]);
  });

  it('null for an optional field that cannot be empty means "not given": a user, a contact, a task', async () => {
    const agent = await createAgent(t, admin, 'Nully Nora');
    const user = await t.request({ method: 'PATCH', url: `/api/users/${agent.id}`, token: admin, body: { active: null, name: null, password: null, role: null } });
    expect(user.status).toBe(200);
    expect(user.body).toMatchObject({ name: 'Nully Nora', active: true, role: 'agent' });
    expect((await t.request({ method: 'GET', url: '/api/auth/me', token: agent.token })).status).toBe(200);

    const lead = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { source: 'web', contact: { name: 'Kept Name' } } });
    const patched = await t.request({ method: 'PATCH', url: `/api/leads/${lead.body.id}`, token: admin, body: { contact: { name: null } } });
    expect(patched.status).toBe(200);
    expect(patched.body.contact.name).toBe('Kept Name');

    const task = await t.request({ method: 'POST', url: `/api/leads/${lead.body.id}/tasks`, token: admin, body: { title: 'Call back' } });
    const retitled = await t.request({ method: 'PATCH', url: `/api/leads/${lead.body.id}/tasks/${task.body.id}`, token: admin, body: { title: null, type: null } });
    expect(retitled.status).toBe(200);
    expect(retitled.body).toMatchObject({ title: 'Call back', type: task.body.type });
    expect(errors()).toEqual([]);
  });
});
