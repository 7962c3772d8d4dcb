import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { SentMailDto } from '../api/models/sent-mail-dto';
import { SentMailPage } from './sent-mail-page';

const mail = (over: Partial<SentMailDto>): SentMailDto => ({
  id: 'm1', leadId: 'lead-1', leadName: 'Dana Reyes', to: 'dana@example.com', subject: 'Re: The Ballard condo', text: 'Yes, it is!\nSaturday at 10?',
  authorName: 'Lena Lister', status: 'sent', deliveryError: null, attempts: 1, messageId: '<k@openhouse.local>', sentAt: '2026-12-04T18:00:00Z', createdAt: '2026-12-04T18:00:00Z', ...over,
});

describe('SentMailPage (Admin → Sent mail)', () => {
  let http: HttpTestingController;

  async function render(page: { items: SentMailDto[]; mailServer: boolean; nextBefore?: string | null }) {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(SentMailPage);
    fixture.detectChanges();
    http.expectOne((r) => r.url === '/api/admin/sent-mail').flush({ nextBefore: null, ...page });
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }
  afterEach(() => http.verify());

  it('lists each mail with its subject, who it went to, who wrote it and what became of it, in words', async () => {
    const { el } = await render({
      mailServer: true,
      items: [mail({}), mail({ id: 'm2', subject: 'The loft on Pike', to: 'sam@example.com', leadName: 'Sam Park', authorName: null, status: 'queued', attempts: 3, deliveryError: 'The mail server could not be reached (connect ECONNREFUSED)', sentAt: null })],
    });
    const rows = Array.from(el.querySelectorAll('[data-testid="mail"]'));
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('Re: The Ballard condo');
    expect(rows[0].textContent).toContain('To Dana Reyes <dana@example.com> · by Lena Lister');
    expect(rows[0].querySelector('[data-testid="mail-state"]')?.textContent?.trim()).toBe('Sent');
    expect(rows[0].querySelector('[data-testid="mail-body"]')?.textContent).toBe('Yes, it is!\nSaturday at 10?');
    expect(rows[1].querySelector('[data-testid="mail-state"]')?.textContent?.trim()).toBe('Waiting to send');
    expect(rows[1].textContent).toContain('by the assistant');
    expect(rows[1].textContent).toContain('Last try 3 times: The mail server could not be reached');
    expect(el.querySelector('[data-testid="no-mail-server"]')).toBeNull();
  });

  it('says plainly that mails are kept, not sent, when no mail server is set up', async () => {
    const { el } = await render({ mailServer: false, items: [mail({ status: 'kept', sentAt: null })] });
    expect(el.querySelector('[data-testid="no-mail-server"]')?.textContent).toContain('emails are kept here and not sent');
    expect(el.querySelector('[data-testid="mail-state"]')?.textContent?.trim()).toBe('Kept here, not sent');
  });

  it('filters by state through the API', async () => {
    const { fixture, el } = await render({ mailServer: true, items: [mail({})] });
    const toggles = Array.from(el.querySelectorAll<HTMLButtonElement>('[data-testid="mail-filter"] button'));
    toggles.find((b) => b.textContent?.trim() === 'Not delivered')!.click();
    fixture.detectChanges();
    const req = http.expectOne((r) => r.url === '/api/admin/sent-mail');
    expect(req.request.params.get('status')).toBe('failed');
    req.flush({ items: [], nextBefore: null, mailServer: true });
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="no-mail"]')?.textContent).toContain('No email here yet');
  });
});
