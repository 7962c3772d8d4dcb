import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, input, signal } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import type { LeadStage } from '../../api/models/lead-stage';
import type { SlaClockDto } from '../../api/models/sla-clock-dto';
import { durationWords, overdueWords } from './duration-words';

/** What a lead in each stage should get to next, as a broker says it ("Viewing due in 2 days"). */
const NEXT_STEP: Record<string, string> = { new: 'First contact', contacted: 'Qualifying', qualified: 'Viewing', viewing: 'Offer', offer: 'Deal' };

/** The words of an SLA clock at `now`: "Reply due in 4 min", "Overdue by 12 min", "Viewing due in 2 days", "Viewing overdue by 3 h". */
export function slaClockWords(sla: SlaClockDto, stage: LeadStage, now: number): { text: string; overdue: boolean } {
  const left = (Date.parse(sla.dueAt) - now) / 1000;
  const what = sla.kind === 'reply' ? 'Reply' : (NEXT_STEP[stage] ?? 'Next step');
  if (left > 0) return { text: `${what} due in ${durationWords(Math.max(60, left))}`, overdue: false };
  return { text: sla.kind === 'reply' ? `Overdue by ${overdueWords(-left)}` : `${what} overdue by ${overdueWords(-left)}`, overdue: true };
}

/** A lead's SLA clock (inbox rows, board cards, the lead page), from the `sla` field the API returns; it ticks every 30 s. */
@Component({
  selector: 'oh-sla-clock',
  imports: [MatIconModule],
  template: `
    @if (words(); as w) {
      <span class="flag" [class.overdue]="w.overdue" [attr.data-kind]="sla()?.kind" data-testid="sla-clock"><mat-icon aria-hidden="true">{{ w.overdue ? 'alarm' : 'schedule' }}</mat-icon>{{ w.text }}</span>
    }
  `,
  styles: `
    .flag { display: inline-flex; align-items: center; gap: 2px; font: var(--mat-sys-label-medium); padding: 2px 6px; border-radius: 10px; background: #dbe6ff; color: #0b2a6b; }
    .flag mat-icon { font-size: 16px; width: 16px; height: 16px; }
    .overdue { background: #ffdad6; color: #7a0010; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SlaClock {
  readonly sla = input.required<SlaClockDto | null | undefined>();
  readonly stage = input.required<LeadStage>();
  private readonly now = signal(Date.now());
  protected readonly words = computed(() => {
    const sla = this.sla();
    return sla ? slaClockWords(sla, this.stage(), this.now()) : null;
  });

  constructor() {
    const tick = setInterval(() => this.now.set(Date.now()), 30_000);
    inject(DestroyRef).onDestroy(() => clearInterval(tick));
  }
}
