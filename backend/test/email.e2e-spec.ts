import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { messageIdFor } from '../src/messaging/email-sender';
import { MessagingService } from '../src/messaging/messaging.service';
import { WebhooksService } from '../src/webhooks/webhooks.service';
import { createAgent, createTestApp, login, TestApp } from './harness';
import { SmtpInbox } from './smtp-inbox';
import { startWorker, waitFor, WorkerProcess } from './worker-process';

const MAIL_SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const MAIL_FROM = 'Openhouse Realty <hello@openhouse.example>';

interface Mail {
  from: string;
  to?: string;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
}

/** Posts an email to the inbound-mail webhook, signed as the mail provider would (Standard Webhooks). */
async function postMail(t: TestApp, mail: Mail, opts: { secret?: string; webhookId?: string } = {}) {
  const raw = JSON.stringify({ to: 'replies@openhouse.example', ...mail });
  const id = opts.webhookId ?? `msg_${randomBytes(8).toString('hex')}`;
  const now = new Date();
  const signature = new Webhook(opts.secret ?? MAIL_SECRET).sign(id, now, raw);
  return t.request({ method: 'POST', url: '/api/webhooks/inbound-mail', body: raw, headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signature } });
}

/** What the workers do with stored inbox events (the worker process itself runs in the last block). */
async function processInbox(t: TestApp) {
  const ids = (await t.db.query<{ id: string }[]>(`SELECT id FROM webhook_events WHERE status IN ('received', 'failed') ORDER BY seq`)).map((r) => r.id);
  for (const id of ids) await t.app.get(WebhooksService).process(id, { final: false });
}

/** Delivers one outbox row as a worker would, retrying as BullMQ would (without the waits). */
async function work(t: TestApp, outboxId: string, attempts = 1): Promise<string> {
  let last: unknown = null;
  for (let i = 1; i <= attempts; i++) {
    try {
      return await t.app.get(MessagingService).deliver(outboxId, false);
    } catch (e) {
      last = e;
    }
  }
  return `retry later: ${last instanceof Error ? last.message : String(last)}`;
}

const leadOf = async (t: TestApp, email: string) => (await t.db.query<{ id: string }[]>(`SELECT l.id FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE c.email = $1 ORDER BY l.created_at`, [email])).map((r) => r.id);
const outboxOf = (t: TestApp, leadId: string) => t.db.query<{ id: string; status: string; external_id: string | null; error_title: string | null; attempts: number }[]>(`SELECT id, status, external_id, error_title, attempts FROM outbox_messages WHERE lead_id = $1 ORDER BY created_at`, [leadId]);

