import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ViewingHoursCard } from './viewing-hours-card';

describe('ViewingHoursCard', () => {
  const settle = async (fixture: { whenStable(): Promise<unknown>; detectChanges(): void }) => {
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
  };

  async function render() {
    localStorage.setItem('openhouse.token', 'token');
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(ViewingHoursCard);
    await fixture.whenStable();
    http.expectOne('/api/viewings/availability').flush({ timezone: 'America/New_York', weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '10:00', end: '18:00' })), bufferMinutes: 20, custom: true });
    http.expectOne('/api/viewings/time-off').flush([{ id: 't1', startsAt: '2030-01-06T14:00:00Z', endsAt: '2030-01-06T20:00:00Z', note: 'Dentist' }]);
    http.expectOne('/api/viewings/feed').flush({ active: false });
    await settle(fixture);
    return { http, fixture, el: fixture.nativeElement as HTMLElement };
  }

  it('shows my working days in words and saves them as they are', async () => {
    const { http, fixture, el } = await render();
    expect(el.textContent).toContain('When you show homes');
    expect(el.textContent).toContain('Saturday');
    expect(el.textContent).toContain('Not showing homes');
    expect(el.textContent).toContain('Dentist');
    el.querySelector<HTMLButtonElement>('form button[type="submit"]')!.click();
    await settle(fixture);
    const req = http.expectOne((r) => r.method === 'PUT' && r.url === '/api/viewings/availability');
    expect(req.request.body).toEqual({ timezone: 'America/New_York', weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '10:00', end: '18:00' })), bufferMinutes: 20 });
    req.flush({ ...req.request.body, custom: true });
    await settle(fixture);
    expect(el.querySelector('[role="status"]')?.textContent).toContain('saved');
  });

  it('gives me a calendar address to subscribe to', async () => {
    const { http, fixture, el } = await render();
    const get = [...el.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.includes('Get my calendar address'))!;
    get.click();
    await settle(fixture);
    http.expectOne((r) => r.method === 'POST' && r.url === '/api/viewings/feed').flush({ path: '/api/public/calendars/abc.ics' });
    await settle(fixture);
    expect(el.querySelector('[data-testid="feed-url"]')?.textContent).toContain('/api/public/calendars/abc.ics');
  });
});
