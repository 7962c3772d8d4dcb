import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { DecimalPipe, PercentPipe } from '@angular/common';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { Api } from '../api/api';
import { dismissDuplicate } from '../api/fn/duplicates/dismiss-duplicate';
import { listDuplicates } from '../api/fn/duplicates/list-duplicates';
import { mergeLead } from '../api/fn/duplicates/merge-lead';
import { undoMerge } from '../api/fn/duplicates/undo-merge';
import { DuplicateCandidateDto } from '../api/models/duplicate-candidate-dto';
import { errorMessage } from '../core/api-error';
import { ErrorBanner } from '../shared/ui/error-banner';
import { LabelPipe } from '../shared/ui/label-pipe';
import { SkeletonRows } from '../shared/ui/skeleton-rows';
import { TimeAgoPipe } from '../shared/ui/time-ago-pipe';

interface DoneMerge {
  mergeId: string;
  keptName: string;
  goneName: string;
}

/**
 * Admin → Possible duplicates: two leads that may be one person, side by side with why we think
 * so. Merge them (the older lead keeps everything; undo for 30 days), or say they are not the same
 * person (never proposed again).
 */
@Component({
  selector: 'oh-duplicates-page',
  imports: [MatButtonModule, MatCardModule, RouterLink, ErrorBanner, SkeletonRows, TimeAgoPipe, LabelPipe, PercentPipe, DecimalPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page" aria-labelledby="dup-title">
      <h1 id="dup-title" class="page-title">Possible duplicates</h1>
      <p class="muted">The same person sometimes writes from a Lead Ads form, then WhatsApp, then a portal. Check each pair: merge them into one lead, or say they are different people.</p>
      @if (error(); as message) { <oh-error-banner [message]="message" [retryable]="true" (retry)="load()" /> }
      @if (done(); as d) {
        <p class="notice" role="status" data-testid="merged-notice">
          {{ d.goneName }} was merged into {{ d.keptName }}'s lead.
          <button mat-button type="button" (click)="undo(d)" [disabled]="busy()" data-testid="undo-merge">Undo</button>
          <span class="muted small">(possible for 30 days)</span>
        </p>
      }
      @if (undoneName(); as name) { <p class="notice" role="status" data-testid="undone-notice">Merge undone: {{ name }} is a lead of its own again.</p> }
      @if (pairs(); as list) {
        @if (list.length) {
          <ul class="pairs" data-testid="duplicate-pairs">
            @for (p of list; track p.id) {
              <li>
                <mat-card appearance="outlined" data-testid="duplicate-pair">
                  <mat-card-content>
                    <p class="sure">How sure: <strong>{{ p.confidence | percent }}</strong></p>
                    <div class="sides">
                      @for (s of [p.existing, p.contact]; track $index) {
                        <div class="side" [attr.data-testid]="$index === 0 ? 'older-lead' : 'newer-lead'">
                          <p class="strong">{{ s.name || 'No name given' }}</p>
                          <p>{{ s.email || 'No email' }}</p>
                          <p>{{ s.phone || 'No phone' }}</p>
                          <p class="muted small">From {{ s.source | label: 'source' }} · {{ s.stage | label: 'stage' }} · score {{ s.score ?? 0 | number }}</p>
                          @if (s.leadCreatedAt) { <p class="muted small">Arrived {{ s.leadCreatedAt | timeAgo }}</p> }
                          @if (s.leadId) { <a [routerLink]="['/leads', s.leadId]">Open the lead</a> }
                        </div>
                      }
                    </div>
                    <p class="why-title">Why we think so</p>
                    <ul class="why" data-testid="evidence">
                      @for (e of p.evidence; track $index) { <li>{{ e }}</li> }
                    </ul>
                    <div class="actions">
                      <button mat-flat-button type="button" (click)="merge(p)" [disabled]="busy() || !p.contact.leadId || !p.existing.leadId" data-testid="merge-pair">Merge into one lead</button>
                      <button mat-stroked-button type="button" (click)="dismiss(p)" [disabled]="busy()" data-testid="not-same-person">Not the same person</button>
                    </div>
                  </mat-card-content>
                </mat-card>
              </li>
            }
          </ul>
        } @else { <p class="muted" data-testid="no-duplicates">Nothing to check: no possible duplicates right now.</p> }
      } @else { <oh-skeleton-rows [count]="3" /> }
    </section>
  `,
  styles: `
    .page { display: grid; gap: 16px; padding: 16px; max-width: 960px; }
    .notice { margin: 0; padding: 12px; border-radius: 8px; background: var(--mat-sys-surface-container); }
    .pairs { list-style: none; margin: 0; padding: 0; display: grid; gap: 12px; }
    .sides { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
    .side p { margin: 2px 0; }
    .strong { font-weight: 600; }
    .small { font: var(--mat-sys-body-small); }
    .muted { color: var(--mat-sys-on-surface-variant); }
    .sure { margin: 0 0 8px; }
    .why-title { margin: 12px 0 4px; font-weight: 600; }
    .why { margin: 0; padding-left: 20px; }
    .actions { display: flex; gap: 8px; margin-top: 12px; flex-wrap: wrap; }
  `,
})
export class DuplicatesPage implements OnInit {
  private readonly api = inject(Api);
  protected readonly pairs = signal<DuplicateCandidateDto[] | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly done = signal<DoneMerge | null>(null);
  protected readonly undoneName = signal<string | null>(null);

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    this.error.set(null);
    try {
      const page = await this.api.invoke(listDuplicates, { status: 'open', pageSize: 50 });
      this.pairs.set(page.items);
    } catch (e) {
      this.error.set(errorMessage(e, 'Could not load the possible duplicates'));
    }
  }

  /** The older lead keeps everything; for each detail the most complete, most recent value is kept. */
  protected async merge(p: DuplicateCandidateDto): Promise<void> {
    if (!confirm(`Merge ${p.contact.name || 'this lead'} into ${p.existing.name || 'the older lead'}? Everything moves to one lead; you can undo it for 30 days.`)) return;
    await this.act(async () => {
      const res = await this.api.invoke(mergeLead, { id: p.existing.leadId!, body: { otherLeadId: p.contact.leadId!, reason: 'Same person (duplicates review)' } });
      this.done.set({ mergeId: res.mergeId, keptName: p.existing.name, goneName: p.contact.name });
      this.undoneName.set(null);
    }, 'Could not merge the leads');
  }

  protected async undo(d: DoneMerge): Promise<void> {
    await this.act(async () => {
      await this.api.invoke(undoMerge, { id: d.mergeId });
      this.done.set(null);
      this.undoneName.set(d.goneName);
    }, 'Could not undo the merge');
  }

  protected async dismiss(p: DuplicateCandidateDto): Promise<void> {
    await this.act(() => this.api.invoke(dismissDuplicate, { id: p.id }).then(() => undefined), 'Could not save that');
  }

  private async act(work: () => Promise<void>, failure: string): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await work();
      await this.load();
    } catch (e) {
      this.error.set(errorMessage(e, failure));
    } finally {
      this.busy.set(false);
    }
  }
}
