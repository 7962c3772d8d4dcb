import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { RouterLink } from '@angular/router';
import { MyTaskDto } from '../api/models/my-task-dto';
import { EmptyState } from '../shared/ui/empty-state';
import { ErrorBanner } from '../shared/ui/error-banner';
import { LabelPipe } from '../shared/ui/label-pipe';
import { SkeletonRows } from '../shared/ui/skeleton-rows';
import { MyTasksStore, TaskBucket } from './my-tasks-store';

const SECTIONS: { bucket: TaskBucket; title: string }[] = [
  { bucket: 'overdue', title: 'Overdue' },
  { bucket: 'today', title: 'Due today' },
  { bucket: 'upcoming', title: 'Upcoming' },
  { bucket: 'someday', title: 'No due time' },
];

@Component({
  selector: 'oh-my-tasks-page',
  imports: [DatePipe, RouterLink, MatButtonModule, MatIconModule, MatMenuModule, EmptyState, ErrorBanner, LabelPipe, SkeletonRows],
  providers: [MyTasksStore],
  template: `
    <section class="page" aria-labelledby="tasks-title">
      <h1 id="tasks-title" class="page-title">My tasks</h1>
      @if (store.error(); as message) { <oh-error-banner [message]="message" [retryable]="!store.tasks()" (retry)="store.load()" /> }
      @if (store.tasks(); as tasks) {
        @if (tasks.length === 0) {
          <oh-empty-state icon="task_alt" title="Nothing to do"><p>Tasks you add on a lead, or that the assistant creates for you, show here.</p></oh-empty-state>
        }
        @for (s of sections; track s.bucket) {
          @let list = store.buckets()[s.bucket];
          @if (list.length) {
            <h2 class="h" [class.overdue-title]="s.bucket === 'overdue'">{{ s.title }} <span class="muted">({{ list.length }})</span></h2>
            <ul class="tasks" [attr.data-testid]="'tasks-' + s.bucket">
              @for (t of list; track t.id) {
                <li class="task" [class.overdue]="s.bucket === 'overdue'" data-testid="my-task">
                  <div class="what">
                    <span class="title">{{ t.title }}</span>
                    <span class="muted small">
                      {{ t.type | label: 'taskType' }} · <a [routerLink]="['/leads', t.lead.id]">{{ t.lead.name }}</a>
                      · {{ t.assignee?.name ?? 'Unassigned' }}
                      @if (t.dueAt) { · <span [class.late]="s.bucket === 'overdue'">due {{ t.dueAt | date: (s.bucket === 'today' ? 'HH:mm' : 'EEE d MMM, HH:mm') }}</span> }
                    </span>
                  </div>
                  <div class="buttons">
                    <button mat-stroked-button type="button" [disabled]="store.busyId() === t.id" (click)="store.complete(t)" [attr.aria-label]="'Mark done: ' + t.title">
                      <mat-icon>check</mat-icon>Done
                    </button>
                    <button mat-button type="button" [matMenuTriggerFor]="snooze" [matMenuTriggerData]="{ task: t }" [disabled]="store.busyId() === t.id" [attr.aria-label]="'Snooze: ' + t.title">
                      <mat-icon>snooze</mat-icon>Snooze
                    </button>
                  </div>
                </li>
              }
            </ul>
          }
        }
      } @else if (!store.error()) {
        <oh-skeleton-rows [count]="6" />
      }
      <mat-menu #snooze="matMenu">
        <ng-template matMenuContent let-task="task">
          <button mat-menu-item type="button" (click)="snoozeFor(task, 'hour')">For an hour</button>
          <button mat-menu-item type="button" (click)="snoozeFor(task, 'tomorrow')">Until tomorrow, 9:00</button>
          <button mat-menu-item type="button" (click)="snoozeFor(task, 'week')">Until next week</button>
        </ng-template>
      </mat-menu>
    </section>
  `,
  styles: `
    .h { font: var(--mat-sys-title-medium); margin: 20px 0 8px; }
    .overdue-title { color: var(--mat-sys-error); }
    .tasks { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column; gap: 6px; }
    .task { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; justify-content: space-between; padding: 8px 12px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; }
    .task.overdue { border-color: var(--mat-sys-error); background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .task.overdue .muted, .task.overdue a { color: inherit; }
    .what { display: flex; flex-direction: column; min-width: 0; }
    .title { font-weight: 500; overflow-wrap: anywhere; }
    .small { font: var(--mat-sys-body-small); }
    .late { font-weight: 600; }
    .buttons { display: flex; gap: 4px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyTasksPage implements OnInit {
  protected readonly store = inject(MyTasksStore);
  protected readonly sections = SECTIONS;

  ngOnInit(): void {
    void this.store.load();
  }

  protected async snoozeFor(task: MyTaskDto, span: 'hour' | 'tomorrow' | 'week'): Promise<void> {
    const now = new Date();
    const until =
      span === 'hour'
        ? new Date(Math.max(now.getTime(), task.dueAt ? new Date(task.dueAt).getTime() : 0) + 3600_000)
        : span === 'tomorrow'
          ? new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9)
          : new Date(now.getFullYear(), now.getMonth(), now.getDate() + 7, 9);
    await this.store.snooze(task, until);
  }
}
