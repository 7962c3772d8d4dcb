import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { SubscriptionDto } from '../api/models/subscription-dto';
import { EventNotificationsPage } from './event-notifications-page';

const LIST = '/api/admin/integrations/subscriptions';

function subscription(over: Partial<SubscriptionDto>): SubscriptionDto {
  return {
    id: 's1',
    name: 'Zapier sheet',
    url: 'https://hooks.zapier.com/hooks/catch/1/abc/',
    events: ['lead.created'],
    allowPrivate: false,
    enabled: true,
    consecutiveFailures: 0,
    disabledAt: null,
    disabledReason: null,
    delivered24h: 12,
    failing: 0,
    createdAt: '2026-12-01T10:00:00Z',
    ...over,
  };
}

describe('EventNotificationsPage', () => {
  let http: HttpTestingController;

  const settle = async (fixture: { whenStable(): Promise<unknown>; detectChanges(): void }) => {
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
    fixture.detectChanges();
  };

  async function render(list: SubscriptionDto[]) {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(EventNotificationsPage);
    fixture.detectChanges();
    http.expectOne(LIST).flush(list);
    await settle(fixture);
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }

  const button = (el: HTMLElement, text: string, within: ParentNode = el) => [...within.querySelectorAll('button')].find((b) => b.textContent?.trim() === text) as HTMLButtonElement;

  const words = (e: Element) => (e.textContent ?? '').replace(/\s+/g, ' ');

  afterEach(() => http.verify());

  it('shows each receiving system in words, and a notice for one turned off because it kept failing; turning it back on asks the server', async () => {
    const failing = subscription({ id: 's2', name: 'Old website', events: ['lead.stage_changed', 'viewing.booked'], enabled: false, disabledAt: new Date(Date.now() - 3_600_000).toISOString(), disabledReason: 'Turned off after 20 failed deliveries in a row; the last: The receiver answered 500', failing: 4 });
    const { fixture, el } = await render([subscription({}), failing]);
    const text = el.textContent ?? '';
    expect(text).toContain('A new lead arrives');
    expect(text).toContain('A lead moves to another stage · A viewing is booked');
    expect(text).not.toMatch(/lead\.created|stage_changed|viewing\.booked/);
    const notice = el.querySelector('[data-testid="turned-off-notice"]') as HTMLElement;
    expect(notice.textContent).toContain('Old website was turned off');
    expect(notice.textContent).toContain('The receiver answered 500');

    button(el, 'Turn back on', notice).click();
    const req = http.expectOne(`${LIST}/s2`);
    expect(req.request.method).toBe('PATCH');
    expect(req.request.body).toEqual({ enabled: true });
    req.flush({ ...failing, enabled: true, disabledAt: null, disabledReason: null });
    await settle(fixture);
    expect(el.querySelector('[data-testid="turned-off-notice"]')).toBeNull();
  });

  it('adds a receiver for the events ticked and shows its signing secret once', async () => {
    const { fixture, el } = await render([]);
    expect(el.querySelector('[data-testid="none"]')).not.toBeNull();
    const [name, url] = [...el.querySelectorAll<HTMLInputElement>('form input[matInput], form input.mat-mdc-input-element')];
    name.value = 'Zapier sheet';
    name.dispatchEvent(new Event('input'));
    url.value = 'https://hooks.zapier.com/hooks/catch/1/abc/';
    url.dispatchEvent(new Event('input'));
    const boxes = [...el.querySelectorAll<HTMLElement>('mat-checkbox')];
    boxes.find((b) => b.textContent?.includes('A new lead arrives'))!.querySelector('input')!.click();
    boxes.find((b) => b.textContent?.includes('A lead sends us a message'))!.querySelector('input')!.click();
    await settle(fixture);
    button(el, 'Start sending').click();
    const req = http.expectOne(LIST);
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ name: 'Zapier sheet', url: 'https://hooks.zapier.com/hooks/catch/1/abc/', events: ['lead.created', 'message.received'], allowPrivate: false });
    req.flush({ ...subscription({ events: ['lead.created', 'message.received'] }), secret: 'whsec_c2VjcmV0LXNob3duLW9uY2U=' });
    await settle(fixture);
    expect(el.querySelector('[data-testid="new-secret"]')?.textContent).toBe('whsec_c2VjcmV0LXNob3duLW9uY2U=');
    expect(el.querySelector('[data-testid="subscriptions"]')?.textContent).toContain('Zapier sheet');
    button(el, 'Done').click();
    await settle(fixture);
    expect(el.textContent).not.toContain('whsec_');
  });

  it('sends nothing until at least one event is ticked', async () => {
    const { fixture, el } = await render([]);
    const [name, url] = [...el.querySelectorAll<HTMLInputElement>('form input.mat-mdc-input-element')];
    name.value = 'Nothing picked';
    name.dispatchEvent(new Event('input'));
    url.value = 'https://example.com/hook';
    url.dispatchEvent(new Event('input'));
    button(el, 'Start sending').click();
    await settle(fixture);
    http.expectNone(LIST);
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('Pick at least one thing to tell it about');
  });

  it('lists recent notifications with what became of each, and sends one again', async () => {
    const { fixture, el } = await render([subscription({ failing: 1 })]);
    button(el, 'Recent notifications').click();
    http.expectOne((r) => r.url === `${LIST}/s1/deliveries`).flush([
      { id: 'd1', eventId: 'evt_1', eventType: 'lead.created', occurredAt: new Date().toISOString(), status: 'retrying', attempts: 3, lastStatusCode: 500, lastError: 'The receiver answered 500', deliveredAt: null, updatedAt: new Date().toISOString() },
      { id: 'd2', eventId: 'evt_2', eventType: 'lead.created', occurredAt: new Date().toISOString(), status: 'delivered', attempts: 1, lastStatusCode: 200, lastError: null, deliveredAt: new Date().toISOString(), updatedAt: new Date().toISOString() },
    ]);
    await settle(fixture);
    const rows = [...el.querySelectorAll<HTMLElement>('[data-testid="delivery"]')];
    expect(words(rows[0])).toContain('Not received yet: will try again · tried 3 times · The receiver answered 500');
    expect(words(rows[1])).toContain('Received · tried 1 time');
    button(el, 'What happened', rows[0]).click();
    http.expectOne('/api/admin/integrations/deliveries/d1/attempts').flush([
      { id: 'a2', attemptedAt: new Date().toISOString(), ok: false, statusCode: null, error: 'No answer within 10000 ms', latencyMs: 10002, responseExcerpt: null, manual: false },
      { id: 'a1', attemptedAt: new Date().toISOString(), ok: false, statusCode: 500, error: 'The receiver answered 500', latencyMs: 41, responseExcerpt: '{"error":"database down"}', manual: false },
    ]);
    await settle(fixture);
    const log = words(rows[0].querySelector('[data-testid="attempts"]')!);
    expect(log).toContain('No answer within 10000 ms, in 10002 ms');
    expect(log).toContain('refused (answered 500), in 41 ms');
    expect(log).toContain('{"error":"database down"}');
    button(el, 'Send again', rows[0]).click();
    const req = http.expectOne(`/api/admin/integrations/deliveries/d1/resend`);
    expect(req.request.method).toBe('POST');
    req.flush({ queued: true }, { status: 202, statusText: 'Accepted' });
    await settle(fixture);
  });
});
