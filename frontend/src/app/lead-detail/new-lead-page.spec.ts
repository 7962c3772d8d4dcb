import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { NewLeadPage } from './new-lead-page';

/** Past the pause the form waits for after typing, then lets the view render. */
async function afterTyping(fixture: { whenStable(): Promise<unknown>; detectChanges(): void }) {
  await new Promise((r) => setTimeout(r, 350));
  await fixture.whenStable();
  fixture.detectChanges();
}

function type(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

describe('NewLeadPage duplicate warning', () => {
  let http: HttpTestingController;

  async function render() {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }] });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(NewLeadPage);
    await fixture.whenStable();
    return fixture;
  }

  it("says whose lead the email typed may be, with a link, before saving; and clears when the email changes", async () => {
    const fixture = await render();
    const el = fixture.nativeElement as HTMLElement;
    type(el.querySelector<HTMLInputElement>('[data-testid="new-lead-name"]')!, 'Pia P');
    type(el.querySelector<HTMLInputElement>('input[type="email"]')!, 'pia@exa');
    await afterTyping(fixture);
    http.expectNone((r) => r.url === '/api/leads/possible-duplicates'); // not an email yet

    type(el.querySelector<HTMLInputElement>('input[type="email"]')!, 'pia@example.com');
    await afterTyping(fixture);
    const req = http.expectOne((r) => r.url === '/api/leads/possible-duplicates');
    expect(req.request.params.get('email')).toBe('pia@example.com');
    expect(req.request.params.get('name')).toBe('Pia P');
    req.flush([{ leadId: 'l-pia', name: 'Pia Possible', assignee: { id: 'u1', name: 'Nora North' }, matchedOn: ['email'] }]);
    await afterTyping(fixture);
    const warning = el.querySelector('[data-testid="duplicate-warning"]')!;
    expect(warning.textContent).toContain("This may be Pia Possible's lead");
    expect(warning.textContent).toContain('same email, looked after by Nora North');
    expect(warning.querySelector('a')!.getAttribute('href')).toBe('/leads/l-pia');
    http.expectNone((r) => r.url === '/api/leads'); // nothing saved

    type(el.querySelector<HTMLInputElement>('input[type="email"]')!, '');
    await afterTyping(fixture);
    expect(el.querySelector('[data-testid="duplicate-warning"]')).toBeNull();
  });

  it('checks a phone number once enough digits are typed', async () => {
    const fixture = await render();
    const el = fixture.nativeElement as HTMLElement;
    type(el.querySelector<HTMLInputElement>('input[type="tel"]')!, '(206) 555-0101');
    await afterTyping(fixture);
    const req = http.expectOne((r) => r.url === '/api/leads/possible-duplicates');
    expect(req.request.params.get('phone')).toBe('(206) 555-0101');
    req.flush([]);
    await afterTyping(fixture);
    expect(el.querySelector('[data-testid="duplicate-warning"]')).toBeNull();
  });
});
