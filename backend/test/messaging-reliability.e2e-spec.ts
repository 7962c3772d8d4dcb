import { MessagingService } from '../src/messaging/messaging.service';
import { signatureFor, waMessage, whatsappDelivery } from '../src/webhooks/sandbox/deliveries';
import { GraphStandIn, PhoneMessage } from '../src/webhooks/sandbox/graph-standin';
import { createTestApp, login, TestApp } from './harness';
import { startWorker, waitFor, WorkerProcess } from './worker-process';

const SECRET = 'msg-reliability-secret';
const WA_TOKEN = 'msg-reliability-wa-token';

/**
 * The outbox with real worker processes: a worker SIGKILLed after WhatsApp took the message and
 * before the worker wrote the answer does not cause a second message on the phone.
 */
describe('messaging: reliability (worker processes, Graph stand-in)', () => {
  let t: TestApp;
  let graph: GraphStandIn;
  let worker: WorkerProcess | undefined;
  const redisUrl = process.env.TEST_REDIS_URL;
  const queueEnv: Record<string, string> = redisUrl ? { REDIS_URL: redisUrl, QUEUE_PREFIX: `msgrel${process.pid}` } : {};
  const env = () => ({
    ...queueEnv,
    META_APP_SECRET: SECRET,
    META_GRAPH_URL: graph.url,
    META_GRAPH_TIMEOUT_MS: '20000',
    WHATSAPP_TOKEN: WA_TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
    QUIET_HOURS: '00:00-00:00',
    OUTBOX_IN_DOUBT_MS: '2000',
    OUTBOX_BACKOFF_MS: '100',
    WHATSAPP_DEBOUNCE_MS: '200',
  });
  const post = async (payload: unknown) => {
    const raw = JSON.stringify(payload);
    const res = await t.request({ method: 'POST', url: '/api/webhooks/whatsapp', body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureFor(SECRET, raw) } });
    expect(res.status).toBe(200);
  };

  /** The person's message (the assistant also answers the lead's message, through the same outbox). */
  const personal = (m: PhoneMessage) => m.key?.startsWith('person:') === true;
  /** The assistant has answered the lead's message: the troubles below are for the person's send. */
  const assistantAnswered = (to: string) => waitFor('the assistant to answer', () => Promise.resolve(graph.phone.some((m) => m.to === to && m.key?.startsWith('assistant-reply:'))), 60_000);

  beforeAll(async () => {
    graph = new GraphStandIn('page-token', WA_TOKEN);
    await graph.start();
    t = await createTestApp(env());
    worker = await startWorker({ DATABASE_URL: t.url, ...env(), WORKER_CONCURRENCY: '2' });
  }, 120_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await t.close();
    await graph.stop();
  });

  it('a worker killed between WhatsApp taking the message and storing its id: the status webhook closes it, no second send', async () => {
    await post(whatsappDelivery([waMessage({ from: '12065550150', id: 'wamid.RELIN1', name: 'Kim Kill' }, 'text', { body: 'Is the loft still available?' })]));
    const leadId = await waitFor('the lead', async () => (await t.db.query<{ id: string }[]>(`SELECT l.id FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE c.whatsapp_id = '12065550150'`))[0]?.id, 60_000);
    const admin = await login(t);
    await assistantAnswered('12065550150');

    // WhatsApp takes the message at once but answers only after 15 s: the worker is killed meanwhile.
    graph.troubleForSends({ slowMs: 15_000 });
    const res = await t.request({ method: 'POST', url: `/api/leads/${leadId}/outbound`, token: admin, body: { channel: 'whatsapp', text: 'Yes, it is. Want to see it Saturday?' } });
    expect(res.status).toBe(201);
    await waitFor('the message on the phone', () => Promise.resolve(graph.phone.some((m) => m.to === '12065550150' && personal(m))), 60_000);
    await worker!.stop('SIGKILL');
    const [onPhone] = graph.phone.filter((m) => m.to === '12065550150' && personal(m));
    expect((await t.db.query<{ status: string; external_id: string | null }[]>(`SELECT status, external_id FROM outbox_messages WHERE lead_id = $1 AND origin = 'person'`, [leadId]))[0]).toEqual({ status: 'sending', external_id: null });

    // Meta posts the message's status, echoing our key; a new worker applies it and retries the send job.
    worker = await startWorker({ DATABASE_URL: t.url, ...env(), WORKER_CONCURRENCY: '2' });
    await post(whatsappDelivery([], { statuses: [graph.sentStatus(onPhone)] }));
    await waitFor('the id stored from the status', async () => (await t.db.query<{ external_id: string | null }[]>(`SELECT external_id FROM outbox_messages WHERE lead_id = $1 AND origin = 'person'`, [leadId]))[0]?.external_id === onPhone.wamid, 60_000);
    // Past the in-doubt wait, the sweep hands the row to a worker again: nothing is sent.
    await new Promise((r) => setTimeout(r, 2500));
    await t.app.get(MessagingService).sweep();
    await new Promise((r) => setTimeout(r, 2000));
    expect(graph.phone.filter((m) => m.to === '12065550150' && personal(m))).toHaveLength(1);
    expect((await t.db.query<{ status: string }[]>(`SELECT status FROM outbox_messages WHERE lead_id = $1 AND origin = 'person'`, [leadId]))[0].status).toBe('sent');
    const [msg] = await t.db.query<{ delivery_status: string }[]>(`SELECT delivery_status FROM messages WHERE external_id = $1`, [onPhone.wamid]);
    expect(msg.delivery_status).toBe('sent');
  }, 180_000);

  it('a worker process sends a queued message end to end', async () => {
    await post(whatsappDelivery([waMessage({ from: '12065550151', id: 'wamid.RELIN2', name: 'Eve End' }, 'text', { body: 'hello' })]));
    const leadId = await waitFor('the lead', async () => (await t.db.query<{ id: string }[]>(`SELECT l.id FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE c.whatsapp_id = '12065550151'`))[0]?.id, 60_000);
    await assistantAnswered('12065550151');
    graph.troubleForSends(500, 429);
    const res = await t.request({ method: 'POST', url: `/api/leads/${leadId}/outbound`, token: await login(t), body: { channel: 'whatsapp', text: 'Hi Eve!' } });
    expect(res.status).toBe(201);
    await waitFor('sent', async () => (await t.db.query<{ status: string }[]>(`SELECT status FROM outbox_messages WHERE lead_id = $1 AND origin = 'person'`, [leadId]))[0]?.status === 'sent', 60_000);
    expect(graph.phone.filter((m) => m.to === '12065550151' && personal(m))).toHaveLength(1);
  }, 120_000);
});
