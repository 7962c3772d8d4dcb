import { ChannelRepliesService } from '../src/agent/channel-replies.service';
import { freePort } from '../src/core/database/embedded-postgres';
import { signatureFor, waMessage, whatsappDelivery } from '../src/webhooks/sandbox/deliveries';
import { GraphStandIn, PhoneMessage, phoneView } from '../src/webhooks/sandbox/graph-standin';
import { createTestApp, login, TestApp } from './harness';
import { startWorker, waitFor, WorkerProcess } from './worker-process';

const SECRET = 'wa-assistant-secret';
const WA_TOKEN = 'wa-assistant-token';
const METRICS_TOKEN = 'wa-assistant-metrics-token';

const UNITS = [
  { ref: 'K-1', title: 'Craftsman house near Juanita Beach', city: 'Kirkland', area: 'Juanita', price: 1150000, bedrooms: 3, bathrooms: 2, type: 'house', features: ['garage'] },
  { ref: 'K-2', title: 'Family house with big yard', city: 'Kirkland', area: 'Rose Hill', price: 990000, bedrooms: 4, bathrooms: 2.5, type: 'house', features: ['yard'] },
  { ref: 'K-3', title: 'Modern house with lake view', city: 'Kirkland', area: 'Houghton', price: 1280000, bedrooms: 3, bathrooms: 3, type: 'house', features: ['view'] },
  { ref: 'K-4', title: 'Kirkland condo downtown', city: 'Kirkland', area: 'Downtown', price: 650000, bedrooms: 2, bathrooms: 2, type: 'condo', features: [] },
];

/**
 * The assistant on WhatsApp, end to end: signed deliveries to the API, the webhook and agent jobs
 * in two real worker processes, the reply through the send-policy gate and the outbox to the Graph
 * stand-in over HTTP (what reaches `graph.phone` is what the lead's phone shows).
 */
