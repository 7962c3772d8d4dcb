import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SlaService } from '../src/sla/sla.service';
import { createAgent, createTestApp, login, TestApp } from './harness';

type Lead = { id: string; stage: string; assignee: { id: string } | null; sla: { kind: string; dueAt: string } | null; timeline: { type: string; summary: string; data: Record<string, unknown> }[]; tasks: { title: string; assigneeId?: string | null; completedAt: string | null }[] };
const MINUTE = 60_000;
const ALWAYS_OPEN = { timeZone: 'UTC', days: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })) };

/**
 * SLA timers (issue 16 point 3) against real PostgreSQL, with the app's clock moved forward by the
 * test (TEST_CLOCK_FILE) instead of waiting: settings that make no sense, a lead's clock, the
 * warning, the breach (task, notifications, timeline, escalation), a stale timer, and reassignment.
 * The job itself is `SlaService.fire` (what the `sla-timer` job calls); the worker's path (a real
 * worker process, SIGKILLed mid-breach and restarted) is in job-kills.e2e-spec.ts.
 */
describe('SLA timers (HTTP, real PostgreSQL, injected clock)', () => {
  let t: TestApp;
  let admin: string;
  let ana: { id: string; token: string };
  let ben: { id: string; token: string };
  let tess: { id: string; token: string };
  let sla: SlaService;
  const dir = mkdtempSync(join(tmpdir(), 'sla-clock-'));
  const clockFile = join(dir, 'offset');
  let offset = 0;
  /** Moves the app's clock forward. */
  const advance = (ms: number) => writeFileSync(clockFile, String((offset += ms)));

  const req = (method: 'GET' | 'POST' | 'PUT', url: string, token: string, body?: unknown) => t.request({ method, url, token, body });
  const lead = async (id: string, token = admin) => (await req('GET', `/api/leads/${id}`, token)).body as Lead;
  const ruleId = async (kind: string, stage: string) => ((await req('GET', '/api/pipeline/sla', admin)).body.rules as { id: string; kind: string; stage: string }[]).find((r) => r.kind === kind && r.stage === stage)!.id;
  const notifications = async (token: string) => ((await req('GET', '/api/notifications', token)).body.items as { kind: string; leadId: string }[]);

  beforeAll(async () => {
    writeFileSync(clockFile, '0');
    t = await createTestApp({ TEST_CLOCK_FILE: clockFile });
    admin = await login(t);
    ana = await createAgent(t, admin, 'Ana Slow');
    ben = await createAgent(t, admin, 'Ben Next');
    tess = await createAgent(t, admin, 'Tess Lead');
    await t.db.query(`UPDATE users SET team = 'North' WHERE id = ANY($1::uuid[])`, [[ana.id, ben.id, tess.id]]);
    await t.db.query(`UPDATE users SET role = 'team_lead' WHERE id = $1`, [tess.id]);
    sla = t.app.get(SlaService);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses SLA settings that make no sense with a clear 400, and changes nothing', async () => {
    const rule = { kind: 'first_response', stage: 'new', minutes: 5, businessHoursOnly: true, warnPercent: 80, escalation: 'notify_team_lead', enabled: true };
    const cases: [unknown, RegExp][] = [
      [{ businessHours: ALWAYS_OPEN, rules: [{ ...rule, minutes: -5 }] }, /^Rule 1: the time can't be negative$/],
      [{ businessHours: ALWAYS_OPEN, rules: [{ ...rule, minutes: 0 }] }, /^Rule 1: the time must be from 1 minute to 60 days$/],
      [{ businessHours: { timeZone: 'UTC', days: [{ weekday: 1, start: '18:00', end: '09:00' }] }, rules: [rule] }, /^Business hours: Monday: closing time 09:00 is not after opening time 18:00$/],
      [{ businessHours: { timeZone: 'Mars/Olympus', days: [] }, rules: [] }, /^Business hours: "Mars\/Olympus" is not a time zone/],
      [{ businessHours: { timeZone: 'UTC', days: [] }, rules: [rule] }, /^Rule 1 counts business hours, but the business hours have no open day/],
      [{ businessHours: ALWAYS_OPEN, rules: [{ ...rule, warnPercent: 120 }] }, /^Rule 1: warn between 1 % and 99 %/],
      [{ businessHours: ALWAYS_OPEN, rules: [{ ...rule, stage: 'won' }] }, /^Rule 1: Won is a closed stage/],
      [{ businessHours: ALWAYS_OPEN, rules: [rule, rule] }, /^Rule 2 repeats rule 1/],
    ];
    for (const [body, message] of cases) {
      const res = await req('PUT', '/api/pipeline/sla', admin, body);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
    }
    expect((await req('PUT', '/api/pipeline/sla', ana.token, cases[0][0])).status).toBe(403);
    const now = (await req('GET', '/api/pipeline/sla', admin)).body;
    expect(now.businessHours.timeZone).toBe('America/Los_Angeles');
    expect(now.rules.map((r: { text: string }) => r.text)).toEqual(["New: a reply to the lead's last message within 5 minutes of business time", 'Qualified: a viewing booked within 3 days']);
  });

  it('a lead waiting for a reply gets a clock; the warning and then the breach reach the agent, a task is created, the team lead is told, once', async () => {
    const current = (await req('GET', '/api/pipeline/sla', admin)).body.rules as { id: string }[];
    const saved = await req('PUT', '/api/pipeline/sla', admin, {
      businessHours: ALWAYS_OPEN,
      rules: [
        { id: current[0].id, kind: 'first_response', stage: 'new', minutes: 5, businessHoursOnly: true, warnPercent: 80, escalation: 'notify_team_lead', enabled: true },
        { id: current[1].id, kind: 'leave_stage', stage: 'qualified', minutes: 3 * 1440, businessHoursOnly: false, warnPercent: null, escalation: 'reassign', enabled: true },
      ],
    });
    expect(saved.status).toBe(200);
    const created = await req('POST', '/api/leads', admin, { contact: { name: 'Wendy Waiting', email: 'wendy@example.com' }, source: 'web', assigneeId: ana.id });
    const id = created.body.id as string;
    await sla.reschedule([id]);
    const l = await lead(id);
    expect(l.sla?.kind).toBe('reply');
    const due = Date.parse(l.sla!.dueAt);
    const [{ since }] = await t.db.query<{ since: Date }[]>(`SELECT awaiting_reply_since AS since FROM leads WHERE id = $1`, [id]);
    expect(due - since.getTime()).toBe(5 * MINUTE);
    const rule = await ruleId('first_response', 'new');

    // Not yet: the job comes back at the warning (80 %: 4 minutes).
    expect((await sla.fire(id, rule))?.getTime()).toBe(due - MINUTE);
    advance(4 * MINUTE + 10_000);
    expect((await sla.fire(id, rule))?.getTime()).toBe(due);
    expect((await notifications(ana.token)).filter((n) => n.leadId === id).map((n) => n.kind)).toContain('sla_warning');

    advance(2 * MINUTE);
    expect(await sla.fire(id, rule)).toBeNull();
    const after = await lead(id);
    const breach = after.timeline.find((e) => e.type === 'sla_breached')!;
    expect(breach.summary).toMatch(/^Time limit missed — New: a reply to the lead's last message within 5 minutes of business time .*the team lead was told\. Task "Reply to Wendy Waiting" created\.$/);
    expect(breach.data).toMatchObject({ stage: 'new', dueAt: new Date(due).toISOString(), escalation: { kind: 'notify_team_lead', notified: 'team_lead', userIds: [tess.id] } });
    expect(after.tasks.filter((x) => x.title === 'Reply to Wendy Waiting' && !x.completedAt)).toHaveLength(1);
    expect((await notifications(ana.token)).filter((n) => n.leadId === id && n.kind === 'sla_breached')).toHaveLength(1);
    expect((await notifications(tess.token)).filter((n) => n.leadId === id && n.kind === 'sla_breached')).toHaveLength(1);
    // The clock shows it overdue (the SPA says "Overdue by …" from dueAt).
    expect(after.sla?.dueAt).toBe(new Date(due).toISOString());

    // A job that runs again (retry, a worker killed after its commit) changes nothing.
    expect(await sla.fire(id, rule)).toBeNull();
    const again = await lead(id);
    expect(again.timeline.filter((e) => e.type === 'sla_breached')).toHaveLength(1);
    expect(again.tasks.filter((x) => x.title === 'Reply to Wendy Waiting')).toHaveLength(1);
  });

  it('the clock stops when the lead is answered: a stale timer does nothing', async () => {
    const id = (await req('POST', '/api/leads', admin, { contact: { name: 'Quick Quinn', email: 'quinn@example.com' }, source: 'web', assigneeId: ana.id })).body.id as string;
    await sla.reschedule([id]);
    expect((await lead(id)).sla?.kind).toBe('reply');
    expect((await req('POST', `/api/leads/${id}/messages`, ana.token, { direction: 'outbound', channel: 'email', body: 'Hi Quinn, happy to help.' })).status).toBe(201);
    await sla.reschedule([id]);
    expect((await lead(id)).sla).toBeNull();
    advance(30 * MINUTE);
    expect(await sla.fire(id, await ruleId('first_response', 'new'))).toBeNull();
    expect((await lead(id)).timeline.some((e) => e.type === 'sla_breached')).toBe(false);
  });

  it('a lead left in Qualified past its time is handed to the next agent by the routing rules, and the timeline says why', async () => {
    await req('PUT', '/api/pipeline/routing', admin, { rules: [{ name: 'North team', enabled: true, target: 'agents', agents: [{ userId: ana.id, capacity: 100 }, { userId: ben.id, capacity: 100 }] }] });
    const id = (await req('POST', '/api/leads', admin, { contact: { name: 'Quincy Qualified', email: 'quincy@example.com' }, source: 'web', assigneeId: ana.id })).body.id as string;
    await req('POST', `/api/leads/${id}/messages`, ana.token, { direction: 'outbound', channel: 'email', body: 'Hello' });
    expect((await req('POST', `/api/leads/${id}/stage`, ana.token, { stage: 'qualified' })).status).toBe(200);
    await sla.reschedule([id]);
    const l = await lead(id);
    expect(l.sla?.kind).toBe('stage');
    advance(3 * 1440 * MINUTE + MINUTE);
    expect(await sla.fire(id, await ruleId('leave_stage', 'qualified'))).toBeNull();
    const after = await lead(id, admin);
    expect(after.assignee?.id).toBe(ben.id);
    expect(after.timeline.find((e) => e.type === 'assigned' && e.data.reason === 'sla_breached')?.summary).toBe('Reassigned to Ben Next: the SLA time limit was missed by Ana Slow (routing rule "North team")');
    expect(after.timeline.find((e) => e.type === 'sla_breached')?.data.escalation).toMatchObject({ kind: 'reassign', from: ana.id, to: ben.id });
    expect(after.tasks.find((x) => x.title === 'Book a viewing with Quincy Qualified')).toBeTruthy();
    expect((await notifications(ben.token)).filter((n) => n.leadId === id).map((n) => n.kind).sort()).toEqual(['lead_assigned', 'sla_breached']);
  });

  it('a stage move shows the lead its new clock at once (no worker in between), the one the reschedule gives; moving back stops it', async () => {
    const id = (await req('POST', '/api/leads', admin, { contact: { name: 'Mona Mover', email: 'mona@example.com' }, source: 'web', assigneeId: ana.id })).body.id as string;
    await req('POST', `/api/leads/${id}/messages`, ana.token, { direction: 'outbound', channel: 'email', body: 'Hello' });
    await sla.reschedule([id]);
    expect((await lead(id)).sla).toBeNull();
    const moved = await req('POST', `/api/pipeline/cards/${id}/move`, ana.token, { stage: 'qualified' });
    expect(moved.status).toBe(200);
    const clock = (await lead(id)).sla;
    expect(clock?.kind).toBe('stage');
    const [{ entered }] = await t.db.query<{ entered: Date }[]>(`SELECT stage_entered_at AS entered FROM leads WHERE id = $1`, [id]);
    expect(Date.parse(clock!.dueAt) - entered.getTime()).toBe(3 * 1440 * MINUTE);
    await sla.reschedule([id]);
    expect((await lead(id)).sla).toEqual(clock);
    const back = await req('POST', `/api/pipeline/cards/${id}/move`, ana.token, { stage: 'contacted', reason: 'Needs another call first', version: moved.body.version });
    expect(back.status).toBe(200);
    expect((await lead(id)).sla).toBeNull();
  });
});