describe('Email as a channel (SMTP server, inbound-mail webhook)', () => {
  let t: TestApp;
  let smtp: SmtpInbox;
  let admin: string;

  beforeAll(async () => {
    smtp = new SmtpInbox();
    await smtp.up();
    t = await createTestApp({ SMTP_URL: smtp.url, MAIL_FROM, INBOUND_MAIL_SECRET: MAIL_SECRET, QUIET_HOURS: '00:00-00:00' });
    admin = await login(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.down();
  });

  it('an email from someone new becomes a lead with source email and their message on its timeline', async () => {
    const res = await postMail(t, { from: 'Dana Reyes <dana@example.com>', subject: 'The Ballard condo', text: 'Hi, is the Ballard condo still available?\n\n-- \nDana', messageId: '<dana-1@mail.example.com>' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 1, duplicates: 0 });
    await processInbox(t);
    const [leadId] = await leadOf(t, 'dana@example.com');
    const lead = await t.request({ method: 'GET', url: `/api/leads/${leadId}`, token: admin });
    expect(lead.body).toMatchObject({ source: 'email', contact: { name: 'Dana Reyes', email: 'dana@example.com' } });
    const messages = lead.body.timeline.filter((a: { type: string }) => a.type === 'message');
    expect(messages).toEqual([expect.objectContaining({ direction: 'inbound', summary: 'Hi, is the Ballard condo still available?\n\n-- \nDana' })]);
  });

  it('a reply by email arrives at the SMTP server with the right From, To, Subject, body and thread headers; the lead’s answer joins the same lead', async () => {
    const [leadId] = await leadOf(t, 'dana@example.com');
    const res = await t.request({ method: 'POST', url: `/api/leads/${leadId}/outbound`, token: admin, body: { channel: 'email', text: 'Yes, it is! Would Saturday at 10 suit you?', idempotencyKey: 'email-reply-0001' } });
    expect(res.status).toBe(201);
    expect(res.body.decision).toMatchObject({ verdict: 'allow' });
    expect(res.body.messages).toEqual([expect.objectContaining({ channel: 'email', status: 'queued', text: 'Yes, it is! Would Saturday at 10 suit you?' })]);
    expect(smtp.to('dana@example.com')).toHaveLength(0); // queued, not sent by the request

    expect(await work(t, res.body.messages[0].id)).toBe('sent');
    expect(await work(t, res.body.messages[0].id)).toMatch(/nothing to do/); // a retried job sends nothing
    const [got] = smtp.to('dana@example.com');
    expect(smtp.to('dana@example.com')).toHaveLength(1);
    expect(got.mail.from?.value).toEqual([{ name: 'Ada Admin via Openhouse Realty', address: 'hello@openhouse.example' }]);
    expect(got.mail.to && !Array.isArray(got.mail.to) ? got.mail.to.value : null).toEqual([{ name: '', address: 'dana@example.com' }]);
    expect(got.mail.subject).toBe('Re: The Ballard condo');
    expect(got.mail.text?.trim()).toBe('Yes, it is! Would Saturday at 10 suit you?');
    expect(got.mail.inReplyTo).toBe('<dana-1@mail.example.com>');
    expect(got.mail.references).toEqual('<dana-1@mail.example.com>');
    expect(got.mail.messageId).toBe(messageIdFor('email-reply-0001', 'openhouse.example'));
    expect((await outboxOf(t, leadId))[0]).toMatchObject({ status: 'sent', external_id: got.mail.messageId });

    // Dana answers our mail from her own address: the same lead, the same email conversation.
    await postMail(t, { from: 'dana@example.com', subject: 'Re: Re: The Ballard condo', text: `Saturday at 10 is perfect.\n\nOn Fri, Dec 4, 2026 Ada Admin wrote:\n> Yes, it is! Would Saturday at 10 suit you?`, messageId: '<dana-2@mail.example.com>', inReplyTo: got.mail.messageId!, references: ['<dana-1@mail.example.com>', got.mail.messageId!] });
    await processInbox(t);
    expect(await leadOf(t, 'dana@example.com')).toEqual([leadId]);
    const sessions = await t.db.query<{ role: string; content: string }[]>(`SELECT m.role, m.content FROM messages m JOIN sessions s ON s.id = m.session_id WHERE s.lead_id = $1 AND s.channel = 'email' ORDER BY m.created_at`, [leadId]);
    expect(sessions.map((m) => [m.role, m.content])).toEqual([
      ['lead', 'Hi, is the Ballard condo still available?\n\n-- \nDana'],
      ['human', 'Yes, it is! Would Saturday at 10 suit you?'],
      ['lead', 'Saturday at 10 is perfect.'],
    ]);
  });

  it('a person replying in the app’s chat on the email conversation sends an email through the gate, in the same thread', async () => {
    const [leadId] = await leadOf(t, 'dana@example.com');
    const [session] = await t.db.query<{ id: string }[]>(`SELECT id FROM sessions WHERE lead_id = $1 AND channel = 'email'`, [leadId]);
    expect((await t.request({ method: 'POST', url: `/api/agent/sessions/${session.id}/takeover`, token: admin })).status).toBe(200);
    const reply = await t.request({ method: 'POST', url: `/api/agent/sessions/${session.id}/reply`, token: admin, body: { message: 'See you Saturday at 10 at the front door.' } });
    expect(reply.status).toBe(200);
    const rows = await outboxOf(t, leadId);
    expect(rows).toHaveLength(2);
    expect(await work(t, rows[1].id)).toBe('sent');
    const mails = smtp.to('dana@example.com');
    expect(mails).toHaveLength(2);
    expect(mails[1].mail).toMatchObject({ subject: 'Re: Re: The Ballard condo', inReplyTo: '<dana-2@mail.example.com>' });
    expect(mails[1].mail.text?.trim()).toBe('See you Saturday at 10 at the front door.');
  });

  it('SMTP server down: the mail stays queued and is retried, shown as not yet sent; once the server is back it is sent exactly once', async () => {
    await postMail(t, { from: 'Sam Park <sam@example.com>', subject: 'Viewing', text: 'Can I see the loft?', messageId: '<sam-1@mail.example.com>' });
    await processInbox(t);
    const [leadId] = await leadOf(t, 'sam@example.com');
    await smtp.down();
    const res = await t.request({ method: 'POST', url: `/api/leads/${leadId}/outbound`, token: admin, body: { channel: 'email', subject: 'The loft on Pike', text: 'Of course. Tuesday at 5?' } });
    expect(res.status).toBe(201);
    const outboxId = res.body.messages[0].id as string;
    expect(await work(t, outboxId, 3)).toMatch(/retry later: The mail server could not be reached/);
    expect((await outboxOf(t, leadId))[0]).toMatchObject({ status: 'queued', external_id: null, attempts: 3 });

    const page = await t.request({ method: 'GET', url: '/api/admin/sent-mail', token: admin });
    expect(page.status).toBe(200);
    expect(page.body.mailServer).toBe(true);
    expect(page.body.items[0]).toMatchObject({ id: outboxId, to: 'sam@example.com', subject: 'The loft on Pike', text: 'Of course. Tuesday at 5?', status: 'queued', attempts: 3, authorName: 'Ada Admin', sentAt: null, leadName: 'Sam Park' });
    expect(page.body.items[0].deliveryError).toMatch(/could not be reached/);

    await smtp.up();
    expect(await work(t, outboxId)).toBe('sent');
    expect(await work(t, outboxId)).toMatch(/nothing to do/);
    expect(smtp.to('sam@example.com')).toHaveLength(1);
    const after = await t.request({ method: 'GET', url: '/api/admin/sent-mail?status=sent', token: admin });
    expect(after.body.items.find((m: { id: string }) => m.id === outboxId)).toMatchObject({ status: 'sent', deliveryError: null, sentAt: expect.any(String) });
  });

  it('a mail the server refuses for good (550) fails at once: on the timeline and a task for the agent', async () => {
    const [leadId] = await leadOf(t, 'sam@example.com');
    smtp.refuseNext(550);
    const res = await t.request({ method: 'POST', url: `/api/leads/${leadId}/outbound`, token: admin, body: { channel: 'email', text: 'One more thing about the loft.' } });
    expect(await work(t, res.body.messages[0].id)).toBe('failed: 550');
    const failures = await t.db.query<{ summary: string }[]>(`SELECT summary FROM activities WHERE lead_id = $1 AND type = 'delivery_failed'`, [leadId]);
    expect(failures).toEqual([{ summary: expect.stringMatching(/^The mail server could not deliver the email/) }]);
    expect(await t.db.query(`SELECT 1 FROM tasks WHERE lead_id = $1 AND title LIKE 'Email not delivered%'`, [leadId])).toHaveLength(1);
  });

  it('STOP in an email reply opts the contact out: the gate refuses the next email and records why; nothing is queued', async () => {
    await postMail(t, { from: 'kim@example.com', subject: 'Homes in Fremont', text: 'Send me anything in Fremont', messageId: '<kim-1@mail.example.com>' });
    await postMail(t, { from: 'kim@example.com', subject: 'Re: Homes in Fremont', text: 'STOP\n\nOn Fri, Dec 4, 2026 Ada wrote:\n> Here are three homes', messageId: '<kim-2@mail.example.com>' });
    await processInbox(t);
    const [leadId] = await leadOf(t, 'kim@example.com');
    const optedOut = await t.db.query<{ summary: string }[]>(`SELECT summary FROM activities WHERE lead_id = $1 AND type = 'opted_out'`, [leadId]);
    expect(optedOut).toEqual([{ summary: expect.stringContaining('Asked on email not to be contacted') }]);
    const refused = await t.request({ method: 'POST', url: `/api/leads/${leadId}/outbound`, token: admin, body: { channel: 'email', text: 'New listings in Fremont!' } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'send_refused', details: { rule: 'opted_out' } });
    expect(refused.body.message).toMatch(/Not sent on email: .* asked not to be contacted/);
    expect(await outboxOf(t, leadId)).toHaveLength(0);
    const decisions = await t.db.query<{ data: Record<string, unknown> }[]>(`SELECT data FROM activities WHERE lead_id = $1 AND type = 'send_decision' ORDER BY created_at`, [leadId]);
    expect(decisions.at(-1)?.data).toMatchObject({ verdict: 'deny', rule: 'opted_out', inputs: expect.objectContaining({ channel: 'email', optedOut: true }) });
  });

  it('a bad signature is a 401 and nothing is stored', async () => {
    const before = await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM webhook_deliveries`);
    const res = await postMail(t, { from: 'eve@example.com', subject: 'hi', text: 'hi', messageId: '<eve-1@mail.example.com>' }, { secret: `whsec_${randomBytes(24).toString('base64')}` });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ statusCode: 401, code: 'invalid_signature' });
    expect(await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM webhook_deliveries`)).toEqual(before);
    expect(await leadOf(t, 'eve@example.com')).toEqual([]);
  });

  it('a signed mail with a missing field is a 400 naming it, and nothing is stored', async () => {
    const raw = { from: 'eve@example.com', subject: 'hi', text: 'hi' } as unknown as Mail;
    const res = await postMail(t, raw);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_mail', details: [expect.objectContaining({ field: 'messageId' })] });
    expect(await t.db.query(`SELECT 1 FROM webhook_events WHERE provider = 'email' AND external_id LIKE '%eve%'`)).toHaveLength(0);
  });

  it('the same mail delivered twice (a retry, or under another webhook-id) is applied once', async () => {
    const mail = { from: 'lee@example.com', subject: 'Parking?', text: 'Is parking included?', messageId: '<lee-1@mail.example.com>' };
    expect((await postMail(t, mail, { webhookId: 'msg_lee_1' })).body).toEqual({ received: 1, duplicates: 0 });
    expect((await postMail(t, mail, { webhookId: 'msg_lee_1' })).body).toEqual({ received: 1, duplicates: 1 });
    expect((await postMail(t, mail, { webhookId: 'msg_lee_2' })).body).toEqual({ received: 1, duplicates: 1 });
    await processInbox(t);
    const leads = await leadOf(t, 'lee@example.com');
    expect(leads).toHaveLength(1);
    expect(await t.db.query(`SELECT 1 FROM messages WHERE lead_id = $1 AND role = 'lead'`, [leads[0]])).toHaveLength(1);
  });

  it('a bounce from the mail system is kept in the inbox but makes no lead', async () => {
    await postMail(t, { from: 'MAILER-DAEMON@mail.example.com', subject: 'Undelivered Mail Returned to Sender', text: 'This is the mail system.', messageId: '<bounce-1@mail.example.com>' });
    await processInbox(t);
    expect(await t.db.query(`SELECT status FROM webhook_events WHERE external_id = '<bounce-1@mail.example.com>'`)).toEqual([{ status: 'ignored' }]);
    expect(await leadOf(t, 'MAILER-DAEMON@mail.example.com')).toEqual([]);
  });

  it('an email with a template, or a WhatsApp message with a subject, is a 400 before anything is written', async () => {
    const [leadId] = await leadOf(t, 'dana@example.com');
    const before = await t.db.query(`SELECT 1 FROM activities WHERE lead_id = $1`, [leadId]);
    const tpl = await t.request({ method: 'POST', url: `/api/leads/${leadId}/outbound`, token: admin, body: { channel: 'email', template: { name: 'follow_up', parameters: { name: 'Dana', agent: 'Ada' } } } });
    expect(tpl.status).toBe(400);
    expect(tpl.body.code).toBe('template_whatsapp_only');
    const subj = await t.request({ method: 'POST', url: `/api/leads/${leadId}/outbound`, token: admin, body: { channel: 'whatsapp', subject: 'Hi', text: 'Hi' } });
    expect(subj.body).toMatchObject({ statusCode: 400, code: 'subject_email_only' });
    const twoLines = await t.request({ method: 'POST', url: `/api/leads/${leadId}/outbound`, token: admin, body: { channel: 'email', subject: 'Hi\r\nBcc: all@example.com', text: 'Hi' } });
    expect(twoLines.status).toBe(400);
    expect(await t.db.query(`SELECT 1 FROM activities WHERE lead_id = $1`, [leadId])).toHaveLength(before.length);
  });

  it('a reply naming our Message-ID from another address does not join that lead (a Message-ID is no secret)', async () => {
    const [danaLead] = await leadOf(t, 'dana@example.com');
    const [ours] = await outboxOf(t, danaLead);
    await postMail(t, { from: 'mallory@example.com', subject: 'Re: The Ballard condo', text: 'Cancel my viewing', messageId: '<mallory-1@mail.example.com>', inReplyTo: ours.external_id! });
    await processInbox(t);
    expect(await t.db.query(`SELECT 1 FROM messages WHERE lead_id = $1 AND content = 'Cancel my viewing'`, [danaLead])).toHaveLength(0);
    expect(await leadOf(t, 'mallory@example.com')).toHaveLength(1);
  });
});

