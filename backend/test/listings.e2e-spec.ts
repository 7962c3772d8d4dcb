import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { UnitIndexer } from '../src/embedding/unit-indexer.service';
import { createAgent, createTestApp, login, TestApp } from './harness';

/** A real 1×1 PNG (signature, IHDR, IDAT, IEND), so the type is told by its bytes. */
function png(extra = 0): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const text = extra ? [chunk('tEXt', Buffer.concat([Buffer.from('Comment\0'), Buffer.alloc(extra, 0x61)]))] : [];
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), ...text, chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0]))), chunk('IEND', Buffer.alloc(0))]);
}

function multipart(field: string, filename: string, contentType: string, bytes: Buffer) {
  const boundary = '----openhouse-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const HOME = { ref: 'L-100', title: 'Craftsman bungalow', street: '4512 Fremont Ave N', description: 'Original woodwork and a sunny porch.', type: 'house', purpose: 'sale', price: 725000, bedrooms: 3, bathrooms: 1.5, city: 'Seattle', area: 'Fremont', zip: '98103', features: ['porch'] };

describe('listings: add, edit, photos (HTTP, real PostgreSQL, photos on disk)', () => {
  let t: TestApp;
  let admin: string;
  let agent: { token: string };
  let photosDir: string;

  const upload = (token: string, unitId: string, field: string, filename: string, contentType: string, bytes: Buffer) =>
    t.app.inject({ method: 'POST', url: `/api/inventory/${unitId}/photos`, ...multipart(field, filename, contentType, bytes), headers: { authorization: `Bearer ${token}`, ...multipart(field, filename, contentType, bytes).headers } });
  const photoRows = async () => Number((await t.db.query<{ n: string }[]>('SELECT count(*) AS n FROM unit_photos'))[0].n);
  const filesOnDisk = async () => (await readdir(photosDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;
  const card = async (qs: string, ref: string) => {
    const res = await t.request({ method: 'GET', url: `/api/inventory/search?${qs}`, token: admin });
    expect(res.status).toBe(200);
    return (res.body.items as { ref: string }[]).find((u) => u.ref === ref) as Record<string, unknown> | undefined;
  };

  beforeAll(async () => {
    photosDir = await mkdtemp(join(tmpdir(), 'oh-listing-photos-'));
    t = await createTestApp({ PHOTOS_DIR: photosDir, PHOTO_MAX_BYTES: '4096' });
    admin = await login(t);
    agent = await createAgent(t, admin, 'Lena Listings');
  });
  afterAll(async () => {
    await t.close();
    await rm(photosDir, { recursive: true, force: true });
  });

  it('an agent adds a listing with its street; the card shows street and price, and no photo yet', async () => {
    const res = await t.request({ method: 'POST', url: '/api/inventory', token: agent.token, body: HOME });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ street: '4512 Fremont Ave N', price: 725000, status: 'available', photoUrl: null, photos: [] });
    expect(await card('city=Seattle', 'L-100')).toMatchObject({ title: 'Craftsman bungalow', street: '4512 Fremont Ave N', price: 725000, photoUrl: null });
  });

  it('an edit is re-indexed: search by words and by meaning finds the new description; under offer leaves the default list', async () => {
    const id = (await t.request({ method: 'POST', url: '/api/inventory', token: admin, body: { ...HOME, ref: 'L-101', street: '77 Orcas St' } })).body.id;
    await t.app.get(UnitIndexer).embedUnits([id]);
    expect(await card('q=solarium&mode=lexical', 'L-101')).toBeUndefined();

    const edited = await t.request({ method: 'PATCH', url: `/api/inventory/${id}`, token: agent.token, body: { description: 'Glass solarium off the kitchen.', features: ['solarium'], price: 699000 } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ description: 'Glass solarium off the kitchen.', price: 699000, street: '77 Orcas St' });
    // Marked for the embedding worker; here the same indexer runs in-process.
    expect((await t.db.query<{ v: string | null }[]>('SELECT embedding_version AS v FROM units WHERE id = $1', [id]))[0].v).toBeNull();
    await t.app.get(UnitIndexer).embedUnits([id]);
    expect(await card('q=solarium&mode=lexical', 'L-101')).toMatchObject({ price: 699000 });
    expect(await card('q=solarium&mode=semantic', 'L-101')).toMatchObject({ price: 699000 });

    expect((await t.request({ method: 'PATCH', url: `/api/inventory/${id}`, token: agent.token, body: { status: 'under_offer' } })).status).toBe(200);
    expect(await card('city=Seattle', 'L-101')).toBeUndefined();
    expect(await card('city=Seattle&status=under_offer', 'L-101')).toMatchObject({ status: 'under_offer' });
    const bad = await t.request({ method: 'PATCH', url: `/api/inventory/${id}`, token: agent.token, body: { status: 'gone' } });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('status');
  });

  it('a photo is uploaded, served back byte for byte without sign-in, and becomes the cover on the card', async () => {
    const id = (await t.request({ method: 'POST', url: '/api/inventory', token: admin, body: { ...HOME, ref: 'L-102' } })).body.id;
    const first = png();
    const up = await upload(agent.token, id, 'photo', 'front.png', 'image/png', first);
    expect(up.statusCode).toBe(201);
    const photo = up.json<{ id: string; url: string; contentType: string; sizeBytes: number }>();
    expect(photo).toMatchObject({ contentType: 'image/png', sizeBytes: first.length, url: `/api/inventory/${id}/photos/${photo.id}` });

    const served = await t.app.inject({ method: 'GET', url: photo.url });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(served.rawPayload, first)).toBe(0);

    // A second photo (declared as JPEG, really a PNG: the bytes decide) goes after the cover.
    const second = await upload(agent.token, id, 'photo', 'back.jpg', 'image/jpeg', png(10));
    expect(second.statusCode).toBe(201);
    expect(second.json().contentType).toBe('image/png');
    const unit = await t.request({ method: 'GET', url: `/api/inventory/${id}`, token: agent.token });
    expect(unit.body.photos.map((p: { id: string }) => p.id)).toEqual([photo.id, second.json().id]);
    expect(await card('city=Seattle', 'L-102')).toMatchObject({ photoUrl: photo.url, street: '4512 Fremont Ave N' });

    // Removing the cover makes the next photo the cover; its bytes are gone.
    expect((await t.request({ method: 'DELETE', url: photo.url, token: agent.token })).status).toBe(204);
    // Recorded in the audit log: who deleted which photo of which listing.
    const [photoEntry] = await t.db.query<{ actor_id: string; changes: Record<string, unknown> }[]>(`SELECT actor_id, changes FROM audit_log WHERE action = 'photo.deleted' AND target_id = $1`, [photo.id]);
    expect(photoEntry.changes).toMatchObject({ unitId: id, unitRef: 'L-102', position: expect.any(Number), contentType: 'image/png' });
    expect(photoEntry.actor_id).toBeTruthy();
    expect((await t.app.inject({ method: 'GET', url: photo.url })).statusCode).toBe(404);
    expect(await card('city=Seattle', 'L-102')).toMatchObject({ photoUrl: second.json().url });

    // An admin deletes the unit: its photos' rows and files go with it.
    const files = await filesOnDisk();
    expect((await t.request({ method: 'DELETE', url: `/api/inventory/${id}`, token: admin })).status).toBe(204);
    expect(await filesOnDisk()).toBe(files - 1);
    expect((await t.app.inject({ method: 'GET', url: second.json().url })).statusCode).toBe(404);
  });

  it.each([
    ['a text file named .jpg', () => ({ field: 'photo', name: 'house.jpg', type: 'image/jpeg', bytes: Buffer.from('definitely not an image') }), 415, 'photo_type'],
    ['a GIF', () => ({ field: 'photo', name: 'a.gif', type: 'image/gif', bytes: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1') }), 415, 'photo_type'],
    ['an empty file', () => ({ field: 'photo', name: 'a.png', type: 'image/png', bytes: Buffer.alloc(0) }), 400, 'photo_empty'],
    ['the wrong field', () => ({ field: 'picture', name: 'a.png', type: 'image/png', bytes: png() }), 400, 'photo_missing'],
    ['a photo over PHOTO_MAX_BYTES', () => ({ field: 'photo', name: 'big.png', type: 'image/png', bytes: png(5000) }), 413, 'photo_too_large'],
  ])('refuses %s with a 4xx JSON error and writes nothing', async (_name, make, status, code) => {
    const id = (await t.request({ method: 'GET', url: '/api/inventory/search?city=Seattle', token: admin })).body.items[0].id;
    const [rows, files] = [await photoRows(), await filesOnDisk()];
    const { field, name, type, bytes } = make();
    const res = await upload(agent.token, id, field, name, type, bytes);
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ statusCode: status, code });
    expect(res.json().details[0].field).toBe('photo');
    expect(await photoRows()).toBe(rows);
    expect(await filesOnDisk()).toBe(files);
  });

  it('refuses JSON instead of an upload (415), a photo for an unknown unit (404), and uploads without sign-in (401)', async () => {
    const id = (await t.request({ method: 'GET', url: '/api/inventory/search?city=Seattle', token: admin })).body.items[0].id;
    const json = await t.request({ method: 'POST', url: `/api/inventory/${id}/photos`, token: agent.token, body: { photo: 'x' } });
    expect(json.status).toBe(415);
    expect(json.body.code).toBe('multipart_expected');
    const unknown = await upload(agent.token, '00000000-0000-4000-8000-000000000000', 'photo', 'a.png', 'image/png', png());
    expect(unknown.statusCode).toBe(404);
    const anon = await t.app.inject({ method: 'POST', url: `/api/inventory/${id}/photos`, ...multipart('photo', 'a.png', 'image/png', png()) });
    expect(anon.statusCode).toBe(401);
  });

  it('books a viewing of a home for a lead from the unit: free times in the lead’s zone, on the timeline, never twice, a taken time refused', async () => {
    const unitId = (await t.request({ method: 'POST', url: '/api/inventory', token: agent.token, body: { ...HOME, ref: 'L-200', street: '12 Viewing Way' } })).body.id;
    const lead = async (name: string) =>
      (await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: { name, email: `${name.split(' ')[0].toLowerCase()}@example.test`, timezone: 'America/New_York' }, source: 'web' } })).body.id as string;
    const [ana, ben] = [await lead('Ana Buyer'), await lead('Ben Buyer')];

    const slots = await t.request({ method: 'GET', url: `/api/leads/${ana}/viewing-slots?unitId=${unitId}`, token: admin });
    expect(slots.status).toBe(200);
    expect(slots.body.timezone).toBe('America/New_York');
    expect(slots.body.slots.length).toBeGreaterThan(0);
    const first = slots.body.slots[0] as { date: string; time: string; local: string };

    const booked = await t.request({ method: 'POST', url: `/api/leads/${ana}/viewings`, token: admin, body: { unitId, date: first.date, time: first.time } });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ leadId: ana, unitId, local: first.local, timezone: 'America/New_York' });
    const timeline = (await t.request({ method: 'GET', url: `/api/leads/${ana}`, token: admin })).body.timeline as { summary: string }[];
    expect(timeline.map((a) => a.summary)).toEqual(expect.arrayContaining([expect.stringContaining(`Viewing booked: Craftsman bungalow, ${first.local}`)]));

    const twice = await t.request({ method: 'POST', url: `/api/leads/${ana}/viewings`, token: admin, body: { unitId, date: first.date, time: first.time } });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('viewing_already_booked');
    const taken = await t.request({ method: 'POST', url: `/api/leads/${ben}/viewings`, token: admin, body: { unitId, date: first.date, time: first.time } });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('viewing_taken');
    expect(taken.body.details[0].alternatives.length).toBeGreaterThan(0);
    expect(taken.body.details[0].alternatives.map((a: { local: string }) => a.local)).not.toContain(first.local);
    const closed = await t.request({ method: 'POST', url: `/api/leads/${ben}/viewings`, token: admin, body: { unitId, date: first.date, time: '23:00' } });
    expect(closed.status).toBe(400);
    expect(closed.body.code).toBe('viewing_outside_hours');
    expect(Number((await t.db.query<{ n: string }[]>('SELECT count(*) AS n FROM viewings WHERE unit_id = $1', [unitId]))[0].n)).toBe(1);

    await t.request({ method: 'PATCH', url: `/api/inventory/${unitId}`, token: agent.token, body: { status: 'sold' } });
    const sold = await t.request({ method: 'GET', url: `/api/leads/${ben}/viewing-slots?unitId=${unitId}`, token: admin });
    expect(sold.status).toBe(409);
    expect(sold.body.code).toBe('unit_not_available');
  });
});
