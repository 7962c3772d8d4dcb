import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { DuplicateCandidateDto } from '../api/models/duplicate-candidate-dto';
import { DuplicatesPage } from './duplicates-page';

const pair: DuplicateCandidateDto = {
  id: 'pair-1',
  contact: { id: 'c2', name: 'Jon Smith', email: 'jonsmith+portal@googlemail.com', phone: null, leadId: 'lead-2', source: 'portal', stage: 'new', score: 12, leadCreatedAt: '2026-12-04T10:00:00Z' },
  existing: { id: 'c1', name: 'John Smith', email: 'john.smith@gmail.com', phone: '(206) 555-0101', leadId: 'lead-1', source: 'meta_lead_ads', stage: 'contacted', score: 40, leadCreatedAt: '2026-11-20T10:00:00Z' },
  signal: 'email',
  origin: 'lead_created',
  status: 'open',
  confidence: 0.96,
  evidence: ["emails 'jonsmith+portal@googlemail.com' / 'john.smith@gmail.com' reach the same mailbox", "names 'Jon Smith' / 'John Smith', Jaro-Winkler 0.97, sound alike"],
  createdAt: '2026-12-04T10:00:00Z',
};

describe('DuplicatesPage (Admin → Possible duplicates)', () => {
  let http: HttpTestingController;

  async function render(items: DuplicateCandidateDto[]) {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(DuplicatesPage);
    fixture.detectChanges();
    http.expectOne((r) => r.url === '/api/duplicates').flush({ items, total: items.length, page: 1, pageSize: 50 });
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }
  afterEach(() => http.verify());

  it('shows both leads side by side, how sure and why, in words', async () => {
    const { el } = await render([pair]);
    const card = el.querySelector('[data-testid="duplicate-pair"]')!;
    expect(card.querySelector('[data-testid="older-lead"]')?.textContent).toContain('John Smith');
    expect(card.querySelector('[data-testid="older-lead"]')?.textContent).toContain('Lead Ads');
    expect(card.querySelector('[data-testid="newer-lead"]')?.textContent).toContain('Jon Smith');
    expect(card.textContent).toContain('How sure: 96%');
    expect(card.querySelector('[data-testid="evidence"]')?.textContent).toContain('reach the same mailbox');
    expect(card.textContent).not.toContain('meta_lead_ads');
  });

  it('"Not the same person" asks the API to dismiss the pair and reloads the queue', async () => {
    const { fixture, el } = await render([pair]);
    el.querySelector<HTMLButtonElement>('[data-testid="not-same-person"]')!.click();
    http.expectOne((r) => r.url === '/api/duplicates/pair-1/dismiss' && r.method === 'POST').flush({ ...pair, status: 'dismissed' });
    await new Promise((r) => setTimeout(r));
    http.expectOne((r) => r.url === '/api/duplicates').flush({ items: [], total: 0, page: 1, pageSize: 50 });
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
    fixture.detectChanges();
    expect(el.querySelector('[data-testid="no-duplicates"]')?.textContent).toContain('Nothing to check');
  });
});
