import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';

/** What to show when there is nothing to show, and what to do about it (projected content). */
@Component({
  selector: 'oh-empty-state',
  imports: [MatIconModule],
  template: `
    <div class="empty" role="status">
      <mat-icon aria-hidden="true">{{ icon() }}</mat-icon>
      <p class="title">{{ title() }}</p>
      <ng-content />
    </div>
  `,
  styles: `
    .empty { display: flex; flex-direction: column; align-items: center; gap: 8px; padding: 32px 16px; text-align: center; color: var(--mat-sys-on-surface-variant); }
    mat-icon { font-size: 40px; width: 40px; height: 40px; }
    .title { font: var(--mat-sys-title-medium); margin: 0; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EmptyState {
  readonly icon = input('inbox');
  readonly title = input.required<string>();
}
