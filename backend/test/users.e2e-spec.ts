import { createHash } from 'node:crypto';
import { AuthService } from '../src/core/auth/auth.service';
import { ADMIN, createAgent, createTestApp, login, TestApp } from './harness';

describe('users and API keys (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;
  let agent: { id: string; token: string; email: string };

  const count = async (table: string) => Number((await t.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const createUser = (body: Record<string, unknown>, token = admin) => t.request({ method: 'POST', url: '/api/users', token, body });
  const patchUser = (id: string, body: Record<string, unknown>, token = admin) => t.request({ method: 'PATCH', url: `/api/users/${id}`, token, body });
  const createKey = (body: Record<string, unknown>, token = admin) => t.request({ method: 'POST', url: '/api/api-keys', token, body });
  const byId = (list: unknown, id: string) => (list as { id: string; [field: string]: unknown }[]).find((x) => x.id === id);
  const me = (apiKey: string) => t.request({ method: 'GET', url: '/api/auth/me', apiKey });
  let ip = 0;
  /** Each login attempt from its own address, so the login rate limit never interferes. */
  const tryLogin = (email: string, password: string) =>
    t.request({ method: 'POST', url: '/api/auth/login', body: { email, password }, headers: { 'x-forwarded-for': `198.18.0.${++ip}` } });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    adminId = (await t.request({ method: 'GET', url: '/api/auth/me', token: admin })).body.id;
    agent = await createAgent(t, admin, 'Andy Agent');
  });
  afterAll(() => t.close());

  describe('the last active admin', () => {
    // Runs first: at this point the seeded admin is the only admin.
    it('cannot be demoted or deactivated (409 last_admin), and stays an admin', async () => {
      const demote = await patchUser(adminId, { role: 'agent' });
      expect(demote.status).toBe(409);
      expect(demote.body).toEqual({ statusCode: 409, error: 'Conflict', message: 'This is the last active admin; make another admin first', code: 'last_admin' });
      const deactivate = await patchUser(adminId, { active: false, name: 'Gone' });
      expect(deactivate.status).toBe(409);
      expect(deactivate.body.code).toBe('last_admin');
      const list = await t.request({ method: 'GET', url: '/api/users', token: admin });
      expect(byId(list.body, adminId)).toMatchObject({ role: 'admin', active: true, name: 'Ada Admin' });
    });

    it('a deactivated admin does not count as another admin', async () => {
      const other = await createUser({ email: 'sleeping.admin@test.local', name: 'Sleeping Admin', role: 'admin', password: 'sleeping-admin-1' });
      expect(other.status).toBe(201);
      expect((await patchUser(other.body.id, { active: false })).status).toBe(200);
      const demote = await patchUser(adminId, { role: 'agent' });
      expect(demote.status).toBe(409);
      expect(demote.body.code).toBe('last_admin');
    });

    it('with a second active admin, either may be demoted, but then the other is the last one', async () => {
      const second = await createUser({ email: 'second.admin@test.local', name: 'Second Admin', role: 'admin', password: 'second-admin-1' });
      const secondToken = await login(t, 'second.admin@test.local', 'second-admin-1');
      // An admin cannot switch themselves off, even when another admin exists.
      const self = await patchUser(adminId, { active: false });
      expect(self.status).toBe(409);
      expect(self.body.code).toBe('self_deactivate');
      const demoted = await patchUser(second.body.id, { role: 'agent' });
      expect(demoted.status).toBe(200);
      expect(demoted.body.role).toBe('agent');
      // The demoted admin's existing token loses admin rights at once.
      expect((await t.request({ method: 'GET', url: '/api/users', token: secondToken })).status).toBe(403);
      expect((await patchUser(adminId, { role: 'agent' })).body.code).toBe('last_admin');
    });

    it('two admins demoting each other at the same moment leave exactly one admin', async () => {
      for (let round = 0; round < 5; round++) {
        const email = `racing.admin.${round}@test.local`;
        const other = await createUser({ email, name: `Racing Admin ${round}`, role: 'admin', password: 'racing-admin-1' });
        const otherToken = await login(t, email, 'racing-admin-1');
        const [a, b] = await Promise.all([patchUser(other.body.id, { role: 'agent' }), patchUser(adminId, { role: 'agent' }, otherToken)]);
        // One wins; the other is refused as the last admin (409), or, if the winner demoted its
        // author first, for no longer being an admin (403). Never both.
        expect([a.status, b.status].filter((x) => x === 200)).toHaveLength(1);
        expect([a.status, b.status].every((x) => x === 200 || x === 409 || x === 403)).toBe(true);
        const [{ n }] = await t.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM users WHERE role = 'admin' AND active`);
        expect(Number(n)).toBe(1);
        // Put the seeded admin back in charge for the next round and the tests after.
        if (b.status === 200) {
          await t.db.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [adminId]);
          await t.db.query(`UPDATE users SET role = 'agent' WHERE id = $1`, [other.body.id]);
          t.app.get(AuthService).forget(); // the app caches who is who for 30 s
        }
      }
    });
  });

  describe('users', () => {
    it('an admin lists users by name, without password hashes', async () => {
      const res = await t.request({ method: 'GET', url: '/api/users', token: admin });
      expect(res.status).toBe(200);
      const names = (res.body as { name: string }[]).map((u) => u.name);
      expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b)));
      expect(res.body).toEqual(expect.arrayContaining([
        { id: adminId, email: ADMIN.email, name: 'Ada Admin', role: 'admin', active: true, team: null, twoFactorEnabled: false, createdAt: expect.any(String) },
        { id: agent.id, email: agent.email, name: 'Andy Agent', role: 'agent', active: true, team: null, twoFactorEnabled: false, createdAt: expect.any(String) },
      ]));
      for (const u of res.body) expect(Object.keys(u).sort()).toEqual(['active', 'createdAt', 'email', 'id', 'name', 'role', 'team', 'twoFactorEnabled']);
    });

    it('creates a user with the email lower-cased; they can sign in with any casing', async () => {
      const res = await createUser({ email: 'Nora.Nguyen@Example.COM', name: '  Nora Nguyen ', role: 'agent', password: 'nora-password-1' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String), email: 'nora.nguyen@example.com', name: 'Nora Nguyen', role: 'agent', active: true, team: null, twoFactorEnabled: false, createdAt: expect.any(String) });
      const rows = await t.db.query<{ email: string; password_hash: string }[]>('SELECT email, password_hash FROM users WHERE id = $1', [res.body.id]);
      expect(rows[0].email).toBe('nora.nguyen@example.com');
      expect(rows[0].password_hash).not.toContain('nora-password-1');
      const signIn = await tryLogin('NORA.nguyen@example.com', 'nora-password-1');
      expect(signIn.status).toBe(200);
      expect(signIn.body.user).toMatchObject({ id: res.body.id, role: 'agent' });
    });

    it('a second user with the same email in another casing is a 409 email_taken and is not stored', async () => {
      const before = await count('users');
      const res = await createUser({ email: 'nora.NGUYEN@example.com', name: 'Nora Again', role: 'admin', password: 'another-password' });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ statusCode: 409, error: 'Conflict', message: 'A user with this email already exists', code: 'email_taken' });
      expect(await count('users')).toBe(before);
    });

    it('two simultaneous creates with the same email: one 201, one 409, one user stored', async () => {
      const before = await count('users');
      const body = { email: 'double.click@test.local', name: 'Double Click', role: 'agent', password: 'double-click-1' };
      const results = await Promise.all([createUser(body), createUser({ ...body, email: 'Double.Click@test.local' })]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(results.find((r) => r.status === 409)?.body.code).toBe('email_taken');
      expect(await count('users')).toBe(before + 1);
    });

    it.each([
      ['bad email', { email: 'not-an-email', name: 'X', role: 'agent', password: 'long-enough-1' }, 'email'],
      ['short password', { email: 'short@test.local', name: 'X', role: 'agent', password: 'short' }, 'password'],
      ['unknown role', { email: 'role@test.local', name: 'X', role: 'owner', password: 'long-enough-1' }, 'role'],
      ['empty name', { email: 'noname@test.local', name: '', role: 'agent', password: 'long-enough-1' }, 'name'],
      ['unknown field', { email: 'extra@test.local', name: 'X', role: 'agent', password: 'long-enough-1', active: false }, 'active'],
    ])('create with %s → 400 and nothing stored', async (_label, body, field) => {
      const before = await count('users');
      const res = await createUser(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'validation_failed' });
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await count('users')).toBe(before);
    });

    it('renames a user and changes their role; the change shows in the list and on their next request', async () => {
      const u = await createAgent(t, admin, 'Rita Rename');
      expect((await t.request({ method: 'GET', url: '/api/users', token: u.token })).status).toBe(403);
      const res = await patchUser(u.id, { name: ' Rita Promoted ', role: 'admin' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: u.id, email: u.email, name: 'Rita Promoted', role: 'admin', active: true });
      const list = await t.request({ method: 'GET', url: '/api/users', token: admin });
      expect(byId(list.body, u.id)).toMatchObject({ name: 'Rita Promoted', role: 'admin' });
      // The token they already hold now carries admin rights.
      const asAdmin = await t.request({ method: 'GET', url: '/api/users', token: u.token });
      expect(asAdmin.status).toBe(200);
      const meRes = await t.request({ method: 'GET', url: '/api/auth/me', token: u.token });
      expect(meRes.body).toMatchObject({ name: 'Rita Promoted', role: 'admin' });
      // Back to agent: allowed, there are other admins.
      expect((await patchUser(u.id, { role: 'agent' })).body.role).toBe('agent');
    });

    it('resets a password: the new one signs in, the old one no longer does', async () => {
      const u = await createAgent(t, admin, 'Pat Password');
      const res = await patchUser(u.id, { password: 'brand-new-secret-9' });
      expect(res.status).toBe(200);
      expect(res.body).not.toHaveProperty('password');
      expect((await tryLogin(u.email, 'brand-new-secret-9')).status).toBe(200);
      const old = await tryLogin(u.email, 'agent-password-1');
      expect(old.status).toBe(401);
      expect(old.body.code).toBe('invalid_credentials');
    });

    it('deactivates and reactivates a user: sign-in stops and comes back', async () => {
      const u = await createAgent(t, admin, 'Dee Activated');
      const off = await patchUser(u.id, { active: false });
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);
      expect((await tryLogin(u.email, 'agent-password-1')).status).toBe(401);
      expect((await t.request({ method: 'GET', url: '/api/auth/me', token: u.token })).status).toBe(401);
      const on = await patchUser(u.id, { active: true });
      expect(on.body.active).toBe(true);
      expect((await tryLogin(u.email, 'agent-password-1')).status).toBe(200);
    });

    it('a bad change is a 400 and changes nothing; a missing user is a 404; a malformed id is a 400', async () => {
      for (const body of [{ password: 'short' }, { role: 'owner' }, { active: 'no' }, { email: 'new@test.local' }, { name: '' }]) {
        const res = await patchUser(agent.id, body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
      const row = byId((await t.request({ method: 'GET', url: '/api/users', token: admin })).body, agent.id);
      expect(row).toMatchObject({ email: agent.email, name: 'Andy Agent', role: 'agent', active: true });
      expect((await tryLogin(agent.email, 'agent-password-1')).status).toBe(200);
      const missing = await patchUser('00000000-0000-4000-8000-000000000000', { name: 'Nobody' });
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('user_not_found');
      expect((await patchUser('not-a-uuid', { name: 'Nobody' })).status).toBe(400);
    });
  });

  describe('agents are kept out', () => {
    it('an agent gets 403 on every /api/users and /api/api-keys route, and nothing is written', async () => {
      const key = (await createKey({ name: 'Kept by admin' })).body;
      const before = [await count('users'), await count('api_keys')];
      const calls = [
        t.request({ method: 'GET', url: '/api/users', token: agent.token }),
        createUser({ email: 'sneaky@test.local', name: 'Sneaky', role: 'admin', password: 'sneaky-password' }, agent.token),
        patchUser(agent.id, { role: 'admin' }, agent.token),
        patchUser(adminId, { active: false }, agent.token),
        t.request({ method: 'GET', url: '/api/api-keys', token: agent.token }),
        createKey({ name: 'Mine now' }, agent.token),
        t.request({ method: 'DELETE', url: `/api/api-keys/${key.id}`, token: agent.token }),
      ];
      for (const res of await Promise.all(calls)) {
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden', code: 'role_required' });
        expect(JSON.stringify(res.body)).not.toContain(key.key);
      }
      expect([await count('users'), await count('api_keys')]).toEqual(before);
      const meRes = await t.request({ method: 'GET', url: '/api/auth/me', token: agent.token });
      expect(meRes.body.role).toBe('agent');
      expect((await me(key.key)).status).toBe(200);
    });

    it('without credentials these routes are a 401', async () => {
      expect((await t.request({ method: 'GET', url: '/api/users' })).status).toBe(401);
      expect((await t.request({ method: 'GET', url: '/api/api-keys' })).status).toBe(401);
    });
  });

  describe('API keys', () => {
    it('creating a key returns the whole key once; the list only ever shows its prefix', async () => {
      const res = await createKey({ name: ' Zapier ' });
      expect(res.status).toBe(201);
      const key: string = res.body.key;
      expect(key).toMatch(/^ohk_[A-Za-z0-9_-]{40,}$/);
      expect(res.body).toEqual({
        id: expect.any(String),
        name: 'Zapier',
        prefix: key.slice(0, 12),
        userId: adminId,
        userEmail: ADMIN.email,
        createdAt: expect.any(String),
        lastUsedAt: null,
        revokedAt: null,
        key,
      });
      const list = await t.request({ method: 'GET', url: '/api/api-keys', token: admin });
      expect(list.status).toBe(200);
      const listed = byId(list.body, res.body.id);
      expect(listed).toEqual({ ...res.body, key: undefined });
      expect(listed).not.toHaveProperty('key');
      expect(JSON.stringify(list.body)).not.toContain(key);
      expect(JSON.stringify(list.body)).not.toContain(key.slice(12));
    });

    it('the database keeps only the SHA-256 of the key', async () => {
      const { id, key } = (await createKey({ name: 'Hash check' })).body as { id: string; key: string };
      const rows = await t.db.query<Record<string, unknown>[]>('SELECT * FROM api_keys WHERE id = $1', [id]);
      expect(rows).toHaveLength(1);
      expect(rows[0].key_hash).toBe(createHash('sha256').update(key).digest('hex'));
      const stored = JSON.stringify(rows[0]);
      expect(stored).not.toContain(key);
      expect(stored).not.toContain(key.slice(4)); // the random part, without "ohk_"
      expect(stored).not.toContain(key.slice(12)); // the part after the visible prefix
    });

    it('a key signs requests as its user via X-API-Key, and the list shows when it was last used', async () => {
      const created = (await createKey({ name: 'Website form' })).body;
      const who = await me(created.key);
      expect(who.status).toBe(200);
      expect(who.body).toMatchObject({ id: adminId, email: ADMIN.email, role: 'admin', via: 'api_key' });
      const leads = await t.request({ method: 'GET', url: '/api/leads', apiKey: created.key });
      expect(leads.status).toBe(200);
      expect(leads.body).toMatchObject({ items: expect.any(Array), total: expect.any(Number) });
      const listed = byId((await t.request({ method: 'GET', url: '/api/api-keys', apiKey: created.key })).body, created.id);
      expect(listed?.lastUsedAt).toEqual(expect.any(String));
      expect(listed?.revokedAt).toBeNull();
    });

    it('a key made for an agent acts as that agent, with an agent’s rights', async () => {
      const res = await createKey({ name: 'Agent integration', userId: agent.id });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ userId: agent.id, userEmail: agent.email });
      const who = await me(res.body.key);
      expect(who.body).toMatchObject({ id: agent.id, role: 'agent', via: 'api_key' });
      expect((await t.request({ method: 'GET', url: '/api/users', apiKey: res.body.key })).status).toBe(403);
      expect((await t.request({ method: 'GET', url: '/api/leads', apiKey: res.body.key })).status).toBe(200);
    });

    it('a key for an unknown user is a 404 and nothing is stored; a missing name is a 400', async () => {
      const before = await count('api_keys');
      const res = await createKey({ name: 'Ghost', userId: '00000000-0000-4000-8000-000000000000' });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('user_not_found');
      const noName = await createKey({});
      expect(noName.status).toBe(400);
      expect(noName.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'name' })]));
      expect((await createKey({ name: 'Bad user', userId: 'bob' })).status).toBe(400);
      expect(await count('api_keys')).toBe(before);
    });

    it('revoking a key (204) stops it at once, even right after it was used', async () => {
      const created = (await createKey({ name: 'To revoke' })).body;
      expect((await me(created.key)).status).toBe(200);
      const res = await t.request({ method: 'DELETE', url: `/api/api-keys/${created.id}`, token: admin });
      expect(res.status).toBe(204);
      expect(res.body).toBeUndefined();
      for (const url of ['/api/auth/me', '/api/leads']) {
        const after = await t.request({ method: 'GET', url, apiKey: created.key });
        expect(after.status).toBe(401);
        expect(after.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', code: 'invalid_credentials' });
      }
      const listed = byId((await t.request({ method: 'GET', url: '/api/api-keys', token: admin })).body, created.id);
      expect(listed?.revokedAt).toEqual(expect.any(String));
      // Other keys keep working.
      const other = (await createKey({ name: 'Still fine' })).body;
      expect((await me(other.key)).status).toBe(200);
    });

    it('a key stops working when its user is deactivated, and works again when they are reactivated', async () => {
      const u = await createAgent(t, admin, 'Kay Keyholder');
      const { key } = (await createKey({ name: 'Kay’s key', userId: u.id })).body as { key: string };
      expect((await me(key)).status).toBe(200);
      expect((await patchUser(u.id, { active: false })).status).toBe(200);
      const off = await me(key);
      expect(off.status).toBe(401);
      expect(off.body.code).toBe('invalid_credentials');
      expect((await t.request({ method: 'GET', url: '/api/leads', apiKey: key })).status).toBe(401);
      expect((await patchUser(u.id, { active: true })).status).toBe(200);
      expect((await me(key)).status).toBe(200);
    });

    it('a wrong, altered or oversized key is a 401', async () => {
      const { key } = (await createKey({ name: 'Real one' })).body as { key: string };
      const altered = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
      for (const wrong of ['ohk_this-is-not-a-real-key-000000000000000000000', altered, `${key}x`, key.slice(0, 12), `ohk_${'a'.repeat(300)}`]) {
        const res = await me(wrong);
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ statusCode: 401, code: 'invalid_credentials' });
      }
      expect((await me(key)).status).toBe(200);
    });

    it('revoking a missing key is a 404; a malformed id is a 400', async () => {
      const missing = await t.request({ method: 'DELETE', url: '/api/api-keys/00000000-0000-4000-8000-000000000000', token: admin });
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'API key not found', code: 'api_key_not_found' });
      expect((await t.request({ method: 'DELETE', url: '/api/api-keys/not-a-uuid', token: admin })).status).toBe(400);
    });
  });
});
