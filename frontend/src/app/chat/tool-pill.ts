import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { toolLabel, toolResultText } from '@words/broker-words';
import { UnitCard } from '../shared/ui/unit-card';
import { ToolPill as ToolPillData } from './chat-store';

/** A tool the assistant used, as a pill with its result; inventory results show as unit cards. */
@Component({
  selector: 'oh-tool-pill',
  imports: [MatIconModule, MatProgressSpinnerModule, UnitCard],
  template: `
    <div class="tool" data-testid="tool-pill" [attr.data-tool]="tool().name">
      <span class="pill" [class]="tool().state">
        @if (tool().state === 'running') {
          <mat-spinner diameter="14" aria-hidden="true" />
        } @else {
          <mat-icon aria-hidden="true">{{ tool().state === 'ok' ? 'build_circle' : 'error' }}</mat-icon>
        }
        <span>{{ label() }}</span>
        @if (tool().state === 'running') { <span class="sr-only">(running)</span> }
        @if (tool().state === 'failed') { <span>(failed)</span> }
      </span>
      @if (tool().state !== 'running') { <span class="summary">{{ summary() }}</span> }
      @if (tool().units.length) {
        <ul class="units" aria-label="Units found">
          @for (u of tool().units; track u.id) { <li><oh-unit-card [unit]="u" /></li> }
        </ul>
      }
    </div>
  `,
  styles: `
    .tool { display: flex; flex-direction: column; gap: 4px; margin: 4px 0; }
    .pill { display: inline-flex; align-self: flex-start; align-items: center; gap: 6px; padding: 3px 10px; border-radius: 14px; font: var(--mat-sys-label-large); background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container); }
    .pill.failed { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .pill mat-icon { font-size: 18px; width: 18px; height: 18px; }
    .summary { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .units { list-style: none; padding: 0; margin: 4px 0 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 8px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ToolPill {
  readonly tool = input.required<ToolPillData>();
  protected readonly label = computed(() => toolLabel(this.tool().name));
  /** What it did, said from its result (the stored summary is the model's, in code words). */
  protected readonly summary = computed(() => {
    const t = this.tool();
    return toolResultText(t.name, t.state !== 'failed', t.data, t.summary);
  });
}
