import { ChangeDetectionStrategy, Component, effect, inject, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { ViewingFeedbackInputDto } from '../api/models/viewing-feedback-input-dto';
import { ViewingFeedbackForm } from '../shared/ui/viewing-feedback-form';
import { FeedbackStore } from './feedback-store';

/**
 * The page a lead opens from the link sent after a viewing (no sign-in: the signed link is the
 * credential). One answer per viewing: once given, the page thanks them instead of asking again.
 */
@Component({
  selector: 'oh-feedback-page',
  imports: [MatCardModule, ViewingFeedbackForm],
  providers: [FeedbackStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main class="wrap">
      <mat-card appearance="outlined">
        @if (store.error(); as message) {
          <mat-card-content><h1>Viewing feedback</h1><p role="alert">{{ message }}</p></mat-card-content>
        } @else if (store.form(); as f) {
          <mat-card-header>
            <mat-card-title><h1>How was {{ f.address }}?</h1></mat-card-title>
            <mat-card-subtitle>{{ f.unitTitle }} · {{ f.price }} · viewed {{ f.when }}</mat-card-subtitle>
          </mat-card-header>
          <mat-card-content>
            @if (store.sent() || f.answered) {
              <p role="status" class="thanks">Thank you{{ f.firstName ? ', ' + f.firstName : '' }}! Your agent has your feedback.</p>
            } @else {
              <p>Hi {{ f.firstName }}, a minute of your time helps us find your next home.</p>
              <oh-viewing-feedback-form [features]="f.features" [you]="true" [busy]="store.busy()" (submitted)="send($event)" />
              @if (store.sendError(); as message) { <p role="alert" class="error">{{ message }}</p> }
            }
          </mat-card-content>
        } @else {
          <mat-card-content><p>Loading…</p></mat-card-content>
        }
      </mat-card>
    </main>
  `,
  styles: `
    .wrap { max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
    h1 { font-size: 1.4rem; margin: 0; }
    .error { color: var(--mat-sys-error); }
    .thanks { font-size: 1.1rem; }
  `,
})
export class FeedbackPage {
  protected readonly store = inject(FeedbackStore);
  /** The signed token from the link (route parameter). */
  readonly token = input.required<string>();

  constructor() {
    effect(() => void this.store.load(this.token()));
  }

  protected send(body: ViewingFeedbackInputDto): void {
    void this.store.send(this.token(), body);
  }
}
