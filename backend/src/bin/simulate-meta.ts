import 'reflect-metadata';
import { createInterface } from 'node:readline';
import { EnvValidationError, validateEnv } from '../core/config/env';
import { graphLead, leadgenDelivery, postSigned, waMessage, waStatus, whatsappDelivery } from '../webhooks/sandbox/deliveries';
import { GraphStandIn, PhoneMessage, phoneView } from '../webhooks/sandbox/graph-standin';

const out = (s: string) => process.stdout.write(`${s}\n`);
/** How long the Graph stand-in keeps serving after the deliveries, for the workers to read the leads. */
const HOLD_MS = 30_000;

/**
 * `npm run simulate:meta`: plays Meta against a running Openhouse. Serves a local stand-in of the
 * Graph API (at META_GRAPH_URL, which must be a local http URL), signs realistic Lead Ads and
 * WhatsApp deliveries with META_APP_SECRET and posts them to http://127.0.0.1:PORT. Run the app
 * with the same META_* settings (see the README) and watch the leads arrive in the inbox.
 *
 * It is also the lead's phone: every message the app sends to WhatsApp (the assistant's replies,
 * a person's) reaches the stand-in and is printed here as the phone would show it (also at
 * GET {META_GRAPH_URL}/phone), and the phone answers with Meta's `sent`, `delivered` and `read`
 * statuses. `npm run simulate:meta -- --chat` holds a whole WhatsApp conversation: each line you
 * type is a signed message from the lead.
 */
async function main(): Promise<void> {
  const chat = process.argv.slice(2).includes('--chat');
  const env = validateEnv(process.env);
  const secret = env.META_APP_SECRET;
  const token = env.META_PAGE_ACCESS_TOKEN;
  const graphUrl = new URL(env.META_GRAPH_URL);
  if (!secret || !token) throw new EnvValidationError('Invalid environment:\n  META_APP_SECRET and META_PAGE_ACCESS_TOKEN must be set (the same values the app runs with)');
  if (graphUrl.protocol !== 'http:' || !['127.0.0.1', 'localhost'].includes(graphUrl.hostname) || !graphUrl.port) {
    throw new EnvValidationError('Invalid environment:\n  META_GRAPH_URL must be a local address with a port, e.g. http://127.0.0.1:4010 (the app must use the same)');
  }
  const app = `http://127.0.0.1:${env.PORT}`;
  const graph = new GraphStandIn(token, env.WHATSAPP_TOKEN ?? token);
  await graph.start(Number(graphUrl.port));
  out(`Graph API stand-in at ${graph.url}; posting to ${app}`);
  if (!env.WHATSAPP_TOKEN || !env.WHATSAPP_PHONE_NUMBER_ID) {
    out('WHATSAPP_TOKEN and WHATSAPP_PHONE_NUMBER_ID are not set: the app keeps its WhatsApp replies in the outbox and none reach this phone (set both, for the app and for this script).');
  }
  const phone = new SimulatedPhone(app, secret);
  graph.onPhone = (m) => phone.received(m);
  if (chat) return converse(graph, phone);

  const run = Date.now().toString().slice(-9);
  const paid = `77${run}01`;
  const organic = `77${run}02`;
  graph.addLead(
    graphLead(paid, {
      full_name: 'Dana Whitfield',
      email: `dana.${run}@example.com`,
      phone_number: '+1 206 555 0143',
      city: 'Bellevue',
      'what_is_your_budget?': '$600k - $750k',
      'how_many_bedrooms?': '3',
      'are_you_looking_to_buy_or_rent?': 'Buy',
      'when_do_you_plan_to_move?': 'within 3 months',
    }, { ad_id: '120210000000000001', campaign_id: '120210000000000009', is_organic: false, platform: 'fb' }),
  );
  graph.addLead(graphLead(organic, { first_name: 'Sam', last_name: 'Ortiz', email: `sam.${run}@example.com`, 'how_many_bedrooms?': '2 bedrooms', 'what_is_your_budget?': '2500 a month' }));
  const show = (what: string, r: { status: number; body: unknown }) => out(`  ${what}: ${r.status} ${JSON.stringify(r.body)}`);

  out('Lead Ads:');
  show('a paid lead and an organic one', await postSigned(app, '/api/webhooks/leadads', secret, leadgenDelivery([{ leadgenId: paid, adId: '120210000000000001', adgroupId: '120210000000000002' }, { leadgenId: organic }])));

  out('WhatsApp:');
  const from = `1425555${run.slice(-4)}`;
  const id = (k: string) => `wamid.sim.${run}.${k}`;
  const names = { names: { [from]: 'Priya Raman' } };
  show('a first message from a new number', await postSigned(app, '/api/webhooks/whatsapp', secret, whatsappDelivery([waMessage({ from, id: id('1') }, 'text', { body: 'Hi! Is the 2 bedroom condo in Ballard still available?' })], names)));
  show('a location and a photo', await postSigned(app, '/api/webhooks/whatsapp', secret, whatsappDelivery([
    waMessage({ from, id: id('2') }, 'location', { latitude: 47.668, longitude: -122.384, name: 'Ballard Locks', address: 'Seattle, WA' }),
    waMessage({ from, id: id('3') }, 'image', { id: 'sim-media-1', mime_type: 'image/jpeg', sha256: 'c2ltLW1lZGlh', caption: 'Something like this kitchen' }),
  ], names)));
  const flow = JSON.stringify({ flow_token: `qualify-${run}`, purpose: 'buy', budget_min: '450000', budget_max: '600000', bedrooms: '2', areas: 'Ballard, Fremont', timeline: '3-6_months', financing: 'pre_approved', contact_time: 'evening' });
  show('the qualification form, filled in', await postSigned(app, '/api/webhooks/whatsapp', secret, whatsappDelivery([waMessage({ from, id: id('4') }, 'interactive', { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: flow } })], names)));
  show('a delivery status for a message this app never sent (ignored)', await postSigned(app, '/api/webhooks/whatsapp', secret, whatsappDelivery([], { statuses: [waStatus(id('never-sent'), 'delivered', from)] })));
  show('the first message again (a redelivery: no second effect)', await postSigned(app, '/api/webhooks/whatsapp', secret, whatsappDelivery([waMessage({ from, id: id('1') }, 'text', { body: 'Hi! Is the 2 bedroom condo in Ballard still available?' })], names)));

  out(`\nThe workers now read the leads from the stand-in, and the assistant answers Priya (below). Serving it for ${HOLD_MS / 1000} s (Ctrl-C to stop sooner).`);
  out('In the app: Dana Whitfield and Sam Ortiz (Meta Lead Ads) and Priya Raman (WhatsApp) in the inbox.');
  out('To write to the assistant yourself: npm run simulate:meta -- --chat');
  const stop = async () => {
    await graph.stop();
    out(`Graph stand-in answered ${graph.calls.length} lead request(s): ${graph.calls.map((c) => `${c.leadgenId} → ${c.status}`).join(', ') || 'none yet (are the workers running?)'}`);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  setTimeout(() => void stop(), HOLD_MS);
}

