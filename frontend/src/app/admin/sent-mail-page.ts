import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { Api } from '../api/api';
import { listSentMail, ListSentMail$Params } from '../api/fn/admin/list-sent-mail';
import { SentMailDto } from '../api/models/sent-mail-dto';
import { errorMessage } from '../core/api-error';
import { ErrorBanner } from '../shared/ui/error-banner';
import { SkeletonRows } from '../shared/ui/skeleton-rows';
import { TimeAgoPipe } from '../shared/ui/time-ago-pipe';

/** What became of an email, in a broker's words. */
export const MAIL_STATES: Readonly<Record<string, string>> = {
  kept: 'Kept here, not sent',
  queued: 'Waiting to send',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Not delivered',
};

const FILTERS: { value: string; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'sent', label: 'Sent' },
  { value: 'queued', label: 'Waiting' },
  { value: 'failed', label: 'Not delivered' },
  { value: 'kept', label: 'Kept here' },
];

/** Admin → Sent mail: every email the team and the assistant wrote, and what became of it. */
@Component({
  selector: 'oh-sent-mail-page',
  imports: [MatButtonModule, MatButtonToggleModule, MatCardModule, RouterLink, ErrorBanner, SkeletonRows, TimeAgoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page" aria-labelledby="sent-mail-title">
      <h1 id="sent-mail-title" class="page-title">Sent mail</h1>
      @if (error(); as message) { <oh-error-banner [message]="message" [retryable]="true" (retry)="load()" /> }
      @if (mailServer() === false) {
        <p class="notice" data-testid="no-mail-server">No mail server is set up yet, so emails are kept here and not sent. Whoever runs Openhouse can connect one in its settings.</p>
      }
      <mat-button-toggle-group [value]="filter()" (change)="setFilter($event.value)" aria-label="Show" hideSingleSelectionIndicator data-testid="mail-filter">
        @for (f of filters; track f.value) { <mat-button-toggle [value]="f.value">{{ f.label }}</mat-button-toggle> }
      </mat-button-toggle-group>
      <mat-card appearance="outlined">
        <mat-card-content>
          @if (mails(); as list) {
            @if (list.length) {
              <ul class="list" data-testid="sent-mail">
                @for (m of list; track m.id) {
                  <li data-testid="mail">
                    <details>
                      <summary>
                        <span class="grow">
                          <span class="strong">{{ m.subject || '(no subject)' }}</span>
                          <span class="muted small">To {{ m.leadName }} &lt;{{ m.to }}&gt; · by {{ m.authorName ?? 'the assistant' }} · {{ m.createdAt | timeAgo }}</span>
                        </span>
                        <span class="pill" [attr.data-state]="m.status" data-testid="mail-state">{{ stateWords(m.status) }}</span>
                      </summary>
                      <p class="body" data-testid="mail-body">{{ m.text }}</p>
                      @if (m.deliveryError && m.status !== 'sent') {
                        <p class="warn small">Last try {{ m.attempts === 1 ? 'once' : m.attempts + ' times' }}: {{ m.deliveryError }}</p>
                      }
                      <a [routerLink]="['/leads', m.leadId]">Open the lead</a>
                    </details>
                  </li>
                }
              </ul>
              @if (nextBefore()) { <button mat-stroked-button type="button" (click)="more()" [disabled]="busy()">Show older</button> }
            } @else { <p class="muted" data-testid="no-mail">No email here yet.</p> }
          } @else { <oh-skeleton-rows [count]="4" /> }
        </mat-card-content>
      </mat-card>
    </section>
  `,
  styles: `
    .page { display: grid; gap: 16px; padding: 16px; max-width: 960px; }
    .notice { margin: 0; padding: 12px; border-radius: 8px; background: var(--mat-sys-surface-container); }
    .list { list-style: none; margin: 0; padding: 0; }
    .list li { padding: 8px 0; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    summary { display: flex; align-items: center; gap: 12px; cursor: pointer; }
    .grow { flex: 1; min-width: 0; display: grid; }
    .strong { font-weight: 600; }
    .small { font: var(--mat-sys-body-small); }
    .muted { color: var(--mat-sys-on-surface-variant); }
    .body { white-space: pre-wrap; margin: 8px 0; }
    .warn { color: #8c1d18; }
    .pill { font: var(--mat-sys-label-small); padding: 2px 8px; border-radius: 10px; border: 1px solid var(--mat-sys-outline-variant); white-space: nowrap; }
    .pill[data-state='sent'] { border-color: #1c9e55; color: #12703b; }
    .pill[data-state='failed'] { border-color: #b3261e; color: #8c1d18; }
    .pill[data-state='queued'], .pill[data-state='sending'] { border-color: #b26a00; color: #7a4900; }
  `,
})
export class SentMailPage implements OnInit {
  private readonly api = inject(Api);
  protected readonly filters = FILTERS;
  protected readonly mails = signal<SentMailDto[] | null>(null);
  protected readonly nextBefore = signal<string | null>(null);
  protected readonly mailServer = signal<boolean | null>(null);
  protected readonly filter = signal('');
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);
  private seq = 0;

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    const seq = ++this.seq;
    this.error.set(null);
    this.mails.set(null);
    try {
      const page = await this.api.invoke(listSentMail, { ...(this.filter() ? { status: this.filter() as ListSentMail$Params['status'] } : {}) });
      if (seq !== this.seq) return;
      this.mails.set(page.items);
      this.nextBefore.set(page.nextBefore);
      this.mailServer.set(page.mailServer);
    } catch (e) {
      if (seq === this.seq) this.error.set(errorMessage(e, 'Could not load the sent mail'));
    }
  }

  protected setFilter(value: string): void {
    this.filter.set(value);
    void this.load();
  }

  protected async more(): Promise<void> {
    const before = this.nextBefore();
    if (!before) return;
    this.busy.set(true);
    try {
      const page = await this.api.invoke(listSentMail, { before, ...(this.filter() ? { status: this.filter() as ListSentMail$Params['status'] } : {}) });
      this.mails.update((list) => [...(list ?? []), ...page.items]);
      this.nextBefore.set(page.nextBefore);
    } catch (e) {
      this.error.set(errorMessage(e, 'Could not load older mail'));
    } finally {
      this.busy.set(false);
    }
  }

  protected stateWords(status: string): string {
    return MAIL_STATES[status] ?? 'Unknown';
  }
}
