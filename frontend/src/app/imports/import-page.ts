import { ChangeDetectionStrategy, Component, computed, inject, OnDestroy, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import { ImportKind } from '../api/models/import-kind';
import { ErrorBanner } from '../shared/ui/error-banner';
import { ImportStore } from './import-store';

const SEPARATORS: Record<string, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs', '|': 'bars (|)' };

/** The page's words for what a file holds. */
const KINDS: Record<ImportKind, { title: string; choice: string; intro: string }> = {
  leads: { title: 'Import leads', choice: 'Leads: people who contacted you (buyers, renters, sellers)', intro: 'a CSV file saved from your spreadsheet or another CRM' },
  units: { title: 'Import homes', choice: 'Homes: your listings, for sale or to rent', intro: 'a CSV file of your listings saved from your spreadsheet or listing system' },
};

/** Import leads or homes from a spreadsheet: upload, match columns, check or import, then see what happened. */
@Component({
  selector: 'oh-import-page',
  imports: [FormsModule, MatButtonModule, MatCardModule, MatCheckboxModule, MatProgressBarModule, MatRadioModule, ErrorBanner],
  providers: [ImportStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page" aria-labelledby="import-title">
      <h1 id="import-title" class="page-title">{{ words().title }}</h1>
      @if (store.error(); as message) { <oh-error-banner [message]="message" /> }
      @if (!store.current()) {
        <mat-card appearance="outlined"><mat-card-content>
          <p id="import-kind-label">What does the file hold?</p>
          <mat-radio-group class="kinds" aria-labelledby="import-kind-label" [ngModel]="store.kind()" (ngModelChange)="store.kind.set($event)" data-testid="import-kind">
            @for (k of kindChoices; track k) { <mat-radio-button [value]="k" [attr.data-testid]="'import-kind-' + k">{{ kindWords[k].choice }}</mat-radio-button> }
          </mat-radio-group>
          <p>Choose {{ words().intro }} (UTF-8, with a header line). Commas, semicolons and tabs all work.</p>
          <label class="file">Spreadsheet file <input type="file" accept=".csv,.txt,text/csv" (change)="pick($event)" data-testid="import-file" [disabled]="store.busy()" /></label>
        </mat-card-content></mat-card>
      } @else {
        @let job = store.current()!;
        @if (job.status === 'uploaded' || (job.status === 'done' && job.dryRun)) {
          <mat-card appearance="outlined"><mat-card-content>
            <h2>Match the columns of {{ job.fileName }}</h2>
            <p class="muted">Separated by {{ separatorWords(job.delimiter) }}. The first rows:</p>
            <div class="scroll"><table class="preview" data-testid="import-preview">
              <thead><tr>@for (h of job.headers; track h) { <th>{{ h }}</th> }</tr></thead>
              <tbody>@for (r of job.preview; track $index) { <tr>@for (c of r; track $index) { <td>{{ c }}</td> }</tr> }</tbody>
            </table></div>
            @if (store.savedMappings().length) {
              <p>Use a saved matching:
                @for (m of store.savedMappings(); track m.id) { <button mat-stroked-button type="button" (click)="useSaved(m.mapping)">{{ m.name }}</button> }
              </p>
            }
            <div class="fields">
              @for (f of job.fields; track f.key) {
                <label>{{ f.label }}
                  <select [ngModel]="mapping()[f.key] ?? ''" (ngModelChange)="setColumn(f.key, $event)" [attr.data-testid]="'map-' + f.key">
                    <option value="">(not in the file)</option>
                    @for (h of job.headers; track h) { <option [value]="h">{{ h }}</option> }
                  </select>
                </label>
              }
            </div>
            @if (job.kind === 'leads') { <label>Country for phone numbers without a country code <input [(ngModel)]="country" maxlength="2" size="3" data-testid="import-country" /></label> }
            <label>Save this matching as <input [(ngModel)]="saveAs" placeholder="e.g. Zillow export" data-testid="import-save-as" /></label>
            <mat-checkbox [(ngModel)]="dryRun" data-testid="import-dry-run">Check only: show what would happen, change nothing</mat-checkbox>
            <p><button mat-flat-button type="button" (click)="start()" [disabled]="store.busy()" data-testid="import-start">{{ dryRun ? 'Check the file' : 'Import' }}</button></p>
            @if (job.status === 'done' && job.dryRun) { <p class="muted" data-testid="dry-run-note">That was a check: nothing was changed. Untick "Check only" to import.</p> }
          </mat-card-content></mat-card>
        }
        @if (job.status === 'queued' || job.status === 'running') {
          <mat-card appearance="outlined"><mat-card-content data-testid="import-progress">
            <h2>{{ job.dryRun ? 'Checking' : 'Importing' }} {{ job.fileName }}</h2>
            <mat-progress-bar [mode]="job.progress.totalRows ? 'determinate' : 'indeterminate'" [value]="percent()" aria-label="Rows done" />
            <p>{{ job.progress.rowsDone.toLocaleString() }} of {{ job.progress.totalRows?.toLocaleString() ?? '…' }} rows
              @if (job.progress.rowsPerSecond) { · {{ job.progress.rowsPerSecond.toLocaleString() }} rows a second }
              @if (job.progress.etaSeconds !== null) { · about {{ job.progress.etaSeconds }} s left }</p>
          </mat-card-content></mat-card>
        }
        @if (job.status === 'done' || job.status === 'failed') {
          <mat-card appearance="outlined"><mat-card-content data-testid="import-report">
            <h2>{{ job.status === 'failed' ? 'The import stopped' : job.dryRun ? 'What the import would do' : 'Import finished' }}</h2>
            @if (job.error) { <p class="warn">{{ job.error }}</p> }
            <ul class="counts">
              @if (job.kind === 'units') {
                <li data-testid="count-created"><strong>{{ job.counts.created }}</strong> new homes</li>
                <li data-testid="count-updated"><strong>{{ job.counts.updated }}</strong> homes already listed under the same reference, brought up to date</li>
              } @else {
                <li data-testid="count-created"><strong>{{ job.counts.created }}</strong> new leads</li>
                <li data-testid="count-updated"><strong>{{ job.counts.updated }}</strong> existing leads given missing details</li>
                <li data-testid="count-merged"><strong>{{ job.counts.merged }}</strong> rows about a person already earlier in the file, added to that lead</li>
              }
              <li data-testid="count-skipped"><strong>{{ job.counts.skipped }}</strong> rows skipped</li>
              @if (job.counts.possibleDuplicates) { <li><strong>{{ job.counts.possibleDuplicates }}</strong> may be people another agent already has: kept apart for an admin to review</li> }
            </ul>
            @if (store.rejections().length) {
              <h3>Skipped rows</h3>
              <ul class="rejections" data-testid="rejections">
                @for (r of store.rejections(); track r.row) { <li>Row {{ r.row }}: {{ r.reason }}</li> }
              </ul>
              @if (store.rejectedTotal() > store.rejections().length) { <p class="muted">and {{ store.rejectedTotal() - store.rejections().length }} more in the file below.</p> }
              <button mat-stroked-button type="button" (click)="store.downloadRejected()" data-testid="download-rejected">Download the skipped rows (CSV)</button>
            }
            <p><button mat-button type="button" (click)="store.reset()">Import another file</button></p>
          </mat-card-content></mat-card>
        }
      }
    </section>
  `,
  styles: `
    .page { display: grid; gap: 16px; padding: 16px; max-width: 960px; }
    .file { display: grid; gap: 8px; }
    .scroll { overflow-x: auto; }
    .preview { border-collapse: collapse; font: var(--mat-sys-body-small); }
    .preview th, .preview td { border: 1px solid var(--mat-sys-outline-variant); padding: 4px 8px; text-align: left; white-space: pre-line; }
    .fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 8px 16px; margin: 16px 0; }
    .fields label, label { display: grid; gap: 4px; margin: 8px 0; }
    .muted { color: var(--mat-sys-on-surface-variant); }
    .warn { color: #8c1d18; }
    .counts { list-style: none; padding: 0; display: grid; gap: 4px; }
    .kinds { display: grid; gap: 4px; margin-bottom: 8px; }
  `,
})
export class ImportPage implements OnDestroy {
  protected readonly store = inject(ImportStore);
  protected readonly kindWords = KINDS;
  protected readonly kindChoices = Object.keys(KINDS) as ImportKind[];
  /** The file's kind once uploaded, else the one chosen. */
  protected readonly words = computed(() => KINDS[this.store.current()?.kind ?? this.store.kind()]);
  private readonly chosen = signal<Record<string, string> | null>(null);
  protected readonly mapping = computed(() => this.chosen() ?? this.store.current()?.mapping ?? {});
  protected readonly percent = computed(() => {
    const p = this.store.current()?.progress;
    return p?.totalRows ? Math.round((100 * p.rowsDone) / p.totalRows) : 0;
  });
  protected dryRun = true;
  protected country = 'US';
  protected saveAs = '';

  protected separatorWords(d: string): string {
    return SEPARATORS[d] ?? d;
  }

  protected pick(event: Event): void {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) void this.store.upload(file);
  }

  protected setColumn(field: string, header: string): void {
    const next = { ...this.mapping() };
    if (header) next[field] = header;
    else delete next[field];
    this.chosen.set(next);
  }

  protected useSaved(mapping: Record<string, string>): void {
    const headers = new Set(this.store.current()?.headers ?? []);
    this.chosen.set(Object.fromEntries(Object.entries(mapping).filter(([, h]) => headers.has(h))));
  }

  protected start(): void {
    void this.store.start(this.mapping(), this.dryRun, this.country.toUpperCase(), this.saveAs);
  }

  ngOnDestroy(): void {
    this.store.stop();
  }
}
