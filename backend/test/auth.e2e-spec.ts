import { ADMIN, createAgent, createTestApp, login, TestApp } from './harness';

describe('auth (HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '5', TRUST_PROXY: 'true' });
  });
  afterAll(() => t.close());

  it('signs in with email and password and returns a Bearer token that /auth/me accepts', async () => {
    const res = await t.request({ method: 'POST', url: '/api/auth/login', body: { email: ' Admin@Test.Local ', password: ADMIN.password } });
    expect(res.status).toBe(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
    expect(res.body.expiresIn).toBe(12 * 3600);
    const me = await t.request({ method: 'GET', url: '/api/auth/me', token: res.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: ADMIN.email, role: 'admin', via: 'jwt' });
    expect(me.body).not.toHaveProperty('passwordHash');
  });

  it('rejects a wrong password and an unknown email with the same 401', async () => {
    const wrong = await t.request({ method: 'POST', url: '/api/auth/login', body: { email: ADMIN.email, password: 'nope-nope' } });
    const unknown = await t.request({ method: 'POST', url: '/api/auth/login', body: { email: 'ghost@test.local', password: 'nope-nope' } });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Email or password is wrong', code: 'invalid_credentials' });
    }
  });

  it('answers 401 JSON without a token, with a malformed token and with a forged one', async () => {
    const none = await t.request({ method: 'GET', url: '/api/leads' });
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('auth_required');
    const bad = await t.request({ method: 'GET', url: '/api/leads', token: 'not-a-jwt' });
    expect(bad.status).toBe(401);
    const forged =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAiLCJyb2xlIjoiYWRtaW4ifQ.c2lnbmF0dXJlLWlzLXdyb25n';
    expect((await t.request({ method: 'GET', url: '/api/leads', token: forged })).status).toBe(401);
  });

  it('validates the login body: missing fields and unknown fields are 400', async () => {
    const missing = await t.request({ method: 'POST', url: '/api/auth/login', body: { email: ADMIN.email } });
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'password' })]));
    const extra = await t.request({ method: 'POST', url: '/api/auth/login', body: { email: ADMIN.email, password: 'x', admin: true } });
    expect(extra.status).toBe(400);
    expect(extra.body.message).toContain('property admin should not exist');
  });

  it('keeps public routes public: service info and health', async () => {
    const info = await t.request({ method: 'GET', url: '/api' });
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ name: 'openhouse', docs: '/docs' });
    const health = await t.request({ method: 'GET', url: '/api/health' });
    expect(health.status).toBe(200);
    expect(health.body.info.database.status).toBe('up');
  });

  it('stops working for a user once an admin deactivates them', async () => {
    const admin = await login(t);
    const agent = await createAgent(t, admin, 'Short Lived');
    expect((await t.request({ method: 'GET', url: '/api/auth/me', token: agent.token })).status).toBe(200);
    const off = await t.request({ method: 'PATCH', url: `/api/users/${agent.id}`, token: admin, body: { active: false } });
    expect(off.status).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/auth/me', token: agent.token })).status).toBe(401);
    const relogin = await t.request({ method: 'POST', url: '/api/auth/login', body: { email: agent.email, password: 'agent-password-1' }, headers: { 'x-forwarded-for': '192.0.2.44' } });
    expect(relogin.status).toBe(401);
  });

  it('rate-limits login attempts per client with a 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      statuses.push((await t.request({ method: 'POST', url: '/api/auth/login', body: { email: 'brute@test.local', password: `guess-${i}` }, headers: { 'x-forwarded-for': '203.0.113.9' } })).status);
    }
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // Another client is not affected.
    const other = await t.request({ method: 'POST', url: '/api/auth/login', body: ADMIN, headers: { 'x-forwarded-for': '198.51.100.7' } });
    expect(other.status).toBe(200);
  });
});
