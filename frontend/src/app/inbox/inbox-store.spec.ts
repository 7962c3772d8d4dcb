import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { LeadPageDto } from '../api/models/lead-page-dto';
import { LeadSummaryDto } from '../api/models/lead-summary-dto';
import { lead } from './lead-fixture';
import { InboxStore, PAGE_SIZE } from './inbox-store';


const page = (items: LeadSummaryDto[], total = items.length, pageNo = 1): LeadPageDto => ({ items, total, totalExact: true, page: pageNo, pageSize: PAGE_SIZE });
const flush = () => new Promise((r) => setTimeout(r));

describe('InboxStore', () => {
  let store: InboxStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    store = TestBed.inject(InboxStore);
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify({ ignoreCancelled: true }));

  it('loads the first page of 50, leads needing attention first, and shows the leads', async () => {
    const done = store.load();
    const req = http.expectOne((r) => r.url === '/api/leads');
    expect(req.request.params.get('pageSize')).toBe('50');
    expect(req.request.params.get('page')).toBe('1');
    expect(req.request.params.get('sort')).toBe('attention');
    const fifty = Array.from({ length: 50 }, (_, i) => lead({ name: `Lead ${i + 1}` }));
    req.flush(page(fifty, 120));
    await done;
    expect(store.leads()).toHaveLength(50);
    expect(store.leads()[0].name).toBe('Lead 1');
    expect(store.pageCount()).toBe(3);
    expect(store.loading()).toBe(false);
    // The next page is fetched ahead so paging feels instant.
    http.expectOne((r) => r.url === '/api/leads' && r.params.get('page') === '2').flush(page([lead()], 120, 2));
  });

  it('sends the chosen filters and goes back to page 1 when they change', async () => {
    store.page.set(3);
    store.setFilters({ stage: ['new', 'contacted'], needsReply: true });
    const req = http.expectOne((r) => r.url === '/api/leads');
    expect(req.request.params.getAll('stage')).toEqual(['new', 'contacted']);
    expect(req.request.params.get('needsReply')).toBe('true');
    expect(req.request.params.get('page')).toBe('1');
    req.flush(page([]));
    await flush();
    expect(store.hasFilters()).toBe(true);
    expect(store.leads()).toEqual([]);
  });

  it('shows the server’s own error message', async () => {
    const done = store.load();
    http.expectOne((r) => r.url === '/api/leads').flush({ statusCode: 400, error: 'Bad Request', message: 'Invalid request: q must be at least 2 characters' }, { status: 400, statusText: 'Bad Request' });
    await done;
    expect(store.error()).toBe('Invalid request: q must be at least 2 characters');
    expect(store.loading()).toBe(false);
  });

  it('ignores an older answer that arrives after a newer one', async () => {
    store.setFilters({ scoreMin: 40 });
    store.setFilters({ scoreMin: 80 });
    const [older, newer] = http.match((r) => r.url === '/api/leads');
    newer.flush(page([lead({ name: 'Hot' })]));
    older.flush(page([lead({ name: 'Lukewarm' })]));
    await flush();
    expect(store.leads().map((l) => l.name)).toEqual(['Hot']);
  });

  it('saves the current filters as a named view and applies a view', async () => {
    store.filters.set({ sort: '-score', stage: ['qualified'], scoreMin: 60 });
    const saved = store.saveView('  Qualified hot  ');
    const req = http.expectOne({ url: '/api/views', method: 'POST' });
    expect(req.request.body).toEqual({ name: 'Qualified hot', filters: { sort: '-score', stage: ['qualified'], scoreMin: 60 } });
    req.flush({ id: 'v1', name: 'Qualified hot', filters: req.request.body.filters, createdAt: '2026-11-26T10:00:00Z' });
    expect(await saved).toBe(true);
    expect(store.views().map((v) => v.name)).toEqual(['Qualified hot']);
    expect(store.activeViewId()).toBe('v1');

    store.clearFilters();
    http.expectOne((r) => r.url === '/api/leads').flush(page([]));
    expect(store.activeViewId()).toBeNull();
    store.applyView(store.views()[0]);
    const applied = http.expectOne((r) => r.url === '/api/leads');
    expect(applied.request.params.get('scoreMin')).toBe('60');
    applied.flush(page([]));
  });

  it('reports a refused view name instead of pretending it was saved', async () => {
    const saved = store.saveView('Mine');
    http.expectOne({ url: '/api/views', method: 'POST' }).flush({ statusCode: 409, error: 'Conflict', message: 'You already have a view named "Mine"' }, { status: 409, statusText: 'Conflict' });
    expect(await saved).toBe(false);
    expect(store.viewError()).toBe('You already have a view named "Mine"');
    expect(store.views()).toEqual([]);
  });
});

describe('InboxStore count label', () => {
  it('says "about" for estimates and never shows the estimate floor as a number', () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const store = TestBed.inject(InboxStore);
    store.result.set({ items: [], total: 1, totalExact: true, page: 1, pageSize: PAGE_SIZE });
    expect(store.countLabel()).toBe('1 lead');
    store.result.set({ items: [], total: 300, totalExact: true, page: 1, pageSize: PAGE_SIZE });
    expect(store.countLabel()).toBe('300 leads');
    store.result.set({ items: [], total: 98_412, totalExact: false, page: 1, pageSize: PAGE_SIZE });
    expect(store.countLabel()).toBe('about 98,412 leads');
    store.result.set({ items: [], total: 1001, totalExact: false, page: 1, pageSize: PAGE_SIZE });
    expect(store.countLabel()).toBe('more than 1,000 leads');
  });
});

describe('InboxStore head start', () => {
  it('shows a page fetched ahead without asking again, and asks again the next time', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const store = TestBed.inject(InboxStore);
    const http = TestBed.inject(HttpTestingController);
    store.prime(); // as the route does while the inbox code downloads
    http.expectOne((r) => r.url === '/api/leads').flush({ items: [lead({ name: 'Ada' })], total: 1, totalExact: true, page: 1, pageSize: PAGE_SIZE });
    await new Promise((r) => setTimeout(r));
    expect(store.leads()).toEqual([]); // fetched, not shown yet
    await store.load(); // as the page does once it is there: no second request
    expect(store.leads().map((l) => l.name)).toEqual(['Ada']);
    http.verify();

    // Coming back later shows the same rows at once and checks with the server.
    const again = store.load();
    expect(store.leads().map((l) => l.name)).toEqual(['Ada']);
    http.expectOne((r) => r.url === '/api/leads').flush({ items: [lead({ name: 'Ada' }), lead({ name: 'New lead' })], total: 2, totalExact: true, page: 1, pageSize: PAGE_SIZE });
    await again;
    expect(store.leads().map((l) => l.name)).toEqual(['Ada', 'New lead']);
  });
});
