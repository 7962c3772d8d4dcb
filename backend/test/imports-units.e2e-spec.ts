import { createTestApp, login, TestApp } from './harness';
import { startWorker, waitFor, WorkerProcess } from './worker-process';

function multipartFile(content: string, fileName = 'listings.csv'): { payload: Buffer; contentType: string } {
  const boundary = `----openhouse${Math.random().toString(36).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, Buffer.from(content, 'utf8'), tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Issue 15: CSV import of units (listings) through the same pipeline as leads, validated like POST /api/inventory, matched by reference. */
describe('CSV import of listings (HTTP + worker process, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  let worker: WorkerProcess;
  const dir = `/tmp/openhouse-imports-units-${process.pid}`;
  const tag = Math.random().toString(36).slice(2, 7).toUpperCase();

  beforeAll(async () => {
    t = await createTestApp({ IMPORTS_DIR: dir });
    admin = await login(t);
    worker = await startWorker({ DATABASE_URL: t.url, IMPORTS_DIR: dir });
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await t.close();
  });

  const upload = async (content: string) => {
    const { payload, contentType } = multipartFile(content);
    const res = await t.app.inject({ method: 'POST', url: '/api/imports?kind=units', headers: { authorization: `Bearer ${admin}`, 'content-type': contentType }, payload });
    return { status: res.statusCode, body: JSON.parse(res.body) as Json };
  };
  const finished = (id: string) =>
    waitFor(`import ${id}`, async () => {
      const r = await t.request({ method: 'GET', url: `/api/imports/${id}`, token: admin });
      return r.body.status === 'done' || r.body.status === 'failed' ? (r.body as Json) : null;
    });
  const unitByRef = async (ref: string) => (await t.db.query<Json[]>(`SELECT ref, title, price::float AS price, bedrooms, bathrooms::float AS bathrooms, type, status, purpose, street, area, city, size_sqft, features FROM units WHERE ref = $1`, [ref]))[0];

  it('adds new listings, updates the one whose reference exists, and skips rows the inventory would refuse, with reasons', async () => {
    const before = await t.request({ method: 'POST', url: '/api/inventory', token: admin, body: { ref: `U1-${tag}`, title: 'Old title', type: 'house', purpose: 'sale', price: 400000, bedrooms: 2, bathrooms: 1, city: 'Seattle' } });
    expect(before.status).toBe(201);

    const csv =
      'Ref,Title,Address,City,Neighborhood,Price,Beds,Baths,Property Type,Status,Sq Ft,Description,Features\r\n' +
      `U1-${tag},Craftsman with new kitchen,4512 Fremont Ave N,Seattle,Fremont,"$525,000",3,2.5,House,Pending,1850,Sunny,garage; yard\r\n` +
      `U2-${tag},Lake view condo,100 Lake St #4,Kirkland,Moss Bay,"$610,000",2,2,Condo,Active,1100,,view;elevator\r\n` +
      `U3-${tag},A castle,1 Hill Rd,Kirkland,,"$9,000,000",12,8,Castle,,,,\r\n` +
      `U4-${tag},Too many rooms,2 Hill Rd,Kirkland,,"$900,000",99,2,House,,,,\r\n` +
      `U5-${tag},No city given,3 Hill Rd,,,"$500,000",3,2,House,,,,\r\n`;
    const up = await upload(csv);
    expect(up.status).toBe(201);
    expect(up.body.kind).toBe('units');
    expect(up.body.mapping).toEqual({ ref: 'Ref', title: 'Title', street: 'Address', city: 'City', area: 'Neighborhood', price: 'Price', bedrooms: 'Beds', bathrooms: 'Baths', type: 'Property Type', status: 'Status', sqft: 'Sq Ft', description: 'Description', features: 'Features' });

    // A mapping without the required columns is refused.
    const bad = await t.request({ method: 'POST', url: `/api/imports/${up.body.id}/start`, token: admin, body: { mapping: { ref: 'Ref', title: 'Title' } } });
    expect(bad.status).toBe(400);

    // Dry run: counted, nothing written.
    expect((await t.request({ method: 'POST', url: `/api/imports/${up.body.id}/start`, token: admin, body: { mapping: up.body.mapping, dryRun: true } })).status).toBe(202);
    const dry = await finished(up.body.id);
    expect(dry.status).toBe('done');
    expect(dry.counts).toMatchObject({ created: 1, updated: 1, skipped: 3 });
    expect(await unitByRef(`U2-${tag}`)).toBeUndefined();
    expect((await unitByRef(`U1-${tag}`)).title).toBe('Old title');

    expect((await t.request({ method: 'POST', url: `/api/imports/${up.body.id}/start`, token: admin, body: { mapping: up.body.mapping } })).status).toBe(202);
    const done = await finished(up.body.id);
    expect(done.status).toBe('done');
    expect(done.counts).toMatchObject({ created: 1, updated: 1, skipped: 3 });
    expect(await unitByRef(`U1-${tag}`)).toMatchObject({ title: 'Craftsman with new kitchen', price: 525000, bedrooms: 3, bathrooms: 2.5, status: 'under_offer', street: '4512 Fremont Ave N', area: 'Fremont', size_sqft: 1850, features: ['garage', 'yard'] });
    expect(await unitByRef(`U2-${tag}`)).toMatchObject({ type: 'condo', status: 'available', purpose: 'sale', city: 'Kirkland', features: ['view', 'elevator'] });
    expect(Number((await t.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM units WHERE ref = $1`, [`U1-${tag}`]))[0].n)).toBe(1);

    const rej = await t.request({ method: 'GET', url: `/api/imports/${up.body.id}/rejections`, token: admin });
    expect(rej.body.items.map((r: Json) => [r.row, r.reason])).toEqual([
      [3, '"Castle" is not a kind of home we list (house, townhouse, condo, apartment, land)'],
      [4, 'The bedrooms "99" is not accepted'],
      [5, 'No city'],
    ]);
  }, 120_000);
});
