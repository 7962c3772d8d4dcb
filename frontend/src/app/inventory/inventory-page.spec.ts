import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { InventoryPage } from './inventory-page';
import { toTextReading } from './inventory-store';

const EMPTY_PAGE = { items: [], total: 0, totalExact: true, page: 1, pageSize: 24 };

describe('InventoryPage: typed words fill the filters', () => {
  let http: HttpTestingController;

  async function render() {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(InventoryPage);
    await fixture.whenStable();
    http.expectOne((r) => r.url === '/api/inventory/search').flush(EMPTY_PAGE);
    await settle(fixture);
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }
  const settle = async (fixture: { whenStable(): Promise<unknown> }) => {
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
  };
  const input = (el: HTMLElement, id: string) => el.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)!;

  afterEach(() => http.verify());

  it('"3 bed house in Ballard under 900k near a park" sets max price, bedrooms, type and neighborhood, and keeps "near a park" as words', async () => {
    const { fixture, el } = await render();
    const q = input(el, 'inventory-q');
    q.value = '3 bed house in Ballard under 900k near a park';
    q.dispatchEvent(new Event('input'));
    el.querySelector('form')!.dispatchEvent(new Event('submit'));
    const understand = http.expectOne((r) => r.url === '/api/inventory/search/understand');
    expect(understand.request.params.get('q')).toBe('3 bed house in Ballard under 900k near a park');
    understand.flush({ bedsMin: 3, type: ['house'], area: 'Ballard', priceMax: 900000, features: ['near a park'], text: 'near a park' });
    await settle(fixture);

    const search = http.expectOne((r) => r.url === '/api/inventory/search');
    const params = search.request.params;
    expect([params.get('q'), params.get('priceMax'), params.get('bedsMin'), params.get('type'), params.get('area')]).toEqual(['near a park', '900000', '3', 'house', 'Ballard']);
    expect(params.has('city')).toBe(false);
    search.flush(EMPTY_PAGE);
    await settle(fixture);

    // The person sees what was read, in the filter fields they can change, and in words.
    expect(q.value).toBe('near a park');
    expect(input(el, 'inventory-price-max').value).toBe('900000');
    expect(input(el, 'inventory-area').value).toBe('Ballard');
    expect(el.querySelector('[data-testid="inventory-understood"]')?.textContent).toContain('House · Up to $900K · 3+ bedrooms · In Ballard');

    // Changed by hand, the filter holds: words with nothing to read leave it as set.
    const max = input(el, 'inventory-price-max');
    max.value = '950000';
    max.dispatchEvent(new Event('input'));
    el.querySelector('form')!.dispatchEvent(new Event('submit'));
    http.expectOne((r) => r.url === '/api/inventory/search/understand').flush({ features: ['near a park'], text: 'near a park' });
    await settle(fixture);
    const again = http.expectOne((r) => r.url === '/api/inventory/search');
    expect(again.request.params.get('priceMax')).toBe('950000');
    expect(again.request.params.get('q')).toBe('near a park');
    again.flush(EMPTY_PAGE);
  });

  it('"6 bed" reaches the Bedrooms field as 6 (not capped at 5), and the field can be changed by hand', async () => {
    const { fixture, el } = await render();
    const q = input(el, 'inventory-q');
    q.value = '6 bed 4.5 bath';
    q.dispatchEvent(new Event('input'));
    el.querySelector('form')!.dispatchEvent(new Event('submit'));
    http.expectOne((r) => r.url === '/api/inventory/search/understand').flush({ bedsMin: 6, bathsMin: 4.5, features: [], text: '' });
    await settle(fixture);
    const search = http.expectOne((r) => r.url === '/api/inventory/search');
    expect([search.request.params.get('bedsMin'), search.request.params.get('bathsMin')]).toEqual(['6', '4.5']);
    search.flush(EMPTY_PAGE);
    await settle(fixture);
    expect(input(el, 'inventory-beds').value).toBe('6');
    expect(input(el, 'inventory-baths').value).toBe('4.5');

    const beds = input(el, 'inventory-beds');
    beds.value = '7';
    beds.dispatchEvent(new Event('input'));
    el.querySelector('form')!.dispatchEvent(new Event('submit'));
    await settle(fixture);
    const again = http.expectOne((r) => r.url === '/api/inventory/search');
    expect(again.request.params.get('bedsMin')).toBe('7');
    again.flush(EMPTY_PAGE);
  });

  it('labels a reading in broker words', () => {
    expect(toTextReading({ priceMin: 500000, priceMax: 700000, type: ['condo', 'townhouse'], purpose: 'rent', bathsMin: 2, city: 'Seattle', features: [], text: '' }).read).toEqual([
      'For rent',
      'Condo or Townhouse',
      '$500K–$700K',
      '2+ bathrooms',
      'In Seattle',
    ]);
  });
});
