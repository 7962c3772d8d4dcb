import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { UnitPage } from './unit-page';

const UNIT = {
  id: 'u1', ref: 'SEA-1042', title: 'Craftsman bungalow', street: '4512 Fremont Ave N', area: 'Fremont', city: 'Seattle', zip: '98103', type: 'house', purpose: 'sale',
  price: 725000, currency: 'USD', bedrooms: 3, bathrooms: 1.5, sizeSqft: 1400, lotSqft: null, yearBuilt: null, lat: null, lng: null, features: ['porch'],
  description: 'Original woodwork.', status: 'available', photoUrl: '/api/inventory/u1/photos/p1', photos: [{ id: 'p1', url: '/api/inventory/u1/photos/p1', contentType: 'image/png', sizeBytes: 10 }],
  createdAt: '2026-12-01T00:00:00Z', updatedAt: '2026-12-01T00:00:00Z',
};
const MATCH = { leadId: 'l1', name: 'Ana Buyer', stage: 'qualified', score: 72, fit: 3, why: ['within budget'] };

describe('UnitPage', () => {
  let http: HttpTestingController;

  async function render() {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(UnitPage);
    fixture.componentRef.setInput('id', 'u1');
    await fixture.whenStable();
    http.expectOne('/api/inventory/u1').flush(UNIT);
    http.expectOne('/api/inventory/u1/matches').flush([MATCH]);
    await settle(fixture);
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }
  const settle = async (fixture: { whenStable(): Promise<unknown> }) => {
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
  };
  const button = (el: HTMLElement, text: string) => Array.from(el.querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent?.includes(text))!;

  afterEach(() => http.verify());

  it('shows the address and the photos', async () => {
    const { el } = await render();
    expect(el.querySelector('[data-testid="unit-address"]')?.textContent).toBe('4512 Fremont Ave N, Fremont, Seattle 98103');
    expect(el.querySelector<HTMLImageElement>('[data-testid="unit-photos"] img')?.getAttribute('src')).toBe('/api/inventory/u1/photos/p1');
  });

  it('sends the home to a lead through the messaging gate, with the address and price in the message', async () => {
    const { fixture, el } = await render();
    button(el, 'Send to Ana Buyer').click();
    await settle(fixture);
    const text = el.querySelector<HTMLTextAreaElement>('form.send textarea')!;
    expect(text.value).toContain('Craftsman bungalow, 4512 Fremont Ave N');
    expect(text.value).toContain('$725K');
    el.querySelector<HTMLButtonElement>('form.send button[type="submit"]')!.click();
    const req = http.expectOne('/api/leads/l1/outbound');
    expect(req.request.body).toMatchObject({ channel: 'email', subject: 'Craftsman bungalow' });
    expect(req.request.body.text).toContain('Hi Ana');
    req.flush({ decision: { allowed: true }, messages: [] });
    await settle(fixture);
    expect(el.querySelector('[role="status"]')?.textContent).toContain('Sent to Ana Buyer');
    expect(el.querySelector('form.send')).toBeNull();
  });

  it('books a viewing for a lead from the free times offered in their time zone', async () => {
    const { fixture, el } = await render();
    button(el, 'Book a viewing').click();
    await settle(fixture);
    http.expectOne((r) => r.url === '/api/leads/l1/viewing-slots' && r.params.get('unitId') === 'u1').flush({
      timezone: 'America/New_York',
      slots: [{ date: '2026-12-08', time: '10:30', local: 'Tue 8 Dec, 10:30', startsAt: '2026-12-08T15:30:00Z' }],
    });
    await settle(fixture);
    button(el, 'Tue 8 Dec, 10:30').click();
    const req = http.expectOne('/api/leads/l1/viewings');
    expect(req.request.body).toEqual({ unitId: 'u1', date: '2026-12-08', time: '10:30' });
    req.flush({ id: 'v1', leadId: 'l1', unitId: 'u1', startsAt: '2026-12-08T15:30:00Z', local: 'Tue 8 Dec, 10:30', timezone: 'America/New_York' });
    await settle(fixture);
    expect(el.querySelector('[role="status"]')?.textContent).toContain('Viewing booked for Ana Buyer: Tue 8 Dec, 10:30');
  });
});
