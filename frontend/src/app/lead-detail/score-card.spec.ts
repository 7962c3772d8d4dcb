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
