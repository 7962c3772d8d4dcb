import { createAgent, createTestApp, login, TestApp } from './harness';

describe('saved inbox views (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  let agent: { id: string; token: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    agent = await createAgent(t, admin, 'Vera Views');
  });
  afterAll(() => t.close());

  const create = (token: string, body: unknown) => t.request({ method: 'POST', url: '/api/views', token, body });

  it('saves a view, lists it back with its filters, and deletes it', async () => {
    const res = await create(agent.token, { name: 'Hot and waiting', filters: { stage: ['new', 'contacted'], scoreMin: 60, needsReply: true, sort: '-score' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(String), name: 'Hot and waiting', filters: { stage: ['new', 'contacted'], scoreMin: 60, needsReply: true, sort: '-score' } });

    const list = await t.request({ method: 'GET', url: '/api/views', token: agent.token });
    expect(list.status).toBe(200);
    expect(list.body.map((v: { name: string }) => v.name)).toEqual(['Hot and waiting']);

    const del = await t.request({ method: 'DELETE', url: `/api/views/${res.body.id}`, token: agent.token });
    expect(del.status).toBe(204);
    expect((await t.request({ method: 'GET', url: '/api/views', token: agent.token })).body).toEqual([]);
  });

  it('keeps views per user: others neither see nor delete them (404, not 403)', async () => {
    const mine = await create(agent.token, { name: 'Mine', filters: { q: 'smith' } });
    expect(mine.status).toBe(201);
    const adminList = await t.request({ method: 'GET', url: '/api/views', token: admin });
    expect(adminList.body.map((v: { name: string }) => v.name)).not.toContain('Mine');

    const steal = await t.request({ method: 'DELETE', url: `/api/views/${mine.body.id}`, token: admin });
    expect(steal.status).toBe(404);
    expect(steal.body).toMatchObject({ statusCode: 404, message: 'View not found' });
    // The same name is free for another user.
    expect((await create(admin, { name: 'Mine', filters: {} })).status).toBe(201);
  });

  it('refuses a second view with the same name for the same user (409)', async () => {
    expect((await create(agent.token, { name: 'Twice', filters: {} })).status).toBe(201);
    const again = await create(agent.token, { name: 'Twice', filters: { scoreMin: 10 } });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('Twice');
  });

  it('rejects unknown fields, bad filter values, invalid ids and missing auth', async () => {
    const unknownTop = await create(agent.token, { name: 'X', filters: {}, color: 'red' });
    expect(unknownTop.status).toBe(400);
    expect(unknownTop.body.message).toContain('color');

    const unknownFilter = await create(agent.token, { name: 'Y', filters: { budget: 5 } });
    expect(unknownFilter.status).toBe(400);
    expect(unknownFilter.body.message).toContain('budget');

    const badStage = await create(agent.token, { name: 'Z', filters: { stage: ['sleeping'] } });
    expect(badStage.status).toBe(400);
    expect(badStage.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'filters.stage' })]));

    expect((await create(agent.token, { filters: {} })).status).toBe(400);
    expect((await t.request({ method: 'DELETE', url: '/api/views/not-a-uuid', token: agent.token })).status).toBe(400);
    expect((await t.request({ method: 'GET', url: '/api/views' })).status).toBe(401);
    expect((await t.request({ method: 'POST', url: '/api/views', body: { name: 'N', filters: {} } })).status).toBe(401);
  });
});
