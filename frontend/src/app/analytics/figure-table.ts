import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { FigureCard } from './figure-card';

/** One column of a figure's table: its heading and how a row's cell reads. */
export interface Column<T> {
  header: string;
  cell: (row: T) => string;
  /** Figures align right. */
  numeric?: boolean;
}

/** A figure's numbers as a plain table (scrolls sideways on a phone rather than the page). */
@Component({
  selector: 'oh-figure-table',
  template: `
    <!-- Focusable so a keyboard can scroll a table wider than a phone (not while only screen readers get it). -->
    <div [class.scroll]="onScreen()" [attr.tabindex]="onScreen() ? 0 : null" role="region" [attr.aria-label]="caption()">
      <table>
        <caption class="sr-only">{{ caption() }}</caption>
        <thead>
          <tr>
            @for (c of columns(); track c.header) {
              <th scope="col" [class.num]="c.numeric">{{ c.header }}</th>
            }
          </tr>
        </thead>
        <tbody>
          @for (r of rows(); track $index) {
            <tr>
              @for (c of columns(); track c.header; let first = $first) {
                @if (first) {
                  <th scope="row">{{ c.cell(r) }}</th>
                } @else {
                  <td [class.num]="c.numeric">{{ c.cell(r) }}</td>
                }
              }
            </tr>
          } @empty {
            <tr><td class="muted" [attr.colspan]="columns().length">Nothing in this range.</td></tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styles: `
    .scroll { overflow-x: auto; max-width: 100%; }
    table { border-collapse: collapse; width: 100%; font: var(--mat-sys-body-medium); }
    th, td { padding: 6px 8px; text-align: left; border-bottom: 1px solid var(--mat-sys-outline-variant); white-space: nowrap; }
    thead th { font-weight: 500; color: var(--mat-sys-on-surface-variant); }
    tbody th { font-weight: 400; }
    .num { text-align: right; font-variant-numeric: tabular-nums; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FigureTable<T> {
  readonly caption = input.required<string>();
  readonly columns = input.required<Column<T>[]>();
  readonly rows = input.required<readonly T[]>();
  private readonly card = inject(FigureCard, { optional: true });
  protected readonly onScreen = computed(() => this.card?.tableShown() ?? true);
}