describe('Email with no SMTP_URL (zero-setup): kept, listed in Sent mail', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp({ QUIET_HOURS: '00:00-00:00' });
    admin = await login(t);
  });
  afterAll(() => t.close());

  it('the mail is kept in the outbox, never sent, and readable by admins in Sent mail; agents may not list it', async () => {
    const created = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: { name: 'Ola Berg', email: 'ola@example.com' }, source: 'web' } });
    expect(created.status).toBe(201);
    const res = await t.request({ method: 'POST', url: `/api/leads/${created.body.id}/outbound`, token: admin, body: { channel: 'email', subject: 'Welcome', text: 'Thanks for your enquiry, Ola.' } });
    expect(res.status).toBe(201);
    expect(await work(t, res.body.messages[0].id)).toBe('kept');
    expect(await work(t, res.body.messages[0].id)).toMatch(/nothing to do/);
    expect((await outboxOf(t, created.body.id))[0]).toMatchObject({ status: 'kept', external_id: expect.stringMatching(/^<.+@openhouse\.local>$/) });

    const page = await t.request({ method: 'GET', url: '/api/admin/sent-mail', token: admin });
    expect(page.body).toMatchObject({ mailServer: false, nextBefore: null, items: [expect.objectContaining({ to: 'ola@example.com', subject: 'Welcome', text: 'Thanks for your enquiry, Ola.', status: 'kept', leadName: 'Ola Berg' })] });
    const agent = await createAgent(t, admin, 'Lena Lister');
    expect((await t.request({ method: 'GET', url: '/api/admin/sent-mail', token: agent.token })).status).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/admin/sent-mail?status=lost', token: admin })).status).toBe(400);
  });

  it('without INBOUND_MAIL_SECRET the inbound-mail webhook answers 503 and stores nothing', async () => {
    const res = await postMail(t, { from: 'x@example.com', subject: 'hi', text: 'hi', messageId: '<x-1@mail.example.com>' });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('inbound_mail_not_configured');
    expect(await t.db.query(`SELECT 1 FROM webhook_deliveries`)).toHaveLength(0);
  });
});

