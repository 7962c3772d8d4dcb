import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { InboxPage } from './inbox-page';
import { lead } from './lead-fixture';

/** Lets the store's promise chain finish, then the view render. */
async function settle(fixture: { whenStable(): Promise<unknown> }) {
  await new Promise((r) => setTimeout(r));
  await fixture.whenStable();
}

describe('InboxPage', () => {
  let http: HttpTestingController;

  async function render() {
    // Dialogs close at once (no exit animation to wait for).
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }] });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(InboxPage);
    await fixture.whenStable();
    http.expectOne('/api/views').flush([{ id: 'v1', name: 'Hot leads', filters: { scoreMin: 70 }, createdAt: '2026-11-26T10:00:00Z' }]);
    return fixture;
  }

  it('shows loading placeholders, then the leads and the saved views', async () => {
    const fixture = await render();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('oh-skeleton-rows')).not.toBeNull();
    http.expectOne((r) => r.url === '/api/leads').flush({ items: [lead({ name: 'Ada' }), lead({ name: 'Linus' })], total: 2, totalExact: true, page: 1, pageSize: 50 });
    await settle(fixture);
    expect(el.querySelectorAll('[data-testid="lead-row"]').length).toBe(2);
    expect(el.querySelector('[data-testid="lead-count"]')?.textContent).toContain('2 leads');
    expect(el.textContent).toContain('Hot leads');
    expect(el.querySelector('oh-skeleton-rows')).toBeNull();
  });

  it('says so when nothing matches', async () => {
    const fixture = await render();
    http.expectOne((r) => r.url === '/api/leads').flush({ items: [], total: 0, totalExact: true, page: 1, pageSize: 50 });
    await settle(fixture);
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('No leads match these filters');
  });

  it('shows the server error with a retry that asks again', async () => {
    const fixture = await render();
    const el = fixture.nativeElement as HTMLElement;
    http.expectOne((r) => r.url === '/api/leads').flush({ statusCode: 503, error: 'Service Unavailable', message: 'Database is starting, try again in a moment' }, { status: 503, statusText: 'Service Unavailable' });
    await settle(fixture);
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('Database is starting, try again in a moment');
    const retry = Array.from(el.querySelectorAll('button')).find((b) => b.textContent?.includes('Retry'))!;
    retry.click();
    http.expectOne((r) => r.url === '/api/leads').flush({ items: [lead({ name: 'Back again' })], total: 1, totalExact: true, page: 1, pageSize: 50 });
    await settle(fixture);
    expect(el.textContent).toContain('Back again');
    expect(el.querySelector('[role="alert"]')).toBeNull();
  });

  it('reassigns the ticked leads to one person after a confirm, all at once', async () => {
    const fixture = await render();
    const el = fixture.nativeElement as HTMLElement;
    http.expectOne((r) => r.url === '/api/leads').flush({ items: [lead({ id: 'l1', name: 'Ada' }), lead({ id: 'l2', name: 'Linus' }), lead({ id: 'l3', name: 'Grace' })], total: 3, totalExact: true, page: 1, pageSize: 50 });
    await settle(fixture);
    expect(el.querySelector('[data-testid="bulk-bar"]')).toBeNull();
    const tick = (id: string) => el.querySelector<HTMLInputElement>(`[data-testid="select-${id}"] input`)!.click();
    tick('l1');
    http.expectOne('/api/users/assignable').flush([{ id: 'u-nora', name: 'Nora North' }, { id: 'u-ned', name: 'Ned North' }]);
    tick('l3');
    await settle(fixture);
    expect(el.querySelector('[data-testid="bulk-bar"]')?.textContent).toContain('2 selected');

    el.querySelector<HTMLElement>('[data-testid="reassign-to"] .mat-mdc-select-trigger')!.click();
    await settle(fixture);
    [...document.querySelectorAll<HTMLElement>('mat-option')].find((o) => o.textContent?.includes('Nora North'))!.click();
    await settle(fixture);
    [...el.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Reassign')!.click();
    await settle(fixture);
    const dialog = document.querySelector<HTMLElement>('oh-confirm-dialog')!;
    expect(dialog.textContent).toContain('Hand 2 leads to Nora North?');
    dialog.querySelector<HTMLButtonElement>('[data-testid="confirm-button"]')!.click();
    await settle(fixture);
    const req = http.expectOne('/api/leads/reassign');
    expect(req.request.body).toEqual({ leadIds: ['l1', 'l3'], assigneeId: 'u-nora' });
    req.flush({ reassigned: 2 });
    await settle(fixture);
    // The inbox is asked again, and the selection is gone.
    http.expectOne((r) => r.url === '/api/leads').flush({ items: [lead({ id: 'l2', name: 'Linus' })], total: 1, totalExact: true, page: 1, pageSize: 50 });
    await settle(fixture);
    expect(el.querySelector('[data-testid="bulk-bar"]')).toBeNull();
    expect(document.body.textContent).toContain('Handed 2 leads to Nora North');
  });

  it('downloads the leads of the chosen saved view as a spreadsheet with the columns the inbox shows', async () => {
    const fixture = await render();
    const el = fixture.nativeElement as HTMLElement;
    http.expectOne((r) => r.url === '/api/leads').flush({ items: [lead({ name: 'Ada' })], total: 1, totalExact: true, page: 1, pageSize: 50 });
    await settle(fixture);
    [...el.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Hot leads')!.click();
    http.expectOne((r) => r.url === '/api/leads').flush({ items: [lead({ name: 'Ada' })], total: 1, totalExact: true, page: 1, pageSize: 50 });
    await settle(fixture);

    const made: Blob[] = [];
    const createUrl = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => { made.push(b as Blob); return 'blob:leads'; });
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked: HTMLAnchorElement[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) { clicked.push(this); });
    try {
      const button = el.querySelector<HTMLButtonElement>('[data-testid="export-leads"]')!;
      expect(button.textContent).toContain('Export');
      button.click();
      const req = http.expectOne((r) => r.url === '/api/leads/export');
      expect(req.request.params.get('scoreMin')).toBe('70');
      expect(req.request.params.get('viewId')).toBe('v1');
      expect(req.request.params.getAll('columns')).toEqual(['name', 'email', 'phone', 'stage', 'source', 'score', 'replyDue', 'assignee', 'lastActivity']);
      req.flush('Name,Email\r\nAda,ada@example.com\r\n', { headers: { 'Content-Disposition': 'attachment; filename="leads-2026-12-05.csv"' } });
      await settle(fixture);
      expect(clicked.map((a) => a.download)).toEqual(['leads-2026-12-05.csv']);
      expect(await made[0].text()).toContain('Ada,ada@example.com');
    } finally {
      createUrl.mockRestore();
      revoke.mockRestore();
      click.mockRestore();
    }
  });

  it('says so when the download fails', async () => {
    const fixture = await render();
    const el = fixture.nativeElement as HTMLElement;
    http.expectOne((r) => r.url === '/api/leads').flush({ items: [lead({ name: 'Ada' })], total: 1, totalExact: true, page: 1, pageSize: 50 });
    await settle(fixture);
    el.querySelector<HTMLButtonElement>('[data-testid="export-leads"]')!.click();
    http.expectOne((r) => r.url === '/api/leads/export').flush('boom', { status: 500, statusText: 'Server Error' });
    await settle(fixture);
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('Could not download the leads');
  });
});
