import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { JobQueue } from '../src/core/queue/job-queue';
import { MessagingService } from '../src/messaging/messaging.service';
import { createAgent, createTestApp, login, TestApp } from './harness';
import { SmtpInbox } from './smtp-inbox';
import { eventIdOf } from '../src/viewings/calendar-push';
import { GoogleCalendarStandIn } from '../src/viewings/sandbox/google-calendar-standin';

const MAIL_FROM = 'Openhouse Realty <hello@openhouse.example>';
const ZONE = 'America/New_York';
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));

/** The invite part of a mail, parsed with ical.js: what a calendar app reads. */
function inviteOf(mail: { attachments: { filename?: string; contentType: string; content: Buffer }[] }) {
  const part = mail.attachments.find((a) => a.filename === 'invite.ics') ?? mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  if (!part) throw new Error('no invite attached');
  const cal = new ICAL.Component(ICAL.parse(part.content.toString('utf8')));
  const ev = cal.getFirstSubcomponent('vevent')!;
  return {
    method: cal.getFirstPropertyValue('method'),
    uid: ev.getFirstPropertyValue('uid'),
    sequence: Number(ev.getFirstPropertyValue('sequence')),
    status: ev.getFirstPropertyValue('status'),
    start: (ev.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
    end: (ev.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().toISOString(),
  };
}

/**
 * Invites, feeds and reminders: bookings, moves and cancellations mail an iCalendar invite to the
 * lead and the agent (a real SMTP server in-process receives them and the invite is parsed);
 * reminders are delayed BullMQ jobs; an agent's feed is a private, revocable URL.
 */
describe('Viewing invites, reminders and feeds', () => {
  let t: TestApp;
  let smtp: SmtpInbox;
  let google: GoogleCalendarStandIn;
  let admin: string;
  let agent: { id: string; token: string; email: string };
  let seq = 0;
  const redisUrl = process.env.TEST_REDIS_URL;
  const prefix = `invites${process.pid}`;
  const env = () => ({ ...(redisUrl ? { REDIS_URL: redisUrl, QUEUE_PREFIX: prefix } : {}), SMTP_URL: smtp.url, MAIL_FROM, QUIET_HOURS: '00:00-00:00', GOOGLE_CALENDAR_TOKEN: 'calendar-token', GOOGLE_CALENDAR_BASE_URL: google.url, GOOGLE_CALENDAR_ID: 'team' });
  const day = (n: number) => DateTime.now().setZone(ZONE).plus({ days: n }).toISODate()!;
  const at = (d: string, time: string) => DateTime.fromISO(`${d}T${time}`, { zone: ZONE }).toUTC().toISO({ suppressMilliseconds: false })!.replace('Z', 'Z');
  const newHome = async () => (await t.request({ method: 'POST', url: '/api/inventory', token: admin, body: { type: 'house', purpose: 'sale', price: 600000, bedrooms: 3, bathrooms: 2, city: 'Seattle', area: 'Fremont', street: '1 Main St', title: `Home ${++seq}`, ref: `VI-${seq}` } })).body.id as string;
  const newLead = async (contact: Record<string, unknown>) => (await t.request({ method: 'POST', url: '/api/leads', token: agent.token, body: { contact: { timezone: ZONE, ...contact }, source: 'web' } })).body.id as string;
  /** Sends what the outbox holds for the lead, as the worker would. */
  const deliver = async (leadId: string) => {
    const rows = await t.db.query<{ id: string }[]>(`SELECT id FROM outbox_messages WHERE lead_id = $1 AND status = 'queued' ORDER BY created_at`, [leadId]);
    for (const r of rows) await t.app.get(MessagingService).deliver(r.id, false);
  };

  beforeAll(async () => {
    smtp = new SmtpInbox();
    await smtp.up();
    google = new GoogleCalendarStandIn('calendar-token');
    await google.start();
    t = await createTestApp(env());
    admin = await login(t);
    agent = await createAgent(t, admin, 'Ivy Invite');
    await t.request({ method: 'PUT', url: '/api/viewings/availability', token: agent.token, body: { timezone: ZONE, weekly: EVERY_DAY, bufferMinutes: 15 } });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await smtp.down();
    await google.stop();
  });

  it('booked, moved, cancelled: the lead and the agent get REQUEST, REQUEST, CANCEL with one UID and a rising SEQUENCE', async () => {
    const leadId = await newLead({ name: 'Lena Lead', email: 'lena@example.com' });
    const unit = await newHome();
    const d = day(3);
    const booked = await t.request({ method: 'POST', url: `/api/leads/${leadId}/viewings`, token: agent.token, body: { unitId: unit, date: d, time: '10:00' } });
    expect(booked.status).toBe(201);
    const id = booked.body.id as string;
    await deliver(leadId);
    const uid = `viewing-${id}@openhouse.example`;
    const [toLead] = smtp.to('lena@example.com');
    expect(toLead.mail.subject).toContain('Your viewing');
    expect(toLead.mail.text).toContain('Ivy Invite will meet you there');
    expect(inviteOf(toLead.mail)).toEqual({ method: 'REQUEST', uid, sequence: 0, status: 'CONFIRMED', start: at(d, '10:00'), end: at(d, '10:45') });
    const [toAgent] = smtp.to(agent.email);
    expect(inviteOf(toAgent.mail)).toMatchObject({ method: 'REQUEST', uid, sequence: 0 });
    // Google Calendar (the stand-in): the job the worker runs puts the event there.
    const svc = t.app.get(MessagingService);
    expect(await svc.pushViewingToCalendar(id)).toBe('pushed');
    expect(google.events.get(`team/${eventIdOf(id)}`)).toMatchObject({ summary: expect.stringContaining('Viewing'), start: { dateTime: new Date(at(d, '10:00')).toISOString() }, status: 'confirmed' });

    const moved = await t.request({ method: 'POST', url: `/api/viewings/${id}/move`, token: agent.token, body: { date: d, time: '14:30' } });
    expect(moved.status).toBe(200);
    expect(moved.body.startsAt).toBe(new Date(at(d, '14:30')).toISOString());
    await deliver(leadId);
    const leadMails = smtp.to('lena@example.com');
    expect(leadMails).toHaveLength(2);
    expect(leadMails[1].mail.subject).toContain('Viewing moved');
    expect(inviteOf(leadMails[1].mail)).toEqual({ method: 'REQUEST', uid, sequence: 1, status: 'CONFIRMED', start: at(d, '14:30'), end: at(d, '15:15') });
    expect(inviteOf(smtp.to(agent.email)[1].mail)).toMatchObject({ method: 'REQUEST', uid, sequence: 1 });
    await svc.pushViewingToCalendar(id);
    expect(google.events.get(`team/${eventIdOf(id)}`)).toMatchObject({ start: { dateTime: new Date(at(d, '14:30')).toISOString() }, sequence: 1 });

    // Moving to a time outside the agent's hours is refused with alternatives; nothing is sent.
    const refused = await t.request({ method: 'POST', url: `/api/viewings/${id}/move`, token: agent.token, body: { date: d, time: '20:00' } });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('viewing_outside_hours');

    const cancelled = await t.request({ method: 'POST', url: `/api/viewings/${id}/cancel`, token: agent.token, body: { reason: 'Sold' } });
    expect(cancelled.status).toBe(200);
    await deliver(leadId);
    const last = smtp.to('lena@example.com').at(-1)!;
    expect(last.mail.subject).toContain('Viewing cancelled');
    expect(inviteOf(last.mail)).toMatchObject({ method: 'CANCEL', uid, sequence: 2, status: 'CANCELLED' });
    expect(inviteOf(smtp.to(agent.email).at(-1)!.mail)).toMatchObject({ method: 'CANCEL', uid, sequence: 2 });
    expect(await svc.pushViewingToCalendar(id)).toBe('removed');
    expect(google.events.get(`team/${eventIdOf(id)}`)?.status).toBe('cancelled');
  });

  it('a lead with WhatsApp only: no email, the WhatsApp template instead; the agent still gets the invite', async () => {
    const leadId = await newLead({ name: 'Walt Whats', phone: '+1 206 555 0199' });
    const before = smtp.to(agent.email).length;
    const res = await t.request({ method: 'POST', url: `/api/leads/${leadId}/viewings`, token: agent.token, body: { unitId: await newHome(), date: day(4), time: '11:00' } });
    expect(res.status).toBe(201);
    const rows = await t.db.query<{ channel: string; kind: string; recipient: string; payload: { template?: { name: string } } }[]>(`SELECT channel, kind, recipient, payload FROM outbox_messages WHERE lead_id = $1 ORDER BY created_at`, [leadId]);
    expect(rows.filter((r) => r.channel === 'whatsapp').map((r) => r.payload.template?.name)).toEqual(['viewing_confirmation']);
    expect(rows.filter((r) => r.channel === 'email').map((r) => r.recipient)).toEqual([agent.email]);
    const sent = await t.db.query<{ id: string }[]>(`SELECT id FROM outbox_messages WHERE lead_id = $1 AND channel = 'email'`, [leadId]);
    await t.app.get(MessagingService).deliver(sent[0].id, false);
    expect(smtp.to(agent.email)).toHaveLength(before + 1);
  });

  (redisUrl ? it : it.skip)('reminders 24 h and 2 h before are delayed jobs: moved with the viewing, removed on cancel, kept across a restart', async () => {
    const leadId = await newLead({ name: 'Rita Remind', email: 'rita@example.com' });
    const d = day(5);
    const res = await t.request({ method: 'POST', url: `/api/leads/${leadId}/viewings`, token: agent.token, body: { unitId: await newHome(), date: d, time: '10:00' } });
    const id = res.body.id as string;
    const queue = () => t.app.get(JobQueue).queue('messaging');
    const job24 = await queue().getJob(`viewing-reminder-${id}-24h`);
    const job2 = await queue().getJob(`viewing-reminder-${id}-2h`);
    expect(job24?.data).toEqual({ viewingId: id, before: '24h', startsAt: new Date(at(d, '10:00')).toISOString() });
    expect(await job24!.isDelayed()).toBe(true);
    expect(job24!.timestamp + job24!.delay).toBeCloseTo(new Date(at(d, '10:00')).getTime() - 24 * 3600_000, -4);
    expect(job2!.timestamp + job2!.delay).toBeCloseTo(new Date(at(d, '10:00')).getTime() - 2 * 3600_000, -4);

    // A second API process on the same database and Redis (a restart) still sees the jobs.
    const again = await createTestApp(env(), { databaseUrl: t.url });
    expect((await again.app.get(JobQueue).queue('messaging').getJob(`viewing-reminder-${id}-2h`))?.data.viewingId).toBe(id);
    await again.close();

    await t.request({ method: 'POST', url: `/api/viewings/${id}/move`, token: agent.token, body: { date: d, time: '15:00' } });
    expect((await queue().getJob(`viewing-reminder-${id}-24h`))?.data.startsAt).toBe(new Date(at(d, '15:00')).toISOString());

    // The reminder as the worker runs it: an email with the current invite; the old start's job is stale.
    const svc = t.app.get(MessagingService);
    expect(await svc.sendViewingReminder({ viewingId: id, before: '24h', startsAt: new Date(at(d, '10:00')).toISOString() })).toMatch(/stale/);
    expect(await svc.sendViewingReminder({ viewingId: id, before: '24h', startsAt: new Date(at(d, '15:00')).toISOString() })).toMatch(/reminded \(1 message\)/);
    await deliver(leadId);
    const reminder = smtp.to('rita@example.com').at(-1)!;
    expect(reminder.mail.subject).toContain('Reminder');
    expect(inviteOf(reminder.mail)).toMatchObject({ method: 'REQUEST', sequence: 1, start: at(d, '15:00') });

    await t.request({ method: 'POST', url: `/api/viewings/${id}/cancel`, token: agent.token, body: {} });
    expect(await queue().getJob(`viewing-reminder-${id}-24h`)).toBeUndefined();
    expect(await queue().getJob(`viewing-reminder-${id}-2h`)).toBeUndefined();
  }, 60_000);

  it("an agent's private feed lists their viewings as text/calendar; a revoked or replaced address is 404", async () => {
    const leadId = await newLead({ name: 'Fay Feed', email: 'fay@example.com' });
    const res = await t.request({ method: 'POST', url: `/api/leads/${leadId}/viewings`, token: agent.token, body: { unitId: await newHome(), date: day(6), time: '12:00' } });
    expect(res.status).toBe(201);
    const made = await t.request({ method: 'POST', url: '/api/viewings/feed', token: agent.token });
    expect(made.status).toBe(201);
    const feed = await t.request({ method: 'GET', url: made.body.path });
    expect(feed.status).toBe(200);
    expect(String(feed.headers['content-type'])).toMatch(/^text\/calendar/);
    const cal = new ICAL.Component(ICAL.parse(feed.body as string));
    const uids = cal.getAllSubcomponents('vevent').map((e) => e.getFirstPropertyValue('uid'));
    expect(uids).toContain(`viewing-${res.body.id}@openhouse.example`);
    expect((await t.request({ method: 'GET', url: '/api/viewings/feed', token: agent.token })).body).toEqual({ active: true });

    const rotated = await t.request({ method: 'POST', url: '/api/viewings/feed', token: agent.token });
    expect((await t.request({ method: 'GET', url: made.body.path })).status).toBe(404);
    expect((await t.request({ method: 'GET', url: rotated.body.path })).status).toBe(200);
    expect((await t.request({ method: 'DELETE', url: '/api/viewings/feed', token: agent.token })).status).toBe(204);
    expect((await t.request({ method: 'GET', url: rotated.body.path })).status).toBe(404);
  });
});
