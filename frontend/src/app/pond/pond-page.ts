import { ChangeDetectionStrategy, Component, inject, OnInit } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { EmptyState } from '../shared/ui/empty-state';
import { ErrorBanner } from '../shared/ui/error-banner';
import { LabelPipe } from '../shared/ui/label-pipe';
import { ScoreChip } from '../shared/ui/score-chip';
import { SkeletonRows } from '../shared/ui/skeleton-rows';
import { TimeAgoPipe } from '../shared/ui/time-ago-pipe';
import { PondStore } from './pond-store';

/** The pond: new leads no routing rule gave to anyone, for agents to claim (first claim wins). */
@Component({
  selector: 'oh-pond-page',
  imports: [RouterLink, MatButtonModule, MatIconModule, EmptyState, ErrorBanner, LabelPipe, ScoreChip, SkeletonRows, TimeAgoPipe],
  providers: [PondStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page" aria-labelledby="pond-title">
      <h1 id="pond-title" class="page-title">The pond</h1>
      <p class="muted">Leads nobody has yet: no routing rule gave them to an agent. Claim one to make it yours — the first to claim a lead gets it.</p>
      @if (store.error(); as message) { <oh-error-banner [message]="message" [retryable]="!store.leads()" (retry)="store.load()" /> }
      @if (store.outcome(); as o) {
        <p class="outcome" [class.taken]="o.kind === 'taken'" role="status" data-testid="claim-outcome">
          @if (o.kind === 'mine') {
            <mat-icon aria-hidden="true">check_circle</mat-icon> {{ o.lead.name }} is yours now. <a [routerLink]="['/leads', o.lead.id]">Open {{ o.lead.name }}</a>
          } @else {
            <mat-icon aria-hidden="true">info</mat-icon> Someone else claimed {{ o.name }} first. It is theirs now, so it has left the pond.
          }
        </p>
      }
      @if (store.leads(); as leads) {
        @if (leads.length === 0) {
          <oh-empty-state icon="waves" title="The pond is empty"><p>Every new lead found an agent. Leads no routing rule takes show here.</p></oh-empty-state>
        } @else {
          <ul class="leads" data-testid="pond">
            @for (l of leads; track l.id) {
              <li class="lead" data-testid="pond-lead">
                <div class="who">
                  <a class="name" [routerLink]="['/leads', l.id]">{{ l.name }}</a>
                  <span class="muted small">{{ l.source | label: 'source' }} · arrived {{ l.createdAt | timeAgo }}@if (l.needsReply) { · waiting for a reply }</span>
                </div>
                <oh-score-chip [score]="l.score" />
                <button mat-flat-button type="button" [disabled]="store.busyId() === l.id" (click)="store.claim(l)" [attr.aria-label]="'Claim ' + l.name">Claim</button>
              </li>
            }
          </ul>
        }
      } @else if (!store.error()) {
        <oh-skeleton-rows [count]="6" />
      }
    </section>
  `,
  styles: `
    .leads { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column; gap: 6px; }
    .lead { display: flex; gap: 12px; align-items: center; padding: 8px 12px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; }
    .who { display: flex; flex-direction: column; flex: 1; min-width: 0; }
    .name { font-weight: 500; }
    .small { font-size: 0.85em; }
    .muted { color: var(--mat-sys-on-surface-variant); }
    .outcome { display: flex; gap: 8px; align-items: center; padding: 8px 12px; border-radius: 8px; background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    .outcome.taken { background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container); }
  `,
})
export class PondPage implements OnInit {
  protected readonly store = inject(PondStore);

  ngOnInit(): void {
    void this.store.load();
  }
}
