import { metaSignature } from '../src/webhooks/meta-signature';
import { graphLead, leadgenDelivery, signatureFor, waMessage, waStatus, whatsappDelivery } from '../src/webhooks/sandbox/deliveries';
import { GraphStandIn } from '../src/webhooks/sandbox/graph-standin';
import { WebhooksService } from '../src/webhooks/webhooks.service';
import { createAgent, createTestApp, login, TestApp } from './harness';

const SECRET = 'meta-app-secret-for-tests';
const VERIFY = 'verify-me-please';
const PAGE_TOKEN = 'page-token-for-tests';

const n = async (t: TestApp, sql: string, params: unknown[] = []) => Number((await t.db.query<{ n: string }[]>(sql, params))[0].n);

/**
 * Meta webhooks through the real Fastify app on a real database; the Graph API is the local
 * stand-in over real HTTP. Events are applied here by calling the inbox service the worker calls
 * (the worker processes themselves are in webhooks-reliability.e2e-spec.ts).
 */
describe('Meta webhooks (Lead Ads, WhatsApp)', () => {
  let t: TestApp;
  let graph: GraphStandIn;
  let admin: string;
  let agentId: string;

  const post = (path: 'leadads' | 'whatsapp', payload: unknown, opts: { signature?: string | null; contentType?: string; ip?: string } = {}) => {
    const raw = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const signature = opts.signature === undefined ? signatureFor(SECRET, raw) : opts.signature;
    return t.request({
      method: 'POST',
      url: `/api/webhooks/${path}`,
      body: raw,
      headers: { 'content-type': opts.contentType ?? 'application/json', ...(signature !== null ? { 'x-hub-signature-256': signature } : {}), ...(opts.ip ? { 'x-forwarded-for': opts.ip } : {}) },
    });
  };

  /** What a worker does: apply every waiting event. */
  const drain = async (final = false) => {
    const ids = (await t.db.query<{ id: string }[]>(`SELECT id FROM webhook_events WHERE status IN ('received', 'failed') ORDER BY seq`)).map((r) => r.id);
    const svc = t.app.get(WebhooksService);
    for (const id of ids) await svc.process(id, { final }).catch(() => undefined);
    return ids.length;
  };

  beforeAll(async () => {
    graph = new GraphStandIn(PAGE_TOKEN);
    await graph.start();
    t = await createTestApp({ META_APP_SECRET: SECRET, META_VERIFY_TOKEN: VERIFY, META_PAGE_ACCESS_TOKEN: PAGE_TOKEN, META_GRAPH_URL: graph.url, META_GRAPH_TIMEOUT_MS: '500', BODY_LIMIT: '2000000' });
    admin = await login(t);
    agentId = (await createAgent(t, admin, 'Lena Lister')).id;
  });
  afterAll(async () => {
    await t.close();
    await graph.stop();
  });

  describe('subscription handshake', () => {
    it('answers the challenge as text/plain when the verify token matches', async () => {
      for (const path of ['leadads', 'whatsapp']) {
        const res = await t.request({ method: 'GET', url: `/api/webhooks/${path}?hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1158201444` });
        expect(res.status).toBe(200);
        expect(String(res.headers['content-type'])).toMatch(/^text\/plain/);
        expect(res.body).toBe(1158201444);
      }
    });

    it.each([
      ['a wrong token', `hub.mode=subscribe&hub.verify_token=nope&hub.challenge=42`],
      ['a wrong mode', `hub.mode=unsubscribe&hub.verify_token=${VERIFY}&hub.challenge=42`],
      ['no token', `hub.mode=subscribe&hub.challenge=42`],
    ])('refuses %s with 403', async (_c, query) => {
      const res = await t.request({ method: 'GET', url: `/api/webhooks/leadads?${query}` });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ statusCode: 403, code: 'verification_failed' });
    });
  });

  describe('signatures', () => {
    const delivery = () => leadgenDelivery([{ leadgenId: '555000000000001', adId: '1' }]);

    it('refuses missing, malformed and wrong signatures with 401, stores nothing, counts and logs without personal data', async () => {
      const raw = JSON.stringify(whatsappDelivery([waMessage({ from: '12065550199', id: 'wamid.sig1', name: 'Secret Person' }, 'text', { body: 'call me at dana.secret@example.com' })]));
      const cases = [null, 'sha256=abc', `sha1=${metaSignature(SECRET, raw).slice(0, 40)}`, signatureFor('another-secret', raw)];
      for (const signature of cases) {
        const res = await post('whatsapp', raw, { signature });
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ statusCode: 401, code: 'invalid_signature' });
      }
      expect(await n(t, 'SELECT count(*) AS n FROM webhook_deliveries')).toBe(0);
      expect(await n(t, 'SELECT count(*) AS n FROM webhook_events')).toBe(0);
      const refusals = t.logs.filter((l) => l.includes('bad signature'));
      expect(refusals.length).toBeGreaterThanOrEqual(4);
      expect(refusals.join('\n')).not.toMatch(/dana\.secret|Secret Person|12065550199/);
      const status = await t.request({ method: 'GET', url: '/api/admin/webhooks/status', token: admin });
      expect(status.body.find((s: { provider: string }) => s.provider === 'whatsapp').refusedSinceStart).toBeGreaterThanOrEqual(4);
    });

    it('refuses a signature computed over re-serialised JSON instead of the raw bytes', async () => {
      const raw = JSON.stringify(delivery(), null, 2);
      const res = await post('leadads', raw, { signature: signatureFor(SECRET, JSON.stringify(JSON.parse(raw))) });
      expect(res.status).toBe(401);
      expect(await n(t, 'SELECT count(*) AS n FROM webhook_events')).toBe(0);
    });

    it('accepts the same pretty-printed bytes when they are what was signed', async () => {
      const raw = JSON.stringify(leadgenDelivery([{ leadgenId: '555000000000002' }]), null, 2);
      const res = await post('leadads', raw);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ received: 1, duplicates: 0 });
      const [row] = await t.db.query<{ raw_body: Buffer }[]>(`SELECT d.raw_body FROM webhook_deliveries d JOIN webhook_events e ON e.delivery_id = d.id WHERE e.external_id = '555000000000002'`);
      expect(row.raw_body.toString('utf8')).toBe(raw);
    });
  });

  it('answers 503 webhooks_not_configured when META_APP_SECRET is unset, and never stores unsigned data', async () => {
    const bare = await createTestApp({});
    try {
      const res = await bare.request({ method: 'POST', url: '/api/webhooks/whatsapp', body: whatsappDelivery([]), headers: { 'x-hub-signature-256': 'sha256=00' } });
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'webhooks_not_configured' });
      const shake = await bare.request({ method: 'GET', url: '/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=&hub.challenge=1' });
      expect(shake.status).toBe(403);
      expect(await n(bare, 'SELECT count(*) AS n FROM webhook_events')).toBe(0);
    } finally {
      await bare.close();
    }
  });

  describe('bad input: a clear 4xx or a harmless 200, never a 5xx or a partial write', () => {
    it('malformed JSON (correctly signed) → 400', async () => {
      const res = await post('leadads', '{"object": "page", "entry": [');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'invalid_json' });
    });

    it('wrong content type → 415', async () => {
      const raw = JSON.stringify(leadgenDelivery([{ leadgenId: '555000000000003' }]));
      expect((await post('leadads', raw, { contentType: 'text/plain' })).status).toBe(415);
      expect((await post('leadads', raw, { contentType: 'application/xml' })).status).toBe(415);
      expect(await n(t, `SELECT count(*) AS n FROM webhook_events WHERE external_id = '555000000000003'`)).toBe(0);
    });

    it('a body over the limit → 413', async () => {
      const huge = JSON.stringify({ object: 'page', entry: [], pad: 'x'.repeat(2_100_000) });
      const res = await post('leadads', huge);
      expect(res.status).toBe(413);
    });

    it('an unknown object → 400; an unknown field → stored as ignored, no effect', async () => {
      const wrong = await post('leadads', { object: 'instagram', entry: [{ id: '1', changes: [{ field: 'comments', value: {} }] }] });
      expect(wrong.status).toBe(400);
      expect(wrong.body).toMatchObject({ code: 'unknown_object' });
      await drain();
      const leadsBefore = await n(t, 'SELECT count(*) AS n FROM leads');
      const field = await post('leadads', { object: 'page', entry: [{ id: '1', time: 1, changes: [{ field: 'feed', value: { item: 'status', verb: 'add' } }] }] });
      expect(field.status).toBe(200);
      const [row] = await t.db.query<{ status: string; kind: string }[]>(`SELECT status, kind FROM webhook_events WHERE kind = 'feed'`);
      expect(row).toEqual({ status: 'ignored', kind: 'feed' });
      await drain();
      expect(await n(t, 'SELECT count(*) AS n FROM leads')).toBe(leadsBefore);
    });

    it('text PostgreSQL cannot store (NUL, an unpaired surrogate) inside a signed delivery → 200, stored, raw bytes kept exactly', async () => {
      const raw = JSON.stringify(whatsappDelivery([waMessage({ from: '14255550188', id: 'wamid.nul1' }, 'text', { body: 'a\u0000b \ud83d c' })]));
      const res = await post('whatsapp', raw);
      expect(res.status).toBe(200);
      const [row] = await t.db.query<{ payload: { message: { text: { body: string } } }; raw_body: Buffer }[]>(
        `SELECT e.payload, d.raw_body FROM webhook_events e JOIN webhook_deliveries d ON d.id = e.delivery_id WHERE e.external_id = 'wamid.nul1'`,
      );
      expect(row.payload.message.text.body).toBe('a\ufffdb \ufffd c');
      expect(row.raw_body.toString('utf8')).toBe(raw);
    });

    it('an entry with no changes → 200, nothing stored', async () => {
      const before = await n(t, 'SELECT count(*) AS n FROM webhook_deliveries');
      const res = await post('whatsapp', { object: 'whatsapp_business_account', entry: [{ id: '1122334455667788' }] });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ received: 0, duplicates: 0 });
      expect(await n(t, 'SELECT count(*) AS n FROM webhook_deliveries')).toBe(before);
    });
  });

  describe('Meta Lead Ads', () => {
    it('a paid lead: fetched from the Graph API, contact and profile from the answers, ids kept, assigned, scored, on the timeline', async () => {
      // Ids as JSON numbers, one beyond 2^53: no digit may be lost.
      graph.addLead(
        graphLead('9007199254740993123', {
          full_name: 'Dana Whitfield',
          email: 'Dana.Whitfield@Example.com',
          phone_number: '+1 206 555 0143',
          city: 'Bellevue',
          'what_is_your_budget?': '$600k - $750k',
          'how_many_bedrooms?': '3',
          'are_you_looking_to_buy_or_rent?': 'Buy',
          'when_do_you_plan_to_move?': 'within 3 months',
          'anything_else?': 'near a good school',
        }, { ad_id: '120210000000000001', campaign_id: '120210000000000009', is_organic: false, platform: 'fb' }),
      );
      const raw = JSON.stringify(leadgenDelivery([{ leadgenId: 1, adId: 2, formId: 998877665544332, adgroupId: 3 }]))
        .replace('"leadgen_id":1', '"leadgen_id":9007199254740993123')
        .replace('"adgroup_id":3', '"adgroup_id":120210000000000002');
      const res = await post('leadads', raw);
      expect(res.status).toBe(200);
      await drain();
      const [lead] = await t.db.query<{ id: string; source: string; source_ref: string; assignee_id: string; score: number; name: string; email: string; phone_e164: string }[]>(
        `SELECT l.id, l.source, l.source_ref, l.assignee_id, l.score, c.name, c.email, c.phone_e164 FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE l.source_ref = '9007199254740993123'`,
      );
      expect(lead).toMatchObject({ source: 'meta_lead_ads', assignee_id: agentId, name: 'Dana Whitfield', phone_e164: '+12065550143' });
      expect(lead.score).toBeGreaterThan(0);
      const detail = await t.request({ method: 'GET', url: `/api/leads/${lead.id}`, token: admin });
      expect(detail.body.profile).toMatchObject({ purpose: 'buy', budgetMin: 600000, budgetMax: 750000, bedrooms: 3, timeline: '1-3_months', locations: ['Bellevue'] });
      expect(detail.body.profile.evidence.bedrooms).toMatchObject({ quote: 'form answer: how many bedrooms?', source: 'webhook' });
      const created = detail.body.timeline.find((e: { type: string }) => e.type === 'lead_created');
      expect(created.summary).toContain('Meta Lead Ads');
      expect(created.data).toMatchObject({ leadgenId: '9007199254740993123', formId: '998877665544332', adId: '2', adgroupId: '120210000000000002', campaignId: '120210000000000009' });
      expect(detail.body.timeline.some((e: { summary: string }) => e.summary.includes('anything else?: near a good school'))).toBe(true);
      expect(graph.calls.filter((c) => c.leadgenId === '9007199254740993123')).toEqual([{ leadgenId: '9007199254740993123', status: 200 }]);
    });

    it('an organic or testing-tool lead (no ad_id / adgroup_id) is taken too', async () => {
      graph.addLead(graphLead('444444444444', { first_name: 'Sam', last_name: 'Ortiz', email: 'sam.ortiz@example.com' }));
      expect((await post('leadads', leadgenDelivery([{ leadgenId: '444444444444' }]))).status).toBe(200);
      await drain();
      const [row] = await t.db.query<{ name: string; data: { adId: string | null; isOrganic: boolean } }[]>(
        `SELECT c.name, a.data FROM leads l JOIN contacts c ON c.id = l.contact_id JOIN activities a ON a.lead_id = l.id AND a.type = 'lead_created' WHERE l.source_ref = '444444444444'`,
      );
      expect(row).toMatchObject({ name: 'Sam Ortiz', data: { adId: null, isOrganic: true } });
    });

    it('a leadgen whose Graph lookup 404s: the lead is still made from the webhook, flagged "details missing"; no 5xx', async () => {
      const res = await post('leadads', leadgenDelivery([{ leadgenId: '404404404404', adId: '77' }]));
      expect(res.status).toBe(200);
      await drain();
      const [ev] = await t.db.query<{ status: string; last_error: string }[]>(`SELECT status, last_error FROM webhook_events WHERE external_id = '404404404404'`);
      expect(ev.status).toBe('processed');
      const timeline = await t.db.query<{ summary: string }[]>(`SELECT a.summary FROM activities a JOIN leads l ON l.id = a.lead_id WHERE l.source_ref = '404404404404' ORDER BY a.created_at`);
      expect(timeline.map((r) => r.summary).join('\n')).toMatch(/Details missing/);
    });

    it('a Graph failure is retried while attempts remain; on the last one the lead is made, flagged', async () => {
      graph.addLead(graphLead('777000000001', { full_name: 'Retry Rita' }));
      graph.troubleFor('777000000001', 500, 'expired_token', 429);
      await post('leadads', leadgenDelivery([{ leadgenId: '777000000001' }]));
      await drain();
      const ev = async () => (await t.db.query<{ status: string; attempts: number; last_error: string }[]>(`SELECT status, attempts, last_error FROM webhook_events WHERE external_id = '777000000001'`))[0];
      expect(await ev()).toMatchObject({ status: 'failed', attempts: 1, last_error: expect.stringContaining('500') });
      await drain();
      expect(await ev()).toMatchObject({ status: 'failed', attempts: 2, last_error: expect.stringContaining('token') });
      expect(await n(t, `SELECT count(*) AS n FROM leads WHERE source_ref = '777000000001'`)).toBe(0);
      await drain(true); // the last attempt: Graph answers 429 again
      expect(await ev()).toMatchObject({ status: 'processed', attempts: 3 });
      expect(await n(t, `SELECT count(*) AS n FROM leads WHERE source_ref = '777000000001'`)).toBe(1);
    });
  });

  describe('WhatsApp inbound', () => {
    const WA = '14255550101';

    it('a new number makes a contact (E.164) and a lead; a known number joins its WhatsApp session; every message type is kept', async () => {
      const from = { from: WA, name: 'Priya' };
      const messages = [
        waMessage({ ...from, id: 'wamid.t1' }, 'text', { body: 'Hi! Looking for a 2 bedroom condo in Ballard' }),
        waMessage({ ...from, id: 'wamid.t2' }, 'interactive', { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes please' } }),
        waMessage({ ...from, id: 'wamid.t3' }, 'interactive', { type: 'list_reply', list_reply: { id: 'ballard', title: 'Ballard', description: 'North Seattle' } }),
        waMessage({ ...from, id: 'wamid.t4' }, 'button', { payload: 'BOOK', text: 'Book a viewing' }),
        waMessage({ ...from, id: 'wamid.t5' }, 'location', { latitude: 47.668, longitude: -122.384, name: 'Ballard Locks', address: 'Seattle' }),
        waMessage({ ...from, id: 'wamid.t6' }, 'image', { id: 'media1', mime_type: 'image/jpeg', sha256: 'abc', caption: 'this kitchen!' }),
        waMessage({ ...from, id: 'wamid.t7' }, 'document', { id: 'media2', mime_type: 'application/pdf', filename: 'preapproval.pdf' }),
        waMessage({ ...from, id: 'wamid.t8' }, 'audio', { id: 'media3', mime_type: 'audio/ogg', voice: true }),
        waMessage({ ...from, id: 'wamid.t9' }, 'video', { id: 'media4', mime_type: 'video/mp4' }),
        waMessage({ ...from, id: 'wamid.t10' }, 'sticker', { id: 'media5', mime_type: 'image/webp', animated: false }),
        waMessage({ ...from, id: 'wamid.t11' }, 'reaction', { message_id: 'wamid.t1', emoji: '👍' }),
        { ...waMessage({ ...from, id: 'wamid.t12' }, 'hologram', { beam: 'me up' }), brand_new_field: { x: 1 } },
        waMessage({ ...from, id: 'wamid.t13' }, 'text', {}),
      ];
      const first = await post('whatsapp', whatsappDelivery(messages.slice(0, 1), { names: { [WA]: 'Priya' } }));
      expect(first.status).toBe(200);
      await drain();
      const rest = await post('whatsapp', whatsappDelivery(messages.slice(1), { names: { [WA]: 'Priya' } }));
      expect(rest.body).toEqual({ received: 12, duplicates: 0 });
      await drain();

      const leads = await t.db.query<{ id: string; source: string; name: string; phone_e164: string; whatsapp_id: string }[]>(
        `SELECT l.id, l.source, c.name, c.phone_e164, c.whatsapp_id FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE c.phone_e164 = '+14255550101'`,
      );
      expect(leads).toEqual([{ id: expect.any(String), source: 'whatsapp', name: 'Priya', phone_e164: '+14255550101', whatsapp_id: WA }]);
      const sessions = await t.request({ method: 'GET', url: `/api/agent/sessions?leadId=${leads[0].id}`, token: admin });
      const wa = sessions.body.filter((s: { channel: string }) => s.channel === 'whatsapp');
      expect(wa).toHaveLength(1);
      const session = await t.request({ method: 'GET', url: `/api/agent/sessions/${wa[0].id}`, token: admin });
      expect(session.body.messages.map((m: { role: string; content: string }) => [m.role, m.content])).toEqual([
        ['lead', 'Hi! Looking for a 2 bedroom condo in Ballard'],
        ['lead', 'Yes please'],
        ['lead', 'Ballard'],
        ['lead', 'Book a viewing'],
        ['lead', 'Location: Ballard Locks, Seattle'],
        ['lead', 'this kitchen!'],
        ['lead', 'preapproval.pdf'],
        ['lead', '[audio]'],
        ['lead', '[video]'],
        ['lead', '[sticker]'],
        ['lead', '👍'],
        ['lead', '[hologram]'],
        ['lead', ''],
      ]);
      const inbound = await n(t, `SELECT count(*) AS n FROM activities WHERE lead_id = $1 AND type = 'message' AND direction = 'inbound'`, [leads[0].id]);
      expect(inbound).toBe(13);
      const inbox = await t.request({ method: 'GET', url: '/api/leads?needsReply=true&source=whatsapp', token: admin });
      expect(inbox.body.items.map((i: { id: string }) => i.id)).toContain(leads[0].id);
      const [unknown] = await t.db.query<{ data: { raw: unknown } }[]>(`SELECT data FROM messages WHERE external_id = 'wamid.t12'`);
      expect(unknown.data.raw).toMatchObject({ type: 'hologram', brand_new_field: { x: 1 } });
    });

    it('a Flow answer (nfm_reply, response_json as a string) fills the profile with evidence "WhatsApp form"', async () => {
      const response = JSON.stringify({ flow_token: 'q-1', purpose: 'buy', budget_min: '450000', budget_max: '600000', bedrooms: '2', areas: 'Ballard, Fremont', timeline: '3-6_months', financing: 'pre_approved', contact_time: 'evening' });
      await post('whatsapp', whatsappDelivery([waMessage({ from: WA, id: 'wamid.flow1' }, 'interactive', { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: response } })]));
      await drain();
      const [lead] = await t.db.query<{ id: string }[]>(`SELECT l.id FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE c.phone_e164 = '+14255550101'`);
      const detail = await t.request({ method: 'GET', url: `/api/leads/${lead.id}`, token: admin });
      expect(detail.body.profile).toMatchObject({ purpose: 'buy', budgetMin: 450000, budgetMax: 600000, bedrooms: 2, locations: ['Ballard', 'Fremont'], timeline: '3-6_months', financing: 'pre_approved' });
      expect(detail.body.profile.evidence.financing).toMatchObject({ quote: 'WhatsApp form', source: 'webhook' });
      expect(detail.body.timeline.some((e: { summary: string }) => e.summary === 'Prefers to be called: evening')).toBe(true);
    });

    it('a Flow with a broken response_json or a value out of range: timeline entry, message kept, profile unchanged', async () => {
      const [lead] = await t.db.query<{ id: string }[]>(`SELECT l.id FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE c.phone_e164 = '+14255550101'`);
      const before = (await t.request({ method: 'GET', url: `/api/leads/${lead.id}`, token: admin })).body.profile;
      await post('whatsapp', whatsappDelivery([
        waMessage({ from: WA, id: 'wamid.flowbad1' }, 'interactive', { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"purpose": "rent", "bedrooms": ' } }),
        waMessage({ from: WA, id: 'wamid.flowbad2' }, 'interactive', { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"purpose":"rent","bedrooms":"99"}' } }),
      ]));
      await drain();
      const after = await t.request({ method: 'GET', url: `/api/leads/${lead.id}`, token: admin });
      expect(after.body.profile).toEqual(before);
      const notes = after.body.timeline.filter((e: { summary: string }) => e.summary.startsWith('WhatsApp form answer not used'));
      expect(notes.map((e: { summary: string }) => e.summary)).toEqual(expect.arrayContaining([expect.stringContaining('not valid JSON'), expect.stringContaining('bedrooms')]));
      expect(await n(t, `SELECT count(*) AS n FROM messages WHERE external_id IN ('wamid.flowbad1', 'wamid.flowbad2')`)).toBe(2);
      expect(await n(t, `SELECT count(*) AS n FROM webhook_events WHERE external_id IN ('wamid.flowbad1', 'wamid.flowbad2') AND status = 'processed'`)).toBe(2);
    });

    it('statuses move an outbound message forward in any order, never back; failed keeps its errors; one for a message we never sent is ignored', async () => {
      const [lead] = await t.db.query<{ id: string; session_id: string }[]>(
        `SELECT l.id, s.id AS session_id FROM leads l JOIN contacts c ON c.id = l.contact_id JOIN sessions s ON s.lead_id = l.id AND s.channel = 'whatsapp' WHERE c.phone_e164 = '+14255550101'`,
      );
      // As the sending side (issue 13) will store what it sent: the channel's id on the message.
      await t.db.query(`INSERT INTO messages (id, session_id, lead_id, role, content, external_id, delivery_status) VALUES (gen_random_uuid(), $1, $2, 'assistant', 'Here are three condos', 'wamid.out1', 'sent'), (gen_random_uuid(), $1, $2, 'assistant', 'Still there?', 'wamid.out2', 'sent')`, [lead.session_id, lead.id]);
      const read = await post('whatsapp', whatsappDelivery([], { statuses: [waStatus('wamid.out1', 'read', WA, 1796400200)] }));
      expect(read.status).toBe(200);
      await drain();
      await post('whatsapp', whatsappDelivery([], { statuses: [waStatus('wamid.out1', 'delivered', WA, 1796400150), waStatus('wamid.out1', 'sent', WA, 1796400100), waStatus('wamid.out2', 'failed', WA)] }));
      await drain();
      const rows = await t.db.query<{ external_id: string; delivery_status: string; delivery_errors: { code: number }[] | null }[]>(`SELECT external_id, delivery_status, delivery_errors FROM messages WHERE external_id LIKE 'wamid.out%' ORDER BY external_id`);
      expect(rows).toEqual([
        { external_id: 'wamid.out1', delivery_status: 'read', delivery_errors: null },
        { external_id: 'wamid.out2', delivery_status: 'failed', delivery_errors: [expect.objectContaining({ code: 131047 })] },
      ]);
      const never = await post('whatsapp', whatsappDelivery([], { statuses: [waStatus('wamid.never-sent', 'delivered', WA)] }));
      expect(never.status).toBe(200);
      await drain();
      const [ev] = await t.db.query<{ status: string; last_error: string }[]>(`SELECT status, last_error FROM webhook_events WHERE external_id = 'wamid.never-sent:delivered'`);
      expect(ev).toEqual({ status: 'ignored', last_error: 'no message we sent has this id' });
    });

    it('an opted-out number: the message is stored, no new or reopened lead, nothing queued to answer', async () => {
      const OUT = '14255550177';
      await post('whatsapp', whatsappDelivery([waMessage({ from: OUT, id: 'wamid.o1' }, 'text', { body: 'hello' })]));
      await drain();
      const [lead] = await t.db.query<{ id: string; contact_id: string }[]>(`SELECT l.id, l.contact_id FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE c.phone_e164 = '+14255550177'`);
      await t.db.query(`UPDATE contacts SET opted_out_at = now() WHERE id = $1`, [lead.contact_id]);
      await t.db.query(`UPDATE leads SET stage = 'lost' WHERE id = $1`, [lead.id]);
      await post('whatsapp', whatsappDelivery([waMessage({ from: OUT, id: 'wamid.o2' }, 'text', { body: 'are you there?' })]));
      await drain();
      expect(await n(t, `SELECT count(*) AS n FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE c.phone_e164 = '+14255550177'`)).toBe(1);
      expect((await t.db.query<{ stage: string }[]>(`SELECT stage FROM leads WHERE id = $1`, [lead.id]))[0].stage).toBe('lost');
      expect(await n(t, `SELECT count(*) AS n FROM messages WHERE external_id = 'wamid.o2' AND lead_id = $1`, [lead.id])).toBe(1);
      expect(await n(t, `SELECT count(*) AS n FROM messages WHERE lead_id = $1 AND role <> 'lead'`, [lead.id])).toBe(0);
      const [ev] = await t.db.query<{ last_error: string }[]>(`SELECT last_error FROM webhook_events WHERE external_id = 'wamid.o2'`);
      expect(ev.last_error).toContain('opted out');
    });

    it('a replay of 1,000 deliveries, twice: 1,000 events, each applied once', async () => {
      const senders = Array.from({ length: 10 }, (_, i) => `1206555${String(2000 + i).padStart(4, '0')}`);
      const bodies = Array.from({ length: 1000 }, (_, i) => JSON.stringify(whatsappDelivery([waMessage({ from: senders[i % 10], id: `wamid.replay${i}` }, 'text', { body: `message ${i}` })])));
      for (const round of [0, 1]) {
        for (let i = 0; i < bodies.length; i += 50) {
          const answers = await Promise.all(bodies.slice(i, i + 50).map((b) => post('whatsapp', b)));
          for (const a of answers) expect(a.body).toEqual({ received: 1, duplicates: round });
        }
      }
      expect(await n(t, `SELECT count(*) AS n FROM webhook_events WHERE external_id LIKE 'wamid.replay%'`)).toBe(1000);
      await drain();
      expect(await n(t, `SELECT count(*) AS n FROM messages WHERE external_id LIKE 'wamid.replay%'`)).toBe(1000);
      expect(await n(t, `SELECT count(*) AS n FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE c.phone_e164 = ANY($1)`, [senders.map((s) => `+${s}`)])).toBe(10);
      // A batch of 1,000 events in one POST is one row each too.
      const batch = whatsappDelivery(Array.from({ length: 1000 }, (_, i) => waMessage({ from: senders[i % 10], id: `wamid.replay${i}` }, 'text', { body: `message ${i}` })));
      expect((await post('whatsapp', batch)).body).toEqual({ received: 1000, duplicates: 1000 });
    }, 180_000);
  });

  describe('dead letters (admins)', () => {
    it('an event that fails every attempt is listed for admins and can be reprocessed; agents are refused', async () => {
      // A message event whose stored part is unusable: the handler throws on every attempt.
      const [d] = await t.db.query<{ id: string }[]>(`INSERT INTO webhook_deliveries (provider, raw_body, event_count) VALUES ('whatsapp', '\\x7b7d', 1) RETURNING id`);
      const [ev] = await t.db.query<{ id: string }[]>(`INSERT INTO webhook_events (provider, kind, external_id, delivery_id, payload) VALUES ('whatsapp', 'message', 'wamid.broken', $1, '{}') RETURNING id`, [d.id]);
      const svc = t.app.get(WebhooksService);
      await expect(svc.process(ev.id, { final: false })).rejects.toThrow();
      await expect(svc.process(ev.id, { final: true })).rejects.toThrow();
      const dead = await t.request({ method: 'GET', url: '/api/admin/webhooks/events', token: admin });
      expect(dead.status).toBe(200);
      expect(dead.body).toEqual([expect.objectContaining({ id: ev.id, status: 'dead', attempts: 2, provider: 'whatsapp', kind: 'message', lastError: expect.any(String) })]);
      const agent = await createAgent(t, admin, 'Not Admin');
      expect((await t.request({ method: 'GET', url: '/api/admin/webhooks/events', token: agent.token })).status).toBe(403);
      const again = await t.request({ method: 'POST', url: '/api/admin/webhooks/events/reprocess', token: admin, body: { eventIds: [ev.id] } });
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ requeued: [ev.id] });
      expect((await t.db.query<{ status: string; attempts: number }[]>(`SELECT status, attempts FROM webhook_events WHERE id = $1`, [ev.id]))[0]).toEqual({ status: 'received', attempts: 0 });
      expect((await t.request({ method: 'POST', url: '/api/admin/webhooks/events/reprocess', token: admin, body: { eventIds: [ev.id] } })).status).toBe(404);
      const status = await t.request({ method: 'GET', url: '/api/admin/webhooks/status', token: admin });
      expect(status.body).toEqual(expect.arrayContaining([expect.objectContaining({ provider: 'meta_lead_ads', configured: true, lastDeliveryAt: expect.any(String) })]));
      expect(JSON.stringify(status.body)).not.toContain(SECRET);
    });
  });

  it('rate-limits deliveries per client address', async () => {
    const limited = await createTestApp({ META_APP_SECRET: SECRET, WEBHOOK_RATE_LIMIT: '3' });
    try {
      const raw = JSON.stringify(whatsappDelivery([]));
      const send = (ip: string) => limited.request({ method: 'POST', url: '/api/webhooks/whatsapp', body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureFor(SECRET, raw), 'x-forwarded-for': ip } });
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await send('203.0.113.9')).status);
      expect(codes).toEqual([200, 200, 200, 429]);
      expect((await send('203.0.113.10')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('is in the OpenAPI document, public, with examples', async () => {
    const spec = (await t.request({ method: 'GET', url: '/docs-json' })).body;
    const post = spec.paths['/api/webhooks/whatsapp'].post;
    expect(post.requestBody.content['application/json'].examples.text.value.object).toBe('whatsapp_business_account');
    expect(post.parameters.map((p: { name: string }) => p.name)).toContain('X-Hub-Signature-256');
    expect(spec.paths['/api/webhooks/leadads'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['hub.mode', 'hub.verify_token', 'hub.challenge']);
    expect(post.security).toBeUndefined();
  });
});
