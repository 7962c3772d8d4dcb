import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RoutingDto } from '../api/models/routing-dto';
import { RoutingRulesPage } from './routing-rules-page';

const routing: RoutingDto = {
  pondSize: 2,
  warnings: ['"Team": every agent is at capacity, so its leads go to the pond.', '2 leads wait in the pond for an agent to claim.'],
  rules: [{ id: 'r1', name: 'Team', enabled: true, sources: ['portal'], areas: ['Seattle'], languages: ['es'], priceMin: 500000, priceMax: null, target: 'agents', capacity: null, agents: [{ userId: 'u1', capacity: 3, name: 'Ana Round', open: 3, available: true }] }],
};

describe('RoutingRulesPage (Admin → Pipeline → who gets new leads)', () => {
  let http: HttpTestingController;
  afterEach(() => http.verify());

  it('shows the rules in a broker’s words with the warnings, and saves the list as edited', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(RoutingRulesPage);
    fixture.detectChanges();
    http.expectOne((r) => r.url === '/api/pipeline/routing' && r.method === 'GET').flush(routing);
    http.expectOne((r) => r.url === '/api/users').flush([{ id: 'u1', name: 'Ana Round', email: 'ana@x.test', role: 'agent', active: true, team: null, createdAt: '2026-12-01T00:00:00Z' }]);
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="routing-warnings"]')?.textContent).toContain('every agent is at capacity');
    const rules = el.querySelector('[data-testid="routing-rules"]')!;
    expect(rules.textContent).toContain('Ana Round');
    expect(rules.textContent).toContain('Spanish');
    expect(rules.textContent).not.toMatch(/priceMin|target|userId|\bes\b/);

    el.querySelector<HTMLButtonElement>('[data-testid="save-routing"]')!.click();
    const save = http.expectOne((r) => r.url === '/api/pipeline/routing' && r.method === 'PUT');
    expect(save.request.body).toEqual({ rules: [{ name: 'Team', enabled: true, target: 'agents', sources: ['portal'], areas: ['Seattle'], languages: ['es'], agents: [{ userId: 'u1', capacity: 3 }], priceMin: 500000, priceMax: null, capacity: null }] });
    save.flush({ ...routing, warnings: [] });
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
    fixture.detectChanges();
    expect(el.textContent).toContain('Saved. New leads follow these rules.');
  });
});
