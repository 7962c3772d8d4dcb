import { signatureFor, waMessage, waStatus, whatsappDelivery } from '../src/webhooks/sandbox/deliveries';
import { GraphStandIn } from '../src/webhooks/sandbox/graph-standin';
import { MessagingService } from '../src/messaging/messaging.service';
import { WebhooksService } from '../src/webhooks/webhooks.service';
import { createAgent, createTestApp, login, TestApp } from './harness';

const SECRET = 'meta-app-secret-for-tests';
const WA_TOKEN = 'whatsapp-token-for-tests';
const PHONE_ID = '106540352242922';

/**
 * Outbound WhatsApp through the real Fastify app, a real database and the Graph stand-in over
 * real HTTP. Sends are delivered by calling the service the worker's job calls (the worker
 * process itself is in messaging-reliability.e2e-spec.ts).
 */
describe('Outbound messaging (outbox, gate, WhatsApp)', () => {
  let t: TestApp;
  let graph: GraphStandIn;
  let admin: string;
  let agent: { id: string; token: string };
  let msgSeq = 0;

  const postWhatsApp = async (payload: unknown) => {
    const raw = JSON.stringify(payload);
    const res = await t.request({ method: 'POST', url: '/api/webhooks/whatsapp', body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureFor(SECRET, raw) } });
    expect(res.status).toBe(200);
    const ids = (await t.db.query<{ id: string }[]>(`SELECT id FROM webhook_events WHERE status IN ('received', 'failed') ORDER BY seq`)).map((r) => r.id);
    for (const id of ids) await t.app.get(WebhooksService).process(id, { final: false });
  };
  /** The lead writes on WhatsApp; returns the lead's id. */
  const inbound = async (from: string, text: string) => {
    await postWhatsApp(whatsappDelivery([waMessage({ from, id: `wamid.IN${from}${++msgSeq}`, name: `Lead ${from}` }, 'text', { body: text })]));
    const rows = await t.db.query<{ id: string }[]>(`SELECT l.id FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE c.whatsapp_id = $1`, [from]);
    return rows[0].id;
  };
  const send = (leadId: string, body: Record<string, unknown>, token = admin) => t.request({ method: 'POST', url: `/api/leads/${leadId}/outbound`, token, body: { channel: 'whatsapp', ...body } });
  /** What a worker does with one outbox row: deliver, retrying as BullMQ would (without the waits). */
  const work = async (outboxId: string, attempts = 8) => {
    const svc = t.app.get(MessagingService);
    for (let i = 1; i <= attempts; i++) {
      try {
        return await svc.deliver(outboxId, i === attempts);
      } catch {
        /* retried, as BullMQ would */
      }
    }
    return 'exhausted';
  };
  const outboxOf = (leadId: string) => t.db.query<{ id: string; status: string; external_id: string | null; payload: { text?: string }; error_code: string | null; attempts: number }[]>(`SELECT * FROM outbox_messages WHERE lead_id = $1 ORDER BY created_at, idempotency_key`, [leadId]);
  const timeline = (leadId: string, type: string) => t.db.query<{ summary: string; data: Record<string, unknown> }[]>(`SELECT summary, data FROM activities WHERE lead_id = $1 AND type = $2 ORDER BY created_at`, [leadId, type]);
  const phoneFor = (to: string) => graph.phone.filter((m) => m.to === to);

  beforeAll(async () => {
    graph = new GraphStandIn('page-token', WA_TOKEN);
    await graph.start();
    t = await createTestApp({
      META_APP_SECRET: SECRET,
      META_GRAPH_URL: graph.url,
      META_GRAPH_TIMEOUT_MS: '400',
      WHATSAPP_TOKEN: WA_TOKEN,
      WHATSAPP_PHONE_NUMBER_ID: PHONE_ID,
      // Quiet hours are tested on the gate with a fixed clock (send-policy.spec.ts); here they never apply.
      QUIET_HOURS: '00:00-00:00',
      OUTBOX_IN_DOUBT_MS: '60000',
    });
    admin = await login(t);
    agent = await createAgent(t, admin, 'Lena Lister');
  });
  afterAll(async () => {
    await t.close();
    await graph.stop();
  });

  it('a person’s reply is queued with the gate’s decision, sent once to Graph with the token, and its ticks follow the statuses', async () => {
    const leadId = await inbound('12065550101', 'Hi, is the Ballard condo still available?');
    const res = await send(leadId, { text: 'Yes it is! Would you like to see it this week?', idempotencyKey: 'reply-0001-abc' });
    expect(res.status).toBe(201);
    expect(res.body.decision).toMatchObject({ verdict: 'allow', rule: 'ok' });
    expect(res.body.messages).toHaveLength(1);
    expect(res.body.messages[0]).toMatchObject({ status: 'queued', text: 'Yes it is! Would you like to see it this week?' });
    expect(phoneFor('12065550101')).toHaveLength(0); // queued, not sent by the request

    // The same key again: nothing new is queued.
    const again = await send(leadId, { text: 'Yes it is! Would you like to see it this week?', idempotencyKey: 'reply-0001-abc' });
    expect(again.status).toBe(201);
    expect(await outboxOf(leadId)).toHaveLength(1);

    expect(await work(res.body.messages[0].id)).toBe('sent');
    expect(await work(res.body.messages[0].id)).toMatch(/nothing to do/); // a retried job is a no-op
    const phone = phoneFor('12065550101');
    expect(phone).toHaveLength(1);
    expect(phone[0]).toMatchObject({ type: 'text', text: 'Yes it is! Would you like to see it this week?', key: 'reply-0001-abc' });
    const [row] = await outboxOf(leadId);
    expect(row).toMatchObject({ status: 'sent', external_id: phone[0].wamid });

    const decisions = await timeline(leadId, 'send_decision');
    expect(decisions.at(-1)?.data).toMatchObject({ verdict: 'allow', rule: 'ok', inputs: expect.objectContaining({ optedOut: false, channel: 'whatsapp' }) });

    await postWhatsApp(whatsappDelivery([], { statuses: [waStatus(phone[0].wamid, 'delivered', '12065550101')] }));
    await postWhatsApp(whatsappDelivery([], { statuses: [waStatus(phone[0].wamid, 'read', '12065550101')] }));
    const [msg] = await t.db.query<{ delivery_status: string; role: string; content: string }[]>(`SELECT delivery_status, role, content FROM messages WHERE external_id = $1`, [phone[0].wamid]);
    expect(msg).toMatchObject({ delivery_status: 'read', content: 'Yes it is! Would you like to see it this week?' });
  });

  it('splits text longer than 4,096 characters into parts that arrive in order', async () => {
    const leadId = await inbound('12065550102', 'Tell me everything about the building');
    const para = (n: number) => `${'word '.repeat(300).trim()} (part ${n}).`;
    const text = [para(1), para(2), para(3), para(4), para(5), para(6), para(7)].join('\n\n');
    expect(text.length).toBeGreaterThan(8192);
    const res = await send(leadId, { text });
    expect(res.status).toBe(201);
    expect(res.body.messages.length).toBe(3);
    for (const m of await outboxOf(leadId)) expect(await work(m.id)).toBe('sent');
    const phone = phoneFor('12065550102');
    expect(phone).toHaveLength(3);
    for (const m of phone) expect(Array.from(m.text).length).toBeLessThanOrEqual(4096);
    // Cut at paragraph or word boundaries: every word arrives, in order.
    expect(phone.map((m) => m.text).join(' ').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
  });

  it('Graph answering 500, then 429, then 130429 is retried: one message on the phone', async () => {
    const leadId = await inbound('12065550103', 'Can you call me?');
    const res = await send(leadId, { text: 'Sure, calling you in five minutes.' });
    graph.troubleForSends(500, 429, 130429);
    expect(await work(res.body.messages[0].id)).toBe('sent');
    expect(phoneFor('12065550103')).toHaveLength(1);
    expect(graph.sendCalls.filter((c) => c.to === '12065550103').map((c) => c.status)).toEqual([500, 429, 400, 200]);
    const [row] = await outboxOf(leadId);
    expect(row).toMatchObject({ status: 'sent', attempts: 4 });
  });

  it('a timeout after WhatsApp took the message is not sent again: the status webhook carrying our key closes it', async () => {
    const leadId = await inbound('12065550104', 'Is parking included?');
    const res = await send(leadId, { text: 'One parking space is included.' });
    graph.troubleForSends({ slowMs: 1200 });
    const first = await work(res.body.messages[0].id);
    expect(first).toMatch(/in doubt/);
    expect(phoneFor('12065550104')).toHaveLength(1);
    // A retried job while in doubt does not send.
    expect(await work(res.body.messages[0].id)).toMatch(/in doubt/);
    expect(phoneFor('12065550104')).toHaveLength(1);
    // Meta reports the message; its status echoes our key, so the row learns its id.
    await postWhatsApp(whatsappDelivery([], { statuses: [graph.sentStatus(phoneFor('12065550104')[0])] }));
    const [row] = await outboxOf(leadId);
    expect(row).toMatchObject({ status: 'sent', external_id: phoneFor('12065550104')[0].wamid });
    expect(await work(res.body.messages[0].id)).toMatch(/nothing to do/);
    expect(phoneFor('12065550104')).toHaveLength(1);
  });

  it('131047 (outside the 24-hour window) fails at once: on the timeline with Meta’s title and a task for the lead’s agent', async () => {
    const leadId = await inbound('12065550105', 'Hello');
    await t.request({ method: 'POST', url: `/api/leads/${leadId}/assign`, token: admin, body: { assigneeId: agent.id } });
    const res = await send(leadId, { text: 'Are you still looking?' });
    graph.troubleForSends(131047);
    expect(await work(res.body.messages[0].id)).toBe('failed: 131047');
    expect(graph.sendCalls.filter((c) => c.to === '12065550105')).toHaveLength(1); // not retried
    const failures = await timeline(leadId, 'delivery_failed');
    expect(failures).toHaveLength(1);
    expect(failures[0].summary).toContain('Re-engagement message');
    const tasks = await t.db.query<{ title: string; assignee_id: string | null }[]>(`SELECT title, assignee_id FROM tasks WHERE lead_id = $1`, [leadId]);
    expect(tasks).toEqual([expect.objectContaining({ assignee_id: agent.id, title: expect.stringContaining('Re-engagement message') })]);
  });

  it('a failed status from the webhook after sending goes on the timeline with Meta’s title and makes a task', async () => {
    const leadId = await inbound('12065550106', 'Hi');
    const res = await send(leadId, { text: 'Hi! How can I help?' });
    await work(res.body.messages[0].id);
    const [m] = phoneFor('12065550106');
    await postWhatsApp(whatsappDelivery([], { statuses: [waStatus(m.wamid, 'failed', '12065550106')] }));
    expect((await outboxOf(leadId))[0]).toMatchObject({ status: 'failed', error_code: '131047' });
    expect((await timeline(leadId, 'delivery_failed'))[0].summary).toMatch(/Re-engagement message/);
    expect(await t.db.query(`SELECT 1 FROM tasks WHERE lead_id = $1`, [leadId])).toHaveLength(1);
    // The same status again changes nothing.
    await postWhatsApp(whatsappDelivery([], { statuses: [waStatus(m.wamid, 'failed', '12065550106', 1796400200)] }));
    expect(await t.db.query(`SELECT 1 FROM tasks WHERE lead_id = $1`, [leadId])).toHaveLength(1);
  });

  it('an opted-out contact (STOP) is refused by the gate and the refusal is recorded; START opts back in', async () => {
    const leadId = await inbound('12065550107', 'Looking for a 2 bed');
    await inbound('12065550107', 'STOP');
    const refused = await send(leadId, { text: 'We have new listings for you!' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'send_refused', details: { rule: 'opted_out' } });
    expect(refused.body.message).toMatch(/asked not to be contacted/);
    expect(await outboxOf(leadId)).toHaveLength(0);
    const decisions = await timeline(leadId, 'send_decision');
    expect(decisions.at(-1)?.data).toMatchObject({ verdict: 'deny', rule: 'opted_out' });
    expect(await timeline(leadId, 'opted_out')).toHaveLength(1);

    await inbound('12065550107', 'START');
    expect((await send(leadId, { text: 'Welcome back!' })).status).toBe(201);
  });

  it('a template with a missing parameter is a 400 before anything is queued or recorded', async () => {
    const leadId = await inbound('12065550108', 'hello');
    const before = await timeline(leadId, 'send_decision');
    const res = await send(leadId, { template: { name: 'viewing_reminder', parameters: { name: 'Dana', address: '12 Pike St' } } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'template_parameter_missing', details: { missing: ['time'] } });
    expect((await send(leadId, { template: { name: 'no_such_template', parameters: {} } })).body).toMatchObject({ statusCode: 400, code: 'unknown_template' });
    expect(await outboxOf(leadId)).toHaveLength(0);
    expect(await timeline(leadId, 'send_decision')).toHaveLength(before.length);
  });

  it('outside the 24-hour window only a template goes out, with its parameters', async () => {
    const created = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: { name: 'Walt Window', phone: '+1 206 555 0109' }, source: 'phone' } });
    expect(created.status).toBe(201);
    const leadId = created.body.id as string;
    const text = await send(leadId, { text: 'Hi Walt!' });
    expect(text.status).toBe(409);
    expect(text.body).toMatchObject({ details: { rule: 'whatsapp_window' } });
    const tpl = await send(leadId, { template: { name: 'follow_up', parameters: { name: 'Walt', agent: 'Lena' } } });
    expect(tpl.status).toBe(201);
    expect(await work(tpl.body.messages[0].id)).toBe('sent');
    const [m] = phoneFor('12065550109');
    expect(m.body).toMatchObject({ type: 'template', template: { name: 'follow_up', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Walt' }, { type: 'text', text: 'Lena' }] }] } });
  });

  it('the fair-housing screen refuses outbound text that steers by a protected characteristic', async () => {
    const leadId = await inbound('12065550110', 'What is the area like?');
    const res = await send(leadId, { text: 'This neighborhood is perfect for Christian families like yours' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ details: { rule: 'fair_housing' } });
    expect(await outboxOf(leadId)).toHaveLength(0);
  });

  it('a person’s reply in the app’s chat to a WhatsApp lead goes out through the gate and the outbox', async () => {
    const leadId = await inbound('12065550112', 'Can a person help me?');
    const [session] = await t.db.query<{ id: string }[]>(`SELECT id FROM sessions WHERE lead_id = $1 AND channel = 'whatsapp'`, [leadId]);
    expect((await t.request({ method: 'POST', url: `/api/agent/sessions/${session.id}/takeover`, token: admin })).status).toBeLessThan(300);
    const reply = await t.request({ method: 'POST', url: `/api/agent/sessions/${session.id}/reply`, token: admin, body: { message: 'Hi, Lena here. How can I help?' } });
    expect(reply.status).toBeLessThan(300);
    const [row] = await outboxOf(leadId);
    expect(row).toMatchObject({ status: 'queued', payload: { text: 'Hi, Lena here. How can I help?' } });
    expect(await work(row.id)).toBe('sent');
    expect(phoneFor('12065550112').map((m) => m.text)).toEqual(['Hi, Lena here. How can I help?']);
    expect((await timeline(leadId, 'send_decision')).at(-1)?.data).toMatchObject({ verdict: 'allow' });
    // The message is in the conversation once, with its ticks.
    const msgs = await t.db.query<{ content: string; delivery_status: string | null }[]>(`SELECT content, delivery_status FROM messages WHERE session_id = $1 AND role = 'human'`, [session.id]);
    expect(msgs).toEqual([{ content: 'Hi, Lena here. How can I help?', delivery_status: 'sent' }]);

    // Refused by the gate (opted out): 409, nothing queued.
    await inbound('12065550112', 'unsubscribe');
    const refused = await t.request({ method: 'POST', url: `/api/agent/sessions/${session.id}/reply`, token: admin, body: { message: 'One more thing…' } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'send_refused', details: { rule: 'opted_out' } });
    expect(await outboxOf(leadId)).toHaveLength(1);
  });

  it('an agent cannot send to a lead they cannot see', async () => {
    const leadId = await inbound('12065550111', 'hi');
    const other = await createAgent(t, admin, 'Oscar Other');
    await t.request({ method: 'POST', url: `/api/leads/${leadId}/assign`, token: admin, body: { assigneeId: agent.id } });
    expect((await send(leadId, { text: 'hello' }, other.token)).status).toBe(404);
  });
});
