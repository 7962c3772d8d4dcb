import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { PRICE_FEELING_LABELS } from '@words/broker-words';
import { ViewingFeedbackInputDto } from '../api/models/viewing-feedback-input-dto';
import { ViewingFeedbackDto } from '../api/models/viewing-feedback-dto';
import { ErrorBanner } from '../shared/ui/error-banner';
import { ViewingFeedbackForm } from '../shared/ui/viewing-feedback-form';
import { HeldViewingsStore } from './held-viewings-store';

/** The lead's viewings that took place, what they thought of each, and recording it by hand when they told the agent. */
@Component({
  selector: 'oh-held-viewings',
  imports: [DatePipe, RouterLink, MatButtonModule, ErrorBanner, ViewingFeedbackForm],
  providers: [HeldViewingsStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (store.error(); as message) { <oh-error-banner [message]="message" /> }
    @if (store.viewings(); as list) {
      @for (v of list; track v.viewingId) {
        <article class="viewing" [attr.aria-label]="'Viewing of ' + v.unitTitle">
          <p><a [routerLink]="['/inventory', v.unitId]">{{ v.unitTitle }}</a> <span class="muted">· {{ v.address }} · {{ v.startsAt | date: 'd MMM, HH:mm' }}</span></p>
          @if (v.feedback; as f) {
            <p>{{ summary(f) }}</p>
            @if (f.comment) { <p class="muted">“{{ f.comment }}”</p> }
          } @else if (recording() === v.viewingId) {
            <oh-viewing-feedback-form [features]="v.features" [busy]="store.busy()" (submitted)="save(v.viewingId, $event)" />
          } @else {
            <p class="muted">No feedback yet. <button mat-button type="button" (click)="recording.set(v.viewingId)">Record feedback</button></p>
          }
        </article>
      } @empty {
        <p class="muted">No viewings have taken place yet.</p>
      }
    }
  `,
  styles: `
    .viewing { border-bottom: 1px solid var(--mat-sys-outline-variant); padding: 0.5rem 0; }
    .viewing p { margin: 0.25rem 0; }
    .muted { color: var(--mat-sys-on-surface-variant); }
  `,
})
export class HeldViewings {
  protected readonly store = inject(HeldViewingsStore);
  readonly leadId = input.required<string>();
  /** Feedback was saved: the lead's profile and score may have changed. */
  readonly recorded = output<void>();
  protected readonly recording = signal<string | null>(null);

  constructor() {
    effect(() => void this.store.load(this.leadId()));
  }

  protected summary(f: ViewingFeedbackDto): string {
    return [
      f.liked ? 'Liked it' : 'Did not like it',
      f.likedFeatures.length ? `liked ${f.likedFeatures.join(', ')}` : '',
      f.dislikedFeatures.length ? `did not like ${f.dislikedFeatures.join(', ')}` : '',
      f.priceFeeling ? `price: ${PRICE_FEELING_LABELS[f.priceFeeling].toLowerCase()}` : '',
      f.source === 'lead' ? '(their own answer)' : '(recorded by the agent)',
    ]
      .filter(Boolean)
      .join('; ');
  }

  protected async save(viewingId: string, body: ViewingFeedbackInputDto): Promise<void> {
    if (await this.store.record(this.leadId(), viewingId, body)) {
      this.recording.set(null);
      this.recorded.emit();
    }
  }
}