/**
 * The lead's phone: shows what arrives and answers with the statuses Meta would post (sent at
 * once, delivered a moment later, read a second after that), signed like every delivery.
 */
class SimulatedPhone {
  /** Set while the chat prompt is on screen, so a message arriving mid-typing redraws it. */
  prompt: (() => void) | null = null;
  /** The rows of the last list that arrived, to tap one (`/pick 2`). */
  lastRows: { id: string; title: string }[] = [];

  constructor(
    private readonly app: string,
    private readonly secret: string,
  ) {}

  received(m: PhoneMessage): void {
    const list = (m.body.interactive ?? {}) as { type?: string; action?: { sections?: { rows?: { id: string; title: string }[] }[] } };
    if (list.type === 'list') this.lastRows = (list.action?.sections ?? []).flatMap((sec) => sec.rows ?? []);
    const lines = phoneView(m).split('\n');
    process.stdout.write(`\r  📱 +${m.to} ← ${lines[0]}\n${lines.slice(1).map((l) => `               ${l}\n`).join('')}`);
    this.prompt?.();
    void this.statuses(m);
  }

  private async statuses(m: PhoneMessage): Promise<void> {
    const now = () => Math.floor(Date.now() / 1000);
    const post = (status: Record<string, unknown>) => postSigned(this.app, '/api/webhooks/whatsapp', this.secret, whatsappDelivery([], { statuses: [status] })).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    await post({ ...waStatus(m.wamid, 'sent', m.to, now()), ...(m.key ? { biz_opaque_callback_data: m.key } : {}) });
    await new Promise((r) => setTimeout(r, 300));
    await post(waStatus(m.wamid, 'delivered', m.to, now()));
    await new Promise((r) => setTimeout(r, 1000));
    await post(waStatus(m.wamid, 'read', m.to, now()));
  }
}

/** `--chat`: you are the lead on WhatsApp; every line is a signed message to the app, every reply is printed. */
async function converse(graph: GraphStandIn, phone: SimulatedPhone): Promise<void> {
  const env = validateEnv(process.env);
  const app = `http://127.0.0.1:${env.PORT}`;
  const secret = env.META_APP_SECRET!;
  const run = Date.now().toString().slice(-9);
  const from = `1425556${run.slice(-4)}`;
  let n = 0;
  const send = (type: string, body: unknown) =>
    postSigned(app, '/api/webhooks/whatsapp', secret, whatsappDelivery([waMessage({ from, id: `wamid.chat.${run}.${++n}`, timestamp: Math.floor(Date.now() / 1000) }, type, body)], { names: { [from]: 'Alex Sandbox' } }));
  out(`\nYou are Alex Sandbox, writing from +${from}. Type a message and press Enter; the assistant answers after a few seconds (WHATSAPP_DEBOUNCE_MS).`);
  out('  /form  send the qualification form filled in    /where  share a location    /pick 2  tap the 2nd home of the last list    STOP  opt out    /quit  leave\n');
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'you › ' });
  phone.prompt = () => rl.prompt(true);
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit') break;
    let res: { status: number; body: unknown } | null = null;
    if (text === '/form') {
      const answers = { flow_token: `qualify-${run}`, purpose: 'buy', budget_min: '600000', budget_max: '900000', bedrooms: '3', areas: 'Kirkland, Bellevue', timeline: '3-6_months', financing: 'pre_approved', contact_time: 'evening' };
      res = await send('interactive', { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: JSON.stringify(answers) } });
    } else if (/^\/pick \d+$/.test(text)) {
      const row = phone.lastRows[Number(text.slice(6)) - 1];
      if (row) res = await send('interactive', { type: 'list_reply', list_reply: { id: row.id, title: row.title } });
      else out('  (no such home in the last list)');
    } else if (text === '/where') {
      res = await send('location', { latitude: 47.676, longitude: -122.206, name: 'Kirkland Marina Park', address: 'Kirkland, WA' });
    } else if (text) {
      res = await send('text', { body: text });
    }
    if (res && res.status !== 200) out(`  (the app answered ${res.status} ${JSON.stringify(res.body)})`);
    rl.prompt();
  }
  rl.close();
  await graph.stop();
  out(`The phone received ${graph.phone.filter((m) => m.to === from).length} message(s).`);
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
