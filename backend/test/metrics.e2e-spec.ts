import { createAgent, createTestApp, login, TestApp } from './harness';

/**
 * Issue 14 point 15: GET /metrics in Prometheus' text format, behind METRICS_TOKEN. Request
 * latency by route template, queue depths and failures, webhook lag, agent turn latency and cost.
 */
const TOKEN = 'metrics-token-for-tests-0123456789';

/** The value of one sample line, e.g. `name{a="b"} 3`; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('GET /metrics (real app, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  const scrape = async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.body;
  };

  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: TOKEN });
    admin = await login(t);
  });
  afterAll(() => t.close());

  it('refuses a scrape without the token or with a wrong one, in the error shape', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token-wrong-token-wrong' }, { authorization: TOKEN }]) {
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers });
      expect(res.statusCode).toBe(401);
      expect(JSON.parse(res.body)).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.any(String), code: 'metrics_token_required' });
      expect(res.body).not.toContain('openhouse_');
    }
  });

  it('counts requests by route template, never by raw path, and the histogram moves with traffic', async () => {
    const agent = await createAgent(t, admin, 'Metric Mia');
    const lead = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { source: 'web', contact: { name: 'Counted Carl' }, assigneeId: agent.id } });
    const labels = { method: 'GET', route: '/api/leads/:id', status_code: '200' };
    const before = sample(await scrape(), 'openhouse_http_request_duration_seconds_count', labels);
    for (let i = 0; i < 3; i++) expect((await t.request({ method: 'GET', url: `/api/leads/${lead.body.id}`, token: admin })).status).toBe(200);
    await t.request({ method: 'GET', url: `/api/leads/00000000-0000-4000-8000-000000000000`, token: admin });
    const after = await scrape();
    expect(sample(after, 'openhouse_http_request_duration_seconds_count', labels)).toBe(before + 3);
    expect(sample(after, 'openhouse_http_request_duration_seconds_count', { ...labels, status_code: '404' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'openhouse_http_request_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(before + 3);
    expect(after).not.toContain(lead.body.id);
    // Paths that matched no route share one series.
    await t.request({ method: 'GET', url: '/api/no/such/route/1234', token: admin });
    expect(sample(await scrape(), 'openhouse_http_request_duration_seconds_count', { route: 'unmatched', status_code: '404' })).toBeGreaterThanOrEqual(1);
  });

  it('reports queue depths and failures, webhook lag, and agent turn latency and cost', async () => {
    const lead = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { source: 'web', contact: { name: 'Talking Tess' } } });
    const session = await t.request({ method: 'POST', url: '/api/agent/session', token: admin, body: { leadId: lead.body.id } });
    const before = await scrape();
    const turns = (text: string) => sample(text, 'openhouse_agent_turn_duration_seconds_count', { outcome: 'answered' });
    const turn = await t.request({ method: 'POST', url: '/api/agent/turn', token: admin, body: { sessionId: session.body.sessionId, message: 'Hi, I want to buy a 3 bedroom house in Bellevue, budget $900k' } });
    expect(turn.status).toBe(200);
    const after = await scrape();
    expect(turns(after)).toBe(turns(before) + 1);
    expect(after).toMatch(/^openhouse_agent_model_cost_usd_total\{model="[^"]+"\} [\d.e-]+$/m);
    expect(after).toMatch(/^openhouse_agent_model_tokens_total\{model="[^"]+",kind="prompt"\} \d+/m);
    for (const queue of ['embedding', 'leads', 'webhooks', 'messaging']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) expect(after).toMatch(new RegExp(`^openhouse_queue_jobs\\{queue="${queue}",state="${state}"\\} \\d+$`, 'm'));
    }
    expect(after).toMatch(/^openhouse_queue_backend_up 1$/m);
    expect(after).toMatch(/^openhouse_webhook_lag_seconds\{provider="whatsapp"\} [\d.]+$/m);
    expect(after).toMatch(/^openhouse_webhook_oldest_waiting_seconds\{provider="meta_lead_ads"\} [\d.]+$/m);
    expect(after).toMatch(/^openhouse_webhook_events_waiting\{provider="meta_lead_ads"\} \d+$/m);
  });

  it('a webhook event waiting for a worker shows as lag', async () => {
    await t.db.query(`INSERT INTO webhook_deliveries (id, provider, raw_body, event_count, received_at) VALUES (gen_random_uuid(), 'meta_lead_ads', '\\x7b7d', 1, now() - interval '90 seconds')`);
    const [{ id }] = await t.db.query<{ id: string }[]>(`SELECT id FROM webhook_deliveries ORDER BY received_at LIMIT 1`);
    await t.db.query(`INSERT INTO webhook_events (provider, kind, external_id, delivery_id, payload, received_at) VALUES ('meta_lead_ads', 'leadgen', 'lag-test-1', $1, '{}', now() - interval '90 seconds')`, [id]);
    const text = await scrape();
    expect(sample(text, 'openhouse_webhook_events_waiting', { provider: 'meta_lead_ads' })).toBe(1);
    expect(sample(text, 'openhouse_webhook_oldest_waiting_seconds', { provider: 'meta_lead_ads' })).toBeGreaterThanOrEqual(90);
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  it('is not served at all: 404', async () => {
    const t = await createTestApp();
    try {
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('openhouse_');
    } finally {
      await t.close();
    }
  });
});
