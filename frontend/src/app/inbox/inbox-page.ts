import { BreakpointObserver } from '@angular/cdk/layout';
import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatTooltipModule } from '@angular/material/tooltip';
import { LeadSource } from '../api/models/lead-source';
import { LeadStage } from '../api/models/lead-stage';
import { EmptyState } from '../shared/ui/empty-state';
import { ErrorBanner } from '../shared/ui/error-banner';
import { SkeletonRows } from '../shared/ui/skeleton-rows';
import { STAGES } from '../shared/ui/stage-chip';
import { InboxStore, LeadSort, PAGE_SIZE } from './inbox-store';
import { LeadRow, SOURCE_LABELS } from './lead-row';
import { RouterLink } from '@angular/router';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { SavedViewDto } from '../api/models/saved-view-dto';
import { askToConfirm } from '../shared/ui/confirm-dialog';
import { LabelPipe } from '../shared/ui/label-pipe';
import { map } from 'rxjs';

@Component({
  selector: 'oh-inbox-page',
  imports: [
    LabelPipe,
    RouterLink,
    DecimalPipe,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSlideToggleModule,
    MatTooltipModule,
    EmptyState,
    ErrorBanner,
    SkeletonRows,
    LeadRow,
  ],
  templateUrl: './inbox-page.html',
  styleUrl: './inbox-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InboxPage implements OnInit {
  protected readonly store = inject(InboxStore);
  protected readonly pageSize = PAGE_SIZE;
  protected readonly stages = STAGES;
  protected readonly sources = Object.keys(SOURCE_LABELS) as LeadSource[];
  protected readonly sorts: { value: LeadSort; label: string }[] = [
    { value: 'attention', label: 'Needs attention first' },
    { value: '-score', label: 'Highest score' },
    { value: '-lastActivity', label: 'Latest activity' },
    { value: '-created', label: 'Newest' },
    { value: 'created', label: 'Oldest' },
    { value: 'score', label: 'Lowest score' },
  ];
  protected readonly scoreMins = [0, 40, 60, 70, 80];
  protected readonly savingView = signal(false);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  /** On a phone the filters fold away behind a button so the leads start on the first screen. */
  protected readonly narrow = toSignal(inject(BreakpointObserver).observe('(max-width: 600px)').pipe(map((s) => s.matches)), { initialValue: false });
  protected readonly filtersOpen = signal(false);

  /** Asks first; once deleted, the view can be brought back from the message that follows. */
  protected async deleteView(view: SavedViewDto): Promise<void> {
    const sure = await askToConfirm(this.dialog, {
      title: 'Delete this view?',
      message: `“${view.name}” will be removed from your saved views. You can undo it right after.`,
      confirm: 'Delete view',
      destructive: true,
    });
    if (!sure || !(await this.store.deleteView(view.id))) return;
    const ref = this.snackBar.open(`Deleted the view “${view.name}”`, 'Undo', { duration: 10_000 });
    ref.onAction().subscribe(() => void this.store.restoreView(view));
  }

  /** Who the ticked leads go to: a person's id, or '' for the unassigned pool; null until chosen. */
  protected readonly reassignTo = signal<string | null>(null);

  /** Asks first, naming how many leads and to whom; all of them move or none. */
  protected async reassign(): Promise<void> {
    const to = this.reassignTo();
    const count = this.store.selected().size;
    if (to === null || count === 0) return;
    const who = to === '' ? 'the unassigned pool' : (this.store.assignees().find((a) => a.id === to)?.name ?? 'this person');
    const leads = `${count} lead${count === 1 ? '' : 's'}`;
    const sure = await askToConfirm(this.dialog, {
      title: `Hand ${leads} to ${who}?`,
      message: to === '' ? `The ${leads} will wait in the unassigned pool for someone to take them.` : `${who} will see the ${leads} in their inbox and be responsible for them.`,
      confirm: 'Reassign',
    });
    if (!sure) return;
    const moved = await this.store.reassignSelected(to === '' ? null : to);
    if (moved === null) return;
    this.reassignTo.set(null);
    this.snackBar.open(to === '' ? `Returned ${leads} to the unassigned pool` : `Handed ${leads} to ${who}`, undefined, { duration: 5_000 });
  }

  /** Downloads the leads matching the filters (or saved view) as a spreadsheet file. */
  protected async exportLeads(): Promise<void> {
    const file = await this.store.exportCsv();
    if (!file) return;
    const url = URL.createObjectURL(file.blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = file.filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  ngOnInit(): void {
    void this.store.load();
    void this.store.loadViews();
  }

  protected onStage(stage: LeadStage[]): void {
    this.store.setFilters({ stage });
  }
  protected onSource(source: LeadSource[]): void {
    this.store.setFilters({ source });
  }
  protected onAssignee(assignee: string): void {
    this.store.setFilters({ assignee: assignee || undefined });
  }
  protected onScoreMin(scoreMin: number): void {
    this.store.setFilters({ scoreMin: scoreMin || undefined });
  }
  protected onNeedsReply(needsReply: boolean): void {
    this.store.setFilters({ needsReply: needsReply || undefined });
  }
  protected onSort(sort: LeadSort): void {
    this.store.setFilters({ sort });
  }
  protected onSearch(event: Event): void {
    this.store.setSearch((event.target as HTMLInputElement).value);
  }

  protected async saveView(name: string): Promise<void> {
    if (!name.trim()) return;
    if (await this.store.saveView(name)) this.savingView.set(false);
  }
}
