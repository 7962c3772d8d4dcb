import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { ErrorBanner } from '../shared/ui/error-banner';
import { SellerReportStore } from './seller-report-store';

/**
 * A home's report for its seller: viewings held, what buyers liked and did not, how the price
 * felt, their words (first name and initial only) and how many open buyers it fits. Printable:
 * the print stylesheet drops the app's chrome, so "Print" (or "Save as PDF") gives the seller's copy.
 */
@Component({
  selector: 'oh-seller-report-page',
  imports: [DatePipe, RouterLink, MatButtonModule, MatIconModule, ErrorBanner],
  providers: [SellerReportStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page report">
      <div class="row no-print">
        <a mat-button [routerLink]="['/inventory', id()]"><mat-icon>arrow_back</mat-icon>Back to the listing</a>
        <button mat-stroked-button type="button" (click)="print()"><mat-icon>print</mat-icon>Print or save as PDF</button>
      </div>
      @if (store.error(); as message) { <oh-error-banner [message]="message" [retryable]="true" (retry)="store.load(id())" /> }
      @if (store.report(); as r) {
        <header>
          <h1 class="page-title">Seller report: {{ r.address }}</h1>
          <p class="muted">{{ r.title }} · asking {{ r.price }} · ref {{ r.ref }} · as of {{ r.generatedAt | date: 'd MMM y' }}</p>
        </header>
        <dl class="figures" aria-label="Key figures">
          <div><dt>Viewings held</dt><dd data-testid="viewings-held">{{ r.viewingsHeld }}</dd></div>
          <div><dt>Viewings booked</dt><dd>{{ r.viewingsUpcoming }}</dd></div>
          <div><dt>Buyers liked it</dt><dd data-testid="liked">{{ r.liked }} of {{ r.feedbackCount }}</dd></div>
          <div><dt>Buyers for this listing</dt><dd data-testid="matching-buyers">{{ r.matchingBuyers }}</dd></div>
        </dl>
        <h2>How the price feels</h2>
        @if (r.pricePerception.tooHigh + r.pricePerception.aboutRight + r.pricePerception.goodValue) {
          <ul class="plain" data-testid="price-perception">
            <li>Too high: {{ r.pricePerception.tooHigh }}</li>
            <li>About right: {{ r.pricePerception.aboutRight }}</li>
            <li>Good value: {{ r.pricePerception.goodValue }}</li>
          </ul>
        } @else { <p class="muted">No buyer has said yet.</p> }
        <div class="two">
          <section>
            <h2>What buyers liked</h2>
            @for (f of r.commonLikes; track f.feature) { <p>{{ f.feature }} <span class="muted">({{ f.count }})</span></p> } @empty { <p class="muted">Nothing named yet.</p> }
          </section>
          <section>
            <h2>What buyers did not like</h2>
            @for (f of r.commonDislikes; track f.feature) { <p>{{ f.feature }} <span class="muted">({{ f.count }})</span></p> } @empty { <p class="muted">Nothing named yet.</p> }
          </section>
        </div>
        <h2>In their words</h2>
        @for (q of r.quotes; track q.at) {
          <blockquote><p>“{{ q.text }}”</p><footer>{{ q.by }}, {{ q.at | date: 'd MMM' }}</footer></blockquote>
        } @empty { <p class="muted">No comments yet.</p> }
      }
    </section>
  `,
  styles: `
    .row { display: flex; gap: 0.5rem; justify-content: space-between; align-items: center; }
    .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 1rem; margin: 1rem 0; }
    .figures div { border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; padding: 0.75rem; }
    dt { font-size: 0.85rem; color: var(--mat-sys-on-surface-variant); }
    dd { margin: 0; font-size: 1.5rem; font-weight: 500; }
    .two { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
    .plain { list-style: none; padding: 0; }
    blockquote { margin: 0.5rem 0; padding-left: 0.75rem; border-left: 3px solid var(--mat-sys-outline-variant); }
    blockquote p { margin: 0; }
    footer { font-size: 0.85rem; color: var(--mat-sys-on-surface-variant); }
    .muted { color: var(--mat-sys-on-surface-variant); }
    @media print {
      .no-print { display: none !important; }
      .report { color: #000; }
      .figures div { border-color: #999; break-inside: avoid; }
      blockquote { break-inside: avoid; }
    }
  `,
})
export class SellerReportPage {
  protected readonly store = inject(SellerReportStore);
  readonly id = input.required<string>();

  constructor() {
    effect(() => void this.store.load(this.id()));
  }

  protected print(): void {
    window.print();
  }
}
