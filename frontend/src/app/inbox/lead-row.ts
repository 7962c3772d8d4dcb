import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { labelFor, SOURCE_LABELS } from '@words/broker-words';
import { LeadSummaryDto } from '../api/models/lead-summary-dto';
import { ScoreChip } from '../shared/ui/score-chip';
import { StageChip } from '../shared/ui/stage-chip';
import { TimeAgoPipe } from '../shared/ui/time-ago-pipe';
import { overdueWords } from '../shared/ui/duration-words';
import { SlaClock } from '../shared/ui/sla-clock';

export { SOURCE_LABELS };

/** One lead in the inbox: who, how hot, where in the pipeline, and whether they wait for us. */
@Component({
  selector: 'oh-lead-row',
  imports: [RouterLink, MatIconModule, ScoreChip, StageChip, TimeAgoPipe, SlaClock],
  template: `
    @let l = lead();
    <a class="row" [routerLink]="['/leads', l.id]" data-testid="lead-row">
      <oh-score-chip class="score" [score]="l.score" [manual]="l.scoreSource === 'manual'" />
      <span class="who">
        <span class="name">{{ l.name }}</span>
        <span class="contact muted">{{ l.email ?? l.phone ?? '' }}</span>
      </span>
      <span class="tags">
        <oh-stage-chip [stage]="l.stage" />
        <span class="source" [attr.data-source]="l.source" data-testid="source-badge">{{ sourceLabel(l.source) }}</span>
        @if (l.sla) {
          <oh-sla-clock [sla]="l.sla" [stage]="l.stage" />
        }
        <!-- A reply clock says it all; a stage clock ("Viewing due in 2 days") leaves "Needs reply" to be said too. -->
        @if (l.sla?.kind !== 'reply') {
          @if (l.overdue) {
            <span class="flag overdue" data-testid="overdue"><mat-icon aria-hidden="true">schedule</mat-icon>Overdue {{ overdueBy(l.overdueSeconds) }}</span>
          } @else if (l.needsReply) {
            <span class="flag reply" data-testid="needs-reply"><mat-icon aria-hidden="true">mark_chat_unread</mat-icon>Needs reply</span>
          }
        }
      </span>
      <span class="meta muted">
        <span>{{ l.assignee?.name ?? 'Unassigned' }}</span>
        <span>{{ l.lastActivityAt | timeAgo }}</span>
      </span>
    </a>
  `,
  styles: `
    .row { display: grid; grid-template-columns: 3rem minmax(0, 2fr) minmax(0, 2fr) minmax(0, 1.2fr); gap: 12px; align-items: center; padding: 10px 12px; text-decoration: none; color: inherit; border-bottom: 1px solid var(--mat-sys-outline-variant); min-height: 44px; }
    .row:hover { background: var(--mat-sys-surface-container-low); }
    .who, .meta { display: flex; flex-direction: column; min-width: 0; }
    .name { font-weight: 500; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .contact, .meta span { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font: var(--mat-sys-body-small); }
    .tags { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
    .source { font: var(--mat-sys-label-small); padding: 1px 8px; border-radius: 10px; border: 1px solid var(--mat-sys-outline-variant); color: var(--mat-sys-on-surface-variant); }
    .source[data-source='meta_lead_ads'] { border-color: #4267b2; color: #2f4f8f; }
    .source[data-source='whatsapp'] { border-color: #1c9e55; color: #12703b; }
    .source[data-source='web'], .source[data-source='widget'] { border-color: #8a5cc2; color: #65409a; }
    .flag { display: inline-flex; align-items: center; gap: 2px; font: var(--mat-sys-label-medium); padding: 2px 6px; border-radius: 10px; }
    .flag mat-icon { font-size: 16px; width: 16px; height: 16px; }
    .reply { background: #dbe6ff; color: #0b2a6b; }
    .overdue { background: #ffdad6; color: #7a0010; }
    @media (max-width: 700px) {
      .row { grid-template-columns: 3rem minmax(0, 1fr); grid-template-areas: 'score who' 'score tags' 'score meta'; row-gap: 4px; }
      .score { grid-area: score; align-self: start; }
      .who { grid-area: who; }
      .tags { grid-area: tags; }
      .meta { grid-area: meta; flex-direction: row; gap: 8px; }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LeadRow {
  readonly lead = input.required<LeadSummaryDto>();
  /** "by 25 min": how long the reply is past due. */
  protected overdueBy(seconds: number): string {
    return `by ${overdueWords(seconds)}`;
  }
  protected sourceLabel(source: string): string {
    return labelFor(SOURCE_LABELS, source);
  }
}
