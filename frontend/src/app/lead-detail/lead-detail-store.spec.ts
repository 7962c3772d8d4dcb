import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { LeadDetailStore } from './lead-detail-store';
import { leadDetail } from './lead-fixture';

describe('LeadDetailStore', () => {
  let store: LeadDetailStore;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), LeadDetailStore] });
    store = TestBed.inject(LeadDetailStore);
    http = TestBed.inject(HttpTestingController);
    const loaded = store.load('lead-1');
    http.expectOne('/api/leads/lead-1').flush(leadDetail());
    await loaded;
  });
  afterEach(() => http.verify());

  it('adds a task and shows it among the open tasks', async () => {
    const added = store.addTask('  Call back about financing ', '2026-11-27T09:00:00.000Z');
    const req = http.expectOne({ url: '/api/leads/lead-1/tasks', method: 'POST' });
    expect(req.request.body).toEqual({ title: 'Call back about financing', dueAt: '2026-11-27T09:00:00.000Z' });
    req.flush({ id: 't1' });
    await new Promise((r) => setTimeout(r));
    const task = { id: 't1', leadId: 'lead-1', title: 'Call back about financing', type: 'follow_up' as const, notes: null, dueAt: '2026-11-27T09:00:00.000Z', assigneeId: null, completedAt: null, createdAt: '2026-11-26T10:00:00Z' };
    http.expectOne('/api/leads/lead-1').flush(leadDetail({ tasks: [task] }));
    expect(await added).toBe(true);
    expect(store.openTasks().map((t) => t.title)).toEqual(['Call back about financing']);
  });

  it('overrides the score with a reason and shows the new score', async () => {
    const saved = store.qualify({ score: 90, status: 'qualified', reason: 'Pre-approved, wants to see homes this week' });
    const req = http.expectOne({ url: '/api/leads/lead-1/qualify', method: 'POST' });
    expect(req.request.body).toEqual({ score: 90, status: 'qualified', reason: 'Pre-approved, wants to see homes this week' });
    req.flush(leadDetail({ score: 90, scoreSource: 'manual', qualificationStatus: 'qualified' }));
    expect(await saved).toBe(true);
    expect(store.lead()?.score).toBe(90);
    expect(store.lead()?.scoreSource).toBe('manual');
  });

  it('claims a lead from the pond, and says so when someone else claimed it first', async () => {
    const lost = store.claim();
    http.expectOne({ url: '/api/leads/lead-1/claim', method: 'POST' }).flush({ statusCode: 409, error: 'Conflict', code: 'already_claimed', message: 'Someone else has this lead already' }, { status: 409, statusText: 'Conflict' });
    expect(await lost).toBe(false);
    expect(store.actionError()).toContain('Someone else has this lead already');
    const won = store.claim();
    http.expectOne({ url: '/api/leads/lead-1/claim', method: 'POST' }).flush(leadDetail({ assignee: { id: 'me', name: 'Ana Round' } }));
    expect(await won).toBe(true);
    expect(store.lead()?.assignee?.name).toBe('Ana Round');
  });

  it('keeps the lead as it was and shows the server’s reason when a change is refused', async () => {
    const saved = store.assign('someone-else');
    http.expectOne('/api/leads/lead-1/assign').flush({ statusCode: 403, error: 'Forbidden', message: 'Agents can only take unassigned leads or release their own' }, { status: 403, statusText: 'Forbidden' });
    expect(await saved).toBe(false);
    expect(store.actionError()).toBe('Agents can only take unassigned leads or release their own');
    expect(store.lead()?.assignee).toBeNull();
    expect(store.busy()).toBe(false);
  });

  it('shows up to four homes that fit, each saying why', async () => {
    const hit = (id: string) => ({
      id, ref: id, title: `3-bed house ${id}`, description: '', type: 'house' as const, purpose: 'sale' as const, status: 'available' as const,
      price: 700000, currency: 'USD', bedrooms: 3, bathrooms: 2, sizeSqft: 1800, lotSqft: null, yearBuilt: null, area: 'Ballard', city: 'Seattle', zip: null,
      lat: null, lng: null, features: [], createdAt: '', updatedAt: '', matchScore: null,
      why: { filters: ['3+ bedrooms', 'in Ballard'], terms: ['garden'], semantic: null, semanticRank: null, lexicalRank: 1 },
    });
    const loading = store.loadMatches('lead-1');
    http.expectOne('/api/leads/lead-1/matches').flush({ leadId: 'lead-1', computedAt: '', stored: true, items: ['a', 'b', 'c', 'd', 'e'].map(hit) });
    await loading;
    expect(store.matches()?.map((m) => m.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(store.matches()?.[0].why).toEqual(['3+ bedrooms', 'in Ballard', 'The listing mentions garden']);
  });
  it('a refused message shows the gate’s reason and the timeline that records the refusal', async () => {
    const sending = store.sendMessage({ channel: 'email', text: 'New listings!', idempotencyKey: 'spa-1' });
    const req = http.expectOne({ url: '/api/leads/lead-1/outbound', method: 'POST' });
    expect(req.request.body).toEqual({ channel: 'email', text: 'New listings!', idempotencyKey: 'spa-1' });
    req.flush({ statusCode: 409, error: 'Conflict', message: 'Not sent on email: Dana asked not to be contacted', code: 'send_refused' }, { status: 409, statusText: 'Conflict' });
    await new Promise((r) => setTimeout(r));
    const refusal = { id: 'a1', type: 'send_decision', summary: 'Not sent on email: Dana asked not to be contacted', direction: null, actor: null, data: {}, createdAt: '2026-12-04T18:00:00Z' };
    http.expectOne('/api/leads/lead-1').flush(leadDetail({ timeline: [refusal] as never }));
    expect(await sending).toBe(false);
    expect(store.actionError()).toBe('Not sent on email: Dana asked not to be contacted');
    expect(store.lead()?.timeline.map((a) => a.summary)).toEqual(['Not sent on email: Dana asked not to be contacted']);
  });
});
