import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, output, viewChild } from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TaskDto } from '../api/models/task-dto';
import { TaskType } from '../api/models/task-type';
import { showServerErrors } from '../core/api-error';
import { LabelPipe } from '../shared/ui/label-pipe';

export interface NewTask {
  title: string;
  type: TaskType;
  dueAt?: string;
}

export const TASK_TYPES: TaskType[] = ['call', 'email', 'viewing_prep', 'follow_up'];

/** Open tasks with a checkbox to complete them, finished ones below, and a quick add form. */
@Component({
  selector: 'oh-task-list',
  imports: [DatePipe, ReactiveFormsModule, MatCardModule, MatCheckboxModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, LabelPipe],
  template: `
    <mat-card appearance="outlined">
      <mat-card-header><mat-card-title><h2 class="h">Tasks</h2></mat-card-title></mat-card-header>
      <mat-card-content>
        @if (open().length === 0) { <p class="muted">No open tasks.</p> }
        <ul class="tasks" data-testid="open-tasks">
          @for (t of open(); track t.id) {
            <li>
              <mat-checkbox [disabled]="busy()" (change)="complete.emit(t.id)">{{ t.title }}</mat-checkbox>
              <span class="muted due">{{ t.type | label: 'taskType' }}@if (t.dueAt) { · due {{ t.dueAt | date: 'MMM d, HH:mm' }} }</span>
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
        <form class="add" [formGroup]="form" (ngSubmit)="submit()" aria-label="Add a task">
          <mat-form-field appearance="outline" class="title">
            <mat-label>New task</mat-label>
            <input matInput formControlName="title" maxlength="200" data-testid="new-task-title" />
            @if (form.controls.title.hasError('server')) { <mat-error>{{ form.controls.title.getError('server') }}</mat-error> }
            @else if (form.controls.title.invalid) { <mat-error>Give the task a title so you know what to do</mat-error> }
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>Type</mat-label>
            <mat-select formControlName="type">
              @for (k of types; track k) { <mat-option [value]="k">{{ k | label: 'taskType' }}</mat-option> }
            </mat-select>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>Due</mat-label>
            <input matInput formControlName="due" type="datetime-local" data-testid="new-task-due" />
            @if (form.controls.due.hasError('server')) { <mat-error>{{ form.controls.due.getError('server') }}</mat-error> }
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
    .add { display: flex; gap: 0 8px; flex-wrap: wrap; align-items: flex-start; margin-top: 8px; }
    .add .title { flex: 1 1 200px; }
    .add button { margin-top: 8px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskList {
  readonly open = input.required<TaskDto[]>();
  readonly done = input<TaskDto[]>([]);
  readonly busy = input(false);
  readonly add = output<NewTask>();
  readonly complete = output<string>();
  protected readonly types = TASK_TYPES;
  private readonly formDir = viewChild.required(FormGroupDirective);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    title: ['', [Validators.required, Validators.pattern(/\S/), Validators.maxLength(200)]],
    type: this.fb.control<TaskType>('follow_up'),
    due: [''],
  });

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { title, type, due } = this.form.getRawValue();
    this.add.emit({ title: title.trim(), type, ...(due ? { dueAt: new Date(due).toISOString() } : {}) });
  }

  /** Called by the parent once the task is saved: an empty form with no "required" errors showing. */
  reset(): void {
    this.formDir().resetForm({ title: '', type: 'follow_up', due: '' });
  }

  /** The server refused the task: its words go on the field (title, due). */
  showErrors(e: unknown): string | null {
    return showServerErrors(this.form, e);
  }
}
