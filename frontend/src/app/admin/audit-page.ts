import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { Api } from '../api/api';
import { listAudit, ListAudit$Params } from '../api/fn/audit/list-audit';
import { AuditEntryDto } from '../api/models/audit-entry-dto';
import { errorMessage } from '../core/api-error';
import { ErrorBanner } from '../shared/ui/error-banner';

const plain = (v: unknown): string => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/** What each kind of entry is called on screen. */
export const AUDIT_WORDS: Readonly<Record<string, string>> = {
  'auth.signed_in': 'Signed in',
  'auth.sign_in_failed': 'Failed sign-in',
  'auth.password_changed': 'Changed their password',
  'user.created': 'Added a user',
  'user.updated': 'Changed a user',
  'user.password_reset': "Reset a user's password",
  'api_key.created': 'Made an API key',
  'api_key.used': 'API key in use',
  'api_key.revoked': 'Revoked an API key',
  'export.leads': 'Exported leads',
  'import.started': 'Started an import',
  'import.finished': 'Import finished',
  'lead.merged': 'Merged leads',
  'merge.undone': 'Undid a merge',
  'lead.deleted': 'Deleted a lead',
  'unit.deleted': 'Deleted a listing',
  'settings.changed': 'Changed settings',
  'integration.created': 'Added an integration',
  'integration.updated': 'Changed an integration',
  'integration.deleted': 'Removed an integration',
  'view.deleted': 'Deleted a saved view',
  'analytics.source_costs_replaced': 'Changed what lead sources cost',
  'leads.redistributed': "Handed on a person's open leads",
  'photo.deleted': 'Deleted a listing photo',
  'time_off.deleted': 'Removed time off',
  'calendar_feed.revoked': 'Turned off a calendar feed',
};

/** Admin → Audit log: who did what, when and from where; entries are never changed or removed. */
@Component({
  selector: 'oh-audit-page',
  imports: [FormsModule, MatButtonModule, MatCardModule, ErrorBanner],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page" aria-labelledby="audit-title">
      <h1 id="audit-title" class="page-title">Audit log</h1>
      @if (error(); as message) { <oh-error-banner [message]="message" [retryable]="true" (retry)="load()" /> }
      <form class="filters" (ngSubmit)="load()">
        <label>What
          <select name="action" [(ngModel)]="action" (ngModelChange)="load()" data-testid="audit-action">
            <option value="">Everything</option>
            @for (a of actions; track a) { <option [value]="a">{{ words[a] }}</option> }
          </select>
        </label>
        <label>From <input type="date" name="from" [(ngModel)]="from" (change)="load()" data-testid="audit-from" /></label>
        <label>Until <input type="date" name="to" [(ngModel)]="to" (change)="load()" data-testid="audit-to" /></label>
      </form>
      <mat-card appearance="outlined"><mat-card-content>
        @if (entries(); as list) {
          @if (list.length) {
            <table class="log" data-testid="audit-entries">
              <thead><tr><th>When</th><th>Who</th><th>What</th><th>Details</th><th>From</th></tr></thead>
              <tbody>
                @for (e of list; track e.id) {
                  <tr data-testid="audit-entry">
                    <td>{{ when(e.at) }}</td>
                    <td>{{ e.actorName ?? 'System' }}</td>
                    <td>{{ words[e.action] ?? e.action }}</td>
                    <td class="details">{{ details(e) }}</td>
                    <td>{{ e.ip ?? '' }}</td>
                  </tr>
                }
              </tbody>
            </table>
            <p class="muted">{{ total() }} entries</p>
          } @else { <p class="muted" data-testid="audit-empty">Nothing recorded for these filters.</p> }
        } @else { <p class="muted">Loading…</p> }
      </mat-card-content></mat-card>
    </section>
  `,
  styles: `
    .page { display: grid; gap: 16px; padding: 16px; max-width: 1100px; }
    .filters { display: flex; flex-wrap: wrap; gap: 16px; }
    .filters label { display: grid; gap: 4px; }
    .log { width: 100%; border-collapse: collapse; font: var(--mat-sys-body-small); }
    .log th, .log td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--mat-sys-outline-variant); vertical-align: top; }
    .details { max-width: 420px; overflow-wrap: anywhere; }
    .muted { color: var(--mat-sys-on-surface-variant); }
  `,
})
export class AuditPage implements OnInit {
  private readonly api = inject(Api);
  protected readonly words = AUDIT_WORDS;
  protected readonly actions = Object.keys(AUDIT_WORDS);
  protected readonly entries = signal<AuditEntryDto[] | null>(null);
  protected readonly total = signal(0);
  protected readonly error = signal<string | null>(null);
  protected action = '';
  protected from = '';
  protected to = '';
  private seq = 0;

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    const seq = ++this.seq;
    this.error.set(null);
    const params: ListAudit$Params = { pageSize: 100 };
    if (this.action) params.action = this.action as ListAudit$Params['action'];
    if (this.from) params.from = new Date(`${this.from}T00:00:00`).toISOString();
    if (this.to) params.to = new Date(new Date(`${this.to}T00:00:00`).getTime() + 86_400_000).toISOString();
    try {
      const page = await this.api.invoke(listAudit, params);
      if (seq !== this.seq) return;
      this.entries.set(page.items);
      this.total.set(page.total);
    } catch (e) {
      if (seq === this.seq) this.error.set(errorMessage(e, 'Could not load the audit log'));
    }
  }

  protected when(iso: string): string {
    return new Date(iso).toLocaleString();
  }

  /** The entry's facts in words: "role: agent → team_lead", "file: leads.csv". */
  protected details(e: AuditEntryDto): string {
    return Object.entries(e.changes)
      .map(([k, v]) => {
        if (v && typeof v === 'object' && 'from' in v && 'to' in v) return `${k}: ${plain((v as { from: unknown }).from)} → ${plain((v as { to: unknown }).to)}`;
        return `${k}: ${plain(v)}`;
      })
      .join('; ');
  }
}