describe('the assistant on WhatsApp (worker process, Graph stand-in)', () => {
  let t: TestApp;
  let graph: GraphStandIn;
  let worker: WorkerProcess | undefined;
  let worker2: WorkerProcess | undefined;
  let admin: string;
  let metricsPorts: number[] = [];
  const redisUrl = process.env.TEST_REDIS_URL;
  const queueEnv: Record<string, string> = redisUrl ? { REDIS_URL: redisUrl, QUEUE_PREFIX: `waagent${process.pid}` } : {};
  const env = () => ({
    ...queueEnv,
    META_APP_SECRET: SECRET,
    META_GRAPH_URL: graph.url,
    WHATSAPP_TOKEN: WA_TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
    // Quiet hours all day long: a reply to a message the lead just sent must still go at once.
    QUIET_HOURS: '00:00-23:59',
    WHATSAPP_DEBOUNCE_MS: '2000',
    LISTING_URL: 'https://homes.example.com/listing/{id}',
  });
  let seq = 0;
  /** Posts one signed WhatsApp text from `from`, as Meta would. */
  const text = async (from: string, body: string, name = 'WhatsApp user', timestamp = 1796400000 + seq) => {
    const payload = whatsappDelivery([waMessage({ from, id: `wamid.WAAGENT${++seq}`, timestamp }, 'text', { body })], { names: { [from]: name } });
    const raw = JSON.stringify(payload);
    const res = await t.request({ method: 'POST', url: '/api/webhooks/whatsapp', body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureFor(SECRET, raw) } });
    expect(res.status).toBe(200);
  };
  const leadOf = (waId: string) => waitFor(`the lead of ${waId}`, async () => (await t.db.query<{ id: string }[]>(`SELECT l.id FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE c.whatsapp_id = $1`, [waId]))[0]?.id, 60_000);
  const sessionOf = async (leadId: string) => (await t.db.query<{ id: string; reply_pending: string[]; reply_due_at: Date | null; turn_started_at: Date | null }[]>(`SELECT id, reply_pending, reply_due_at, turn_started_at FROM sessions WHERE lead_id = $1 AND channel = 'whatsapp'`, [leadId]))[0];
  const leadMessages = async (leadId: string) => Number((await t.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM messages WHERE lead_id = $1 AND role = 'lead'`, [leadId]))[0].n);
  /** Everything the assistant had to do for this lead is done: no message waits for it, no turn runs, nothing is left in the outbox. */
  const settled = (leadId: string, leadMessageCount: number) =>
    waitFor(
      'the assistant to be done with the lead',
      async () => {
        if ((await leadMessages(leadId)) < leadMessageCount) return false;
        const s = await sessionOf(leadId);
        const unsent = await t.db.query(`SELECT 1 FROM outbox_messages WHERE lead_id = $1 AND status NOT IN ('sent', 'failed')`, [leadId]);
        return s && s.reply_pending.length === 0 && s.reply_due_at === null && s.turn_started_at === null && unsent.length === 0;
      },
      60_000,
    ).catch(async (e: unknown) => {
      throw new Error(`${String(e)}: ${JSON.stringify({ session: await sessionOf(leadId), leadMessages: await leadMessages(leadId), outbox: await t.db.query(`SELECT status, kind, error_code, error_title FROM outbox_messages WHERE lead_id = $1`, [leadId]) })}`);
    });
  const phoneOf = (waId: string): PhoneMessage[] => graph.phone.filter((m) => m.to === waId);
  const timeline = (leadId: string, type: string) => t.db.query<{ summary: string; data: Record<string, any> }[]>(`SELECT summary, data FROM activities WHERE lead_id = $1 AND type = $2 ORDER BY created_at`, [leadId, type]); // eslint-disable-line @typescript-eslint/no-explicit-any -- timeline data is free-form JSON

  beforeAll(async () => {
    graph = new GraphStandIn('page-token', WA_TOKEN);
    await graph.start();
    t = await createTestApp(env());
    admin = await login(t);
    for (const u of UNITS) expect((await t.request({ method: 'POST', url: '/api/inventory', token: admin, body: { description: `${u.title}.`, purpose: 'sale', ...u } })).status).toBe(201);
    // Two worker processes: the messages of one burst are applied by either, and exactly one answers.
    // Each worker serves its own metrics (the turns it runs live in its memory).
    metricsPorts = [await freePort(), await freePort()];
    const workerEnv = (i: number) => ({ DATABASE_URL: t.url, ...env(), WORKER_CONCURRENCY: '2', METRICS_TOKEN, WORKER_METRICS_PORT: String(metricsPorts[i]) });
    [worker, worker2] = await Promise.all([startWorker(workerEnv(0)), startWorker(workerEnv(1))]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([worker?.stop('SIGKILL'), worker2?.stop('SIGKILL')]);
    await t.close();
    await graph.stop();
  });

  it('a WhatsApp text gets one answer from the assistant, through the gate (quiet hours do not hold a reply) and the outbox', async () => {
    const from = '14255550101';
    await text(from, 'Hi! Do you have anything to rent?', 'Rita Renter');
    const leadId = await leadOf(from);
    await waitFor('the answer on the phone', () => Promise.resolve(phoneOf(from).length > 0), 60_000);
    await settled(leadId, 1);
    const [answer] = phoneOf(from);
    expect(phoneOf(from)).toHaveLength(1);
    expect(answer.type).toBe('text');
    expect(answer.text.length).toBeGreaterThan(10);

    // The same words are the assistant's message in the lead's WhatsApp conversation, sent, with WhatsApp's id.
    const session = (await t.request({ method: 'GET', url: `/api/agent/sessions/${(await sessionOf(leadId)).id}`, token: admin })).body;
    const said = session.messages.filter((m: { role: string; content: string }) => m.role === 'assistant' && m.content);
    expect(said.map((m: { content: string }) => m.content).join(' ')).toBe(answer.text);
    expect(session.messages[0]).toMatchObject({ role: 'lead', content: 'Hi! Do you have anything to rent?' });
    const [outbox] = await t.db.query<{ status: string; origin: string; external_id: string; message_id: string }[]>(`SELECT status, origin, external_id, message_id FROM outbox_messages WHERE lead_id = $1`, [leadId]);
    expect(outbox).toMatchObject({ status: 'sent', origin: 'assistant', external_id: answer.wamid });
    expect((await t.db.query<{ delivery_status: string }[]>(`SELECT delivery_status FROM messages WHERE id = $1`, [outbox.message_id]))[0].delivery_status).toBe('sent');

    // The gate's decision is on the timeline: allowed as a reply, although it is quiet hours for the lead.
    const decisions = await timeline(leadId, 'send_decision');
    expect(decisions).toHaveLength(1);
    expect(decisions[0].data).toMatchObject({ verdict: 'allow', rule: 'ok', inputs: { origin: 'assistant' } });
    expect(decisions[0].summary).toMatch(/a reply to Rita Renter's message/);
    // The answer is on the timeline once.
    expect((await timeline(leadId, 'message')).filter((a) => a.summary === answer.text)).toHaveLength(1);
  }, 120_000);

  it('the workers\' own metrics count the WhatsApp turns they ran (a scraper with the token; none without)', async () => {
    await text('14255550190', 'Hello, any 3 bedroom houses in Kirkland?', 'Mona Metrics');
    await settled(await leadOf('14255550190'), 1);
    const scrape = (port: number, token?: string) => fetch(`http://127.0.0.1:${port}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const turns = async (port: number) => {
      const res = await scrape(port, METRICS_TOKEN);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const body = await res.text();
      expect(body).toContain('process_resident_memory_bytes');
      return body
        .split('\n')
        .filter((l) => l.startsWith('openhouse_agent_turn_duration_seconds_count{'))
        .reduce((n, l) => n + Number(l.split(' ').pop()), 0);
    };
    // Every answered message so far was a turn in one worker or the other: counted once, by that worker.
    expect((await turns(metricsPorts[0])) + (await turns(metricsPorts[1]))).toBeGreaterThanOrEqual(2);
    const refused = await scrape(metricsPorts[0]);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'metrics_token_required' });
    expect((await scrape(metricsPorts[0], 'wrong-token-of-some-length')).status).toBe(401);
  }, 120_000);

  it('three texts within a few seconds: one answer that took all three into account, homes as a list with links', async () => {
    const from = '14255550102';
    // Meta does not promise to deliver in order: the third message arrives before the second.
    await text(from, 'Hello, we want to buy a house in Kirkland', 'Bo Buyer', 1796500000);
    await text(from, 'our budget is up to $1.3M', 'Bo Buyer', 1796500002);
    await text(from, '3 bedrooms', 'Bo Buyer', 1796500001);
    const leadId = await leadOf(from);
    await waitFor('an answer on the phone', () => Promise.resolve(phoneOf(from).length > 0), 60_000);
    await settled(leadId, 3);
    expect(phoneOf(from)).toHaveLength(1);

    // Everything the three messages said is in the profile, each fact pointing at the message it came from.
    const lead = (await t.request({ method: 'GET', url: `/api/leads/${leadId}`, token: admin })).body;
    expect(lead.profile).toMatchObject({ purpose: 'buy', bedrooms: 3, budgetMax: 1_300_000, locations: ['Kirkland'] });
    const ids = (await t.db.query<{ id: string; content: string }[]>(`SELECT id, content FROM messages WHERE lead_id = $1 AND role = 'lead' ORDER BY created_at, id`, [leadId])).map((m) => [m.content, m.id]);
    const byText = Object.fromEntries(ids);
    const evidence = (await t.db.query<{ evidence: Record<string, { messageId: string }> }[]>(`SELECT evidence FROM lead_profiles WHERE lead_id = $1`, [leadId]))[0].evidence;
    expect(evidence.locations.messageId).toBe(byText['Hello, we want to buy a house in Kirkland']);
    expect(evidence.bedrooms.messageId).toBe(byText['3 bedrooms']);
    expect(evidence.budgetMax.messageId).toBe(byText['our budget is up to $1.3M']);

    // In the conversation: the three messages (two workers may store them in either order), then the one
    // answer, which read them in the order the lead sent them (WhatsApp's timestamps).
    const session = (await t.request({ method: 'GET', url: `/api/agent/sessions/${(await sessionOf(leadId)).id}`, token: admin })).body;
    const visible = session.messages.filter((m: { role: string; content: string }) => m.role === 'lead' || (m.role === 'assistant' && m.content));
    expect(visible.map((m: { role: string }) => m.role)).toEqual(['lead', 'lead', 'lead', 'assistant']);
    const [{ data: answerData }] = await t.db.query<{ data: { answered: string[] } }[]>(`SELECT data FROM messages WHERE lead_id = $1 AND role = 'assistant' AND data ? 'answered'`, [leadId]);
    expect(answerData.answered).toEqual([byText['Hello, we want to buy a house in Kirkland'], byText['3 bedrooms'], byText['our budget is up to $1.3M']]);

    // The homes it found go out as a WhatsApp list: short row titles, a link to each home in the text.
    const [answer] = phoneOf(from);
    expect(answer.type).toBe('interactive');
    const interactive = answer.body.interactive as { type: string; body: { text: string }; action: { sections: { rows: { id: string; title: string }[] }[] } };
    expect(interactive.type).toBe('list');
    const rows = interactive.action.sections[0].rows;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(Array.from(r.title).length).toBeLessThanOrEqual(24);
      expect(interactive.body.text).toContain(`https://homes.example.com/listing/${r.id.split(':')[2]}`);
    }
    expect(interactive.body.text).toContain(visible[3].content.slice(0, 40));

    // The lead taps the second home: the assistant takes it as that home (not the title's words) and offers viewing times.
    const picked = rows[1];
    const tap = whatsappDelivery([waMessage({ from, id: 'wamid.WAAGENTTAP1', timestamp: 1796500100 }, 'interactive', { type: 'list_reply', list_reply: { id: picked.id, title: picked.title } })], { names: { [from]: 'Bo Buyer' } });
    const raw = JSON.stringify(tap);
    expect((await t.request({ method: 'POST', url: '/api/webhooks/whatsapp', body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureFor(SECRET, raw) } })).status).toBe(200);
    await waitFor('the answer to the tap', () => Promise.resolve(phoneOf(from).length === 2), 60_000);
    await settled(leadId, 4);
    const [viewing] = await t.db.query<{ tool_calls: { name: string; args: { unitId: string } }[] }[]>(`SELECT tool_calls FROM messages WHERE lead_id = $1 AND tool_calls::text LIKE '%schedule_viewing%'`, [leadId]);
    expect(viewing.tool_calls.find((c) => c.name === 'schedule_viewing')!.args.unitId).toBe(picked.id.split(':')[2]);
    expect(phoneOf(from)[1].text).toMatch(/Which suits you/);
    // The profile kept what the lead said, not the tapped title's words.
    expect((await t.request({ method: 'GET', url: `/api/leads/${leadId}`, token: admin })).body.profile).toMatchObject({ bedrooms: 3, locations: ['Kirkland'] });
  }, 120_000);

  it('while a person holds the conversation, the assistant stays silent; given back, it answers again', async () => {
    const from = '14255550103';
    await text(from, 'Hi, I am looking for a condo', 'Tess Takeover');
    const leadId = await leadOf(from);
    await waitFor('the first answer', () => Promise.resolve(phoneOf(from).length === 1), 60_000);
    await settled(leadId, 1);
    const sessionId = (await sessionOf(leadId)).id;

    // A person takes over; the lead writes twice.
    expect((await t.request({ method: 'POST', url: `/api/agent/sessions/${sessionId}/takeover`, token: admin })).status).toBe(200);
    await text(from, 'Can someone call me?');
    await text(from, 'Anyone there?');
    await settled(leadId, 3);
    expect(phoneOf(from)).toHaveLength(1);

    // Given back, the next message is answered (and the one answer is to that message only).
    expect((await t.request({ method: 'POST', url: `/api/agent/sessions/${sessionId}/release`, token: admin })).status).toBe(200);
    await text(from, 'ok, 2 bedrooms in Kirkland please');
    await waitFor('the answer after release', () => Promise.resolve(phoneOf(from).length === 2), 60_000);
    await settled(leadId, 4);
    expect(phoneOf(from)).toHaveLength(2);
  }, 120_000);

  it('a person taking over while the assistant waits for more messages: no answer', async () => {
    const from = '14255550104';
    await text(from, 'Hello', 'Quinn Quick');
    const leadId = await leadOf(from);
    await waitFor('the first answer', () => Promise.resolve(phoneOf(from).length === 1), 60_000);
    await settled(leadId, 1);
    const sessionId = (await sessionOf(leadId)).id;

    await text(from, 'Is the condo downtown still available?');
    // The message waits for the debounce window; the person takes the conversation meanwhile.
    await waitFor('the message to wait for its answer', async () => (await sessionOf(leadId)).reply_pending.length === 1, 60_000);
    expect((await t.request({ method: 'POST', url: `/api/agent/sessions/${sessionId}/takeover`, token: admin })).status).toBe(200);
    await settled(leadId, 2);
    expect(phoneOf(from)).toHaveLength(1);
  }, 120_000);

  it('STOP: the contact is opted out, nothing is answered, and the gate\'s refusal is on the timeline', async () => {
    const from = '14255550105';
    await text(from, 'Hi there', 'Sam Stop');
    const leadId = await leadOf(from);
    await waitFor('the first answer', () => Promise.resolve(phoneOf(from).length === 1), 60_000);
    await settled(leadId, 1);

    await text(from, 'STOP');
    await settled(leadId, 2);
    await text(from, 'hello?');
    await settled(leadId, 3);
    expect(phoneOf(from)).toHaveLength(1);
    const contact = (await t.db.query<{ opted_out_at: Date | null }[]>(`SELECT c.opted_out_at FROM contacts c JOIN leads l ON l.contact_id = c.id WHERE l.id = $1`, [leadId]))[0];
    expect(contact.opted_out_at).not.toBeNull();
    const refusals = (await timeline(leadId, 'send_decision')).filter((d) => d.data.verdict === 'deny');
    expect(refusals).toHaveLength(2);
    for (const r of refusals) {
      expect(r.data).toMatchObject({ rule: 'opted_out', inputs: { origin: 'assistant', optedOut: true } });
      expect(r.summary).toMatch(/Sam Stop asked not to be contacted/);
    }
    // Nothing was queued for them after the first answer.
    expect(await t.db.query(`SELECT 1 FROM outbox_messages WHERE lead_id = $1`, [leadId])).toHaveLength(1);
  }, 120_000);

  it('a worker that died mid-turn (or a queue that was down) leaves the messages pending: the sweep has them answered', async () => {
    const from = '14255550106';
    await text(from, 'Hi, do you have condos in Kirkland?', 'Dee Dead');
    const leadId = await leadOf(from);
    await waitFor('the first answer', () => Promise.resolve(phoneOf(from).length === 1), 60_000);
    await settled(leadId, 1);
    // As a worker killed in the middle of a turn leaves it: the lead's next message pending, overdue, the turn marked running long ago, no job.
    const [{ id: messageId }] = await t.db.query<{ id: string }[]>(
      `INSERT INTO messages (id, session_id, lead_id, role, content, status) SELECT gen_random_uuid(), s.id, s.lead_id, 'lead', 'with 2 bedrooms please', 'delivered' FROM sessions s WHERE s.lead_id = $1 AND s.channel = 'whatsapp' RETURNING id`,
      [leadId],
    );
    await t.db.query(`UPDATE sessions SET reply_pending = ARRAY[$2::uuid], reply_due_at = now() - interval '1 minute', turn_started_at = now() - interval '10 minutes' WHERE lead_id = $1 AND channel = 'whatsapp'`, [leadId, messageId]);
    expect(await t.app.get(ChannelRepliesService).sweep()).toBeGreaterThanOrEqual(1);
    await waitFor('the answer after the sweep', () => Promise.resolve(phoneOf(from).length === 2), 60_000);
    await settled(leadId, 2);
    expect(phoneOf(from)).toHaveLength(2);
    expect((await t.request({ method: 'GET', url: `/api/leads/${leadId}`, token: admin })).body.profile).toMatchObject({ bedrooms: 2 });
  }, 120_000);

  it('a steering request on WhatsApp: the assistant\'s fair-housing answer passes the gate and reaches the phone', async () => {
    const from = '14255550107';
    await text(from, 'We want a house in Kirkland, but away from Muslim families', 'Fay Fair');
    const leadId = await leadOf(from);
    await waitFor('the answer', () => Promise.resolve(phoneOf(from).length === 1), 60_000);
    await settled(leadId, 1);
    expect(phoneOf(from)[0].text).toMatch(/can't choose homes or neighbourhoods by who lives there/);
    expect((await timeline(leadId, 'send_decision')).map((d) => d.data.verdict)).toEqual(['allow']);
  }, 120_000);

  it('a filled-in WhatsApp form is answered too, with what the form said', async () => {
    const from = '14255550108';
    const answers = { flow_token: 'qualify-e2e', purpose: 'buy', budget_min: '900000', budget_max: '1300000', bedrooms: '3', areas: 'Kirkland', timeline: '3-6_months', financing: 'pre_approved', contact_time: 'evening' };
    const payload = whatsappDelivery([waMessage({ from, id: 'wamid.WAAGENTFLOW1' }, 'interactive', { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: JSON.stringify(answers) } })], { names: { [from]: 'Flo Form' } });
    const raw = JSON.stringify(payload);
    expect((await t.request({ method: 'POST', url: '/api/webhooks/whatsapp', body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureFor(SECRET, raw) } })).status).toBe(200);
    const leadId = await leadOf(from);
    await waitFor('the answer', () => Promise.resolve(phoneOf(from).length === 1), 60_000);
    await settled(leadId, 1);
    expect(phoneOf(from)).toHaveLength(1);
    // The turn saw the profile the form filled in: it goes straight to homes that fit it, as a list.
    const [answer] = phoneOf(from);
    expect(answer.type).toBe('interactive');
    const shown = phoneView(answer);
    expect(shown).toMatch(/Kirkland/);
    expect(shown).not.toMatch(/buy or (to )?rent\?|what is your budget|how many bedrooms/i);
    expect((await t.request({ method: 'GET', url: `/api/leads/${leadId}`, token: admin })).body.profile).toMatchObject({ purpose: 'buy', bedrooms: 3, budgetMax: 1_300_000 });
  }, 120_000);
});

