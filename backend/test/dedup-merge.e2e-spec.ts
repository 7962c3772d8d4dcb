import fc from 'fast-check';
import { createAgent, createTestApp, login, TestApp } from './harness';

/**
 * Issue 15, points 1–4 and the merge's bad input: duplicates found on the way in with their
 * evidence, merged by a person who picks the surviving values, and undone exactly.
 */
describe('Duplicates: detection, merge and undo', () => {
  let t: TestApp;
  let admin: string;
  let james: { id: string; token: string };
  let n = 0;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    james = await createAgent(t, admin, 'James Chen');
  }, 120_000);
  afterAll(() => t.close());

  const phone = () => `+1 206-555-01${String(10 + (n++ % 90)).padStart(2, '0')}`;
  const createLead = async (body: Record<string, unknown>, token = admin) => {
    const res = await t.request({ method: 'POST', url: '/api/leads', token, body });
    expect(res.status).toBe(201);
    return res.body as { id: string; contact: { id: string } };
  };

  /** Everything stored about these leads: their rows, contacts, profiles and every row that belongs to them. */
  async function stateOf(ids: string[], opts: { ignoreClock?: string } = {}) {
    const q = async (sql: string) => (await t.db.query<{ r: Record<string, unknown> }[]>(sql, [ids])).map((x) => x.r);
    const state: Record<string, unknown> = {
      leads: await q(`SELECT to_jsonb(l) AS r FROM leads l WHERE id = ANY($1) ORDER BY id`),
      contacts: await q(`SELECT to_jsonb(c) AS r FROM contacts c WHERE id IN (SELECT contact_id FROM leads WHERE id = ANY($1)) ORDER BY id`),
      profiles: await q(`SELECT to_jsonb(p) AS r FROM lead_profiles p WHERE lead_id = ANY($1) ORDER BY lead_id`),
      matches: await q(`SELECT to_jsonb(m) AS r FROM lead_matches m WHERE lead_id = ANY($1) ORDER BY lead_id, unit_id`),
      // The merge and its undo stay on the survivor's timeline as history; everything else must be as it was.
      activities: await q(`SELECT to_jsonb(a) AS r FROM activities a WHERE lead_id = ANY($1) AND NOT (data ? 'mergeId') ORDER BY id`),
    };
    for (const table of ['tasks', 'qualifications', 'sessions', 'messages', 'viewings', 'outbox_messages']) {
      state[table] = await q(`SELECT to_jsonb(x) AS r FROM ${table} x WHERE lead_id = ANY($1) ORDER BY id`);
    }
    // The undo's own timeline entry moves the survivor's clocks (last activity, row updated): nothing else may differ.
    if (opts.ignoreClock) for (const l of state.leads as Record<string, unknown>[]) if (l.id === opts.ignoreClock) ['last_activity_at', 'updated_at'].forEach((k) => delete l[k]);
    return state;
  }

  it('finds a duplicate on the way in and says why (phone equal, Gmail spelled two ways, names alike)', async () => {
    const p = phone();
    const a = await createLead({ contact: { name: 'John Smith', email: 'john.smith@gmail.com', phone: p }, source: 'meta_lead_ads', sourceRef: `lg-${n}` });
    const b = await createLead({ contact: { name: 'Jon Smith', email: 'JohnSmith+portal@googlemail.com' }, source: 'portal' });
    // An exact identity the caller can see: the same contact, and the two leads become a pair to review.
    expect(b.contact.id).toBe(a.contact.id);
    const dups = await t.request({ method: 'GET', url: `/api/leads/${b.id}/duplicates`, token: admin });
    expect(dups.status).toBe(200);
    expect(dups.body).toHaveLength(1);
    expect(dups.body[0].existing.leadId).toBe(a.id);
    expect(dups.body[0].evidence).toEqual(expect.arrayContaining([expect.stringMatching(/reach the same mailbox/), expect.stringMatching(/names 'Jon Smith' \/ 'John Smith', Jaro-Winkler 0\.9\d/)]));
    expect(dups.body[0].confidence).toBeGreaterThan(0.9);

    // Same phone, another name: a separate contact, proposed with lower confidence.
    const c = await createLead({ contact: { name: 'Robert Chen', phone: p }, source: 'web' });
    expect(c.contact.id).not.toBe(a.contact.id);
    const forC = (await t.request({ method: 'GET', url: `/api/leads/${c.id}/duplicates`, token: admin })).body;
    expect(forC[0].evidence[0]).toMatch(/^phone \+1 206 555 01\d\d equal$/);
    expect(forC[0].confidence).toBeLessThan(0.6);

    // The admin's review queue shows the pairs with evidence; "not the same person" closes one for good.
    const queue = (await t.request({ method: 'GET', url: '/api/duplicates', token: admin })).body;
    const pair = queue.items.find((i: { contact: { leadId: string } }) => i.contact.leadId === c.id);
    expect(pair.evidence.length).toBeGreaterThan(0);
    const dismissed = await t.request({ method: 'POST', url: `/api/duplicates/${pair.id}/dismiss`, token: admin, body: {} });
    expect(dismissed.status).toBe(200);
    expect((await t.request({ method: 'GET', url: `/api/leads/${c.id}/duplicates`, token: admin })).body).toEqual([]);
    const again = await createLead({ contact: { name: 'Robert Chen', phone: p }, source: 'phone' });
    const pairsOfAgain = (await t.request({ method: 'GET', url: `/api/leads/${again.id}/duplicates`, token: admin })).body as { existing: { leadId: string } }[];
    expect(pairsOfAgain.map((d) => d.existing.leadId)).not.toContain(a.id);
  });

  it('an agent never learns of a lead they cannot see', async () => {
    const p = phone();
    await createLead({ contact: { name: 'Hidden Person', phone: p }, source: 'web', assigneeId: (await createAgent(t, admin, `Other ${n}`)).id });
    const mine = await createLead({ contact: { name: 'Hidden Person', phone: p }, source: 'web' }, james.token);
    const dups = await t.request({ method: 'GET', url: `/api/leads/${mine.id}/duplicates`, token: james.token });
    expect(dups.status).toBe(200);
    expect(dups.body).toEqual([]);
  });

  it('merges with chosen values, moves everything, leaves a tombstone and one timeline entry; undo restores both exactly', async () => {
    const survivor = await createLead({ contact: { name: 'Ana Ruiz', email: 'ana.ruiz@example.com' }, source: 'web', profile: { budgetMax: 500000, bedrooms: 2 } });
    const other = await createLead({ contact: { name: 'Ana Ruíz', phone: phone() }, source: 'whatsapp', profile: { budgetMax: 650000, locations: ['Ballard'] } });
    await t.request({ method: 'POST', url: `/api/leads/${other.id}/notes`, token: admin, body: { body: 'Wants a yard' } });
    await t.request({ method: 'POST', url: `/api/leads/${other.id}/tasks`, token: admin, body: { title: 'Call Ana' } });
    const before = await stateOf([survivor.id, other.id]);

    const merged = await t.request({ method: 'POST', url: `/api/leads/${survivor.id}/merge`, token: admin, body: { otherLeadId: other.id, reason: 'Same buyer from WhatsApp', fields: { budgetMax: 'survivor' } } });
    expect(merged.status).toBe(200);
    expect(merged.body.fields).toMatchObject({ budgetMax: 'survivor', locations: 'merged', phone: 'merged', bedrooms: 'survivor' });
    const detail = (await t.request({ method: 'GET', url: `/api/leads/${survivor.id}`, token: admin })).body;
    expect(detail.contact.phone).toBeTruthy();
    expect(detail.profile.budgetMax).toBe(500000);
    expect(detail.profile.locations).toEqual(['Ballard']);
    expect(detail.timeline.map((e: { summary: string }) => e.summary)).toEqual(expect.arrayContaining(['Wants a yard', expect.stringMatching(/merged the whatsapp lead of Ana Ruíz .* into this one: Same buyer from WhatsApp/)]));
    expect(detail.tasks.map((x: { title: string }) => x.title)).toContain('Call Ana');
    const [tomb] = await t.db.query(`SELECT merged_into_id FROM leads WHERE id = $1`, [other.id]);
    expect(tomb.merged_into_id).toBe(survivor.id);

    // Every feature's rows of a lead moved (each feature moves its own): every table with a lead_id
    // column or a key to leads is in the merge's snapshot, or named here with why it stays.
    const STAY = {
      leads: 'the tombstone points at the survivor (merged_into_id)',
      lead_profiles: 'merged field by field into the survivor’s profile',
      lead_merges: 'the merge itself',
      duplicate_candidates: 'the pair is closed as merged',
      notifications: 'a person’s notice stays as it was sent; the tombstone links to the survivor',
      sla_alerts: 'the alerts already sent stay as history; the survivor’s timers follow its own state',
      analytics_lead_facts: 'derived: the analytics refresh drops a merged lead’s summary and recounts the survivor',
      analytics_events: 'derived copies keyed by their timeline entry: counted once, whichever lead holds it',
      analytics_score_moves: 'derived copies keyed by their score record: counted once, whichever lead holds it',
    };
    const leadTables = await t.db.query<{ table_name: string }[]>(
      `SELECT DISTINCT c.table_name FROM information_schema.columns c WHERE c.table_schema = 'public' AND c.column_name = 'lead_id'
       UNION SELECT DISTINCT tc.table_name FROM information_schema.table_constraints tc
         JOIN information_schema.constraint_column_usage u ON u.constraint_name = tc.constraint_name AND u.table_name = 'leads'
        WHERE tc.constraint_type = 'FOREIGN KEY'`,
    );
    const [{ snapshot }] = await t.db.query<{ snapshot: { moved: Record<string, unknown> } }[]>(`SELECT snapshot FROM lead_merges WHERE id = $1`, [merged.body.mergeId]);
    expect(leadTables.map((r) => r.table_name).filter((x) => !(x in STAY)).sort()).toEqual(Object.keys(snapshot.moved).sort());

    // Something happens to the survivor after the merge: it stays on the survivor after undo.
    await t.request({ method: 'POST', url: `/api/leads/${survivor.id}/notes`, token: admin, body: { body: 'Called after the merge' } });

    const undone = await t.request({ method: 'POST', url: `/api/merges/${merged.body.mergeId}/undo`, token: admin });
    expect(undone.status).toBe(200);
    const after = await stateOf([survivor.id, other.id], { ignoreClock: survivor.id });
    const afterActivities = after.activities as { summary: string }[];
    expect(afterActivities.map((a) => a.summary)).toContain('Called after the merge');
    after.activities = afterActivities.filter((a) => a.summary !== 'Called after the merge');
    const expected = { ...before, leads: (before.leads as Record<string, unknown>[]).map((l) => (l.id === survivor.id ? (({ last_activity_at: _x, updated_at: _y, ...rest }) => rest)(l) : l)) };
    expect(after).toEqual(expected);

    // Both are in the audit log: who merged what and why, who undid it.
    const audit = await t.db.query<{ action: string; target_id: string; changes: Record<string, unknown> }[]>(`SELECT action, target_id, changes FROM audit_log WHERE target_id IN ($1, $2) ORDER BY id`, [survivor.id, merged.body.mergeId]);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'lead.merged', target_id: survivor.id, changes: expect.objectContaining({ merged: other.id, reason: 'Same buyer from WhatsApp' }) }),
      expect.objectContaining({ action: 'merge.undone', target_id: merged.body.mergeId }),
    ]);

    // Undo twice: a clear 409.
    const twice = await t.request({ method: 'POST', url: `/api/merges/${merged.body.mergeId}/undo`, token: admin });
    expect(twice.status).toBe(409);
    expect(twice.body.message).toMatch(/already undone/);
  });

  it('refuses bad merges with clear 4xx answers and writes nothing', async () => {
    const a = await createLead({ contact: { name: 'Bad Input', phone: phone() }, source: 'web' });
    const b = await createLead({ contact: { name: 'Bad Input Two', phone: phone() }, source: 'web' });
    const hidden = await createLead({ contact: { name: 'Not Yours', phone: phone() }, source: 'web', assigneeId: (await createAgent(t, admin, `Owner ${n}`)).id });
    const mine = await createLead({ contact: { name: 'Mine', phone: phone() }, source: 'web' }, james.token);
    const snapshot = await stateOf([a.id, b.id, hidden.id, mine.id]);

    const self = await t.request({ method: 'POST', url: `/api/leads/${a.id}/merge`, token: admin, body: { otherLeadId: a.id } });
    expect(self.status).toBe(400);
    expect(self.body).toMatchObject({ statusCode: 400, message: 'A lead cannot be merged with itself' });
    const invisible = await t.request({ method: 'POST', url: `/api/leads/${mine.id}/merge`, token: james.token, body: { otherLeadId: hidden.id } });
    expect(invisible.status).toBe(404);
    const missing = await t.request({ method: 'POST', url: `/api/leads/${mine.id}/merge`, token: james.token, body: { otherLeadId: '00000000-0000-4000-8000-000000000000' } });
    expect(invisible.body).toEqual(missing.body);
    const badField = await t.request({ method: 'POST', url: `/api/leads/${a.id}/merge`, token: admin, body: { otherLeadId: b.id, fields: { password: 'merged' } } });
    expect(badField.status).toBe(400);
    expect(await stateOf([a.id, b.id, hidden.id, mine.id])).toEqual(snapshot);

    // The same pair merged twice at once: one wins, the other gets 409.
    const [r1, r2] = await Promise.all([
      t.request({ method: 'POST', url: `/api/leads/${a.id}/merge`, token: admin, body: { otherLeadId: b.id } }),
      t.request({ method: 'POST', url: `/api/leads/${b.id}/merge`, token: admin, body: { otherLeadId: a.id } }),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    const loser = r1.status === 409 ? r1 : r2;
    expect(loser.body.message).toMatch(/already merged/);
    const winner = r1.status === 200 ? r1 : r2;

    // With a tombstone: 409 naming where it went.
    const fresh = await createLead({ contact: { name: 'Fresh Lead', phone: phone() }, source: 'web' });
    const tomb = await t.request({ method: 'POST', url: `/api/leads/${fresh.id}/merge`, token: admin, body: { otherLeadId: winner.body.mergedId } });
    expect(tomb.status).toBe(409);
    expect(tomb.body.message).toContain(winner.body.survivorId);

    // A later merge involving the survivor blocks undo of the earlier one, with the reason.
    const third = await createLead({ contact: { name: 'Third One', phone: phone() }, source: 'web' });
    const later = await t.request({ method: 'POST', url: `/api/leads/${winner.body.survivorId}/merge`, token: admin, body: { otherLeadId: third.id } });
    expect(later.status).toBe(200);
    const blocked = await t.request({ method: 'POST', url: `/api/merges/${winner.body.mergeId}/undo`, token: admin });
    expect(blocked.status).toBe(409);
    expect(blocked.body.message).toMatch(/merged again .* undo that merge first/);

    // After 30 days: 409 with the reason.
    await t.db.query(`UPDATE lead_merges SET created_at = now() - interval '31 days' WHERE id = $1`, [later.body.mergeId]);
    const old = await t.request({ method: 'POST', url: `/api/merges/${later.body.mergeId}/undo`, token: admin });
    expect(old.status).toBe(409);
    expect(old.body.message).toMatch(/30 days/);
  });

  it('property: random leads with random timelines, merged then undone, are exactly as before', async () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('note' as const), text: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0) }),
      fc.record({ kind: fc.constant('task' as const), text: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0) }),
      fc.record({ kind: fc.constant('message' as const), text: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0), inbound: fc.boolean() }),
      fc.record({ kind: fc.constant('stage' as const), stage: fc.constantFrom('contacted', 'qualified', 'offer') }),
      fc.record({ kind: fc.constant('profile' as const), bedrooms: fc.integer({ min: 1, max: 6 }), budgetMax: fc.integer({ min: 200, max: 900 }).map((k) => k * 1000) }),
    );
    const leadArb = fc.record({
      name: fc.constantFrom('Kim Lee', 'Kym Lee', 'Sam Park', 'Dana Cruz'),
      withEmail: fc.boolean(),
      steps: fc.array(step, { maxLength: 5 }),
    });
    const choice = fc.dictionary(fc.constantFrom('name', 'email', 'phone', 'budgetMax', 'bedrooms', 'locations'), fc.constantFrom('survivor' as const, 'merged' as const));

    await fc.assert(
      fc.asyncProperty(leadArb, leadArb, choice, async (x, y, fields) => {
        const make = async (spec: typeof x) => {
          const lead = await createLead({ contact: { name: spec.name, phone: phone(), ...(spec.withEmail ? { email: `p${n}@example.com` } : {}) }, source: 'web' });
          for (const s of spec.steps) {
            const url = `/api/leads/${lead.id}`;
            const res =
              s.kind === 'note' ? await t.request({ method: 'POST', url: `${url}/notes`, token: admin, body: { body: s.text } })
              : s.kind === 'task' ? await t.request({ method: 'POST', url: `${url}/tasks`, token: admin, body: { title: s.text } })
              : s.kind === 'message' ? await t.request({ method: 'POST', url: `${url}/messages`, token: admin, body: { direction: s.inbound ? 'inbound' : 'outbound', channel: 'phone', body: s.text } })
              : s.kind === 'stage' ? await t.request({ method: 'POST', url: `${url}/stage`, token: admin, body: { stage: s.stage, reason: 'Test step' } }) // a reason: the stage rules ask for one when a lead moves back
              : await t.request({ method: 'PATCH', url, token: admin, body: { profile: { bedrooms: s.bedrooms, budgetMax: s.budgetMax } } });
            expect(res.status).toBeLessThan(300);
          }
          return lead.id;
        };
        const a = await make(x);
        const b = await make(y);
        const before = await stateOf([a, b]);
        const merged = await t.request({ method: 'POST', url: `/api/leads/${a}/merge`, token: admin, body: { otherLeadId: b, fields } });
        expect(merged.status).toBe(200);
        const undone = await t.request({ method: 'POST', url: `/api/merges/${merged.body.mergeId}/undo`, token: admin });
        expect(undone.status).toBe(200);
        const after = await stateOf([a, b], { ignoreClock: a });
        expect(after).toEqual({ ...before, leads: (before.leads as Record<string, unknown>[]).map((l) => (l.id === a ? (({ last_activity_at: _x, updated_at: _y, ...rest }) => rest)(l) : l)) });
      }),
      { numRuns: 12 },
    );
  }, 240_000);
});

