import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { labelFor, STAGE_LABELS } from '@words/broker-words';
import { LeadStage } from '../../api/models/lead-stage';

export { STAGE_LABELS };
export const STAGES = Object.keys(STAGE_LABELS) as LeadStage[];

/** Where a lead is in the pipeline. */
@Component({
  selector: 'oh-stage-chip',
  template: `<span class="chip" [class]="stage()">{{ label() }}</span>`,
  styles: `
    .chip { display: inline-block; padding: 2px 8px; border-radius: 12px; font: var(--mat-sys-label-medium); background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); white-space: nowrap; }
    .won { background: #c8f0d0; color: #0b3d1a; }
    .lost { background: #e8e0e0; color: #4a3a3a; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StageChip {
  readonly stage = input.required<LeadStage>();
  protected readonly label = computed(() => labelFor(STAGE_LABELS, this.stage()));
}