describe('Email through a worker process while the SMTP server is down, then up', () => {
  let t: TestApp;
  let smtp: SmtpInbox;
  let worker: WorkerProcess | undefined;
  const redisUrl = process.env.TEST_REDIS_URL;
  const env = () => ({
    ...(redisUrl ? { REDIS_URL: redisUrl, QUEUE_PREFIX: `email${process.pid}` } : {}),
    SMTP_URL: smtp.url,
    MAIL_FROM,
    QUIET_HOURS: '00:00-00:00',
    OUTBOX_BACKOFF_MS: '200',
  });
  beforeAll(async () => {
    smtp = new SmtpInbox();
    await smtp.up();
    await smtp.down(); // its port is known; nothing listens there yet
    t = await createTestApp(env());
    worker = await startWorker({ DATABASE_URL: t.url, ...env(), WORKER_CONCURRENCY: '2' });
  }, 120_000);
  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await t.close();
    await smtp.down();
  });

  it('the worker retries with back-off; the mail is sent exactly once when the server comes up', async () => {
    const admin = await login(t);
    const created = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: { name: 'Pia Nord', email: 'pia@example.com' }, source: 'web' } });
    const res = await t.request({ method: 'POST', url: `/api/leads/${created.body.id}/outbound`, token: admin, body: { channel: 'email', subject: 'Your viewing', text: 'See you Thursday at 4.' } });
    expect(res.status).toBe(201);
    await waitFor('two failed attempts', async () => ((await outboxOf(t, created.body.id))[0]?.attempts ?? 0) >= 2, 60_000);
    expect((await outboxOf(t, created.body.id))[0]).toMatchObject({ status: 'queued', external_id: null });
    await smtp.up();
    await waitFor('the mail sent', async () => (await outboxOf(t, created.body.id))[0]?.status === 'sent', 60_000);
    expect(smtp.to('pia@example.com')).toHaveLength(1);
    expect(smtp.to('pia@example.com')[0].mail.subject).toBe('Your viewing');
  }, 120_000);
});
