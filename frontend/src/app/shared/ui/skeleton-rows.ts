import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** Grey placeholder rows while a list loads, so the page keeps its shape. */
@Component({
  selector: 'oh-skeleton-rows',
  template: `
    <div role="status" aria-live="polite" class="rows">
      <span class="sr-only">Loading…</span>
      @for (i of rows(); track i) {
        <div class="row" aria-hidden="true">
          <div class="skeleton a" [style.height.px]="height()"></div>
        </div>
      }
    </div>
  `,
  styles: `
    .rows { display: flex; flex-direction: column; gap: 8px; padding: 8px 0; }
    .a { width: 100%; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SkeletonRows {
  readonly count = input(8);
  readonly height = input(48);
  protected readonly rows = computed(() => Array.from({ length: this.count() }, (_, i) => i));
}
