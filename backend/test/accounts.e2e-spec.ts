import { generate } from 'otplib';
import { ADMIN, createTestApp, login, TestApp } from './harness';

/** Issue 21, point 4: team leads, bulk reassignment from the inbox, two-step sign-in. */
describe('accounts (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  let ip = 0;
  /** Each call from its own client address unless one is given, so only the rate-limit test trips the limit. */
  const from = (addr?: string) => ({ 'x-forwarded-for': addr ?? `198.18.${Math.floor(++ip / 250)}.${ip % 250}` });

  const createUser = async (name: string, role: string, team?: string) => {
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}@test.local`;
    const res = await t.request({ method: 'POST', url: '/api/users', token: admin, body: { email, name, role, password: 'user-password-1', ...(team ? { team } : {}) } });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, email, token: await login(t, email, 'user-password-1') };
  };
  const createLead = async (name: string, assigneeId: string | null) => {
    const res = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.org` }, source: 'web', ...(assigneeId ? { assigneeId } : {}) } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const inboxNames = async (token: string) => {
    const res = await t.request({ method: 'GET', url: '/api/leads?pageSize=100', token });
    expect(res.status).toBe(200);
    return (res.body.items as { name: string }[]).map((l) => l.name).sort();
  };
  const assigneeOf = async (id: string) => (await t.request({ method: 'GET', url: `/api/leads/${id}`, token: admin })).body.assignee?.id ?? null;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '10', TRUST_PROXY: 'true' });
    admin = await login(t);
  });
  afterAll(() => t.close());

  describe('team lead', () => {
    let lead: { id: string; token: string };
    let north1: { id: string; token: string };
    let north2: { id: string; token: string };
    let south: { id: string; token: string };
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      lead = await createUser('Tess Lead', 'team_lead', 'North');
      north1 = await createUser('Nora North', 'agent', 'North');
      north2 = await createUser('Ned North', 'agent', 'North');
      south = await createUser('Sam South', 'agent', 'South');
      ids.nora = await createLead('Buyer Of Nora', north1.id);
      ids.ned = await createLead('Buyer Of Ned', north2.id);
      ids.sam = await createLead('Buyer Of Sam', south.id);
      ids.pool = await createLead('Buyer In Pool', null);
    });

    it("sees the leads of the agents in the team, never another team's", async () => {
      expect(await inboxNames(lead.token)).toEqual(['Buyer In Pool', 'Buyer Of Ned', 'Buyer Of Nora']);
      expect((await t.request({ method: 'GET', url: `/api/leads/${ids.nora}`, token: lead.token })).status).toBe(200);
      const other = await t.request({ method: 'GET', url: `/api/leads/${ids.sam}`, token: lead.token });
      expect(other.status).toBe(404);
    });

    it('leaves agents as they were: their own leads and the pool', async () => {
      expect(await inboxNames(north1.token)).toEqual(['Buyer In Pool', 'Buyer Of Nora']);
      expect((await t.request({ method: 'GET', url: `/api/leads/${ids.ned}`, token: north1.token })).status).toBe(404);
      const give = await t.request({ method: 'POST', url: `/api/leads/${ids.nora}/assign`, token: north1.token, body: { assigneeId: north2.id } });
      expect(give.status).toBe(403);
    });

    it('reassigns among the team, and is refused outside it', async () => {
      const within = await t.request({ method: 'POST', url: `/api/leads/${ids.nora}/assign`, token: lead.token, body: { assigneeId: north2.id } });
      expect(within.status).toBe(200);
      expect(await assigneeOf(ids.nora)).toBe(north2.id);
      const outside = await t.request({ method: 'POST', url: `/api/leads/${ids.nora}/assign`, token: lead.token, body: { assigneeId: south.id } });
      expect(outside.status).toBe(403);
      expect(outside.body.code).toBe('assign_outside_team');
      expect(await assigneeOf(ids.nora)).toBe(north2.id);
      const theirs = await t.request({ method: 'POST', url: `/api/leads/${ids.sam}/assign`, token: lead.token, body: { assigneeId: north1.id } });
      expect(theirs.status).toBe(404);
      expect(await assigneeOf(ids.sam)).toBe(south.id);
    });

    it('stops seeing a member as soon as an admin moves them to another team', async () => {
      const moved = await t.request({ method: 'PATCH', url: `/api/users/${north2.id}`, token: admin, body: { team: 'South' } });
      expect(moved.status).toBe(200);
      expect(moved.body.team).toBe('South');
      expect(await inboxNames(lead.token)).toEqual(['Buyer In Pool']);
      await t.request({ method: 'PATCH', url: `/api/users/${north2.id}`, token: admin, body: { team: 'North' } });
    });

    it('offers a team lead only the team as people to hand leads to, and an agent only themselves', async () => {
      const names = async (token: string) => ((await t.request({ method: 'GET', url: '/api/users/assignable', token })).body as { name: string }[]).map((u) => u.name);
      expect(await names(lead.token)).toEqual(['Ned North', 'Nora North', 'Tess Lead']);
      expect(await names(south.token)).toEqual(['Sam South']);
      expect(await names(admin)).toEqual(expect.arrayContaining(['Ada Admin', 'Sam South', 'Tess Lead']));
    });

    it('bulk-reassigns team leads all or nothing: one lead outside the team changes none', async () => {
      const refused = await t.request({ method: 'POST', url: '/api/leads/reassign', token: lead.token, body: { leadIds: [ids.pool, ids.sam], assigneeId: north1.id } });
      expect(refused.status).toBe(404);
      expect(await assigneeOf(ids.pool)).toBeNull();
      const ok = await t.request({ method: 'POST', url: '/api/leads/reassign', token: lead.token, body: { leadIds: [ids.pool, ids.nora, ids.ned], assigneeId: north1.id } });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ reassigned: 3 });
      expect(await inboxNames(north1.token)).toEqual(['Buyer In Pool', 'Buyer Of Ned', 'Buyer Of Nora']);
    });
  });

  describe('bulk reassign', () => {
    it('moves every lead with a timeline entry each, and refuses the whole batch when one lead is not yours', async () => {
      const a = await createUser('Bulk Agent A', 'agent');
      const b = await createUser('Bulk Agent B', 'agent');
      const l1 = await createLead('Bulk One', null);
      const l2 = await createLead('Bulk Two', b.id);
      const l3 = await createLead('Bulk Three', null);

      // An agent may take pool leads, but another agent's lead in the batch stops it all.
      const mixed = await t.request({ method: 'POST', url: '/api/leads/reassign', token: a.token, body: { leadIds: [l1, l2], assigneeId: a.id } });
      expect(mixed.status).toBe(404);
      expect(await assigneeOf(l1)).toBeNull();
      // Taking pool leads for someone else is refused too, and nothing moves.
      const forOther = await t.request({ method: 'POST', url: '/api/leads/reassign', token: a.token, body: { leadIds: [l1, l3], assigneeId: b.id } });
      expect(forOther.status).toBe(403);
      expect(await assigneeOf(l3)).toBeNull();

      const res = await t.request({ method: 'POST', url: '/api/leads/reassign', token: admin, body: { leadIds: [l1, l2, l3], assigneeId: a.id } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ reassigned: 3 });
      const detail = await t.request({ method: 'GET', url: `/api/leads/${l2}`, token: admin });
      expect(detail.body.assignee.id).toBe(a.id);
      expect(detail.body.timeline.map((e: { summary: string }) => e.summary)).toContain('Assigned to Bulk Agent A by Ada Admin');

      const back = await t.request({ method: 'POST', url: '/api/leads/reassign', token: admin, body: { leadIds: [l1, l3], assigneeId: null } });
      expect(back.body).toEqual({ reassigned: 2 });
      expect(await assigneeOf(l3)).toBeNull();
    });

    it('answers 400 for an empty list, repeated ids, and an unknown agent, and writes nothing', async () => {
      const l = await createLead('Bulk Bad Input', null);
      for (const body of [{ leadIds: [], assigneeId: null }, { leadIds: [l, l], assigneeId: null }, { leadIds: ['nope'], assigneeId: null }]) {
        const res = await t.request({ method: 'POST', url: '/api/leads/reassign', token: admin, body });
        expect(res.status).toBe(400);
        expect(res.body.details[0].field).toBe('leadIds');
      }
      const unknown = await t.request({ method: 'POST', url: '/api/leads/reassign', token: admin, body: { leadIds: [l], assigneeId: '00000000-0000-4000-8000-000000000000' } });
      expect(unknown.status).toBe(400);
      expect(await assigneeOf(l)).toBeNull();
    });
  });

  describe('two-step sign-in', () => {
    const password = 'user-password-1';
    let user: { id: string; email: string; token: string };
    let secret: string;
    let recoveryCodes: string[];
    /** A code for the next 30-second window: still accepted (clock drift), and later than any code used before. */
    const nextCode = () => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    const passwordStep = (addr?: string) => t.request({ method: 'POST', url: '/api/auth/login', body: { email: user.email, password }, headers: from(addr) });
    const codeStep = (challengeToken: string, code: string, addr?: string) => t.request({ method: 'POST', url: '/api/auth/login/code', body: { challengeToken, code }, headers: from(addr) });

    beforeAll(async () => {
      user = await createUser('Tina Twofactor', 'agent');
    });

    it('turns on only after a right code from the new key, and never shows the key again', async () => {
      const setup = await t.request({ method: 'POST', url: '/api/auth/two-factor/setup', token: user.token, headers: from() });
      expect(setup.status).toBe(200);
      secret = setup.body.secret;
      expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Openhouse:tina\.twofactor%40test\.local\?.*secret=/);
      const wrong = await t.request({ method: 'POST', url: '/api/auth/two-factor/enable', token: user.token, body: { code: '000000' }, headers: from() });
      expect(wrong.status).toBe(400);
      expect(wrong.body.details[0].field).toBe('code');
      expect((await t.request({ method: 'GET', url: '/api/auth/me', token: user.token })).body.twoFactorEnabled).toBe(false);

      const on = await t.request({ method: 'POST', url: '/api/auth/two-factor/enable', token: user.token, body: { code: await generate({ secret }) }, headers: from() });
      expect(on.status).toBe(200);
      recoveryCodes = on.body.recoveryCodes;
      expect(recoveryCodes).toHaveLength(10);
      const me = await t.request({ method: 'GET', url: '/api/auth/me', token: user.token });
      expect(me.body.twoFactorEnabled).toBe(true);
      expect(JSON.stringify(me.body)).not.toContain(secret);
      // Stored encrypted, and the recovery codes only as hashes.
      const [row] = await t.db.query<{ totp_secret: string; recovery_code_hashes: string[] }[]>(`SELECT totp_secret, recovery_code_hashes FROM users WHERE id = $1`, [user.id]);
      expect(row.totp_secret).not.toContain(secret);
      expect(row.recovery_code_hashes.join()).not.toContain(recoveryCodes[0]);
      const again = await t.request({ method: 'POST', url: '/api/auth/two-factor/setup', token: user.token, headers: from() });
      expect(again.status).toBe(409);
    });

    it('asks for a code after the password; the password step alone gives no usable token', async () => {
      const first = await passwordStep();
      expect(first.status).toBe(200);
      expect(first.body.twoFactorRequired).toBe(true);
      expect(first.body.accessToken).toBeUndefined();
      const challenge = first.body.challengeToken as string;
      expect((await t.request({ method: 'GET', url: '/api/leads', token: challenge })).status).toBe(401);

      const wrong = await codeStep(challenge, '123456');
      expect(wrong.status).toBe(401);
      expect(wrong.body.code).toBe('invalid_code');
      const code = await nextCode();
      const ok = await codeStep(challenge, code);
      expect(ok.status).toBe(200);
      expect((await t.request({ method: 'GET', url: '/api/auth/me', token: ok.body.accessToken })).body.email).toBe(user.email);
      // The same code does not work twice.
      expect((await codeStep((await passwordStep()).body.challengeToken, code)).status).toBe(401);
    });

    it('accepts each recovery code once instead of a code', async () => {
      const challenge = (await passwordStep()).body.challengeToken as string;
      const ok = await codeStep(challenge, recoveryCodes[0].toUpperCase());
      expect(ok.status).toBe(200);
      expect((await codeStep(challenge, recoveryCodes[0])).status).toBe(401);
    });

    it('counts wrong codes toward the sign-in limit of the address', async () => {
      const addr = '203.0.113.77';
      const challenge = (await passwordStep(addr)).body.challengeToken as string;
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await codeStep(challenge, String(100000 + i), addr)).status);
      // The password step was the first of the ten attempts allowed in the minute.
      expect(statuses.slice(0, 9)).toEqual(Array(9).fill(401));
      expect(statuses.slice(9)).toEqual([429, 429]);
    });

    it('turns off only with the password or a current code, then signs in with the password alone', async () => {
      const wrong = await t.request({ method: 'POST', url: '/api/auth/two-factor/disable', token: user.token, body: { password: 'not-my-password' }, headers: from() });
      expect(wrong.status).toBe(400);
      const none = await t.request({ method: 'POST', url: '/api/auth/two-factor/disable', token: user.token, body: {}, headers: from() });
      expect(none.status).toBe(400);
      expect((await passwordStep()).body.twoFactorRequired).toBe(true);
      const off = await t.request({ method: 'POST', url: '/api/auth/two-factor/disable', token: user.token, body: { password }, headers: from() });
      expect(off.status).toBe(200);
      expect(off.body.twoFactorEnabled).toBe(false);
      const plain = await passwordStep();
      expect(plain.body).toMatchObject({ twoFactorRequired: false, accessToken: expect.any(String) });
    });

    it('keeps the admin sign-in as it was (no second step unless turned on)', async () => {
      const res = await t.request({ method: 'POST', url: '/api/auth/login', body: ADMIN, headers: from() });
      expect(res.body).toMatchObject({ twoFactorRequired: false, accessToken: expect.any(String) });
    });
  });
});
