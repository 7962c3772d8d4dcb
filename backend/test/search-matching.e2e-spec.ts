import { UnitIndexer } from '../src/embedding/unit-indexer.service';
import { createAgent, createTestApp, login, TestApp } from './harness';
import { startWorker, waitFor } from './worker-process';

interface Hit {
  id: string;
  ref: string;
  matchScore: number | null;
  why: { filters: string[]; terms: string[]; semantic: number | null; lexicalRank: number | null; semanticRank: number | null };
}

const UNITS = [
  { ref: 'S-LAKE', title: 'Waterfront home with private dock', description: 'Right on Lake Washington with a dock and sweeping water views. Three bedrooms.', city: 'Kirkland', area: 'Juanita', price: 1200000, bedrooms: 3, features: ['waterfront', 'view'] },
  { ref: 'S-OFFICE', title: 'Quiet cul-de-sac house with a den', description: 'A peaceful street, a large lot and a separate study that works as a home office.', city: 'Kirkland', area: 'Rose Hill', price: 950000, bedrooms: 4, features: ['large lot'] },
  { ref: 'S-CONDO', title: 'Downtown condo', description: 'Compact one-bedroom condo close to the light rail and restaurants.', city: 'Seattle', area: 'Belltown', price: 480000, bedrooms: 1, features: [] },
  { ref: 'S-FIXER', title: 'Fixer-upper with basement', description: 'Needs work throughout; full basement and a detached garage.', city: 'Renton', area: null, price: 390000, bedrooms: 3, features: ['basement', 'fixer-upper'] },
  { ref: 'S-NEW', title: 'New construction townhouse', description: 'Brand new townhouse built this year, modern finishes, rooftop deck.', city: 'Seattle', area: 'Ballard', price: 850000, bedrooms: 3, features: ['new construction'] },
];

