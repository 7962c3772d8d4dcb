import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { JobQueue } from '../src/core/queue/job-queue';
import { MessagingService } from '../src/messaging/messaging.service';
import { createAgent, createTestApp, login, TestApp } from './harness';
import { SmtpInbox } from './smtp-inbox';
import { startWorker, waitFor, WorkerProcess } from './worker-process';

const MAIL_FROM = 'Openhouse Realty <hello@openhouse.example>';
const ZONE = 'America/New_York';
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
/** The test app signs feedback links with this; the worker must sign them the same way. */
const JWT_SECRET = 'test-secret-that-is-long-enough-1234567890';

/**
 * After the viewing (issue 17 point 5), the seller's report (point 6) and the assistant's bookings
 * (point 3), through the API and a real worker process: the feedback-request job fires at the
 * viewing's end, the mail with the link reaches a real SMTP server, the lead answers on the public
 * page's API, and the profile, score and matches change.
 */
describe('Viewing feedback, the seller report and assistant bookings', () => {
  let t: TestApp;
  let smtp: SmtpInbox;
  let worker: WorkerProcess;
  let admin: string;
  let agent: { id: string; token: string; email: string };
  let seq = 0;
  const redisUrl = process.env.TEST_REDIS_URL;
  const env = () => ({ ...(redisUrl ? { REDIS_URL: redisUrl, QUEUE_PREFIX: `feedback${process.pid}` } : {}), SMTP_URL: smtp.url, MAIL_FROM, QUIET_HOURS: '00:00-00:00', PUBLIC_URL: 'https://crm.example.com' });
  const day = (n: number) => DateTime.now().setZone(ZONE).plus({ days: n }).toISODate()!;
  const newHome = async (over: Record<string, unknown>) =>
    (await t.request({ method: 'POST', url: '/api/inventory', token: admin, body: { type: 'house', purpose: 'sale', price: 600000, bedrooms: 3, bathrooms: 2, city: 'Seattle', area: 'Fremont', title: `Home ${++seq}`, ref: `FB-${seq}`, ...over } })).body.id as string;
  const newLead = async (contact: Record<string, unknown>, profile?: Record<string, unknown>) =>
    (await t.request({ method: 'POST', url: '/api/leads', token: agent.token, body: { contact: { timezone: ZONE, ...contact }, source: 'web', ...(profile ? { profile } : {}) } })).body.id as string;
  const book = async (leadId: string, unitId: string, date: string, time = '10:00') => {
    const res = await t.request({ method: 'POST', url: `/api/leads/${leadId}/viewings`, token: agent.token, body: { unitId, date, time } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  /** Moves a viewing into the past, as if the clock had run on (bookings are refused in the past). */
  const happened = async (viewingId: string) => {
    await t.db.query(`UPDATE viewings SET starts_at = date_trunc('minute', now()) - interval '2 hours', ends_at = date_trunc('minute', now()) - interval '75 minutes' WHERE id = $1`, [viewingId]);
    const [row] = await t.db.query<{ ends_at: Date }[]>(`SELECT ends_at FROM viewings WHERE id = $1`, [viewingId]);
    return new Date(row.ends_at).toISOString();
  };
  const matchIds = async (leadId: string) => ((await t.request({ method: 'GET', url: `/api/leads/${leadId}/matches`, token: agent.token })).body.items as { id: string }[]).map((m) => m.id);
  const lead = async (id: string) => (await t.request({ method: 'GET', url: `/api/leads/${id}`, token: agent.token })).body;

  beforeAll(async () => {
    smtp = new SmtpInbox();
    await smtp.up();
    t = await createTestApp(env());
    worker = await startWorker({ DATABASE_URL: t.url, JWT_SECRET, ...env() });
    admin = await login(t);
    agent = await createAgent(t, admin, 'Fiona Field');
    await t.request({ method: 'PUT', url: '/api/viewings/availability', token: agent.token, body: { timezone: ZONE, weekly: EVERY_DAY, bufferMinutes: 0 } });
  }, 120_000);
  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await t?.close();
    await smtp.down();
  });

  it('the job at the viewing’s end mails a link; the answer updates the profile, the score and the matches; a second answer is refused', async () => {
    const viewed = await newHome({ street: '12 Elm St', features: ['garage', 'busy road', 'garden'], description: 'A house with a garage.' });
    const similar = await newHome({ street: '14 Elm St', features: ['garage', 'busy road'], description: 'A house with a garage.' });
    const quiet = await newHome({ street: '3 Oak Ave', features: ['garden'], description: 'A house on a quiet street.' });
    const leadId = await newLead({ name: 'Fern Fernsby', email: 'fern@example.com' }, { purpose: 'buy', bedrooms: 2, locations: ['Fremont'], mustHaves: ['garage'] });
    const before = await lead(leadId);
    expect((await matchIds(leadId))[0]).not.toBe(quiet); // the garage homes rank first

    const id = await book(leadId, viewed, day(3));
    // The request is a delayed job at the viewing's end, with a deterministic id (like the reminders).
    const job = await waitFor('feedback job', async () => (await t.app.get(JobQueue).queue('messaging').getJob(`viewing-feedback-${id}`)) ?? null);
    const endsAt = DateTime.fromISO(`${day(3)}T10:45`, { zone: ZONE }).toUTC().toJSDate().toISOString();
    expect(job.data).toEqual({ viewingId: id, endsAt });
    expect(await job.isDelayed()).toBe(true);

    // Feedback before the viewing has happened: refused with a clear reason.
    const early = await t.request({ method: 'POST', url: `/api/viewings/${id}/feedback`, token: agent.token, body: { liked: true } });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('viewing_not_held');

    // The clock runs on: the viewing is over, and the job fires in the worker. A job for a time the viewing no longer has is stale.
    const newEnd = await happened(id);
    expect(await t.app.get(MessagingService).sendViewingFeedbackRequest({ viewingId: id, endsAt })).toMatch(/stale/);
    await job.updateData({ viewingId: id, endsAt: newEnd });
    await job.promote();
    const mail = await waitFor('the feedback mail', () => Promise.resolve(smtp.to('fern@example.com').find((m) => m.mail.subject?.startsWith('How was your viewing')) ?? null), 60_000);
    expect(mail.mail.subject).toBe('How was your viewing at 12 Elm St, Fremont, Seattle?');
    const link = /https:\/\/crm\.example\.com\/feedback\/(\S+)/.exec(mail.mail.text ?? '');
    expect(link).not.toBeNull();
    const token = link![1];
    expect((await t.db.query(`SELECT status FROM viewings WHERE id = $1`, [id]))[0].status).toBe('done');

    const form = await t.request({ method: 'GET', url: `/api/public/viewing-feedback/${token}` });
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({ firstName: 'Fern', address: '12 Elm St, Fremont, Seattle', features: ['garage', 'busy road', 'garden'], price: '$600K', answered: false });
    // A forged link (another viewing's id with this signature) is not accepted.
    expect((await t.request({ method: 'GET', url: `/api/public/viewing-feedback/${token.replace(/^[0-9a-f]{8}/, '00000000')}` })).status).toBe(404);
    // A feature the home does not have: 422, nothing stored.
    const unknown = await t.request({ method: 'POST', url: `/api/public/viewing-feedback/${token}`, body: { liked: false, dislikedFeatures: ['swimming pool'] } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('unknown_feature');

    const answer = { liked: false, likedFeatures: ['garden'], dislikedFeatures: ['busy road'], priceFeeling: 'too_high', comment: 'Lovely garden, but the road is loud.' };
    const sent = await t.request({ method: 'POST', url: `/api/public/viewing-feedback/${token}`, body: answer });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ ...answer, source: 'lead' });
    const again = await t.request({ method: 'POST', url: `/api/public/viewing-feedback/${token}`, body: { liked: true } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('feedback_already_given');
    expect((await t.request({ method: 'GET', url: `/api/public/viewing-feedback/${token}` })).body.answered).toBe(true);

    const after = await lead(leadId);
    expect(after.profile.dislikes).toEqual(['busy road']);
    expect(after.profile.evidence.dislikes).toMatchObject({ quote: 'viewing feedback, 12 Elm St, Fremont, Seattle', source: 'webhook' });
    // "Too high" puts the top of the budget under this home's price.
    expect(after.profile.budgetMax).toBe(570000);
    expect(after.score).not.toBe(before.score);
    expect(after.timeline.some((a: { summary: string }) => a.summary.startsWith('Viewing feedback (from the lead) on Home'))).toBe(true);
    // The disliked feature lowers similar homes: the quiet one comes first, the two on a busy road after it.
    const ranked = await matchIds(leadId);
    expect(ranked[0]).toBe(quiet);
    expect(ranked.indexOf(similar)).toBeGreaterThan(ranked.indexOf(quiet));
    // The worker stores the refreshed matches too.
    await waitFor('stored matches', async () => (await t.db.query<{ unit_id: string }[]>(`SELECT unit_id FROM lead_matches WHERE lead_id = $1 ORDER BY rank LIMIT 1`, [leadId]))[0]?.unit_id === quiet);
  }, 120_000);

  it('an agent records feedback by hand; a cancelled viewing is refused; the seller report sums it up with first names only', async () => {
    const unit = await newHome({ street: '7 Birch Rd', features: ['view', 'small kitchen'], price: 750000, area: 'Ballard' });
    const leadId = await newLead({ name: 'Gus Greenwood', email: 'gus@example.com' }, { purpose: 'buy', bedrooms: 2 });
    const held = await book(leadId, unit, day(4));
    await happened(held);
    const cancelledLead = await newLead({ name: 'Cal Cancel', email: 'cal@example.com' });
    const cancelled = await book(cancelledLead, unit, day(5));
    await t.request({ method: 'POST', url: `/api/viewings/${cancelled}/cancel`, token: agent.token, body: {} });
    const refused = await t.request({ method: 'POST', url: `/api/viewings/${cancelled}/feedback`, token: agent.token, body: { liked: true } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('viewing_cancelled');
    await book(cancelledLead, unit, day(6), '11:00'); // still to come

    const heldList = await t.request({ method: 'GET', url: `/api/leads/${leadId}/viewings/held`, token: agent.token });
    expect(heldList.body).toEqual([expect.objectContaining({ viewingId: held, features: ['view', 'small kitchen'], feedback: null })]);
    const byHand = await t.request({ method: 'POST', url: `/api/viewings/${held}/feedback`, token: agent.token, body: { liked: true, likedFeatures: ['view'], dislikedFeatures: ['small kitchen'], priceFeeling: 'about_right', comment: 'The view sold it for us.' } });
    expect(byHand.status).toBe(201);
    expect(byHand.body.source).toBe('agent');
    expect((await lead(leadId)).profile.evidence.dislikes).toMatchObject({ quote: 'viewing feedback, 7 Birch Rd, Ballard, Seattle', source: 'user' });

    const report = await t.request({ method: 'GET', url: `/api/units/${unit}/seller-report`, token: agent.token });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      address: '7 Birch Rd, Ballard, Seattle',
      price: '$750K',
      viewingsHeld: 1,
      viewingsUpcoming: 1,
      feedbackCount: 1,
      liked: 1,
      disliked: 0,
      commonLikes: [{ feature: 'view', count: 1 }],
      commonDislikes: [{ feature: 'small kitchen', count: 1 }],
      pricePerception: { tooHigh: 0, aboutRight: 1, goodValue: 0 },
      quotes: [{ text: 'The view sold it for us.', by: 'Gus G.', liked: true }],
    });
    // Both leads want to buy 2+ bedrooms and are open: "buyers for this listing" counts them (and earlier tests' leads that fit).
    expect(report.body.matchingBuyers).toBeGreaterThanOrEqual(1);
    const text = JSON.stringify(report.body);
    for (const personal of ['Greenwood', 'gus@example.com', leadId]) expect(text).not.toContain(personal);
    expect((await t.request({ method: 'GET', url: '/api/units/00000000-0000-4000-8000-000000000000/seller-report', token: agent.token })).status).toBe(404);
  }, 60_000);

  it('a viewing the assistant books in a chat gets the same confirmation with the invite by email, the agent’s copy and the reminders', async () => {
    await newHome({ city: 'Kirkland', area: 'Kirkland', street: '9 Lake St', bedrooms: 3, price: 1_100_000, title: 'Kirkland lake house', features: ['lake view'] });
    const session = (await t.request({ method: 'POST', url: '/api/agent/session', token: admin, body: {} })).body as { sessionId: string; leadId: string };
    const turn = (message: string) => t.request({ method: 'POST', url: '/api/agent/turn', token: admin, body: { sessionId: session.sessionId, message } });
    await turn('looking to buy a house in Kirkland with 3 bedrooms, up to 1.3M. My name is Ada Booker, ada.booker@example.com');
    await turn('yes, can I see the first one next Saturday at 11am?');
    const [viewing] = await t.db.query<{ id: string }[]>(`SELECT id FROM viewings WHERE lead_id = $1 AND status = 'booked'`, [session.leadId]);
    expect(viewing).toBeDefined();
    const mail = await waitFor('the confirmation mail', () => Promise.resolve(smtp.to('ada.booker@example.com').find((m) => m.mail.subject?.startsWith('Your viewing')) ?? null), 60_000);
    const part = mail.mail.attachments.find((a) => a.filename === 'invite.ics')!;
    const cal = new ICAL.Component(ICAL.parse(part.content.toString('utf8')));
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(cal.getFirstSubcomponent('vevent')!.getFirstPropertyValue('uid')).toBe(`viewing-${viewing.id}@openhouse.example`);
    await waitFor("the agent's copy", () => Promise.resolve(smtp.to(agent.email).some((m) => m.mail.subject?.includes('Kirkland lake house'))));
    const queue = t.app.get(JobQueue).queue('messaging');
    expect(await queue.getJob(`viewing-reminder-${viewing.id}-24h`)).toBeDefined();
    expect(await queue.getJob(`viewing-feedback-${viewing.id}`)).toBeDefined();
  }, 120_000);
});
