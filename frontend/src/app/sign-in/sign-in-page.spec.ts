import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { SignInPage } from './sign-in-page';

describe('SignInPage', () => {
  let http: HttpTestingController;

  async function render() {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: '**', children: [] }])] });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(SignInPage);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const type = (selector: string, value: string) => {
      const input = el.querySelector<HTMLInputElement>(selector)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    type('input[type="email"]', 'maria@brokerage.test');
    type('input[type="password"]', 'wrong-password');
    el.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    return { fixture, el };
  }

  it('shows the server’s message when sign-in fails', async () => {
    const { fixture, el } = await render();
    const req = http.expectOne('/api/auth/login');
    expect(req.request.body).toEqual({ email: 'maria@brokerage.test', password: 'wrong-password' });
    req.flush({ statusCode: 401, error: 'Unauthorized', message: 'Wrong email or password' }, { status: 401, statusText: 'Unauthorized' });
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('Wrong email or password');
  });

  it('keeps the token and opens the inbox after signing in', async () => {
    const { fixture } = await render();
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl');
    http.expectOne('/api/auth/login').flush({ accessToken: 'tok-123', expiresIn: 3600, user: { id: 'u1', email: 'maria@brokerage.test', name: 'Maria', role: 'agent', active: true, createdAt: '', via: 'jwt' } });
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
    expect(localStorage.getItem('openhouse.token')).toBe('tok-123');
    expect(navigate).toHaveBeenCalledWith('/inbox', { replaceUrl: true });
  });

  it('asks for the authenticator code when the account has two-step sign-in, and signs in only after it', async () => {
    const { fixture, el } = await render();
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl');
    http.expectOne('/api/auth/login').flush({ twoFactorRequired: true, challengeToken: 'challenge-1' });
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
    expect(localStorage.getItem('openhouse.token')).toBeNull();
    expect(navigate).not.toHaveBeenCalled();
    expect(el.textContent).toContain('Enter the 6-digit code from your authenticator app');
    const code = el.querySelector<HTMLInputElement>('[data-testid="sign-in-code"]')!;
    code.value = '123456';
    code.dispatchEvent(new Event('input'));
    el.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const req = http.expectOne('/api/auth/login/code');
    expect(req.request.body).toEqual({ challengeToken: 'challenge-1', code: '123456' });
    req.flush({ accessToken: 'tok-2fa', expiresIn: 3600, user: { id: 'u1', email: 'maria@brokerage.test', name: 'Maria', role: 'agent', active: true, createdAt: '', via: 'jwt' } });
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
    expect(localStorage.getItem('openhouse.token')).toBe('tok-2fa');
    expect(navigate).toHaveBeenCalledWith('/inbox', { replaceUrl: true });
  });
});
