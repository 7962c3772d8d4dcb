import { AgentSessionsService } from '../src/agent/sessions.service';
import { createAgent, createTestApp, login, TestApp } from './harness';

type Item = { id: string; kind: string; leadId: string | null; leadName: string | null; text: string; excerpt: string; read: boolean };

/** The notification centre: assignments, inbound messages and mentions reach their person only, live, as they chose. */
describe('notifications (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  let maria: { id: string; token: string; email: string };
  let omar: { id: string; token: string; email: string };
  let seq = 0;

  const req = (method: 'GET' | 'POST' | 'PUT', url: string, token: string, body?: unknown) => t.request({ method, url, token, body });
  const newLead = async (name: string, assigneeId?: string) => {
    const res = await req('POST', '/api/leads', admin, { contact: { name, phone: `+1206555${String(1000 + ++seq).slice(-4)}` }, source: 'phone', ...(assigneeId ? { assigneeId } : {}) });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const mine = async (token: string) => (await req('GET', '/api/notifications', token)).body as { items: Item[]; unread: number; nextCursor: string | null };
  const inbound = (leadId: string, content: string) =>
    t.db.transaction((tx) =>
      t.app.get(AgentSessionsService).recordChannelMessage({ leadId, channel: 'whatsapp', externalId: `ext-n-${++seq}`, content, data: { type: 'text' }, sentAt: null }, tx),
    );

  beforeAll(async () => {
    t = await createTestApp({ QUIET_HOURS: '00:00-00:00' });
    admin = await login(t);
    maria = await createAgent(t, admin, 'Maria Lopez');
    omar = await createAgent(t, admin, 'Omar Other');
  });
  afterAll(() => t.close());

  it('tells the assignee, and only them, of a lead assigned on creation and of a reassignment', async () => {
    const created = await newLead('Ada Assigned', maria.id);
    const later = await newLead('Ben Later');
    expect((await req('POST', `/api/leads/${later}/assign`, admin, { assigneeId: maria.id })).status).toBe(200);
    const page = await mine(maria.token);
    expect(page.items.filter((n) => n.kind === 'lead_assigned').map((n) => n.leadId)).toEqual([later, created]);
    expect(page.items[0]).toMatchObject({ leadName: 'Ben Later', read: false, text: expect.stringMatching(/assigned Ben Later to you$/) });
    expect((await mine(omar.token)).items).toEqual([]);
    // Taking a lead yourself is no news to you.
    const pool = await newLead('Cleo Claimed');
    expect((await req('POST', `/api/leads/${pool}/assign`, omar.token, { assigneeId: omar.id })).status).toBe(200);
    expect((await mine(omar.token)).items).toEqual([]);
  });

  it('tells the assignee of an inbound message on their lead', async () => {
    const lead = await newLead('Dora Writes', maria.id);
    await inbound(lead, 'Is the Ballard condo still available?');
    const [top] = (await mine(maria.token)).items;
    expect(top).toMatchObject({ kind: 'new_message', leadId: lead, text: 'New message from Dora Writes', excerpt: 'Is the Ballard condo still available?' });
    expect((await mine(omar.token)).items.some((n) => n.leadId === lead)).toBe(false);
  });

  it('tells a person mentioned in a note, by full name or email name, and nobody else', async () => {
    const lead = await newLead('Eve Mentioned');
    expect((await req('POST', `/api/leads/${lead}/notes`, admin, { body: 'Can @Maria Lopez call her back today?' })).status).toBe(201);
    const local = omar.email.split('@')[0];
    expect((await req('POST', `/api/leads/${lead}/notes`, admin, { body: `cc @${local}.` })).status).toBe(201);
    expect((await mine(maria.token)).items[0]).toMatchObject({ kind: 'mentioned', leadId: lead, text: expect.stringMatching(/mentioned you in a note on Eve Mentioned$/) });
    const omars = (await mine(omar.token)).items.filter((n) => n.kind === 'mentioned');
    expect(omars).toHaveLength(1);
    expect(omars[0].excerpt).toBe(`cc @${local}.`);
  });

  it("never shows an agent a notification about a lead they can no longer see, nor lets them mark another's", async () => {
    const lead = await newLead('Finn Moved', maria.id);
    const before = await mine(maria.token);
    expect(before.items[0].leadId).toBe(lead);
    expect((await req('POST', `/api/leads/${lead}/assign`, admin, { assigneeId: omar.id })).status).toBe(200);
    const after = await mine(maria.token);
    expect(after.items.some((n) => n.leadId === lead)).toBe(false);
    expect(after.unread).toBe(before.unread - 1);
    expect((await req('POST', `/api/notifications/${before.items[1].id}/read`, omar.token)).status).toBe(404);
  });

  it('marks read one or all, pages newest first, and counts what is unread', async () => {
    const first = await mine(maria.token);
    expect(first.unread).toBe(first.items.filter((n) => !n.read).length);
    expect((await req('POST', `/api/notifications/${first.items[0].id}/read`, maria.token)).status).toBe(204);
    expect((await mine(maria.token)).unread).toBe(first.unread - 1);
    const p1 = (await req('GET', '/api/notifications?limit=2', maria.token)).body;
    const p2 = (await req('GET', `/api/notifications?limit=2&cursor=${p1.nextCursor}`, maria.token)).body;
    expect([...p1.items, ...p2.items].map((n: Item) => n.id)).toEqual(first.items.slice(0, 4).map((n) => n.id));
    expect((await req('GET', '/api/notifications?cursor=nonsense', maria.token)).status).toBe(400);
    expect((await req('POST', '/api/notifications/read-all', maria.token)).status).toBe(204);
    expect((await mine(maria.token)).unread).toBe(0);
  });

  it('skips the kinds a person turned off', async () => {
    const put = await req('PUT', '/api/notifications/settings', maria.token, { kinds: [{ kind: 'new_message', enabled: false }] });
    expect(put.status).toBe(200);
    expect(put.body.kinds).toContainEqual({ kind: 'new_message', enabled: false });
    expect((await req('GET', '/api/notifications/settings', maria.token)).body.kinds).toContainEqual({ kind: 'lead_assigned', enabled: true });
    const lead = await newLead('Gil Quiet', maria.id);
    await inbound(lead, 'Hello?');
    const items = (await mine(maria.token)).items.filter((n) => n.leadId === lead);
    expect(items.map((n) => n.kind)).toEqual(['lead_assigned']);
    expect((await req('PUT', '/api/notifications/settings', maria.token, { kinds: [{ kind: 'bogus', enabled: false }] })).status).toBe(400);
    await req('PUT', '/api/notifications/settings', maria.token, { kinds: [{ kind: 'new_message', enabled: true }] });
  });

  it('streams a new notification live to its owner only', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.getHttpServer().address() as { port: number };
    const open = async (token: string) => {
      const abort = new AbortController();
      const res = await fetch(`http://127.0.0.1:${address.port}/api/notifications/events`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      const s = { text: '', abort };
      const readUntil = async (until: (x: string) => boolean) => {
        while (!until(s.text)) s.text += decoder.decode((await reader.read()).value, { stream: true });
        return s.text;
      };
      return { s, readUntil };
    };
    const mariaStream = await open(maria.token);
    const omarStream = await open(omar.token);
    await mariaStream.readUntil((x) => x.includes('event: ready'));
    await omarStream.readUntil((x) => x.includes('event: ready'));
    const lead = await newLead('Hana Live', maria.id);
    const seen = await mariaStream.readUntil((x) => x.includes(lead));
    expect(seen).toMatch(/event: notification\ndata: \{"notification":\{"id":"[0-9a-f-]+","kind":"lead_assigned"/);
    expect(seen).toContain('"leadName":"Hana Live"');
    // Omar gets his own and nothing of Maria's.
    const his = await newLead('Ivo His', omar.id);
    const omarSeen = await omarStream.readUntil((x) => x.includes(his));
    expect(omarSeen).not.toContain(lead);
    mariaStream.s.abort.abort();
    omarStream.s.abort.abort();
  });
});
