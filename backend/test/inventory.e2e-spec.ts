import { createAgent, createTestApp, login, TestApp } from './harness';

interface Unit {
  id: string;
  ref: string;
  [field: string]: unknown;
}

/** Seed units: distinct prices, sizes, places and words so every search has one exact answer. */
const SEED = [
  { ref: 'T-001', title: 'Harbor cottage', description: 'Quiet waterfront home with a private dock.', type: 'house', purpose: 'sale', price: 450000, bedrooms: 2, bathrooms: 1, sizeSqft: 1100, city: 'Seattle', area: 'Ballard', zip: '98107', lat: 47.6686, lng: -122.3849, features: ['dock', 'fireplace'] },
  { ref: 'T-002', title: 'Belltown condo', description: 'Floor-to-ceiling windows with a view of the bay.', type: 'condo', purpose: 'sale', price: 650000, bedrooms: 2, bathrooms: 2, sizeSqft: 900, city: 'Seattle', area: 'Belltown', zip: '98121' },
  { ref: 'T-003', title: 'Somerset family home', description: 'Large yard and a three-car garage.', type: 'house', purpose: 'sale', price: 900000, bedrooms: 4, bathrooms: 2.5, sizeSqft: 2400, city: 'Bellevue', area: 'Somerset', zip: '98006' },
  { ref: 'T-004', title: 'Capitol Hill loft', description: 'Exposed brick, close to the light rail.', type: 'apartment', purpose: 'rent', price: 2800, bedrooms: 1, bathrooms: 1, sizeSqft: 700, city: 'Seattle', area: 'Capitol Hill', zip: '98102' },
  { ref: 'T-005', title: 'Stadium townhouse', description: 'Two levels with a rooftop deck.', type: 'townhouse', purpose: 'rent', price: 3900, bedrooms: 3, bathrooms: 2.5, sizeSqft: 1500, city: 'Tacoma', area: 'Stadium District', zip: '98403' },
  { ref: 'T-006', title: 'Ballard bungalow', description: 'Craftsman details and a sunny porch.', type: 'house', purpose: 'sale', price: 520000, bedrooms: 3, bathrooms: 1.5, sizeSqft: 1300, city: 'Seattle', area: 'Ballard', zip: '98107', status: 'sold' },
  { ref: 'T-007', title: 'Lakeside lot', description: 'Buildable parcel near the lake.', type: 'land', purpose: 'sale', price: 200000, bedrooms: 0, bathrooms: 0, city: 'Bellevue', zip: '98004' },
];

