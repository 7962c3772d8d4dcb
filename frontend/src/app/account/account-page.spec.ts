import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { AuthStore } from '../core/auth-store';
import { AccountPage } from './account-page';

describe('AccountPage', () => {
  let http: HttpTestingController;

  async function render(current: string, next: string, again = next) {
    localStorage.clear();
    localStorage.setItem('openhouse.token', 'old-token');
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(AccountPage);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const inputs = el.querySelectorAll<HTMLInputElement>('input[type="password"]');
    [current, next, again].forEach((value, i) => {
      inputs[i].value = value;
      inputs[i].dispatchEvent(new Event('input'));
      inputs[i].dispatchEvent(new Event('blur'));
    });
    el.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await fixture.whenStable();
    return { fixture, el };
  }

  const settle = async (fixture: { whenStable(): Promise<unknown> }) => {
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
  };

  it('changes the password and keeps this session on the new token', async () => {
    const { fixture, el } = await render('old-password-1', 'new-password-2');
    const req = http.expectOne('/api/auth/password');
    expect(req.request.body).toEqual({ currentPassword: 'old-password-1', newPassword: 'new-password-2' });
    req.flush({ accessToken: 'new-token', expiresIn: 3600, user: { id: 'u1', email: 'maria@brokerage.test', name: 'Maria Lopez', role: 'agent', active: true, createdAt: '2026-12-01T00:00:00Z', via: 'jwt' } });
    await settle(fixture);
    expect(TestBed.inject(AuthStore).token()).toBe('new-token');
    expect(localStorage.getItem('openhouse.token')).toBe('new-token');
    expect(el.querySelector('[role="status"]')?.textContent).toContain('Password changed');
  });

  it('shows the server’s message when the current password is wrong, and keeps the old token', async () => {
    const { fixture, el } = await render('not-it', 'new-password-2');
    http.expectOne('/api/auth/password').flush({ statusCode: 400, error: 'Bad Request', message: 'The current password is wrong', code: 'wrong_password' }, { status: 400, statusText: 'Bad Request' });
    await settle(fixture);
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('The current password is wrong');
    expect(TestBed.inject(AuthStore).token()).toBe('old-token');
  });

  it('sends nothing when the two new passwords differ or the new one is short', async () => {
    const { fixture, el } = await render('old-password-1', 'new-password-2', 'new-password-3');
    await settle(fixture);
    http.expectNone('/api/auth/password');
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('The two new passwords differ');
    TestBed.resetTestingModule();
    await render('old-password-1', 'short');
    http.expectNone('/api/auth/password');
  });

  it('turns on two-step sign-in: shows the setup key, takes a code, then shows the recovery codes once', async () => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(AccountPage);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const card = () => el.querySelector<HTMLElement>('[data-testid="two-factor"]')!;
    expect(card().textContent).toContain('Two-step sign-in is off');
    [...card().querySelectorAll('button')].find((b) => b.textContent?.includes('Set up two-step sign-in'))!.click();
    http.expectOne('/api/auth/two-factor/setup').flush({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/Openhouse:maria?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
    await settle(fixture);
    expect(el.querySelector('[data-testid="setup-key"]')?.textContent).toContain('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    const code = el.querySelector<HTMLInputElement>('[data-testid="setup-code"]')!;
    code.value = '123 456';
    code.dispatchEvent(new Event('input'));
    card().querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const req = http.expectOne('/api/auth/two-factor/enable');
    expect(req.request.body).toEqual({ code: '123456' });
    req.flush({ recoveryCodes: ['aaaaa-11111', 'bbbbb-22222'] });
    await settle(fixture);
    expect(card().textContent).toContain('aaaaa-11111');
    expect(card().textContent).toContain('shown only now');
    expect(el.querySelector('[data-testid="setup-key"]')).toBeNull();
  });
});
