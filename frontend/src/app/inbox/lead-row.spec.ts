import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { lead } from './lead-fixture';
import { LeadRow } from './lead-row';

describe('LeadRow', () => {
  async function render(overrides: Parameters<typeof lead>[0]) {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(LeadRow);
    fixture.componentRef.setInput('lead', lead(overrides));
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('shows who, the score, the stage and links to the lead', async () => {
    const el = await render({ id: 'abc', name: 'Ada Lovelace', score: 81, stage: 'qualified', assignee: { id: 'u', name: 'Maria Lopez' } });
    expect(el.textContent).toContain('Ada Lovelace');
    expect(el.querySelector('[aria-label^="Score 81"]')).not.toBeNull();
    expect(el.textContent).toContain('Qualified');
    expect(el.textContent).toContain('Maria Lopez');
    expect(el.querySelector('a')?.getAttribute('href')).toBe('/leads/abc');
  });

  it('flags a lead that waits for a reply, and an overdue one more loudly', async () => {
    const waiting = await render({ needsReply: true, overdue: false });
    expect(waiting.querySelector('[data-testid="needs-reply"]')?.textContent).toContain('Needs reply');
    TestBed.resetTestingModule();
    const late = await render({ needsReply: true, overdue: true, overdueSeconds: 25 * 60 });
    expect(late.querySelector('[data-testid="overdue"]')?.textContent).toContain('Overdue by 25 min');
    expect(late.querySelector('[data-testid="needs-reply"]')).toBeNull();
    TestBed.resetTestingModule();
    const answered = await render({ needsReply: false, overdue: false });
    expect(answered.querySelector('[data-testid="needs-reply"], [data-testid="overdue"]')).toBeNull();
  });
});
