import { signatureFor, waMessage, whatsappDelivery } from '../src/webhooks/sandbox/deliveries';
import { GraphStandIn } from '../src/webhooks/sandbox/graph-standin';
import { MessagingService } from '../src/messaging/messaging.service';
import { WebhooksService } from '../src/webhooks/webhooks.service';
import { ADMIN, createTestApp, login, TestApp } from './harness';

const SECRET = 'meta-app-secret-for-tests';
const WA_TOKEN = 'whatsapp-token-for-tests';
const PHONE_ID = '106540352242922';
const HOME = { title: 'Craftsman bungalow', street: '4512 Fremont Ave N', description: 'Original woodwork and a sunny porch.', type: 'house', purpose: 'sale', price: 725000, bedrooms: 3, bathrooms: 1.5, city: 'Seattle', area: 'Fremont', zip: '98103', features: ['porch'] };

/**
 * A viewing booked or cancelled by a person tells the lead, through the send-policy gate and the
 * outbox: real Fastify app, real PostgreSQL, the Graph stand-in over real HTTP, email kept (no SMTP_URL).
 */
describe('Viewing confirmations and cancellation notices', () => {
  let t: TestApp;
  let graph: GraphStandIn;
  let admin: string;
  let adminName: string;
  let seq = 0;

  const postWhatsApp = async (payload: unknown) => {
    const raw = JSON.stringify(payload);
    const res = await t.request({ method: 'POST', url: '/api/webhooks/whatsapp', body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureFor(SECRET, raw) } });
    expect(res.status).toBe(200);
    const ids = (await t.db.query<{ id: string }[]>(`SELECT id FROM webhook_events WHERE status IN ('received', 'failed') ORDER BY seq`)).map((r) => r.id);
    for (const id of ids) await t.app.get(WebhooksService).process(id, { final: false });
  };
  const inbound = async (from: string, text: string) => {
    await postWhatsApp(whatsappDelivery([waMessage({ from, id: `wamid.VIN${from}${++seq}`, name: `Wren ${from}` }, 'text', { body: text })]));
    return (await t.db.query<{ id: string }[]>(`SELECT l.id FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE c.whatsapp_id = $1`, [from]))[0].id;
  };
  const newLead = async (contact: Record<string, unknown>) => (await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: { timezone: 'America/New_York', ...contact }, source: 'web' } })).body.id as string;
  const newHome = async (ref: string) => (await t.request({ method: 'POST', url: '/api/inventory', token: admin, body: { ...HOME, ref } })).body.id as string;
  const book = async (leadId: string, unitId: string) => {
    const slots = await t.request({ method: 'GET', url: `/api/leads/${leadId}/viewing-slots?unitId=${unitId}`, token: admin });
    const first = slots.body.slots[0] as { date: string; time: string; local: string };
    const res = await t.request({ method: 'POST', url: `/api/leads/${leadId}/viewings`, token: admin, body: { unitId, date: first.date, time: first.time } });
    return { res, first };
  };
  const outbound = async (leadId: string) => {
    const res = await t.request({ method: 'GET', url: `/api/leads/${leadId}/outbound`, token: admin });
    expect(res.status).toBe(200);
    return res.body as { id: string; channel: string; kind: string; origin: string; status: string; text: string }[];
  };
  const rows = (leadId: string) => t.db.query<{ id: string; idempotency_key: string; payload: { text?: string; template?: { name: string; parameters: string[] } } }[]>(`SELECT * FROM outbox_messages WHERE lead_id = $1 ORDER BY created_at`, [leadId]);
  const timeline = (leadId: string, type: string) => t.db.query<{ summary: string; data: Record<string, unknown> }[]>(`SELECT summary, data FROM activities WHERE lead_id = $1 AND type = $2 ORDER BY created_at`, [leadId, type]);

  beforeAll(async () => {
    graph = new GraphStandIn('page-token', WA_TOKEN);
    await graph.start();
    t = await createTestApp({ META_APP_SECRET: SECRET, META_GRAPH_URL: graph.url, WHATSAPP_TOKEN: WA_TOKEN, WHATSAPP_PHONE_NUMBER_ID: PHONE_ID, QUIET_HOURS: '00:00-00:00' });
    admin = await login(t);
    adminName = (await t.db.query<{ name: string }[]>(`SELECT name FROM users WHERE email = $1`, [ADMIN.email]))[0].name;
  });
  afterAll(async () => {
    await t.close();
    await graph.stop();
  });

  it('a booking from the listing sends exactly one WhatsApp confirmation with address, local time and agent; booking twice adds none; a cancellation sends one notice', async () => {
    const leadId = await inbound('12065550301', 'Can I see the bungalow?');
    const unitId = await newHome('VN-1');
    const { res, first } = await book(leadId, unitId);
    expect(res.status).toBe(201);

    const out = await outbound(leadId);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ channel: 'whatsapp', kind: 'text', origin: 'person', status: 'queued' });
    expect(out[0].text).toContain('4512 Fremont Ave N, Fremont, Seattle');
    expect(out[0].text).toContain(first.local);
    expect(out[0].text).toContain(adminName);

    const twice = await book(leadId, unitId);
    expect(twice.res.status).toBe(409);
    expect(await outbound(leadId)).toHaveLength(1);

    // Sent once, with the viewing's key; a retried job sends nothing more.
    const svc = t.app.get(MessagingService);
    expect(await svc.deliver(out[0].id, false)).toBe('sent');
    expect(await svc.deliver(out[0].id, false)).toMatch(/nothing to do/);
    const phone = graph.phone.filter((m) => m.to === '12065550301');
    expect(phone).toHaveLength(1);
    expect(phone[0].key).toBe(`viewing:${res.body.id}:booked`);

    const cancel = await t.request({ method: 'POST', url: `/api/viewings/${res.body.id}/cancel`, token: admin, body: { reason: 'Owner is away' } });
    expect(cancel.status).toBe(200);
    const after = await outbound(leadId);
    expect(after).toHaveLength(2);
    const notice = after.find((m) => m.id !== out[0].id)!;
    expect(notice.text).toMatch(/cancelled/);
    expect(notice.text).toContain('4512 Fremont Ave N');
  });

  it('outside the 24-hour window the confirmation is the approved template with name, address, time and agent', async () => {
    const leadId = await newLead({ name: 'Tomas Template', phone: '+1 206 555 0302' });
    const { res, first } = await book(leadId, await newHome('VN-2'));
    expect(res.status).toBe(201);
    const [row, ...more] = await rows(leadId);
    expect(more).toHaveLength(0);
    expect(row.payload.template).toEqual({ name: 'viewing_confirmation', language: 'en_US', parameters: ['Tomas', '4512 Fremont Ave N, Fremont, Seattle', expect.stringContaining(first.local), adminName] });
  });

  it('a lead with only an email gets the confirmation by email (kept without a mail server)', async () => {
    const leadId = await newLead({ name: 'Emma Email', email: 'emma@example.test' });
    const { res, first } = await book(leadId, await newHome('VN-3'));
    expect(res.status).toBe(201);
    const out = await outbound(leadId);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ channel: 'email', kind: 'email' });
    const [row] = await rows(leadId);
    expect(row.payload.text).toContain('4512 Fremont Ave N, Fremont, Seattle');
    expect(row.payload.text).toContain(first.local);
  });

  it('an opted-out lead: the booking stands, the gate’s refusal is recorded, no message is queued', async () => {
    const leadId = await inbound('12065550304', 'Hello');
    await inbound('12065550304', 'STOP');
    const { res } = await book(leadId, await newHome('VN-4'));
    expect(res.status).toBe(201);
    expect(await outbound(leadId)).toHaveLength(0);
    const decisions = await timeline(leadId, 'send_decision');
    expect(decisions.at(-1)?.data).toMatchObject({ verdict: 'deny', rule: 'opted_out', key: `viewing:${res.body.id}:booked` });
  });

  it('a lead with no WhatsApp or email: the timeline says no confirmation could be sent', async () => {
    const leadId = await newLead({ name: 'Nora Nowhere' });
    const { res } = await book(leadId, await newHome('VN-5'));
    expect(res.status).toBe(201);
    expect(await outbound(leadId)).toHaveLength(0);
    const decisions = await timeline(leadId, 'send_decision');
    expect(decisions.at(-1)?.summary).toBe('No viewing confirmation could be sent: Nora Nowhere has no WhatsApp number or email');
  });
});
