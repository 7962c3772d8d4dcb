import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { ChartConfiguration } from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';

/** Every chart on the page is a bar chart (upright, or lying down for long names). */
export type BarChart = ChartConfiguration<'bar'>;

/**
 * One figure: a heading, the key figure in a sentence, a chart (or its table, at the reader's
 * choice) and its CSV. With the chart on screen the table stays in the page for screen readers,
 * and the chart itself is announced by its caption.
 */
@Component({
  selector: 'oh-figure-card',
  imports: [BaseChartDirective, MatButtonModule, MatIconModule],
  template: `
    <section class="card" [attr.aria-labelledby]="id() + '-h'" [attr.data-testid]="id()">
      <header class="head">
        <h2 class="h" [id]="id() + '-h'">{{ heading() }}</h2>
        <span class="grow"></span>
        @if (chart()) {
          <button mat-button type="button" [attr.aria-pressed]="asTable()" (click)="asTable.set(!asTable())">
            <mat-icon aria-hidden="true">{{ asTable() ? 'bar_chart' : 'table' }}</mat-icon>{{ asTable() ? 'Chart' : 'Table' }}
          </button>
        }
        <button mat-button type="button" [attr.aria-label]="'Download CSV: ' + heading()" (click)="download.emit()">
          <mat-icon aria-hidden="true">download</mat-icon>Download CSV
        </button>
      </header>
      @if (caption(); as text) {
        <p class="caption" data-testid="caption">{{ text }}</p>
      }
      <ng-content select="[summary]" />
      @if (chart(); as c) {
        @if (!asTable()) {
          <div class="chart">
            <canvas baseChart role="img" [attr.aria-label]="caption() || heading()" [type]="c.type" [data]="c.data" [options]="c.options"></canvas>
          </div>
        }
      }
      <div [class.sr-only]="!tableShown()"><ng-content /></div>
    </section>
  `,
  styles: `
    :host { display: block; min-width: 0; }
    .card { border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; padding: 12px 16px; background: var(--mat-sys-surface); height: 100%; box-sizing: border-box; }
    .head { display: flex; align-items: center; flex-wrap: wrap; gap: 4px; }
    .h { font: var(--mat-sys-title-medium); margin: 0; }
    .caption { margin: 4px 0 8px; color: var(--mat-sys-on-surface-variant); }
    .chart { position: relative; height: 240px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FigureCard {
  readonly id = input.required<string>();
  readonly heading = input.required<string>();
  readonly caption = input<string | null>(null);
  readonly chart = input<BarChart | null>(null);
  readonly download = output<void>();
  protected readonly asTable = signal(false);
  /** The table is on screen (otherwise only screen readers get it, beside the chart). */
  readonly tableShown = computed(() => !this.chart() || this.asTable());
}
