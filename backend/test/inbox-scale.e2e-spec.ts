import { insertGeneratedLeads, readListingsFile } from '../src/seed/lead-loader';
import { SeedRepository } from '../src/seed/seed.repository';
import { createTestApp, login, TestApp } from './harness';

/**
 * The inbox on a realistic volume: 1,500 generated leads. Pages must match a plain reference
 * query (the endpoint merges per-stage index scans), and totals past 1,000 are flagged estimates.
 */
describe('inbox at volume', () => {
  let t: TestApp;
  let admin: string;
  let agentIds: string[];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    agentIds = [];
    for (const name of ['Vol One', 'Vol Two']) {
      const [row] = await t.db.query<{ id: string }[]>(`INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, 'agent', 'x') RETURNING id`, [`${name.replace(' ', '.').toLowerCase()}@vol.test`, name]);
      agentIds.push(row.id);
    }
    await insertGeneratedLeads(new SeedRepository(t.db), { count: 1500, seed: 11, agentIds, listings: readListingsFile().slice(0, 3000), now: new Date() });
  });
  afterAll(() => t.close());

  const reference = async (stages: string[] | null, order: string, limit: number, offset: number) =>
    (
      await t.db.query<{ id: string }[]>(
        `SELECT id FROM leads WHERE merged_into_id IS NULL ${stages ? 'AND stage = ANY($3::lead_stage[])' : ''} ORDER BY ${order} LIMIT $1 OFFSET $2`,
        stages ? [limit, offset, stages] : [limit, offset],
      )
    ).map((r) => r.id);

  it.each([
    ['-score', 'score DESC, id DESC'],
    ['score', 'score ASC, id ASC'],
    ['-created', 'created_at DESC, id DESC'],
    ['created', 'created_at ASC, id ASC'],
    ['-lastActivity', 'last_activity_at DESC, id DESC'],
    ['lastActivity', 'last_activity_at ASC, id ASC'],
  ])('sort %s over several stages returns exactly the rows of a plain ORDER BY', async (sort, order) => {
    const stages = ['new', 'contacted', 'qualified', 'viewing'];
    for (const page of [1, 3]) {
      const res = await t.request({ method: 'GET', url: `/api/leads?stage=${stages.join(',')}&sort=${sort}&page=${page}&pageSize=25`, token: admin });
      expect(res.status).toBe(200);
      expect(res.body.items.map((l: { id: string }) => l.id)).toEqual(await reference(stages, order, 25, (page - 1) * 25));
    }
    const noStage = await t.request({ method: 'GET', url: `/api/leads?sort=${sort}&page=2&pageSize=40`, token: admin });
    expect(noStage.body.items.map((l: { id: string }) => l.id)).toEqual(await reference(null, order, 40, 40));
  });

  it('counts exactly up to 1,000 and flags an estimate beyond', async () => {
    const all = await t.request({ method: 'GET', url: '/api/leads?pageSize=1', token: admin });
    expect(all.body.totalExact).toBe(false);
    expect(all.body.total).toBeGreaterThan(1000);
    const [{ n }] = await t.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM leads WHERE stage = 'lost'`);
    const lost = await t.request({ method: 'GET', url: '/api/leads?stage=lost&pageSize=1', token: admin });
    expect(Number(n)).toBeLessThanOrEqual(1000);
    expect(lost.body).toMatchObject({ total: Number(n), totalExact: true });
  });

  it('an agent sees only their leads and the pool, in order, at volume', async () => {
    await t.db.query(`UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE role = 'admin' LIMIT 1) WHERE id = $1`, [agentIds[0]]);
    const token = await login(t, 'vol.one@vol.test', 'admin-password-1');
    const res = await t.request({ method: 'GET', url: '/api/leads?stage=new,contacted&pageSize=100', token });
    const ids = res.body.items.map((l: { id: string }) => l.id);
    const expected = (
      await t.db.query<{ id: string }[]>(
        `SELECT id FROM leads WHERE stage IN ('new', 'contacted') AND (assignee_id = $1 OR assignee_id IS NULL) ORDER BY score DESC, id DESC LIMIT 100`,
        [agentIds[0]],
      )
    ).map((r) => r.id);
    expect(ids).toEqual(expected);
    expect(res.body.items.every((l: { assignee: { id: string } | null }) => l.assignee === null || l.assignee.id === agentIds[0])).toBe(true);
  });
});
