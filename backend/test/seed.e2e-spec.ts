import { SeedService } from '../src/seed/seed.service';
import { createTestApp, TestApp } from './harness';

/** What `npm start` does on a first run: admin, 21,613 real listings, generated leads. */
describe('demo seed', () => {
  let t: TestApp;
  let seeded: Awaited<ReturnType<SeedService['seedDemo']>>;
  beforeAll(async () => {
    t = await createTestApp({ SEED_DEMO: 'true', SEED_LEADS: '120', ADMIN_EMAIL: 'boss@brokerage.test', ADMIN_PASSWORD: 'boss-password-9' });
  });
  afterAll(() => t.close());

  it('loads every King County listing and the leads, and the admin can sign in and use them', async () => {
    const result = await t.app.get(SeedService).seedDemo();
    seeded = result;
    expect(result).toMatchObject({ units: 21613, leads: 120, admin: { email: 'boss@brokerage.test', created: true } });
    expect(result.admin.generatedPassword).toBeUndefined();
    // Statistics are fresh right after the load: estimated totals (the inbox's, past 1,000) see the rows.
    const [stats] = await t.db.query(`SELECT reltuples::int AS n FROM pg_class WHERE relname = 'leads'`);
    expect(stats.n).toBe(120);

    const login = await t.request({ method: 'POST', url: '/api/auth/login', body: { email: 'boss@brokerage.test', password: 'boss-password-9' } });
    expect(login.status).toBe(200);
    const token = login.body.accessToken as string;

    const leads = await t.request({ method: 'GET', url: '/api/leads?pageSize=5', token });
    expect(leads.body.total).toBe(120);
    const top = await t.request({ method: 'GET', url: `/api/leads/${leads.body.items[0].id}`, token });
    expect(top.body.timeline.length).toBeGreaterThan(0);
    expect(top.body.scoreBreakdown.reduce((s: number, f: { points: number }) => s + f.points, 0)).toBe(top.body.score);
    expect(top.body.qualifications[0]).toMatchObject({ source: 'auto', score: top.body.score });

    // A real row of the CSV: id 7129300520 sold for $221,900, 3 bed, 1 bath, 1,180 sq ft in 98178.
    const search = await t.request({ method: 'GET', url: '/api/inventory/search?zip=98178&priceMin=221900&priceMax=221900&bedsMin=3&status=available,sold,under_offer', token });
    expect(search.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ price: 221900, bedrooms: 3, bathrooms: 1, sizeSqft: 1180, zip: '98178', currency: 'USD' })]));
    const waterfront = await t.request({ method: 'GET', url: '/api/inventory/search?q=waterfront&city=Seattle&pageSize=3', token });
    expect(waterfront.body.total).toBeGreaterThan(0);
    for (const u of waterfront.body.items) expect(`${u.title} ${u.description}`.toLowerCase()).toContain('waterfront');
  }, 180_000); // loading 21,613 listings takes a while on a busy machine

  it('gives each demo agent a password of its own, never the admin’s, returned once', async () => {
    const signIn = (email: string, password: string) => t.request({ method: 'POST', url: '/api/auth/login', body: { email, password }, headers: { 'x-forwarded-for': '10.9.9.9' } });
    const [{ n }] = await t.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM users WHERE role = 'agent' AND email LIKE '%@openhouse.local'`);
    expect(Number(n)).toBe(3);
    for (const email of ['maria.lopez@openhouse.local', 'james.chen@openhouse.local', 'aisha.okafor@openhouse.local']) {
      expect((await signIn(email, 'boss-password-9')).status).toBe(401);
    }
    expect(seeded.agents).toHaveLength(3);
    const passwords = seeded.agents.map((a) => a.generatedPassword);
    expect(new Set(passwords).size).toBe(3);
    for (const a of seeded.agents) {
      expect(a.generatedPassword).toMatch(/^[\w-]{12}$/);
      expect((await signIn(a.email, a.generatedPassword as string)).status).toBe(200);
    }
  });

  it('is safe to run again: nothing is loaded twice', async () => {
    const again = await t.app.get(SeedService).seedDemo();
    expect(again).toMatchObject({ units: 0, leads: 0, admin: { created: false }, agents: [] });
    const [{ n }] = await t.db.query<{ n: string }[]>('SELECT count(*) AS n FROM units');
    expect(Number(n)).toBe(21613);
  });
});
