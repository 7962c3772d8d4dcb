import { createTestApp, login, TestApp } from './harness';

describe('HTTP errors, headers and logs', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT: '4096', CORS_ORIGINS: 'https://crm.example.com' });
    admin = await login(t);
  });
  afterAll(() => t.close());

  it('answers an oversized body with a JSON 413 and writes nothing', async () => {
    const before = (await t.db.query<{ n: string }[]>('SELECT count(*) AS n FROM leads'))[0].n;
    const res = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: { name: 'Big' }, source: 'web', note: 'x'.repeat(10_000) } });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    expect((await t.db.query<{ n: string }[]>('SELECT count(*) AS n FROM leads'))[0].n).toBe(before);
  });

  it('answers broken JSON and a wrong content type with JSON 4xx', async () => {
    const broken = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: '{"contact": {', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const xml = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: '<lead/>', headers: { 'content-type': 'application/xml' } });
    expect(xml.status).toBe(415);
    expect(xml.body).toMatchObject({ statusCode: 415 });
  });

  it('refuses a form upload on a route that takes JSON (only photo uploads take multipart), writing nothing', async () => {
    const before = (await t.db.query<{ n: string }[]>('SELECT count(*) AS n FROM leads'))[0].n;
    const form = '--x\r\nContent-Disposition: form-data; name="source"\r\n\r\nweb\r\n--x--\r\n';
    const res = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: form, headers: { 'content-type': 'multipart/form-data; boundary=x' } });
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
    expect((await t.db.query<{ n: string }[]>('SELECT count(*) AS n FROM leads'))[0].n).toBe(before);
  });

  it('serves Swagger UI at /docs and the OpenAPI document at /docs-json without auth', async () => {
    const ui = await t.request({ method: 'GET', url: '/docs' });
    expect(ui.status).toBe(200);
    expect(String(ui.headers['content-type'])).toContain('text/html');
    const spec = await t.request({ method: 'GET', url: '/docs-json' });
    expect(spec.status).toBe(200);
    expect(spec.body.info.title).toBe('Openhouse API');
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/api/leads', '/api/leads/{id}/qualify', '/api/inventory/search', '/api/auth/login']));
    expect(spec.body.paths['/api/leads'].get.operationId).toBe('listLeads');
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await t.request({ method: 'GET', url: '/api/nothing-here', token: admin });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('never sends a stack trace, even for a failure inside the app', async () => {
    const lead = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: { name: 'Err Case' }, source: 'web' } });
    // Break the database under the app: the next query fails inside the repository.
    await t.db.query('ALTER TABLE tasks RENAME TO tasks_gone');
    try {
      const res = await t.request({ method: 'GET', url: `/api/leads/${lead.body.id}`, token: admin });
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' });
      expect(JSON.stringify(res.body)).not.toMatch(/at |\.ts:|relation/);
    } finally {
      await t.db.query('ALTER TABLE tasks_gone RENAME TO tasks');
    }
  });

  it('sends security headers, a request id, and CORS only for allowed origins', async () => {
    const res = await t.request({ method: 'GET', url: '/api', headers: { origin: 'https://crm.example.com', 'x-request-id': 'req-abc-123' } });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-request-id']).toBe('req-abc-123');
    expect(res.headers['access-control-allow-origin']).toBe('https://crm.example.com');
    const evil = await t.request({ method: 'GET', url: '/api', headers: { origin: 'https://evil.example.net' } });
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    const generated = await t.request({ method: 'GET', url: '/api' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs requests with ids but no email, phone or message text', async () => {
    const email = 'private.person@example.com';
    const phone = '+1 206 555 0177';
    const secret = 'My divorce settles next week so I need to sell fast';
    const created = await t.request({
      method: 'POST',
      url: '/api/leads',
      token: admin,
      body: { contact: { name: 'Private Person', email, phone }, source: 'web', note: secret },
      headers: { 'x-request-id': 'pii-check-1' },
    });
    expect(created.status).toBe(201);
    await t.request({ method: 'GET', url: `/api/leads?q=${encodeURIComponent(email)}`, token: admin });
    await t.request({ method: 'GET', url: `/api/leads?q=${encodeURIComponent('206 555 0177')}`, token: admin });
    // A failing request with the personal data in its body too.
    await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: { name: 'Private Person', email, phone }, source: 'nowhere', note: secret } });

    const text = t.logs.join('\n');
    expect(t.logs.some((l) => l.includes('"pii-check-1"'))).toBe(true);
    expect(text).toContain('"url":"/api/leads?q=*"');
    for (const leak of [email, 'private.person', '206 555 0177', '2065550177', '555 0177', secret, 'divorce', 'Private Person', admin]) {
      expect({ leak, found: text.includes(leak) }).toEqual({ leak, found: false });
    }
  });
});
