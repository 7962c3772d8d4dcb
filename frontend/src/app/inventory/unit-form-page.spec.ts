import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { UnitFormPage } from './unit-form-page';

const SAVED = {
  id: 'u1', ref: 'SEA-1042', title: 'Craftsman bungalow', street: '4512 Fremont Ave N', area: 'Fremont', city: 'Seattle', zip: '98103', type: 'house', purpose: 'sale',
  price: 725000, currency: 'USD', bedrooms: 3, bathrooms: 1.5, sizeSqft: 1400, lotSqft: null, yearBuilt: null, lat: null, lng: null, features: ['porch', 'garage'],
  description: 'Original woodwork.', status: 'available', photoUrl: null, photos: [], createdAt: '2026-12-01T00:00:00Z', updatedAt: '2026-12-01T00:00:00Z',
};

describe('UnitFormPage', () => {
  let http: HttpTestingController;

  async function render(id?: string) {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(UnitFormPage);
    if (id) fixture.componentRef.setInput('id', id);
    await fixture.whenStable();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }
  const settle = async (fixture: { whenStable(): Promise<unknown> }) => {
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
  };
  const type = (el: HTMLElement, name: string, value: string) => {
    const input = el.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[formcontrolname="${name}"]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
  };
  const submit = (el: HTMLElement) => el.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();

  afterEach(() => http.verify());

  it('speaks a broker’s language: no field code names on the form', async () => {
    const { el } = await render();
    const labels = Array.from(el.querySelectorAll('mat-label, legend')).map((l) => l.textContent?.trim());
    expect(labels).toEqual(expect.arrayContaining(['Headline', 'Listing reference', 'Street address', 'Neighbourhood', 'ZIP code', 'Asking price', 'Bedrooms', 'Size (sq ft)', 'Features', 'Status']));
    expect(el.textContent).not.toMatch(/sizeSqft|street\b|zip\b|under_offer/);
  });

  it('adds a listing: the address, price, features as a list, and the status go to the server; then the listing opens', async () => {
    const { fixture, el } = await render();
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    type(el, 'title', 'Craftsman bungalow');
    type(el, 'ref', 'SEA-1042');
    type(el, 'street', '4512 Fremont Ave N');
    type(el, 'area', 'Fremont');
    type(el, 'city', 'Seattle');
    type(el, 'zip', '98103');
    type(el, 'price', '725000');
    type(el, 'bedrooms', '3');
    type(el, 'bathrooms', '1.5');
    type(el, 'sizeSqft', '1400');
    type(el, 'features', 'porch,  garage, ');
    type(el, 'description', 'Original woodwork.');
    submit(el);
    const req = http.expectOne('/api/inventory');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({
      ref: 'SEA-1042', title: 'Craftsman bungalow', street: '4512 Fremont Ave N', area: 'Fremont', city: 'Seattle', zip: '98103', type: 'house', purpose: 'sale',
      price: 725000, bedrooms: 3, bathrooms: 1.5, sizeSqft: 1400, features: ['porch', 'garage'], description: 'Original woodwork.', status: 'available',
    });
    req.flush(SAVED);
    await settle(fixture);
    expect(navigate).toHaveBeenCalledWith(['/inventory', 'u1']);
    // Reset after a save: no red "Required" on the emptied form.
    expect(el.querySelectorAll('mat-error').length).toBe(0);
  });

  it('sends nothing while the headline, city or price is missing, and says which', async () => {
    const { fixture, el } = await render();
    type(el, 'ref', 'SEA-1');
    submit(el);
    await settle(fixture);
    http.expectNone('/api/inventory');
    const errors = Array.from(el.querySelectorAll('mat-form-field'))
      .filter((f) => f.querySelector('mat-error'))
      .map((f) => f.querySelector('mat-label')?.textContent?.trim());
    expect(errors).toEqual(expect.arrayContaining(['Headline', 'City', 'Asking price', 'Bedrooms', 'Bathrooms']));
  });

  it('edits a listing: the form opens filled in, a status change is saved, and a refused field is named on the form', async () => {
    const { fixture, el } = await render('u1');
    http.expectOne('/api/inventory/u1').flush(SAVED);
    await settle(fixture);
    expect(el.querySelector<HTMLInputElement>('[formcontrolname="street"]')!.value).toBe('4512 Fremont Ave N');
    expect(el.querySelector<HTMLInputElement>('[formcontrolname="features"]')!.value).toBe('porch, garage');
    expect(el.querySelector('h1')?.textContent).toContain('Edit listing');
    const component = fixture.componentInstance as unknown as { form: { controls: { status: { setValue(v: string): void } } } };
    component.form.controls.status.setValue('under_offer');
    type(el, 'zip', 'ZZ');
    type(el, 'zip', '98103');
    submit(el);
    const req = http.expectOne('/api/inventory/u1');
    expect(req.request.method).toBe('PATCH');
    expect(req.request.body).toMatchObject({ status: 'under_offer', street: '4512 Fremont Ave N', price: 725000 });
    req.flush({ statusCode: 400, error: 'Bad Request', message: 'Invalid request', code: 'validation_failed', details: [{ field: 'zip', errors: ['zip must be 3–10 letters or digits'] }] }, { status: 400, statusText: 'Bad Request' });
    await settle(fixture);
    const zipField = Array.from(el.querySelectorAll('mat-form-field')).find((f) => f.querySelector('mat-label')?.textContent?.trim() === 'ZIP code');
    expect(zipField?.querySelector('mat-error')?.textContent).toContain('ZIP code must be 3–10 letters or digits');
  });
});