describe('inventory (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  let agent: { id: string; token: string };

  const count = async () => Number((await t.db.query<{ n: string }[]>('SELECT count(*) AS n FROM units'))[0].n);
  const create = (token: string, body: Record<string, unknown>) => t.request({ method: 'POST', url: '/api/inventory', token, body });
  const search = (qs: string, token = admin) => t.request({ method: 'GET', url: `/api/inventory/search?${qs}`, token });
  const refs = (res: { body: { items: Unit[] } }) => res.body.items.map((u) => u.ref);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    agent = await createAgent(t, admin, 'Ivy Inventory');
  });
  afterAll(() => t.close());

  describe('search', () => {
    const seeded = new Map<string, Unit>();

    beforeAll(async () => {
      // One by one, so "newest" has a single right answer.
      for (const unit of SEED) {
        const res = await create(admin, unit);
        if (res.status !== 201) throw new Error(`seeding ${unit.ref} failed: ${res.status} ${JSON.stringify(res.body)}`);
        seeded.set(unit.ref, res.body as Unit);
      }
    });

    it('lists only available units by default, cheapest first, with the same fields as the detail view', async () => {
      const res = await search('');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 6, page: 1, pageSize: 20 });
      expect(refs(res)).toEqual(['T-004', 'T-005', 'T-007', 'T-001', 'T-002', 'T-003']);
      const { matchScore, why, ...harbor } = (res.body.items as (Unit & { matchScore: unknown; why: { filters: string[] } })[]).find((u) => u.ref === 'T-001') ?? ({} as never);
      const { photos, ...created } = seeded.get('T-001') as Unit & { photos: unknown[] };
      expect(photos).toEqual([]);
      expect(harbor).toEqual(created);
      // Without a query there is no relevance score; the why lists the filters (none given here).
      expect(matchScore).toBeNull();
      expect(why.filters).toEqual([]);
      expect(harbor).toMatchObject({ price: 450000, bathrooms: 1, lat: 47.6686, lng: -122.3849, features: ['dock', 'fireplace'], currency: 'USD', status: 'available' });
      const somerset = (res.body.items as Unit[]).find((u) => u.ref === 'T-003');
      expect(somerset?.bathrooms).toBe(2.5);
    });

    it('an agent can search and read units too', async () => {
      const res = await search('purpose=rent', agent.token);
      expect(res.status).toBe(200);
      expect(refs(res)).toEqual(['T-004', 'T-005']);
      const one = await t.request({ method: 'GET', url: `/api/inventory/${seeded.get('T-004')?.id}`, token: agent.token });
      expect(one.status).toBe(200);
      expect(one.body.title).toBe('Capitol Hill loft');
    });

    it.each([
      ['purpose=rent', ['T-004', 'T-005']],
      ['purpose=sale', ['T-007', 'T-001', 'T-002', 'T-003']],
      ['type=land', ['T-007']],
      ['type=house,condo', ['T-001', 'T-002', 'T-003']],
      ['type=apartment, townhouse', ['T-004', 'T-005']],
      ['priceMin=400000&priceMax=700000', ['T-001', 'T-002']],
      ['priceMin=650000', ['T-002', 'T-003']],
      ['priceMax=2800', ['T-004']],
      ['priceMin=3900&priceMax=3900', ['T-005']],
      ['bedsMin=3', ['T-005', 'T-003']],
      ['bedsMin=0', ['T-004', 'T-005', 'T-007', 'T-001', 'T-002', 'T-003']],
      ['bathsMin=2', ['T-005', 'T-002', 'T-003']],
      ['bathsMin=2.5', ['T-005', 'T-003']],
      ['city=seattle', ['T-004', 'T-001', 'T-002']],
      ['city=SEATTLE', ['T-004', 'T-001', 'T-002']],
      ['city=Bellevue', ['T-007', 'T-003']],
      ['city=Spokane', []],
      ['zip=98107', ['T-001']],
      ['zip=98004', ['T-007']],
      ['area=ballard', ['T-001']],
      ['area=Capitol%20Hill', ['T-004']],
      ['status=sold', ['T-006']],
      ['status=sold,available', ['T-004', 'T-005', 'T-007', 'T-001', 'T-006', 'T-002', 'T-003']],
      ['status=under_offer', []],
      ['zip=98107&status=sold,available', ['T-001', 'T-006']],
      ['priceMin=400000&priceMax=700000&status=available,sold', ['T-001', 'T-006', 'T-002']],
      ['purpose=sale&city=bellevue&bedsMin=1', ['T-003']],
      ['purpose=rent&type=condo', []],
    ])('filter %s', async (qs, expected) => {
      const res = await search(qs);
      expect(res.status).toBe(200);
      expect(refs(res)).toEqual(expected);
      expect(res.body.total).toBe(expected.length);
    });

    it.each([
      ['waterfront', ['T-001']], // a word of the description
      ['views', ['T-002']], // stemming: the description says "view"
      ['dock waterfront', ['T-001']], // every word must match
      ['waterfront garage', []],
      ['capitol hill', ['T-004']], // a place named whole: its area (and its title)
      ['hill', []], // a wish word ("on a hill") is not the name of Capitol Hill
      ['tacoma', ['T-005']], // city
      ['Somerset', ['T-003']],
      ['porch', []], // only the sold unit says porch
    ])('words with an explicit sort must all match: q=%s', async (q, expected) => {
      const res = await search(`q=${encodeURIComponent(q)}&sort=newest`);
      expect(res.status).toBe(200);
      expect(refs(res)).toEqual(expected);
      expect(res.body.total).toBe(expected.length);
    });

    it('words combine with status and the other filters', async () => {
      expect(refs(await search('q=porch&status=sold&sort=newest'))).toEqual(['T-006']);
      expect(refs(await search('q=seattle&purpose=rent&sort=newest'))).toEqual(['T-004']);
    });

    it('a strict word search can be sorted', async () => {
      expect(refs(await search('q=seattle&sort=newest'))).toEqual(['T-004', 'T-002', 'T-001']);
      expect(refs(await search('q=seattle&sort=price'))).toEqual(['T-004', 'T-001', 'T-002']);
    });

    it.each([
      ['price', ['T-004', 'T-005', 'T-007', 'T-001', 'T-002', 'T-003']],
      ['-price', ['T-003', 'T-002', 'T-001', 'T-007', 'T-005', 'T-004']],
      ['-size', ['T-003', 'T-005', 'T-001', 'T-002', 'T-004', 'T-007']], // the lot has no size: last
      ['size', ['T-004', 'T-002', 'T-001', 'T-005', 'T-003', 'T-007']],
      ['newest', ['T-007', 'T-005', 'T-004', 'T-003', 'T-002', 'T-001']],
      ['-beds', ['T-003', 'T-005', 'T-002', 'T-001', 'T-004', 'T-007']],
    ])('sort=%s', async (sort, expected) => {
      const res = await search(`sort=${sort}`);
      expect(res.status).toBe(200);
      const got = refs(res);
      if (sort === '-beds') {
        // T-001 and T-002 both have 2 bedrooms; only the bedroom order is defined.
        expect((res.body.items as Unit[]).map((u) => u.bedrooms)).toEqual([4, 3, 2, 2, 1, 0]);
        expect(new Set(got)).toEqual(new Set(expected));
      } else {
        expect(got).toEqual(expected);
      }
    });

    it('pages through the results with a total', async () => {
      const pages = [];
      for (const page of [1, 2, 3, 4]) {
        const res = await search(`pageSize=2&page=${page}&sort=-price`);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ total: 6, page, pageSize: 2 });
        pages.push(refs(res));
      }
      expect(pages).toEqual([['T-003', 'T-002'], ['T-001', 'T-007'], ['T-005', 'T-004'], []]);
      const filtered = await search('city=seattle&pageSize=1&page=2');
      expect(filtered.body).toMatchObject({ total: 3, page: 2, pageSize: 1 });
      expect(refs(filtered)).toEqual(['T-001']);
    });

    it.each([
      ['priceMin=700000&priceMax=400000', 'priceMin=700000&priceMax=400000', 'priceMin', 'invalid_range'],
      ['priceMin=-1', 'priceMin=-1', 'priceMin', 'validation_failed'],
      ['priceMax=-5', 'priceMax=-5', 'priceMax', 'validation_failed'],
      ['bedsMin=abc', 'bedsMin=abc', 'bedsMin', 'validation_failed'],
      ['bathsMin=lots', 'bathsMin=lots', 'bathsMin', 'validation_failed'],
      ['zip=12', 'zip=12', 'zip', 'validation_failed'],
      ['pageSize=500', 'pageSize=500', 'pageSize', 'validation_failed'],
      ['page=0', 'page=0', 'page', 'validation_failed'],
      ['purpose=lease', 'purpose=lease', 'purpose', 'validation_failed'],
      ['type=house,castle', 'type=house,castle', 'type', 'validation_failed'],
      ['status=available,gone', 'status=available,gone', 'status', 'validation_failed'],
      ['sort=cheapest', 'sort=cheapest', 'sort', 'validation_failed'],
      ['a 10 kB q', `q=${'waterfront '.repeat(930)}`, 'q', 'validation_failed'],
    ])('rejects %s with a 400 naming the field', async (_label, qs, field, code) => {
      const before = await count();
      const res = await search(qs.replace(/ /g, '%20'));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code, message: expect.any(String) });
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(res.body).not.toHaveProperty('stack');
      expect(await count()).toBe(before);
    });

    it('rejects an unknown query parameter with a 400 naming it', async () => {
      const res = await search('city=Seattle&furnished=yes');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'validation_failed' });
      expect(res.body.message).toContain('property furnished should not exist');
    });

    it('the range error says what is wrong', async () => {
      const res = await search('priceMin=700000&priceMax=400000');
      expect(res.body.message).toBe('priceMin must not be greater than priceMax');
    });

    it('needs a signed-in user', async () => {
      const res = await t.request({ method: 'GET', url: '/api/inventory/search' });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('auth_required');
    });
  });

  describe('read one', () => {
    it('a missing unit is a 404 JSON error', async () => {
      const res = await t.request({ method: 'GET', url: '/api/inventory/00000000-0000-4000-8000-000000000000', token: admin });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Unit not found', code: 'unit_not_found' });
    });

    it('a malformed id is a 400, not a 500', async () => {
      const res = await t.request({ method: 'GET', url: '/api/inventory/not-a-uuid', token: admin });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.body.message).toContain('uuid');
    });
  });

  describe('create, update and delete', () => {
    const base = { title: 'Olympia rambler', type: 'house', purpose: 'sale', price: 380000, bedrooms: 3, bathrooms: 2, city: 'Olympia' };

    it('an admin adds a unit (201) with defaults filled in, and it can be read back and found', async () => {
      const res = await create(admin, { ...base, ref: 'OLY-1', description: 'Single level on a quiet street.', zip: '98501', yearBuilt: 1968, lotSqft: 8000 });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: expect.any(String),
        ref: 'OLY-1',
        title: 'Olympia rambler',
        description: 'Single level on a quiet street.',
        price: 380000,
        currency: 'USD',
        status: 'available',
        features: [],
        sizeSqft: null,
        lotSqft: 8000,
        yearBuilt: 1968,
        area: null,
        zip: '98501',
        lat: null,
        lng: null,
      });
      const read = await t.request({ method: 'GET', url: `/api/inventory/${res.body.id}`, token: admin });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(res.body);
      const found = await search('city=olympia');
      expect(refs(found)).toEqual(['OLY-1']);
      const minimal = await create(admin, { ...base, ref: 'OLY-MIN' });
      expect(minimal.status).toBe(201);
      expect(minimal.body).toMatchObject({ description: '', zip: null, yearBuilt: null });
    });

    it('a second unit with the same ref is a 409 ref_taken and is not stored', async () => {
      const before = await count();
      const res = await create(admin, { ...base, ref: 'OLY-1', title: 'Another one' });
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.body).toEqual({ statusCode: 409, error: 'Conflict', message: 'A unit with this ref already exists', code: 'ref_taken' });
      expect(await count()).toBe(before);
    });

    it('an admin changes a unit (200); the change shows on reads and in search', async () => {
      const id = (await create(admin, { ...base, ref: 'OLY-2', area: 'Eastside' })).body.id;
      const res = await t.request({ method: 'PATCH', url: `/api/inventory/${id}`, token: admin, body: { price: 365000, status: 'under_offer', area: null, features: ['garage'] } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, ref: 'OLY-2', title: 'Olympia rambler', price: 365000, status: 'under_offer', area: null, features: ['garage'] });
      const read = await t.request({ method: 'GET', url: `/api/inventory/${id}`, token: admin });
      expect(read.body).toEqual(res.body);
      // Under offer: gone from the default search, there when asked for.
      expect(refs(await search('city=olympia'))).not.toContain('OLY-2');
      expect(refs(await search('city=olympia&status=under_offer'))).toEqual(['OLY-2']);
    });

    it('renaming a unit to a ref that is taken is a 409 and changes nothing', async () => {
      const id = (await create(admin, { ...base, ref: 'OLY-3' })).body.id;
      const res = await t.request({ method: 'PATCH', url: `/api/inventory/${id}`, token: admin, body: { ref: 'OLY-1', price: 1 } });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('ref_taken');
      const read = await t.request({ method: 'GET', url: `/api/inventory/${id}`, token: admin });
      expect(read.body).toMatchObject({ ref: 'OLY-3', price: 380000 });
    });

    it('changing a missing unit is a 404; a bad change is a 400 and nothing is written', async () => {
      const missing = await t.request({ method: 'PATCH', url: '/api/inventory/00000000-0000-4000-8000-000000000000', token: admin, body: { price: 1 } });
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('unit_not_found');
      const id = (await create(admin, { ...base, ref: 'OLY-4' })).body.id;
      for (const body of [{ price: -1 }, { lat: 200 }, { type: 'castle' }, { price: 1, vip: true }, { bedrooms: 'three' }]) {
        const res = await t.request({ method: 'PATCH', url: `/api/inventory/${id}`, token: admin, body });
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      }
      const read = await t.request({ method: 'GET', url: `/api/inventory/${id}`, token: admin });
      expect(read.body).toMatchObject({ price: 380000, lat: null, type: 'house', bedrooms: 3 });
    });

    it('an admin deletes a unit (204); it is gone and a second delete is a 404', async () => {
      const id = (await create(admin, { ...base, ref: 'OLY-5' })).body.id;
      const before = await count();
      const res = await t.request({ method: 'DELETE', url: `/api/inventory/${id}`, token: admin });
      expect(res.status).toBe(204);
      expect(res.body).toBeUndefined();
      expect(await count()).toBe(before - 1);
      expect((await t.request({ method: 'GET', url: `/api/inventory/${id}`, token: admin })).status).toBe(404);
      const again = await t.request({ method: 'DELETE', url: `/api/inventory/${id}`, token: admin });
      expect(again.status).toBe(404);
      expect(again.body.code).toBe('unit_not_found');
      // The ref is free again.
      expect((await create(admin, { ...base, ref: 'OLY-5' })).status).toBe(201);
    });

    it('an agent adds and edits listings but gets 403 on delete, and the unit stays', async () => {
      const unit = (await create(admin, { ...base, ref: 'OLY-6' })).body;
      const added = await create(agent.token, { ...base, ref: 'AGENT-1' });
      expect(added.status).toBe(201);
      const edited = await t.request({ method: 'PATCH', url: `/api/inventory/${unit.id}`, token: agent.token, body: { status: 'under_offer' } });
      expect(edited.status).toBe(200);
      expect(edited.body.status).toBe('under_offer');
      const before = await count();
      const del = await t.request({ method: 'DELETE', url: `/api/inventory/${unit.id}`, token: agent.token });
      expect(del.status).toBe(403);
      expect(del.body).toMatchObject({ statusCode: 403, error: 'Forbidden', code: 'role_required' });
      expect(await count()).toBe(before);
      expect((await t.request({ method: 'GET', url: `/api/inventory/${unit.id}`, token: admin })).body.status).toBe('under_offer');
    });

    it.each([
      ['unknown field', { ...base, ref: 'BAD-1', pool: true }],
      ['price as a string', { ...base, ref: 'BAD-2', price: '380000' }],
      ['fractional bedrooms', { ...base, ref: 'BAD-3', bedrooms: 2.5 }],
      ['title as a number', { ...base, ref: 'BAD-4', title: 42 }],
      ['lat 200', { ...base, ref: 'BAD-5', lat: 200, lng: 10 }],
      ['lng -181', { ...base, ref: 'BAD-6', lat: 10, lng: -181 }],
      ['negative price', { ...base, ref: 'BAD-7', price: -1 }],
      ['unknown type', { ...base, ref: 'BAD-8', type: 'castle' }],
      ['unknown status', { ...base, ref: 'BAD-9', status: 'demolished' }],
      ['lower-case currency', { ...base, ref: 'BAD-10', currency: 'usd' }],
      ['features not a list', { ...base, ref: 'BAD-11', features: 'garage' }],
      ['missing city', { ...base, ref: 'BAD-12', city: undefined }],
      ['missing ref', { ...base }],
    ])('create with %s → 400 and the unit count is unchanged', async (_label, body) => {
      const before = await count();
      const res = await create(admin, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'validation_failed', message: expect.any(String) });
      expect(res.body).not.toHaveProperty('stack');
      expect(await count()).toBe(before);
    });
  });

  describe('understanding typed search text', () => {
    const understand = (q: string, token = admin) => t.request({ method: 'GET', url: `/api/inventory/search/understand?q=${encodeURIComponent(q)}`, token });

    beforeAll(async () => {
      // A town whose name holds "park": "near a park" must not read as this place.
      const res = await create(admin, { ref: 'T-LFP', title: 'Lake Forest Park rambler', description: 'Single level on a wooded lot.', type: 'house', purpose: 'sale', price: 780000, bedrooms: 3, bathrooms: 2, city: 'Shoreline', area: 'North City/Lake Forest Park', zip: '98155' });
      expect(res.status).toBe(201);
    });

    it('reads price, bedrooms, home type and a known area out of the text, the rest left as words', async () => {
      const res = await understand('3 bed house in Ballard under 900k with a fireplace');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ bedsMin: 3, type: ['house'], area: 'Ballard', priceMax: 900000, features: ['fireplace'], text: 'with a fireplace' });
      // The filters read search as the person meant: the Ballard house under 900k with 3 bedrooms was sold, so none.
      const found = await search('bedsMin=3&type=house&area=Ballard&priceMax=900000');
      expect(refs(found)).toEqual([]);
    });

    it('reads a town, bathrooms, a range and a monthly rent', async () => {
      expect((await understand('2 bath condo in Seattle 500k-700k')).body).toEqual({ bathsMin: 2, type: ['condo'], city: 'Seattle', priceMin: 500000, priceMax: 700000, features: [], text: '' });
      expect((await understand('apartment under $3,000 a month')).body).toMatchObject({ purpose: 'rent', type: ['apartment'], priceMax: 3000 });
    });

    it('"near a park" is a wish about the surroundings, not the town whose name holds the word', async () => {
      const res = await understand('near a park under 900k');
      expect(res.body).toEqual({ priceMax: 900000, features: ['near a park'], text: 'near a park' });
      // Named as a place, the same words are the area.
      expect((await understand('house in Lake Forest Park')).body).toEqual({ type: ['house'], area: 'North City/Lake Forest Park', features: [], text: '' });
    });

    it('a place the inventory does not know stays as words; empty text is refused', async () => {
      expect((await understand('condo in Spokane')).body).toEqual({ type: ['condo'], features: [], text: 'Spokane' });
      const bad = await t.request({ method: 'GET', url: '/api/inventory/search/understand', token: agent.token });
      expect(bad.status).toBe(400);
    });
  });
});
