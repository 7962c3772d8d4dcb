import { CdkDrag, CdkDragDrop, CdkDropList, CdkDropListGroup } from '@angular/cdk/drag-drop';
import { ChangeDetectionStrategy, Component, effect, inject, OnDestroy, OnInit } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { BoardCardDto } from '../api/models/board-card-dto';
import { LeadStage } from '../api/models/lead-stage';
import { SavedViewDto } from '../api/models/saved-view-dto';
import { InboxStore } from '../inbox/inbox-store';
import { ErrorBanner } from '../shared/ui/error-banner';
import { LabelPipe } from '../shared/ui/label-pipe';
import { ScoreChip } from '../shared/ui/score-chip';
import { SlaClock } from '../shared/ui/sla-clock';
import { STAGES } from '../shared/ui/stage-chip';
import { askMoveDetails, moveNeeds } from '../shared/ui/stage-move-dialog';
import { TimeAgoPipe } from '../shared/ui/time-ago-pipe';
import { overdueWords } from '../shared/ui/duration-words';
import { PipelineStore } from './pipeline-store';

/**
 * The pipeline board: one column per stage with its count, cards moved by drag and drop or, from
 * the keyboard, by each card's "Move to…" menu. The inbox's filters and saved views apply.
 */
@Component({
  selector: 'oh-board-page',
  imports: [CdkDropListGroup, CdkDropList, CdkDrag, MatButtonModule, MatIconModule, MatMenuModule, MatTooltipModule, RouterLink, ErrorBanner, LabelPipe, ScoreChip, SlaClock, TimeAgoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page board-page" aria-labelledby="board-title">
      <div class="head">
        <h1 id="board-title" class="page-title">Pipeline</h1>
        <span class="live" [class.on]="store.live()" role="status">{{ store.live() ? 'Live' : 'Connecting…' }}</span>
        <span class="grow"></span>
        <a mat-button routerLink="/inbox">Filters are the inbox's: change them there</a>
      </div>
      @if (inbox.views().length) {
        <div class="views" role="group" aria-label="Saved views">
          @for (view of inbox.views(); track view.id) {
            <button mat-stroked-button type="button" (click)="applyView(view)" [attr.aria-pressed]="inbox.activeViewId() === view.id">{{ view.name }}</button>
          }
        </div>
      }
      @if (store.error(); as message) { <oh-error-banner [message]="message" [retryable]="true" (retry)="reload()" /> }
      @if (store.notice(); as n) {
        <div class="notice" role="alert" data-testid="move-refused">
          <mat-icon aria-hidden="true">block</mat-icon><span>{{ n.message }}</span>
          <button mat-icon-button type="button" (click)="store.dismissNotice()" aria-label="Dismiss"><mat-icon>close</mat-icon></button>
        </div>
      }
      <div class="columns" cdkDropListGroup>
        @for (column of store.columns(); track column.stage) {
          <section class="column" [attr.aria-label]="(column.stage | label: 'stage') + ', ' + column.count + ' leads'" [attr.data-stage]="column.stage">
            <h2 class="col-title">{{ column.stage | label: 'stage' }} <span class="count" data-testid="column-count">{{ column.count.toLocaleString('en-US') }}</span></h2>
            <ul class="cards" cdkDropList [cdkDropListData]="column.stage" (cdkDropListDropped)="onDrop($event)" (scroll)="onScroll($event, column.stage)" [attr.data-testid]="'column-' + column.stage">
              @for (card of column.cards; track card.id) {
                <li class="card" cdkDrag [cdkDragData]="card" [class.moving]="store.moving().has(card.id)" [attr.data-testid]="'card-' + card.id">
                  <div class="row">
                    <a class="name" [routerLink]="['/leads', card.id]">{{ card.name }}</a>
                    <oh-score-chip [score]="card.score" />
                  </div>
                  <div class="meta">{{ card.source | label: 'source' }} · {{ card.assignee?.name ?? 'Unassigned' }}</div>
                  @if (card.nextTask; as task) {
                    <div class="meta task"><mat-icon aria-hidden="true">task_alt</mat-icon>{{ task.title }}@if (task.dueAt) { · {{ task.dueAt | timeAgo }} }</div>
                  }
                  @if (card.sla) {
                    <div><oh-sla-clock [sla]="card.sla" [stage]="card.stage" /></div>
                  } @else if (card.overdue) {
                    <div class="flag overdue">Reply overdue by {{ overdue(card.overdueSeconds) }}</div>
                  } @else if (card.needsReply) {
                    <div class="flag">Needs reply</div>
                  }
                  @if (store.notice()?.leadId === card.id) { <div class="card-notice">{{ store.notice()?.message }}</div> }
                  <button mat-button type="button" class="move" [matMenuTriggerFor]="moveMenu" [attr.aria-label]="'Move to… ' + card.name">Move to…</button>
                  <mat-menu #moveMenu="matMenu">
                    @for (s of stages; track s) {
                      @if (s !== card.stage) { <button mat-menu-item type="button" (click)="moveTo(card, s)">{{ s | label: 'stage' }}</button> }
                    }
                  </mat-menu>
                </li>
              }
              @if (column.nextCursor) { <li class="more"><button mat-button type="button" (click)="store.loadMore(column.stage)">Show more</button></li> }
            </ul>
          </section>
        }
      </div>
    </section>
  `,
  styles: `
    .board-page { max-width: none; }
    .head { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
    .grow { flex: 1; }
    .live { font: var(--mat-sys-label-medium); color: var(--mat-sys-on-surface-variant); }
    .live.on { color: #0b6b2e; }
    .views { display: flex; gap: 8px; flex-wrap: wrap; margin: 8px 0; }
    .notice { display: flex; align-items: center; gap: 8px; padding: 8px 12px; margin: 8px 0; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .notice span { flex: 1; }
    .columns { display: flex; gap: 12px; overflow-x: auto; padding-bottom: 8px; align-items: flex-start; }
    .column { flex: 0 0 260px; background: var(--mat-sys-surface-container-low); border-radius: 12px; padding: 8px; }
    .col-title { font: var(--mat-sys-title-small); margin: 4px 4px 8px; display: flex; justify-content: space-between; }
    .count { color: var(--mat-sys-on-surface-variant); }
    .cards { list-style: none; margin: 0; padding: 0; min-height: 60px; max-height: calc(100vh - 240px); overflow-y: auto; display: flex; flex-direction: column; gap: 8px; }
    .card { background: var(--mat-sys-surface); border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; padding: 8px; cursor: grab; }
    .card.moving { opacity: 0.6; }
    .row { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
    .name { font-weight: 500; color: inherit; }
    .meta { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); margin-top: 4px; }
    .task { display: flex; align-items: center; gap: 4px; }
    .task mat-icon { font-size: 16px; width: 16px; height: 16px; }
    .flag { font: var(--mat-sys-label-small); margin-top: 4px; color: var(--mat-sys-primary); }
    .flag.overdue { color: var(--mat-sys-error); }
    .card-notice { font: var(--mat-sys-body-small); color: var(--mat-sys-error); margin-top: 4px; }
    .move { margin-top: 4px; }
    .more { text-align: center; }
    .cdk-drag-preview { box-shadow: 0 4px 12px rgba(0,0,0,.2); border-radius: 8px; background: var(--mat-sys-surface); padding: 8px; }
    .cdk-drag-placeholder { opacity: 0.3; }
  `,
})
export class BoardPage implements OnInit, OnDestroy {
  protected readonly store = inject(PipelineStore);
  protected readonly inbox = inject(InboxStore);
  private readonly dialog = inject(MatDialog);
  protected readonly stages = STAGES;
  protected readonly overdue = overdueWords;

  constructor() {
    // The inbox's filters (and so a saved view picked here or there) decide which cards show.
    effect(() => void this.store.load(this.inbox.filters()));
  }

  ngOnInit(): void {
    this.store.follow();
    if (!this.inbox.views().length) void this.inbox.loadViews();
  }

  ngOnDestroy(): void {
    this.store.stop();
  }

  protected reload(): void {
    void this.store.load(this.inbox.filters());
  }

  protected applyView(view: SavedViewDto): void {
    this.inbox.applyView(view);
  }

  protected onDrop(event: CdkDragDrop<LeadStage, LeadStage, BoardCardDto>): void {
    if (event.previousContainer === event.container) return;
    void this.moveTo(event.item.data, event.container.data);
  }

  /** Asks what the admin's rules need for this move (a reason, a price, a note), then moves. */
  protected async moveTo(card: BoardCardDto, to: LeadStage): Promise<void> {
    const details = await askMoveDetails(this.dialog, moveNeeds(this.store.rules(), card.name, card.stage, to));
    if (!details) return;
    await this.store.move(card, to, details);
  }

  protected onScroll(event: Event, stage: LeadStage): void {
    const el = event.target as HTMLElement;
    if (el.scrollTop + el.clientHeight >= el.scrollHeight - 120) void this.store.loadMore(stage);
  }
}
