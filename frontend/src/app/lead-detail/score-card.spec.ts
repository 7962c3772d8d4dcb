import { TestBed } from '@angular/core/testing';
import { QualifyLeadDto } from '../api/models/qualify-lead-dto';
import { leadDetail } from './lead-fixture';
import { ScoreCard } from './score-card';

describe('ScoreCard', () => {
  async function render() {
    const fixture = TestBed.createComponent(ScoreCard);
    fixture.componentRef.setInput('lead', leadDetail());
    const emitted: QualifyLeadDto[] = [];
    fixture.componentInstance.qualify.subscribe((q) => emitted.push(q));
    await fixture.whenStable();
    return { fixture, el: fixture.nativeElement as HTMLElement, emitted };
  }
  const button = (el: HTMLElement, text: string) => Array.from(el.querySelectorAll('button')).find((b) => b.textContent?.includes(text))!;

  it('keeps the factor breakdown beside a score set by hand, in words', async () => {
    const fixture = TestBed.createComponent(ScoreCard);
    const autoRow = { id: 'q2', score: 57, breakdown: [{ factor: 'inventoryFit', points: 7, max: 10, reason: '12 homes fit' }], status: 'unqualified' as const, source: 'auto' as const, weightsVersion: 'v1', author: null, reason: 'not applied: manual override in force', createdAt: '2026-11-26T10:00:00Z' };
    const manualRow = { ...autoRow, id: 'q3', score: 90, source: 'manual' as const, breakdown: [{ factor: 'manual', points: 90, max: 100, reason: 'Met in person' }], author: { id: 'u1', name: 'Maria' }, reason: 'Met in person' };
    fixture.componentRef.setInput('lead', leadDetail({ score: 90, scoreSource: 'manual', scoreBreakdown: manualRow.breakdown, qualifications: [manualRow, autoRow] }));
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="automatic-score"]')?.textContent).toContain('57');
    const factors = el.querySelector('[data-testid="score-factors"]')!.textContent;
    expect(factors).toContain('Homes we have that fit');
    expect(factors).toContain('7 / 10');
    expect(factors).not.toContain('inventoryFit');
  });

  it('shows each factor with its points and reason', async () => {
    const { el } = await render();
    expect(el.textContent).toContain('20 / 20');
    expect(el.textContent).toContain('Budget fits 40 listings');
    expect(el.textContent).toContain('5 / 15');
  });

  it('will not override without a reason, then sends score and reason', async () => {
    const { fixture, el, emitted } = await render();
    button(el, 'Override score').click();
    await fixture.whenStable();
    const score = el.querySelector<HTMLInputElement>('[data-testid="override-score"]')!;
    score.value = '88';
    score.dispatchEvent(new Event('input'));
    button(el, 'Save override').click();
    await fixture.whenStable();
    expect(emitted).toEqual([]);
    expect(el.textContent).toContain('Say why');

    const reason = el.querySelector<HTMLTextAreaElement>('[data-testid="override-reason"]')!;
    reason.value = 'Met in person, ready to buy';
    reason.dispatchEvent(new Event('input'));
    button(el, 'Save override').click();
    expect(emitted).toEqual([{ score: 88, reason: 'Met in person, ready to buy' }]);
  });
});
