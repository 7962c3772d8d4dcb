import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { NotificationBell } from './notification-bell';
import { NotificationsStore } from './notifications-store';

describe('NotificationBell', () => {
  const settle = async (fixture: { whenStable(): Promise<unknown> }) => {
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
  };
  const item = (id: string, text: string) => ({ id, kind: 'lead_assigned', leadId: 'l1', leadName: 'Ada', actorName: 'Sam', text, excerpt: '', createdAt: '2030-01-06T14:00:00Z', read: false });

  afterEach(() => TestBed.inject(NotificationsStore).stop());

  it('shows my unread count, raises it when one arrives live, and clears it on "Mark all read"', async () => {
    localStorage.setItem('openhouse.token', 'token');
    // The live stream is opened with fetch: here it never answers, and the test feeds events to the store as the stream would.
    vi.spyOn(globalThis, 'fetch').mockImplementation(() => new Promise(() => undefined));
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(NotificationBell);
    await fixture.whenStable();
    http.expectOne((r) => r.url === '/api/notifications').flush({ items: [item('n1', 'Sam assigned Ada to you')], unread: 1, nextCursor: null });
    await settle(fixture);
    const el = fixture.nativeElement as HTMLElement;
    const bell = () => el.querySelector<HTMLButtonElement>('[data-testid="notification-bell"]')!;
    expect(bell().getAttribute('aria-label')).toBe('1 unread notifications');
    expect(el.querySelector('.mat-badge-content')?.textContent).toBe('1');

    TestBed.inject(NotificationsStore).received({ notification: item('n2', 'New message from Ada') as never, unread: 2 });
    await settle(fixture);
    expect(el.querySelector('.mat-badge-content')?.textContent).toBe('2');

    bell().click();
    await settle(fixture);
    expect(document.body.textContent).toContain('New message from Ada');
    [...document.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.includes('Mark all read'))!.click();
    await settle(fixture);
    http.expectOne((r) => r.method === 'POST' && r.url === '/api/notifications/read-all').flush(null);
    await settle(fixture);
    expect(bell().getAttribute('aria-label')).toBe('Notifications');
  });
});
