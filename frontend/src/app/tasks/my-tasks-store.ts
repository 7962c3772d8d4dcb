import { computed, inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { completeLeadTask } from '../api/fn/leads/complete-lead-task';
import { updateLeadTask } from '../api/fn/leads/update-lead-task';
import { listMyTasks } from '../api/fn/tasks/list-my-tasks';
import { MyTaskDto } from '../api/models/my-task-dto';
import { errorMessage } from '../core/api-error';

export type TaskBucket = 'overdue' | 'today' | 'upcoming' | 'someday';

/** Which part of the day's list a task belongs in, by the browser's clock and calendar day. Exported for tests. */
export function bucketOf(task: Pick<MyTaskDto, 'dueAt'>, now: Date): TaskBucket {
  if (!task.dueAt) return 'someday';
  const due = new Date(task.dueAt);
  if (due.getTime() < now.getTime()) return 'overdue';
  const endOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return due < endOfToday ? 'today' : 'upcoming';
}

const byDue = (a: MyTaskDto, b: MyTaskDto) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') || a.createdAt.localeCompare(b.createdAt);

/** My open tasks across leads: overdue first, then today, upcoming and undated; complete or snooze each. */
@Injectable()
export class MyTasksStore {
  private readonly api = inject(Api);
  readonly tasks = signal<MyTaskDto[] | null>(null);
  readonly error = signal<string | null>(null);
  readonly busyId = signal<string | null>(null);
  /** The clock the buckets are drawn with; refreshed on every load. */
  readonly now = signal(new Date());

  readonly buckets = computed(() => {
    const now = this.now();
    const out: Record<TaskBucket, MyTaskDto[]> = { overdue: [], today: [], upcoming: [], someday: [] };
    for (const t of this.tasks() ?? []) out[bucketOf(t, now)].push(t);
    return out;
  });

  async load(): Promise<void> {
    this.error.set(null);
    try {
      const tasks = await this.api.invoke(listMyTasks);
      this.now.set(new Date());
      this.tasks.set(tasks);
    } catch (e) {
      this.error.set(errorMessage(e, 'Could not load your tasks'));
    }
  }

  async complete(task: MyTaskDto): Promise<boolean> {
    return this.run(task, async () => {
      await this.api.invoke(completeLeadTask, { id: task.leadId, taskId: task.id });
      this.tasks.update((list) => (list ?? []).filter((t) => t.id !== task.id));
    });
  }

  /** Moves the due time on; the server refuses a time that has passed. */
  async snooze(task: MyTaskDto, until: Date): Promise<boolean> {
    return this.run(task, async () => {
      const updated = await this.api.invoke(updateLeadTask, { id: task.leadId, taskId: task.id, body: { dueAt: until.toISOString() } });
      this.now.set(new Date());
      this.tasks.update((list) => (list ?? []).map((t) => (t.id === task.id ? { ...t, ...updated } : t)).sort(byDue));
    });
  }

  private async run(task: MyTaskDto, work: () => Promise<void>): Promise<boolean> {
    this.busyId.set(task.id);
    this.error.set(null);
    try {
      await work();
      return true;
    } catch (e) {
      this.error.set(errorMessage(e, 'That change was not saved'));
      return false;
    } finally {
      this.busyId.set(null);
    }
  }
}
