import { randomBytes } from 'node:crypto';
import { AuthService } from '../src/core/auth/auth.service';
import { ADMIN, createAgent, createTestApp, login, TestApp } from './harness';

/**
 * Issue 14.2 and 14.5: a revoked key, a deactivated user or a changed password stops working on
 * every API process within a second, not after a cache lifetime. Two Nest apps on one database
 * play two API replicas; each caches lookups for 30 s, so only the cross-process invalidation
 * (PostgreSQL LISTEN/NOTIFY) can make these pass.
 */
const CACHE_ENTRIES = 200;

describe('Revocation reaches every process', () => {
  let a: TestApp;
  let b: TestApp;
  let adminA: string;

  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp({ AUTH_CACHE_ENTRIES: String(CACHE_ENTRIES) }, { databaseUrl: a.url });
    adminA = await login(a);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const me = (t: TestApp, cred: { token?: string; apiKey?: string }) => t.request({ method: 'GET', url: '/api/auth/me', ...cred }).then((r) => r.status);
  /** Polls until `status` comes back, for at most a second; returns the last status seen. */
  const within1s = async (probe: () => Promise<number>, status: number) => {
    const until = Date.now() + 1000;
    let last = await probe();
    while (last !== status && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 25));
      last = await probe();
    }
    return last;
  };

  it('a key revoked on one process is refused on the other within a second', async () => {
    const key = (await a.request({ method: 'POST', url: '/api/api-keys', token: adminA, body: { name: 'Zapier' } })).body;
    // Used on B first, so B has it cached as good.
    expect(await me(b, { apiKey: key.key })).toBe(200);
    expect((await a.request({ method: 'DELETE', url: `/api/api-keys/${key.id}`, token: adminA })).status).toBe(204);
    expect(await within1s(() => me(b, { apiKey: key.key }), 401)).toBe(401);
  });

  it('a user deactivated on one process loses their token and keys on the other within a second', async () => {
    const agent = await createAgent(a, adminA, 'Deactivated Dora');
    const key = (await a.request({ method: 'POST', url: '/api/api-keys', token: adminA, body: { name: 'Dora key', userId: agent.id } })).body;
    expect(await me(b, { token: agent.token })).toBe(200);
    expect(await me(b, { apiKey: key.key })).toBe(200);
    expect((await a.request({ method: 'PATCH', url: `/api/users/${agent.id}`, token: adminA, body: { active: false } })).status).toBe(200);
    expect(await within1s(() => me(b, { token: agent.token }), 401)).toBe(401);
    expect(await within1s(() => me(b, { apiKey: key.key }), 401)).toBe(401);
    // Reactivated: the old token stays dead (its version is gone), a new sign-in works.
    expect((await a.request({ method: 'PATCH', url: `/api/users/${agent.id}`, token: adminA, body: { active: true } })).status).toBe(200);
    expect(await me(b, { token: agent.token })).toBe(401);
  }, 120_000);

  it('changing your password needs the current one, ends your other tokens everywhere and hands you a new one', async () => {
    const agent = await createAgent(a, adminA, 'Password Pat');
    const other = await login(a, agent.email, 'agent-password-1');
    expect(await me(b, { token: agent.token })).toBe(200);
    expect(await me(b, { token: other })).toBe(200);

    const wrong = await a.request({ method: 'POST', url: '/api/auth/password', token: agent.token, body: { currentPassword: 'not-it', newPassword: 'a-new-password-2' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ statusCode: 400, code: 'wrong_password' });
    expect(await me(b, { token: agent.token })).toBe(200);
    const short = await a.request({ method: 'POST', url: '/api/auth/password', token: agent.token, body: { currentPassword: 'agent-password-1', newPassword: 'short' } });
    expect(short.status).toBe(400);

    const res = await a.request({ method: 'POST', url: '/api/auth/password', token: agent.token, body: { currentPassword: 'agent-password-1', newPassword: 'a-new-password-2' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accessToken: expect.any(String), user: { id: agent.id, via: 'jwt' } });
    expect(await within1s(() => me(b, { token: other }), 401)).toBe(401);
    expect(await me(b, { token: agent.token })).toBe(401);
    expect(await me(a, { token: agent.token })).toBe(401);
    expect(await me(b, { token: res.body.accessToken })).toBe(200);
    // The old password no longer signs in; the new one does.
    expect((await a.request({ method: 'POST', url: '/api/auth/login', body: { email: agent.email, password: 'agent-password-1' } })).status).toBe(401);
    await login(b, agent.email, 'a-new-password-2');
  }, 120_000);

  it('an admin resets a password: the user’s tokens end everywhere; agents may not reset', async () => {
    const agent = await createAgent(a, adminA, 'Reset Rita');
    const peer = await createAgent(a, adminA, 'Peer Paul');
    expect(await me(b, { token: agent.token })).toBe(200);
    expect((await a.request({ method: 'POST', url: `/api/users/${agent.id}/password`, token: peer.token, body: { newPassword: 'by-a-peer-123' } })).status).toBe(403);
    const res = await a.request({ method: 'POST', url: `/api/users/${agent.id}/password`, token: adminA, body: { newPassword: 'reset-by-admin-1' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: agent.id, active: true });
    expect(JSON.stringify(res.body)).not.toMatch(/password/i);
    expect(await within1s(() => me(b, { token: agent.token }), 401)).toBe(401);
    await login(a, agent.email, 'reset-by-admin-1');
    expect((await a.request({ method: 'POST', url: `/api/users/00000000-0000-4000-8000-000000000000/password`, token: adminA, body: { newPassword: 'reset-by-admin-1' } })).status).toBe(404);
  }, 120_000);

  it('random keys cannot grow the key cache past its bound', async () => {
    // B runs with AUTH_CACHE_ENTRIES=200 (the default is 10,000), so the bound is reached quickly.
    const auth = b.app.get(AuthService);
    const guesses = Array.from({ length: CACHE_ENTRIES + 300 }, () => `ohk_${randomBytes(32).toString('base64url')}`);
    for (let i = 0; i < guesses.length; i += 100) {
      const found = await Promise.all(guesses.slice(i, i + 100).map((k) => auth.userForApiKey(k)));
      expect(found.every((u) => u === null)).toBe(true);
    }
    expect(auth.cacheSizes().keys).toBe(CACHE_ENTRIES);
  }, 120_000);

  it('the admin’s own tokens keep working on both processes through all of this', async () => {
    expect(await me(b, { token: adminA })).toBe(200);
    expect(await me(b, { token: await login(b, ADMIN.email, ADMIN.password) })).toBe(200);
  });
});

/** Issue 14.2: failed key and token attempts are limited per client address. */
describe('Failed credential attempts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ AUTH_FAILURE_LIMIT: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After once an address has failed too often; other addresses are unaffected', async () => {
    const from = (ip: string, cred: { token?: string; apiKey?: string }) => t.request({ method: 'GET', url: '/api/auth/me', headers: { 'x-forwarded-for': ip }, ...cred });
    for (let i = 0; i < 3; i++) expect((await from('203.0.113.9', { apiKey: `ohk_random_guess_${i}` })).status).toBe(401);
    const refused = await from('203.0.113.9', { token: 'not.a.jwt' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', code: 'rate_limited', message: expect.any(String) });
    // Even a good credential waits from that address; from another it works.
    const admin = await login(t);
    expect((await from('203.0.113.9', { token: admin })).status).toBe(429);
    expect((await from('198.51.100.7', { token: admin })).status).toBe(200);
  });
});
