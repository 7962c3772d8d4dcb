import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { WebhooksService } from '../src/webhooks/webhooks.service';
import { createAgent, createTestApp, login, TestApp } from './harness';

const n = async (t: TestApp, sql: string, params: unknown[] = []) => Number((await t.db.query<{ n: string }[]>(sql, params))[0].n);
let ipSeq = 0;
const nextIp = () => `192.0.2.${++ipSeq}`;

/**
 * Admin-defined inbound sources through the real Fastify app on a real database: partners posting
 * JSON signed with Standard Webhooks (mapped by JSON paths), and the brokerage's website forms.
 * Events are applied by calling the inbox service the worker calls.
 */
describe('Inbound sources (partner webhooks, website forms)', () => {
  let t: TestApp;
  let admin: string;

  const drain = async () => {
    const ids = (await t.db.query<{ id: string }[]>(`SELECT id FROM webhook_events WHERE status IN ('received', 'failed') ORDER BY seq`)).map((r) => r.id);
    const svc = t.app.get(WebhooksService);
    for (const id of ids) await svc.process(id, { final: false });
    return ids.length;
  };

  const createSource = (body: unknown) => t.request({ method: 'POST', url: '/api/admin/integrations/sources', token: admin, body });

  const PORTAL_MAPPING = { name: '$.lead.full_name', email: '$.lead.contact.email', phone: '$.lead.contact.phone', budget: '$.answers[0].value', bedrooms: 'answers[1].value', message: '$.lead.comment' };
  let phoneSeq = 100;
  const portalBody = (email = 'dana.reyes@example.com', phone = `+1 206 555 0${++phoneSeq}`) => ({
    lead: { full_name: 'Dana Reyes', contact: { email, phone }, comment: 'Is the garden south-facing?' },
    answers: [{ q: 'Budget', value: '500-600k' }, { q: 'Bedrooms', value: '3' }],
    extra: { unknown: true },
  });

  const sendSigned = (key: string, secret: string, body: unknown, opts: { id?: string; at?: Date; sign?: (raw: string) => string; raw?: string } = {}) => {
    const raw = opts.raw ?? JSON.stringify(body);
    const id = opts.id ?? `msg_${randomUUID()}`;
    const at = opts.at ?? new Date();
    const signature = opts.sign ? opts.sign(raw) : new Webhook(secret).sign(id, at, raw);
    return t.request({
      method: 'POST',
      url: `/api/webhooks/inbound/${key}`,
      body: raw,
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature, 'x-forwarded-for': nextIp() },
    });
  };

  beforeAll(async () => {
    t = await createTestApp({ WEBSITE_RATE_LIMIT: '5' });
    admin = await login(t);
    await createAgent(t, admin, 'Lena Lister');
  });
  afterAll(() => t.close());

  describe('sources (admin)', () => {
    it('creates a signed source, shows its secret once, lists it without the secret, and disables it', async () => {
      const created = await createSource({ name: 'Zillow', kind: 'signed', key: 'zillow', mapping: PORTAL_MAPPING });
      expect(created.status).toBe(201);
      expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{20,}$/);
      expect(created.body).toMatchObject({ name: 'Zillow', url: '/api/webhooks/inbound/zillow', enabled: true });
      const list = await t.request({ method: 'GET', url: '/api/admin/integrations/sources', token: admin });
      expect(list.status).toBe(200);
      expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
      expect(list.body.find((s: { key: string }) => s.key === 'zillow')).not.toHaveProperty('secret');
      const status = await t.request({ method: 'GET', url: '/api/admin/webhooks/status', token: admin });
      expect(status.body.find((s: { provider: string }) => s.provider === 'partner').configured).toBe(true);

      const off = await t.request({ method: 'POST', url: `/api/admin/integrations/sources/${created.body.id}/disable`, token: admin });
      expect(off.body.enabled).toBe(false);
      expect((await sendSigned('zillow', created.body.secret, portalBody())).status).toBe(404);
      expect(await n(t, 'SELECT count(*) AS n FROM webhook_events')).toBe(0);
      await t.request({ method: 'POST', url: `/api/admin/integrations/sources/${created.body.id}/enable`, token: admin });
    });

    it('refuses a taken key with 409 and agents with 403', async () => {
      expect((await createSource({ name: 'Again', kind: 'signed', key: 'zillow', mapping: { email: '$.e' } })).status).toBe(409);
      const agent = await createAgent(t, admin, 'Nosy Agent');
      expect((await t.request({ method: 'GET', url: '/api/admin/integrations/sources', token: agent.token })).status).toBe(403);
    });

    it.each([
      ['an unknown target field', { shoe_size: '$.a', email: '$.e' }, /Unknown field "shoe_size"/],
      ['a path that is not a JSON path', { email: '$..e[*]' }, /not a JSON path/],
      ['a path that is not text', { email: 42 }, /not a JSON path/],
      ['no contact field', { budget: '$.b' }, /at least one of name/],
      ['an empty mapping', {}, /at least one field/],
    ])('refuses a bad mapping (%s) with 400 and stores nothing', async (_c, mapping, message) => {
      const res = await createSource({ name: 'Bad', kind: 'signed', key: `bad-${ipSeq++}`, mapping });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'invalid_mapping' });
      expect(res.body.message).toMatch(message);
      expect(await n(t, `SELECT count(*) AS n FROM inbound_sources WHERE name = 'Bad'`)).toBe(0);
    });
  });

  describe('signed deliveries (Standard Webhooks)', () => {
    let secret: string;
    beforeAll(async () => {
      secret = (await createSource({ name: 'Spring landing page', kind: 'signed', key: 'spring-lp', mapping: PORTAL_MAPPING })).body.secret;
    });

    it('a valid delivery becomes one lead with source partner, mapped contact and profile, named after the source', async () => {
      const res = await sendSigned('spring-lp', secret, portalBody('valid@example.com'));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ received: 1, duplicates: 0 });
      await drain();
      const [row] = await t.db.query<{ lead_id: string; status: string }[]>(`SELECT lead_id, status FROM webhook_events WHERE provider = 'partner'`);
      expect(row.status).toBe('processed');
      const lead = (await t.request({ method: 'GET', url: `/api/leads/${row.lead_id}`, token: admin })).body;
      expect(lead.source).toBe('partner');
      expect(lead.contact).toMatchObject({ name: 'Dana Reyes', email: 'valid@example.com' });
      expect(lead.contact.phone).toMatch(/206/);
      expect(lead.profile).toMatchObject({ budgetMin: 500000, budgetMax: 600000, bedrooms: 3 });
      expect(lead.assignee).not.toBeNull();
      const summaries = lead.timeline.map((a: { summary: string }) => a.summary).join('\n');
      expect(summaries).toContain('New lead from Spring landing page');
      expect(summaries).toContain('Is the garden south-facing?');
    });

    it('a reused webhook-id is a replay: 200, counted as a duplicate, no second lead', async () => {
      const id = `msg_${randomUUID()}`;
      expect((await sendSigned('spring-lp', secret, portalBody('replay@example.com'), { id })).body).toEqual({ received: 1, duplicates: 0 });
      await drain();
      const again = await sendSigned('spring-lp', secret, portalBody('replay-changed@example.com'), { id });
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ received: 1, duplicates: 1 });
      expect(await drain()).toBe(0);
      expect(await n(t, `SELECT count(*) AS n FROM contacts WHERE email IN ('replay@example.com', 'replay-changed@example.com')`)).toBe(1);
    });

    it.each([
      ['a wrong secret', (raw: string, id: string, at: Date) => new Webhook('whsec_' + Buffer.from('not-the-secret-at-all-123').toString('base64')).sign(id, at, raw)],
      ['a signature over re-serialised JSON', (raw: string, id: string, at: Date, secret: string) => new Webhook(secret).sign(id, at, JSON.stringify(JSON.parse(raw)))],
      ['a malformed signature', () => 'v1,not-base64!!'],
      ['no signature', () => ''],
    ])('refuses %s with 401 invalid_signature and stores nothing', async (_c, sign) => {
      const before = await n(t, 'SELECT count(*) AS n FROM webhook_events');
      const id = `msg_${randomUUID()}`;
      const at = new Date();
      const raw = JSON.stringify(portalBody('wrong@example.com'), null, 2);
      const res = await sendSigned('spring-lp', secret, null, { raw, id, at, sign: (r) => sign(r, id, at, secret) });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'invalid_signature' });
      expect(await n(t, 'SELECT count(*) AS n FROM webhook_events')).toBe(before);
    });

    it('refuses a timestamp more than 5 minutes old (or ahead) with 401 stale_timestamp, even when correctly signed', async () => {
      for (const offset of [-6 * 60_000, 6 * 60_000]) {
        const res = await sendSigned('spring-lp', secret, portalBody('stale@example.com'), { at: new Date(Date.now() + offset) });
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ code: 'stale_timestamp' });
      }
      const fresh = await sendSigned('spring-lp', secret, portalBody('almost-stale@example.com'), { at: new Date(Date.now() - 4 * 60_000) });
      expect(fresh.status).toBe(200);
      expect(await n(t, `SELECT count(*) AS n FROM webhook_events WHERE payload->'fields'->>'email' = 'stale@example.com'`)).toBe(0);
    });

    it('an unknown source key → 404; a signed body that is not JSON → 400; nothing stored', async () => {
      const before = await n(t, 'SELECT count(*) AS n FROM webhook_events');
      expect((await sendSigned('no-such-source', secret, portalBody())).status).toBe(404);
      const bad = await sendSigned('spring-lp', secret, null, { raw: '{"lead": ' });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ code: 'invalid_json' });
      expect(await n(t, 'SELECT count(*) AS n FROM webhook_events')).toBe(before);
    });

    it('a delivery where the mapping finds no contact is kept, marked ignored with why, and makes no lead', async () => {
      await drain();
      const leads = await n(t, 'SELECT count(*) AS n FROM leads');
      const res = await sendSigned('spring-lp', secret, { something: 'else', lead: { full_name: { first: 'Not', last: 'Text' } } });
      expect(res.status).toBe(200);
      await drain();
      const [row] = await t.db.query<{ status: string; last_error: string }[]>(`SELECT status, last_error FROM webhook_events WHERE provider = 'partner' ORDER BY seq DESC LIMIT 1`);
      expect(row).toMatchObject({ status: 'ignored' });
      expect(row.last_error).toMatch(/mapping/);
      expect(await n(t, 'SELECT count(*) AS n FROM leads')).toBe(leads);
    });

    it('a known email is matched by the leads service’s own rule (reused only where the new lead’s agent may see it)', async () => {
      await sendSigned('spring-lp', secret, portalBody('returning@example.com', '+1 206 555 0999'));
      await sendSigned('spring-lp', secret, portalBody('returning@example.com', '+1 206 555 0999'));
      await drain();
      const rows = await t.db.query<{ assignee_id: string | null; contact_id: string }[]>(
        `SELECT l.assignee_id, l.contact_id FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE c.email = 'returning@example.com' ORDER BY l.created_at`,
      );
      expect(rows).toHaveLength(2);
      // Same agent: one contact; different agents: the second lead gets its own (LeadsService.contactForNewLead).
      expect(rows[1].contact_id === rows[0].contact_id).toBe(rows[1].assignee_id === rows[0].assignee_id);
    });
  });

  describe('website forms (POST /api/public/leads)', () => {
    let siteKey: string;
    let formPhone = 200;
    const form = (over: Record<string, unknown> = {}) => ({ siteKey, name: 'Web Visitor', email: 'visitor@example.com', phone: `+1206555${String(++formPhone).padStart(4, '0')}`, message: 'Two-bed flat near the park?', consentText: 'I agree that Openhouse Realty may contact me about my enquiry.', pageUrl: 'https://realty.example/contact', ...over });
    const submit = (body: unknown, ip = nextIp()) => t.request({ method: 'POST', url: '/api/public/leads', body, headers: { 'x-forwarded-for': ip } });

    beforeAll(async () => {
      const created = await createSource({ name: 'Main website', kind: 'web_form' });
      expect(created.status).toBe(201);
      expect(created.body.secret).toBeNull();
      siteKey = created.body.key;
      expect(siteKey).toMatch(/^pk_[0-9a-f]{32}$/);
    });

    it('makes a lead with source web; the consent text and its time are on the lead', async () => {
      const before = Date.now();
      const res = await submit(form());
      expect(res.status).toBe(202);
      await drain();
      const [row] = await t.db.query<{ lead_id: string }[]>(`SELECT lead_id FROM webhook_events WHERE provider = 'web' AND status = 'processed'`);
      const lead = (await t.request({ method: 'GET', url: `/api/leads/${row.lead_id}`, token: admin })).body;
      expect(lead.source).toBe('web');
      expect(lead.contact).toMatchObject({ name: 'Web Visitor', email: 'visitor@example.com' });
      const consent = lead.timeline.find((a: { data?: { consent?: unknown } }) => a.data?.consent);
      expect(consent.data.consent.text).toBe('I agree that Openhouse Realty may contact me about my enquiry.');
      expect(Date.parse(consent.data.consent.at)).toBeGreaterThanOrEqual(before - 1000);
      expect(lead.timeline.map((a: { summary: string }) => a.summary).join('\n')).toContain('Two-bed flat near the park?');
    });

    it('a filled honeypot is answered like a success and stores nothing', async () => {
      const before = await n(t, `SELECT count(*) AS n FROM webhook_events WHERE provider = 'web'`);
      const res = await submit(form({ email: 'bot@example.com', website: 'http://spam.example' }));
      expect(res.status).toBe(202);
      expect(await n(t, `SELECT count(*) AS n FROM webhook_events WHERE provider = 'web'`)).toBe(before);
    });

    it.each([
      ['no consent text', { consentText: undefined }, 400],
      ['no contact detail', { name: '', email: undefined, phone: undefined }, 400],
      ['a malformed email', { email: 'not-an-email' }, 400],
      ['an unknown site key', { siteKey: 'pk_' + '0'.repeat(32) }, 404],
    ])('refuses %s and stores nothing', async (_c, over, status) => {
      const before = await n(t, 'SELECT count(*) AS n FROM webhook_events');
      expect((await submit(form(over))).status).toBe(status);
      expect(await n(t, 'SELECT count(*) AS n FROM webhook_events')).toBe(before);
    });

    it('the same submission twice (a double click) is one lead', async () => {
      const submissionId = randomUUID();
      await submit(form({ email: 'double@example.com', phone: '+12065558888', submissionId }));
      await submit(form({ email: 'double@example.com', phone: '+12065558888', submissionId }));
      await drain();
      expect(await n(t, `SELECT count(*) AS n FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE c.email = 'double@example.com'`)).toBe(1);
    });

    it('rate-limits submissions per client address (WEBSITE_RATE_LIMIT=5 here)', async () => {
      const codes: number[] = [];
      for (let i = 0; i < 6; i++) codes.push((await submit(form({ email: `rl${i}@example.com` }), '198.51.100.7')).status);
      expect(codes).toEqual([202, 202, 202, 202, 202, 429]);
      expect((await submit(form({ email: 'other-ip@example.com' }), '198.51.100.8')).status).toBe(202);
    });
  });
});