/** Search by meaning and words together, every hit explained; matches in both directions. */
describe('hybrid search and matching', () => {
  let t: TestApp;
  let admin: string;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    for (const u of UNITS) {
      const res = await t.request({ method: 'POST', url: '/api/inventory', token: admin, body: { ...u, type: u.ref === 'S-CONDO' ? 'condo' : u.ref === 'S-NEW' ? 'townhouse' : 'house', purpose: 'sale', bathrooms: 2 } });
      ids.set(u.ref, res.body.id);
    }
    // No worker in this file: index in-process with the same indexer the worker uses.
    await t.app.get(UnitIndexer).embedUnits([...ids.values()]);
  });
  afterAll(() => t.close());

  const search = async (qs: string) => {
    const res = await t.request({ method: 'GET', url: `/api/inventory/search?${qs}`, token: admin });
    expect(res.status).toBe(200);
    return res.body as { items: Hit[]; total: number };
  };

  it('ranks by meaning: "lakefront" finds the waterfront home, "home office" the house with a study', async () => {
    const lake = await search('q=lakefront%20place%20with%20a%20boat%20dock');
    expect(lake.items[0].ref).toBe('S-LAKE');
    const office = await search(`q=${encodeURIComponent('quiet street, room for a home office')}`);
    expect(office.items[0].ref).toBe('S-OFFICE');
  });

  it('explains every hit: filters met, matching words, ranks and similarity', async () => {
    const res = await search('q=waterfront%20with%20a%20view&city=kirkland&priceMax=1500000');
    const top = res.items[0];
    expect(top.ref).toBe('S-LAKE');
    expect(top.why.filters).toEqual(['up to $1.5M', 'in kirkland']);
    expect(top.why.terms).toEqual(['waterfront', 'view']);
    expect(top.why.lexicalRank).toBe(1);
    expect(top.why.semanticRank).toBe(1);
    expect(top.why.semantic).toBeGreaterThan(0);
    expect(top.matchScore).toBeGreaterThan(0);
    // Filters stay hard: nothing outside Kirkland or over budget.
    expect(res.items.map((h) => h.ref).sort()).toEqual(['S-LAKE', 'S-OFFICE']);
    const scores = res.items.map((h) => h.matchScore as number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('each mode ranks on its own evidence', async () => {
    const lexical = await search('q=dock&mode=lexical');
    expect(lexical.items.map((h) => h.ref)).toEqual(['S-LAKE']);
    expect(lexical.items[0].why).toMatchObject({ semanticRank: null, semantic: null, lexicalRank: 1 });
    const semantic = await search('q=dock&mode=semantic');
    expect(semantic.items).toHaveLength(5);
    expect(semantic.items.every((h) => h.why.lexicalRank === null && h.why.semanticRank !== null)).toBe(true);
  });

  it('rejects bad search input with a 400', async () => {
    for (const qs of ['priceMin=-1', 'priceMin=900000&priceMax=100000', `q=${'x'.repeat(10_000)}`, 'mode=vibes', 'bedsMin=-2']) {
      const res = await t.request({ method: 'GET', url: `/api/inventory/search?${qs}`, token: admin });
      expect({ qs: qs.slice(0, 40), status: res.status }).toEqual({ qs: qs.slice(0, 40), status: 400 });
    }
  });

  describe('matches', () => {
    let leadId: string;
    beforeAll(async () => {
      const res = await t.request({
        method: 'POST',
        url: '/api/leads',
        token: admin,
        body: { contact: { name: 'Marta Buyer' }, source: 'web', profile: { purpose: 'buy', budgetMax: 1300000, bedrooms: 3, locations: ['Kirkland'], mustHaves: ['on the water', 'dock'] } },
      });
      leadId = res.body.id;
    });

    it('GET /leads/:id/matches: units for the profile and wishes, within budget and place, with why', async () => {
      const res = await t.request({ method: 'GET', url: `/api/leads/${leadId}/matches`, token: admin });
      expect(res.status).toBe(200);
      expect(res.body.stored).toBe(false); // no worker has stored any yet: computed now
      const refs = (res.body.items as Hit[]).map((h) => h.ref);
      expect(refs[0]).toBe('S-LAKE');
      expect(refs).not.toContain('S-CONDO'); // 1 bedroom, Seattle
      expect(refs).not.toContain('S-FIXER'); // Renton
      // In the buyer's terms, against the buyer's own budget: never the stretched search limit.
      expect(res.body.items[0].why.filters).toEqual(['$1.2M, within budget', '3 bedrooms as asked', 'In Kirkland as asked', 'On the water as asked', 'Dock as asked']);
      expect(JSON.stringify(res.body.items.map((h: Hit) => h.why))).not.toContain('1,430,000');
      expect(res.body.items[0].why.terms).toEqual([]);
    });

    it('GET /inventory/:id/matches: open leads the unit fits, with why; agents only see theirs and the pool', async () => {
      const res = await t.request({ method: 'GET', url: `/api/inventory/${ids.get('S-LAKE')}/matches`, token: admin });
      expect(res.status).toBe(200);
      expect(res.body[0]).toMatchObject({ leadId, name: 'Marta Buyer', fit: 4 });
      expect(res.body[0].why).toEqual(expect.arrayContaining(['wants to buy', 'looking in Juanita']));
      const condo = await t.request({ method: 'GET', url: `/api/inventory/${ids.get('S-CONDO')}/matches`, token: admin });
      expect(condo.body.map((m: { leadId: string }) => m.leadId)).not.toContain(leadId);

      const agent = await createAgent(t, admin, 'Other Agent');
      const other = await createAgent(t, admin, 'Owner Agent');
      await t.request({ method: 'POST', url: `/api/leads/${leadId}/assign`, token: admin, body: { assigneeId: other.id } });
      const seen = await t.request({ method: 'GET', url: `/api/inventory/${ids.get('S-LAKE')}/matches`, token: agent.token });
      expect(seen.body.map((m: { leadId: string }) => m.leadId)).not.toContain(leadId);
      expect((await t.request({ method: 'GET', url: `/api/leads/${leadId}/matches`, token: agent.token })).status).toBe(404);
      expect((await t.request({ method: 'GET', url: '/api/inventory/00000000-0000-4000-8000-000000000000/matches', token: admin })).status).toBe(404);
    });

    it('a place named in a combined area ("Capitol Hill/Madison Park") matches both ways', async () => {
      const unit = await t.request({
        method: 'POST',
        url: '/api/inventory',
        token: admin,
        body: { ref: 'S-MADISON', title: 'Tudor near the park', description: 'Brick tudor with a garden.', type: 'house', purpose: 'sale', price: 1100000, bedrooms: 3, bathrooms: 2, city: 'Seattle', area: 'Capitol Hill/Madison Park' },
      });
      await t.app.get(UnitIndexer).embedUnits([unit.body.id]);
      const lead = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: { name: 'Park Person' }, source: 'web', profile: { purpose: 'buy', budgetMax: 1200000, locations: ['Madison Park'] } } });
      const matches = await t.request({ method: 'GET', url: `/api/leads/${lead.body.id}/matches`, token: admin });
      expect((matches.body.items as Hit[]).map((h) => h.ref)).toEqual(['S-MADISON']);
      const buyers = await t.request({ method: 'GET', url: `/api/inventory/${unit.body.id}/matches`, token: admin });
      expect(buyers.body.map((m: { leadId: string }) => m.leadId)).toContain(lead.body.id);
      // The score's inventory-fit factor sees it too.
      expect(lead.body.scoreBreakdown.find((f: { factor: string }) => f.factor === 'inventoryFit')).toMatchObject({ reason: '1 available home fit' });
    });

    it('a profile change makes the worker recompute and store the matches and the score', async () => {
      const worker = await startWorker({ DATABASE_URL: t.url });
      try {
        const edited = await t.request({ method: 'PATCH', url: `/api/leads/${leadId}`, token: admin, body: { profile: { locations: ['Seattle'], bedrooms: 1, budgetMax: 600000, mustHaves: [] } } });
        expect(edited.status).toBe(200);
        const stored = await waitFor('stored matches', async () => {
          const res = await t.request({ method: 'GET', url: `/api/leads/${leadId}/matches`, token: admin });
          return res.body.stored ? res.body : null;
        });
        expect((stored.items as Hit[]).map((h) => h.ref)).toEqual(['S-CONDO']);
      } finally {
        await worker.stop();
      }
    }, 120_000);
  });
});
