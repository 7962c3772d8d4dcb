import { ImportsService } from '../src/imports/imports.service';
import { graphLead, leadgenDelivery, signatureFor, waMessage, whatsappDelivery } from '../src/webhooks/sandbox/deliveries';
import { GraphStandIn } from '../src/webhooks/sandbox/graph-standin';
import { WebhooksService } from '../src/webhooks/webhooks.service';
import { parseSse } from '../bench/fake-openai-chat';
import { createAgent, createTestApp, login, TestApp } from './harness';

const SECRET = 'meta-app-secret-for-routing';
const PAGE_TOKEN = 'page-token-for-routing';

type Entry = { type: string; summary: string; actor?: unknown; data: Record<string, unknown> };
type Lead = { id: string; source: string; assignee: { id: string; name: string } | null; contact: { language: string | null }; timeline: Entry[] };

function multipartFile(content: string): { payload: Buffer; contentType: string } {
  const boundary = `----routing${Math.random().toString(36).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="leads.csv"\r\nContent-Type: text/csv\r\n\r\n`);
  return { payload: Buffer.concat([head, Buffer.from(content), Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Issue 16 point 5: every new lead, from every way in, is assigned by the admin's routing rules —
 * and the language each way in knows reaches the rules (one normaliser, BCP-47 primary tag). The
 * assistant's handover of a lead nobody holds asks routing too; a person's open leads are handed on
 * by the same rules when they leave; admins are told when routing leaves a lead with no agent.
 */
describe('routing: every way in, language, redistribution, admins warned (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let graph: GraphStandIn;
  let admin: string;
  let key: string;
  let siteKey: string;
  let sofia: { id: string; token: string };
  let ed: { id: string; token: string };
  let ivan: { id: string; token: string };
  let ip = 0;

  const req = (method: 'GET' | 'POST' | 'PUT', url: string, token: string, body?: unknown, headers?: Record<string, string>) => t.request({ method, url, token, body, headers });
  const setRules = async (rules: unknown[]) => expect((await req('PUT', '/api/pipeline/routing', admin, { rules })).status).toBe(200);
  const lead = async (id: string): Promise<Lead> => (await req('GET', `/api/leads/${id}`, admin)).body as Lead;
  const drain = async () => {
    const ids = (await t.db.query<{ id: string }[]>(`SELECT id FROM webhook_events WHERE status IN ('received', 'failed') ORDER BY seq`)).map((r) => r.id);
    for (const id of ids) await t.app.get(WebhooksService).process(id, { final: false });
  };
  const leadBySource = async (source: string, sourceRefLike = '%') =>
    (await t.db.query<{ id: string }[]>(`SELECT id FROM leads WHERE source = $1 AND coalesce(source_ref, '') LIKE $2 ORDER BY created_at DESC LIMIT 1`, [source, sourceRefLike]))[0].id;
  const postMeta = (path: 'leadads' | 'whatsapp', payload: unknown) => {
    const raw = JSON.stringify(payload);
    return t.request({ method: 'POST', url: `/api/webhooks/${path}`, body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureFor(SECRET, raw) } });
  };
  const visitorLead = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).lid as string;

  beforeAll(async () => {
    graph = new GraphStandIn(PAGE_TOKEN);
    await graph.start();
    t = await createTestApp({ META_APP_SECRET: SECRET, META_VERIFY_TOKEN: 'verify', META_PAGE_ACCESS_TOKEN: PAGE_TOKEN, META_GRAPH_URL: graph.url, IMPORTS_DIR: `/tmp/openhouse-routing-imports-${process.pid}` });
    admin = await login(t);
    sofia = await createAgent(t, admin, 'Sofia Spanish');
    ed = await createAgent(t, admin, 'Ed English');
    ivan = await createAgent(t, admin, 'Ivan Leaving');
    key = (await req('POST', '/api/api-keys', admin, { name: 'Portal feed' })).body.key;
    siteKey = (await req('POST', '/api/admin/integrations/sources', admin, { name: 'Main website', kind: 'web_form' })).body.key;
    await setRules([
      { name: 'Spanish speakers', enabled: true, languages: ['es-MX'], target: 'agents', agents: [{ userId: sofia.id, capacity: 100 }] },
      { name: 'Everyone else', enabled: true, target: 'agents', agents: [{ userId: ed.id, capacity: 100 }] },
    ]);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await graph.stop();
  });

  /** Each way a new lead comes in, with what it tells about the lead's language. */
  const WAYS_IN: [string, () => Promise<string>, 'Spanish speakers' | 'Everyone else', string | null][] = [
    ['the API with an integrator key (contact.language "es-MX")', async () => {
      const res = await t.request({ method: 'POST', url: '/api/leads', apiKey: key, body: { contact: { name: 'Ana Api', language: 'es-MX' }, source: 'portal' } });
      expect(res.status).toBe(201);
      return res.body.id;
    }, 'Spanish speakers', 'es'],
    ['the API with an integrator key, no language', async () => (await t.request({ method: 'POST', url: '/api/leads', apiKey: key, body: { contact: { name: 'Al Api' }, source: 'portal' } })).body.id, 'Everyone else', null],
    ['Meta Lead Ads (a "preferred language" answer)', async () => {
      graph.addLead(graphLead('880000000001', { full_name: 'Lola Leadads', email: 'lola@example.com', preferred_language: 'Spanish' }));
      expect((await postMeta('leadads', leadgenDelivery([{ leadgenId: '880000000001', adId: '1' }]))).status).toBe(200);
      await drain();
      return leadBySource('meta_lead_ads');
    }, 'Spanish speakers', 'es'],
    ['WhatsApp (no language known)', async () => {
      expect((await postMeta('whatsapp', whatsappDelivery([waMessage({ from: '12065550777', id: 'wamid.ROUTE1' }, 'text', { body: 'Hola, busco un piso' })], { names: { '12065550777': 'Walt Whatsapp' } }))).status).toBe(200);
      await drain();
      return leadBySource('whatsapp');
    }, 'Everyone else', null],
    ['the website form (its language field)', async () => {
      const body = { siteKey, name: 'Fer Form', email: 'fer@example.com', consentText: 'I agree to be contacted.', language: 'es' };
      expect((await t.request({ method: 'POST', url: '/api/public/leads', body, headers: { 'x-forwarded-for': `192.0.2.${++ip}` } })).status).toBe(202);
      await drain();
      return leadBySource('web');
    }, 'Spanish speakers', 'es'],
    ["the website form (the browser's Accept-Language)", async () => {
      const body = { siteKey, name: 'Flo Form', email: 'flo@example.com', consentText: 'I agree to be contacted.' };
      expect((await t.request({ method: 'POST', url: '/api/public/leads', body, headers: { 'x-forwarded-for': `192.0.2.${++ip}`, 'accept-language': 'es-AR,es;q=0.9,en;q=0.5' } })).status).toBe(202);
      await drain();
      return leadBySource('web');
    }, 'Spanish speakers', 'es'],
    ["the chat widget, the assistant's new visitor (navigator.language)", async () => {
      const res = await t.request({ method: 'POST', url: '/api/public/widget/chat', body: { siteKey, language: 'es-ES' }, headers: { origin: 'https://realty.example', 'x-forwarded-for': `192.0.2.${++ip}` } });
      expect(res.status).toBe(201);
      return visitorLead(res.body.visitorToken);
    }, 'Spanish speakers', 'es'],
    ['a CSV import by an admin (a Language column)', async () => {
      const { payload, contentType } = multipartFile('Name,Email,Language\nCarla Csv,carla@example.com,Spanish\n');
      const up = await t.app.inject({ method: 'POST', url: '/api/imports', headers: { authorization: `Bearer ${admin}`, 'content-type': contentType }, payload });
      const id = JSON.parse(up.body).id as string;
      expect((await req('POST', `/api/imports/${id}/start`, admin, { mapping: { name: 'Name', email: 'Email', language: 'Language' } })).status).toBe(202);
      await t.app.get(ImportsService).run(id); // what the worker does
      return leadBySource('import', `${id}#%`);
    }, 'Spanish speakers', 'es'],
  ];

  it.each(WAYS_IN)('%s: assigned by the rules, the timeline names the rule', async (_way, make, rule, language) => {
    const l = await lead(await make());
    const agent = rule === 'Spanish speakers' ? { id: sofia.id, name: 'Sofia Spanish' } : { id: ed.id, name: 'Ed English' };
    expect(l.assignee).toEqual(agent);
    expect(l.contact.language).toBe(language);
    expect(l.timeline.find((e) => e.type === 'assigned')?.summary).toBe(`Assigned to ${agent.name} by the routing rule "${rule}"`);
  });

  it('a person adding a lead decides: an agent\'s own lead is theirs; an unreadable language is a 400', async () => {
    const own = await req('POST', '/api/leads', ed.token, { contact: { name: 'Own Olga', language: 'es' }, source: 'phone' });
    expect(own.body.assignee.id).toBe(ed.id);
    const bad = await req('POST', '/api/leads', ed.token, { contact: { name: 'Bad Bo', language: 'not a language' }, source: 'phone' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/language/);
  });

  it('the language condition is stored as primary tags; an unreadable one is refused naming the rule', async () => {
    const rules = (await req('GET', '/api/pipeline/routing', admin)).body.rules;
    expect(rules[0].languages).toEqual(['es']);
    const res = await req('PUT', '/api/pipeline/routing', admin, { rules: [{ name: 'Klingon', enabled: true, languages: ['x-klingon'], target: 'agents', agents: [{ userId: ed.id, capacity: 1 }] }] });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^Rule 1: "x-klingon" is not a language tag/);
  });

  it("the assistant's handover of a lead nobody holds asks routing (language learnt at the way in), and the timeline says why", async () => {
    await setRules([
      { name: 'Widget to the pond', enabled: true, sources: ['widget'], target: 'pond' },
      { name: 'Spanish speakers', enabled: true, languages: ['es'], target: 'agents', agents: [{ userId: sofia.id, capacity: 100 }] },
    ]);
    const start = await t.request({ method: 'POST', url: '/api/public/widget/chat', body: { siteKey, language: 'es' }, headers: { origin: 'https://realty.example', 'x-forwarded-for': `192.0.2.${++ip}` } });
    const leadId = visitorLead(start.body.visitorToken);
    expect((await lead(leadId)).assignee).toBeNull();
    // The widget is now routed to Sofia by language; the lead already exists, so only the handover can route it.
    await setRules([{ name: 'Spanish speakers', enabled: true, languages: ['es'], target: 'agents', agents: [{ userId: sofia.id, capacity: 100 }] }]);
    const turn = await t.request({ method: 'POST', url: '/api/public/widget/turn', body: { visitorToken: start.body.visitorToken, message: 'what is your commission on a sale?' }, headers: { origin: 'https://realty.example' } });
    expect(parseSse(String(turn.body)).some((e) => e.event === 'tool_call' && e.data.name === 'handoff_to_human')).toBe(true);
    const after = await lead(leadId);
    expect(after.assignee).toEqual({ id: sofia.id, name: 'Sofia Spanish' });
    expect(after.timeline.find((e) => e.type === 'assigned' && e.data.ruleId)?.summary).toBe('Assigned to Sofia Spanish by the routing rule "Spanish speakers" (the assistant handed the conversation over)');
  });

  it("redistributes a leaving agent's open leads by the same rules (admins only, audited); leads no rule takes go to the pond", async () => {
    await setRules([
      { name: 'Spanish speakers', enabled: true, languages: ['es'], target: 'agents', agents: [{ userId: sofia.id, capacity: 100 }, { userId: ivan.id, capacity: 100 }] },
      { name: 'Portal', enabled: true, sources: ['portal'], target: 'agents', agents: [{ userId: ed.id, capacity: 100 }, { userId: ivan.id, capacity: 100 }] },
    ]);
    const make = (name: string, language: string | null, source: string) => req('POST', '/api/leads', admin, { contact: { name, ...(language ? { language } : {}) }, source, assigneeId: ivan.id });
    const ids = [(await make('Rosa', 'es', 'phone')).body.id, (await make('Pedro', 'es', 'phone')).body.id, (await make('Pat', null, 'portal')).body.id, (await make('Nobody Ned', null, 'phone')).body.id];
    const won = (await make('Closed Carl', 'es', 'phone')).body.id;
    await t.db.query(`UPDATE leads SET stage = 'won' WHERE id = $1`, [won]);

    expect((await req('GET', `/api/pipeline/routing/agents/${ivan.id}`, admin)).body).toEqual({ userId: ivan.id, name: 'Ivan Leaving', openLeads: 4 });
    expect((await req('POST', `/api/pipeline/routing/agents/${ivan.id}/redistribute`, ivan.token)).status).toBe(403);
    expect((await t.request({ method: 'PATCH', url: `/api/users/${ivan.id}`, token: admin, body: { active: false } })).status).toBe(200);
    const res = await req('POST', `/api/pipeline/routing/agents/${ivan.id}/redistribute`, admin);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: ivan.id, assigned: 3, pond: 1 });
    expect(res.body.agents).toEqual(expect.arrayContaining([{ id: sofia.id, name: 'Sofia Spanish', leads: 2 }, { id: ed.id, name: 'Ed English', leads: 1 }]));

    const [rosa, , pat, ned] = await Promise.all(ids.map(lead));
    expect(rosa.assignee?.id).toBe(sofia.id);
    expect(rosa.timeline[0].summary).toBe('Assigned to Sofia Spanish by the routing rule "Spanish speakers" (redistributed from Ivan Leaving by Ada Admin)');
    expect(pat.assignee?.id).toBe(ed.id);
    expect(ned.assignee).toBeNull();
    expect(ned.timeline[0].summary).toMatch(/^Put in the pond: no routing rule takes this lead/);
    expect((await req('GET', `/api/leads/${ned.id}`, sofia.token)).status).toBe(200); // the pond: every agent sees it
    expect((await lead(won)).assignee?.id).toBe(ivan.id); // closed deals stay where they were
    expect((await req('GET', `/api/pipeline/routing/agents/${ivan.id}`, admin)).body.openLeads).toBe(0);

    const audit = (await req('GET', `/api/audit?action=leads.redistributed&targetId=${ivan.id}`, admin)).body.items;
    expect(audit).toHaveLength(1);
    expect(audit[0].changes).toMatchObject({ assigned: 3, pond: 1 });
    // Repeating it changes nothing.
    expect((await req('POST', `/api/pipeline/routing/agents/${ivan.id}/redistribute`, admin)).body).toMatchObject({ assigned: 0, pond: 0 });
    expect((await req('POST', '/api/pipeline/routing/agents/00000000-0000-4000-8000-000000000000/redistribute', admin)).status).toBe(404);
  });

  it('a rule set that leaves a lead no agent: the lead waits in the pond, admins get one notification (not one per lead) and the routing page warns', async () => {
    await req('POST', '/api/notifications/read-all', admin);
    await setRules([{ name: 'Team of one', enabled: true, target: 'agents', agents: [{ userId: ed.id, capacity: 1 }] }]);
    const first = await t.request({ method: 'POST', url: '/api/leads', apiKey: key, body: { contact: { name: 'Full Fay' }, source: 'portal' } });
    const another = await t.request({ method: 'POST', url: '/api/leads', apiKey: key, body: { contact: { name: 'Full Finn' }, source: 'portal' } });
    expect(first.body.assignee).toBeNull();
    expect(another.body.assignee).toBeNull();

    const mine = (await req('GET', '/api/notifications', admin)).body;
    const warnings = mine.items.filter((n: { kind: string }) => n.kind === 'routing_no_agent');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ leadId: first.body.id, text: 'No agent could take Full Fay: it waits in the pond. Check the routing rules', read: false });
    // Agents are not told (it is the admins' rule set), and they may not read the rules.
    expect((await req('GET', '/api/notifications', ed.token)).body.items.some((n: { kind: string }) => n.kind === 'routing_no_agent')).toBe(false);
    const routing = (await req('GET', '/api/pipeline/routing', admin)).body;
    expect(routing.warnings).toEqual(expect.arrayContaining(['"Team of one": every agent is at capacity, so its leads go to the pond.']));
    // Once read, the next lead with no agent warns again.
    await req('POST', '/api/notifications/read-all', admin);
    await t.request({ method: 'POST', url: '/api/leads', apiKey: key, body: { contact: { name: 'Full Flo' }, source: 'portal' } });
    expect((await req('GET', '/api/notifications', admin)).body.items.filter((n: { kind: string; read: boolean }) => n.kind === 'routing_no_agent' && !n.read)).toHaveLength(1);
  });
});
