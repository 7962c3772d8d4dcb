import { PercentPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatTooltipModule } from '@angular/material/tooltip';
import { describeValue, fieldLabel, formatBudget } from '@words/broker-words';
import { ActivityDto } from '../api/models/activity-dto';
import { FieldEvidenceDto } from '../api/models/field-evidence-dto';
import { LeadProfileDto } from '../api/models/lead-profile-dto';
import { TimeAgoPipe } from '../shared/ui/time-ago-pipe';

export interface ProfileFact {
  field: string;
  label: string;
  value: string;
  evidence: FieldEvidenceDto | null;
  /** The message the fact was read from, when it is on the timeline. */
  quote: string | null;
}

const SOURCE_WORDS: Record<FieldEvidenceDto['source'], string> = {
  agent: 'read by the assistant',
  user: 'entered by a person',
  import: 'imported',
  webhook: 'from the lead source',
};

/** Builds the facts shown on the profile, each with where it came from. Exported for tests. */
export function profileFacts(p: LeadProfileDto, timeline: ActivityDto[]): ProfileFact[] {
  const budget = formatBudget(p.budgetMin, p.budgetMax, p.currency, p.purpose);
  const fields = ['purpose', 'bedrooms', 'bathrooms', 'propertyTypes', 'locations', 'timeline', 'financing', 'pets', 'furnished', 'mustHaves', 'dislikes'] as const;
  const rows: [string, string, string | null][] = [
    ['purpose', fieldLabel('purpose'), describeValue('purpose', p.purpose) || null],
    ['budgetMax', fieldLabel('budget'), budget],
    ...fields.slice(1).map((f): [string, string, string | null] => [f, fieldLabel(f), describeValue(f, p[f]) || null]),
  ];
  return rows
    .filter((r): r is [string, string, string] => r[2] !== null)
    .map(([field, label, value]) => {
      const evidence = p.evidence[field] ?? (field === 'budgetMax' ? (p.evidence['budgetMin'] ?? null) : null);
      const message = evidence?.messageId ? timeline.find((a) => a.id === evidence.messageId || a.data['messageId'] === evidence.messageId) : undefined;
      // The assistant keeps the lead's exact words; otherwise show the message the fact came from.
      return { field, label, value, evidence, quote: evidence?.quote ?? (message ? message.summary : null) };
    });
}

/** What the lead wants, and for each fact the evidence behind it. */
@Component({
  selector: 'oh-lead-profile-card',
  imports: [MatCardModule, MatTooltipModule, TimeAgoPipe, PercentPipe],
  template: `
    <mat-card appearance="outlined">
      <mat-card-header><mat-card-title><h2 class="h">Profile</h2></mat-card-title></mat-card-header>
      <mat-card-content>
        @if (facts().length === 0) {
          <p class="muted">Nothing known yet. The assistant fills this in as the lead talks.</p>
        } @else {
          <dl class="facts">
            @for (f of facts(); track f.field) {
              <div class="fact" [attr.data-field]="f.field">
                <dt>{{ f.label }}</dt>
                <dd>
                  <span class="value">{{ f.value }}</span>
                  @if (f.evidence; as ev) {
                    <span class="evidence muted">
                      {{ sourceWords[ev.source] }} · {{ ev.confidence | percent }} sure · {{ ev.at | timeAgo }}
                    </span>
                    @if (f.quote) { <q class="quote">{{ f.quote }}</q> }
                  }
                </dd>
              </div>
            }
          </dl>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .h { font: var(--mat-sys-title-medium); margin: 0; }
    .facts { margin: 0; display: flex; flex-direction: column; gap: 8px; }
    .fact { display: grid; grid-template-columns: 8.5em 1fr; gap: 8px; }
    dt { color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-label-large); }
    dd { margin: 0; display: flex; flex-direction: column; }
    .value { text-transform: none; }
    .evidence { font: var(--mat-sys-body-small); }
    .quote { font: var(--mat-sys-body-small); font-style: italic; border-left: 3px solid var(--mat-sys-outline-variant); padding-left: 6px; margin-top: 2px; }
    @media (max-width: 420px) { .fact { grid-template-columns: 1fr; gap: 0; } }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LeadProfileCard {
  readonly profile = input.required<LeadProfileDto>();
  readonly timeline = input<ActivityDto[]>([]);
  protected readonly sourceWords = SOURCE_WORDS;
  protected readonly facts = computed(() => profileFacts(this.profile(), this.timeline()));
}
