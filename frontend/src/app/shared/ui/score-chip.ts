import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** A lead's 0–100 score as a small coloured badge: hot (70+), warm (40+), cold. */
@Component({
  selector: 'oh-score-chip',
  template: `<span class="chip" role="img" [class]="band()" [attr.aria-label]="'Score ' + score() + ' of 100, ' + band() + (manual() ? ', set by hand' : '')"
    ><span aria-hidden="true">{{ score() }}@if (manual()) {<span class="manual">✎</span>}</span></span
  >`,
  styles: `
    .chip { display: inline-flex; align-items: center; justify-content: center; min-width: 2.4em; padding: 2px 8px; border-radius: 12px; font: var(--mat-sys-label-large); }
    .hot { background: #ffdad4; color: #7a1a0a; }
    .warm { background: #fff0c2; color: #5c4200; }
    .cold { background: #dde3ea; color: #2c3a47; }
    .manual { margin-left: 2px; font-size: 0.85em; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ScoreChip {
  readonly score = input.required<number>();
  readonly manual = input(false);
  protected readonly band = computed(() => (this.score() >= 70 ? 'hot' : this.score() >= 40 ? 'warm' : 'cold'));
}
