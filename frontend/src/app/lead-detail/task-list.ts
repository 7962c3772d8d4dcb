import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, ElementRef, input, output, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TaskDto } from '../api/models/task-dto';

export interface NewTask {
  title: string;
  dueAt?: string;
}

/** Open tasks with a checkbox to complete them, finished ones below, and a quick add form. */
@Component({
  selector: 'oh-task-list',
  imports: [DatePipe, MatCardModule, MatCheckboxModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <mat-card appearance="outlined">
      <mat-card-header><mat-card-title><h2 class="h">Tasks</h2></mat-card-title></mat-card-header>
      <mat-card-content>
        @if (open().length === 0) { <p class="muted">No open tasks.</p> }
        <ul class="tasks" data-testid="open-tasks">
          @for (t of open(); track t.id) {
            <li>
              <mat-checkbox [disabled]="busy()" (change)="complete.emit(t.id)">{{ t.title }}</mat-checkbox>
              @if (t.dueAt) { <span class="muted due">due {{ t.dueAt | date: 'MMM d, HH:mm' }}</span> }
            </li>
          }
        </ul>
        @if (done().length) {
          <details>
            <summary>{{ done().length }} done</summary>
            <ul class="tasks done">
              @for (t of done(); track t.id) { <li><s>{{ t.title }}</s></li> }
            </ul>
          </details>
        }
        <form class="add" (submit)="$event.preventDefault(); submit()" aria-label="Add a task">
          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="title">
            <mat-label>New task</mat-label>
            <input matInput #title maxlength="200" data-testid="new-task-title" />
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Due</mat-label>
            <input matInput #due type="datetime-local" />
          </mat-form-field>
          <button mat-flat-button type="submit" [disabled]="busy()">Add task</button>
        </form>
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .h { font: var(--mat-sys-title-medium); margin: 0; }
    .tasks { list-style: none; padding: 0; margin: 0 0 8px; }
    .tasks li { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
    .due { font: var(--mat-sys-body-small); }
    .done li { padding: 4px 0 4px 12px; color: var(--mat-sys-on-surface-variant); }
    .add { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin-top: 8px; }
    .add .title { flex: 1 1 200px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskList {
  readonly open = input.required<TaskDto[]>();
  readonly done = input<TaskDto[]>([]);
  readonly busy = input(false);
  readonly add = output<NewTask>();
  readonly complete = output<string>();
  private readonly title = viewChild.required<ElementRef<HTMLInputElement>>('title');
  private readonly due = viewChild.required<ElementRef<HTMLInputElement>>('due');

  protected submit(): void {
    const title = this.title().nativeElement.value.trim();
    if (!title) {
      this.title().nativeElement.focus();
      return;
    }
    const due = this.due().nativeElement.value;
    this.add.emit({ title, ...(due ? { dueAt: new Date(due).toISOString() } : {}) });
  }

  /** Called by the parent once the task is saved. */
  reset(): void {
    this.title().nativeElement.value = '';
    this.due().nativeElement.value = '';
  }
}
