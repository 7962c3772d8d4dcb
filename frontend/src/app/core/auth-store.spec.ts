import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { lead } from '../inbox/lead-fixture';
import { InboxStore, PAGE_SIZE } from '../inbox/inbox-store';
import { InventoryStore } from '../inventory/inventory-store';
import { AuthStore } from './auth-store';

const flush = () => new Promise((r) => setTimeout(r));
const user = (id: string) => ({ id, email: `${id}@brokerage.test`, name: id, role: 'agent' as const, active: true, createdAt: '', via: 'jwt' as const });

describe('AuthStore sign-out', () => {
  let auth: AuthStore;
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    auth = TestBed.inject(AuthStore);
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify({ ignoreCancelled: true }));

  async function signInAs(id: string): Promise<void> {
    const done = auth.signIn(`${id}@brokerage.test`, 'password-1');
    http.expectOne('/api/auth/login').flush({ accessToken: `tok-${id}`, expiresIn: 3600, user: user(id) });
    await done;
  }

  it('clears every store that outlives a page: leads, views, searches and the token', async () => {
    await signInAs('maria');
    const inbox = TestBed.inject(InboxStore);
    const inventory = TestBed.inject(InventoryStore);
    inbox.setFilters({ q: 'grace' });
    http.expectOne((r) => r.url === '/api/leads').flush({ items: [lead({ name: 'Grace Hopper' })], total: 1, totalExact: true, page: 1, pageSize: PAGE_SIZE });
    const views = inbox.loadViews();
    http.expectOne('/api/views').flush([{ id: 'v1', name: 'Maria’s hot leads', filters: { scoreMin: 70 }, createdAt: '' }]);
    await views;
    inventory.search({ q: 'waterfront' });
    http.expectOne((r) => r.url === '/api/inventory/search').flush({ items: [], total: 0, page: 1, pageSize: 24 });
    await flush();
    expect(inbox.leads().map((l) => l.name)).toEqual(['Grace Hopper']);

    auth.signOut();

    expect(localStorage.getItem('openhouse.token')).toBeNull();
    expect(auth.user()).toBeNull();
    expect(inbox.result()).toBeNull();
    expect(inbox.views()).toEqual([]);
    expect(inbox.filters()).toEqual({ sort: 'attention' });
    expect(inventory.result()).toBeNull();
    expect(inventory.filters()).toEqual({});
  });

  it('drops answers that arrive after sign-out for the previous session', async () => {
    await signInAs('maria');
    const inbox = TestBed.inject(InboxStore);
    const loading = inbox.load();
    const req = http.expectOne((r) => r.url === '/api/leads');
    auth.signOut();
    req.flush({ items: [lead({ name: 'Grace Hopper' })], total: 1, totalExact: true, page: 1, pageSize: PAGE_SIZE });
    await loading;
    expect(inbox.result()).toBeNull();
  });

  it('sends the next person to the inbox, never to the page the previous one left', async () => {
    await signInAs('maria');
    auth.signOut();
    await signInAs('tom');
    expect(auth.landingFor('/leads/maria-lead')).toBe('/inbox');
    // The same person coming back does return to where they were.
    auth.signOut();
    await signInAs('tom');
    expect(auth.landingFor('/leads/tom-lead')).toBe('/leads/tom-lead');
    expect(auth.landingFor('//evil.example')).toBe('/inbox');
  });
});