describe('Auto-merge of exact identities (DEDUP_AUTO_MERGE_CONFIDENCE set)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp({ DEDUP_AUTO_MERGE_CONFIDENCE: '0.9' });
    admin = await login(t);
  }, 120_000);
  afterAll(() => t.close());

  it('merges a new lead into the same person’s lead at once, undoable; a weaker match stays a pair', async () => {
    const first = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: { name: 'Priya Natarajan', email: 'priya.n@gmail.com' }, source: 'meta_lead_ads' } });
    const again = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: { name: 'Priya Natarajan', email: 'Priya.N+zillow@googlemail.com' }, source: 'portal' } });
    expect(again.status).toBe(201);
    expect(again.body.mergedIntoId).toBe(first.body.id);
    const survivor = (await t.request({ method: 'GET', url: `/api/leads/${first.body.id}`, token: admin })).body;
    const entry = survivor.timeline.find((e: { summary: string }) => /Openhouse automatically merged the portal lead/.test(e.summary));
    expect(entry.summary).toMatch(/same person \(\d+ % sure\): emails 'Priya.N\+zillow@googlemail.com' \/ 'priya.n@gmail.com' reach the same mailbox/);
    const [merge] = await t.db.query(`SELECT id FROM lead_merges WHERE merged_id = $1`, [again.body.id]);
    expect((await t.request({ method: 'POST', url: `/api/merges/${merge.id}/undo`, token: admin })).status).toBe(200);
    expect((await t.request({ method: 'GET', url: `/api/leads/${again.body.id}`, token: admin })).body.mergedIntoId).toBeNull();

    // Same phone, another name: not an identity, so a pair for review, not a merge.
    const shared = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: { name: 'Omar Haddad', phone: '+1 206-555-0177' }, source: 'web' } });
    const other = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: { name: 'Lucia Fernandez', phone: '+1 206-555-0177' }, source: 'web' } });
    expect(other.body.mergedIntoId).toBeNull();
    const pairs = (await t.request({ method: 'GET', url: `/api/leads/${other.body.id}/duplicates`, token: admin })).body as { existing: { leadId: string } }[];
    expect(pairs.map((p) => p.existing.leadId)).toContain(shared.body.id);
  });
});
