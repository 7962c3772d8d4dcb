import { createTestApp, login, TestApp } from './harness';

/**
 * Issue 14 point 8: PostgreSQL refuses a NUL in text (and lone surrogates are not Unicode at all).
 * Such a value anywhere in a request is a 400 naming the field, from one place, before any handler
 * runs, so nothing is written. Before this, `POST /api/api-keys {"name":"\u0000"}` answered 500.
 */
describe('text PostgreSQL cannot store (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  const count = async (table: string) => Number((await t.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const refused = (field: string, source: string, problem: RegExp) => ({
    statusCode: 400,
    error: 'Bad Request',
    message: expect.stringMatching(new RegExp(`${field.replace(/[.[\]]/g, '\\$&')} ${problem.source}`)),
    code: 'unstorable_text',
    details: [{ field, in: source, errors: [expect.stringMatching(problem)] }],
  });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
  });
  afterAll(() => t.close());

  it('a NUL in a body field: 400 naming it, no key written', async () => {
    const before = await count('api_keys');
    // The raw JSON text, escape and all, as a client would send it.
    const res = await t.request({ method: 'POST', url: '/api/api-keys', token: admin, body: '{"name":"\\u0000"}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(refused('name', 'body', /contains a NUL character/));
    expect(await count('api_keys')).toBe(before);
    expect(t.logs.some((l) => l.includes('"level":50'))).toBe(false);
  });

  it('a lone surrogate nested in a body: 400 naming the path, no lead or contact written', async () => {
    const [leads, contacts] = [await count('leads'), await count('contacts')];
    const res = await t.request({
      method: 'POST',
      url: '/api/leads',
      token: admin,
      body: '{"contact":{"name":"Ana \\ud800 Ruiz","email":"ana@example.com"},"source":"web"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(refused('contact.name', 'body', /contains an unpaired surrogate/));
    expect([await count('leads'), await count('contacts')]).toEqual([leads, contacts]);
  });

  it('inside an array and in an object key: named by their path', async () => {
    const inArray = await t.request({ method: 'POST', url: '/api/api-keys', token: admin, body: '{"name":"ok","tags":["a","b\\u0000"]}', headers: { 'content-type': 'application/json' } });
    expect(inArray.body).toEqual(refused('tags[1]', 'body', /contains a NUL character/));
    const inKey = await t.request({ method: 'POST', url: '/api/api-keys', token: admin, body: '{"name":"ok","x\\u0000":1}', headers: { 'content-type': 'application/json' } });
    expect(inKey.status).toBe(400);
    expect(inKey.body.details[0]).toMatchObject({ field: 'x\\u0000', in: 'body', errors: ['has a key that contains a NUL character (\\u0000)'] });
  });

  it('a NUL in a query parameter: 400 naming it (the inbox search reaches the database)', async () => {
    const res = await t.request({ method: 'GET', url: '/api/leads?q=ana%00', token: admin });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(refused('q', 'query', /contains a NUL character/));
  });

  it('a NUL in a header value: 400 naming the header', async () => {
    const res = await t.request({ method: 'GET', url: '/api/leads', token: admin, headers: { 'x-client-name': 'crm\u0000' } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(refused('x-client-name', 'header', /contains a NUL character/));
  });

  it('a body nested 100,000 deep is checked without overflowing the stack (400, not 500)', async () => {
    const deep = `{"name":"ok","x":${'['.repeat(100_000)}"\\u0000"${']'.repeat(100_000)}}`;
    const res = await t.request({ method: 'POST', url: '/api/api-keys', token: admin, body: deep, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
  });

  it('ordinary Unicode (accents, emoji as surrogate pairs, CJK) passes', async () => {
    const res = await t.request({ method: 'POST', url: '/api/api-keys', token: admin, body: { name: 'Zoë 🏠 不動産' } });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('Zoë 🏠 不動産');
  });
});
