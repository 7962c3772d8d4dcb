import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { UnitCard, UnitCardData } from './unit-card';

describe('UnitCard', () => {
  async function render(unit: UnitCardData) {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(UnitCard);
    fixture.componentRef.setInput('unit', unit);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('shows price, rooms, a link to the unit and why it came up', async () => {
    const el = await render({ id: 'u1', title: 'Craftsman near Green Lake', price: 915000, currency: 'USD', bedrooms: 3, bathrooms: 1.75, city: 'Seattle', area: 'Green Lake', sizeSqft: 1890, why: ['3+ bedrooms', 'Mentions “lake”'] });
    expect(el.textContent).toContain('$915,000');
    expect(el.textContent).toContain('3 bd');
    expect(el.textContent).toContain('1.8 ba');
    expect(el.textContent).toContain('1,890 sqft');
    expect(el.textContent).toContain('Green Lake, Seattle');
    expect(el.querySelector('a')?.getAttribute('href')).toBe('/inventory/u1');
    expect(Array.from(el.querySelectorAll('[aria-label="Why it matches"] li')).map((li) => li.textContent)).toEqual(['3+ bedrooms', 'Mentions “lake”']);
  });

  it('does not repeat the place when the title already names it', async () => {
    const el = await render({ id: 'u2', title: '2-bed condo in Ballard, Seattle', price: 500000, currency: 'USD', bedrooms: 2, bathrooms: 1, city: 'Seattle', area: 'Ballard', why: [] });
    expect(el.querySelector('mat-card-subtitle')).toBeNull();
    expect(el.querySelector('[aria-label="Why it matches"]')).toBeNull();
  });

  it('tells apart two cards with the same headline by street and price, and shows the cover photo when there is one', async () => {
    const base = { title: 'Craftsman bungalow', currency: 'USD', bedrooms: 3, bathrooms: 1, city: 'Seattle', area: 'Fremont', why: [] };
    const a = await render({ ...base, id: 'a', price: 725000, street: '4512 Fremont Ave N', photoUrl: '/api/inventory/a/photos/p1' });
    TestBed.resetTestingModule();
    const b = await render({ ...base, id: 'b', price: 689000, street: '310 N 36th St' });
    expect(a.querySelector('[data-testid="unit-card-address"]')?.textContent).toBe('4512 Fremont Ave N · Fremont, Seattle');
    expect(b.querySelector('[data-testid="unit-card-address"]')?.textContent).toBe('310 N 36th St · Fremont, Seattle');
    expect(a.textContent).toContain('$725,000');
    expect(b.textContent).toContain('$689,000');
    expect(a.querySelector<HTMLImageElement>('[data-testid="unit-card-photo"]')?.getAttribute('src')).toBe('/api/inventory/a/photos/p1');
    expect(b.querySelector('[data-testid="unit-card-photo"]')).toBeNull();
  });
});
