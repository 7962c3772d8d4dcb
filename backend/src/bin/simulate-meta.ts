import 'reflect-metadata';
import { EnvValidationError, validateEnv } from '../core/config/env';
import { graphLead, leadgenDelivery, postSigned, waMessage, waStatus, whatsappDelivery } from '../webhooks/sandbox/deliveries';
import { GraphStandIn } from '../webhooks/sandbox/graph-standin';

const out = (s: string) => process.stdout.write(`${s}\n`);
/** How long the Graph stand-in keeps serving after the deliveries, for the workers to read the leads. */
const HOLD_MS = 30_000;

/**
 * `npm run simulate:meta`: plays Meta against a running Openhouse. Serves a local stand-in of the
 * Graph API (at META_GRAPH_URL, which must be a local http URL), signs realistic Lead Ads and
 * WhatsApp deliveries with META_APP_SECRET and posts them to http://127.0.0.1:PORT. Run the app
 * with the same META_* settings (see the README) and watch the leads arrive in the inbox.
 */
async function main(): Promise<void> {
  const env = validateEnv(process.env);
  const secret = env.META_APP_SECRET;
  const token = env.META_PAGE_ACCESS_TOKEN;
  const graphUrl = new URL(env.META_GRAPH_URL);
  if (!secret || !token) throw new EnvValidationError('Invalid environment:\n  META_APP_SECRET and META_PAGE_ACCESS_TOKEN must be set (the same values the app runs with)');
  if (graphUrl.protocol !== 'http:' || !['127.0.0.1', 'localhost'].includes(graphUrl.hostname) || !graphUrl.port) {
    throw new EnvValidationError('Invalid environment:\n  META_GRAPH_URL must be a local address with a port, e.g. http://127.0.0.1:4010 (the app must use the same)');
  }
  const app = `http://127.0.0.1:${env.PORT}`;
  const graph = new GraphStandIn(token);
  await graph.start(Number(graphUrl.port));
  out(`Graph API stand-in at ${graph.url}; posting to ${app}`);

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

  out(`\nThe workers now read the leads from the stand-in. Serving it for ${HOLD_MS / 1000} s (Ctrl-C to stop sooner).`);
  out('In the app: Dana Whitfield and Sam Ortiz (Meta Lead Ads) and Priya Raman (WhatsApp) in the inbox.');
  const stop = async () => {
    await graph.stop();
    out(`Graph stand-in answered ${graph.calls.length} lead request(s): ${graph.calls.map((c) => `${c.leadgenId} → ${c.status}`).join(', ') || 'none yet (are the workers running?)'}`);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  setTimeout(() => void stop(), HOLD_MS);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
