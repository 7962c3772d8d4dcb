import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MyTaskDto } from '../api/models/my-task-dto';
import { bucketOf, MyTasksStore } from './my-tasks-store';

const task = (id: string, dueAt: string | null): MyTaskDto => ({
  id, leadId: `lead-${id}`, title: `Task ${id}`, type: 'call', notes: null, dueAt, assigneeId: 'me', assignee: { id: 'me', name: 'Maria' },
  completedAt: null, createdAt: '2026-12-01T08:00:00Z', lead: { id: `lead-${id}`, name: `Lead ${id}` },
});

describe('My tasks', () => {
  it('puts each task in overdue, today, upcoming or no due time by the local day', () => {
    const now = new Date(2026, 11, 4, 12, 0);
    expect(bucketOf({ dueAt: new Date(2026, 11, 4, 11, 0).toISOString() }, now)).toBe('overdue');
    expect(bucketOf({ dueAt: new Date(2026, 11, 4, 23, 30).toISOString() }, now)).toBe('today');
    expect(bucketOf({ dueAt: new Date(2026, 11, 5, 0, 30).toISOString() }, now)).toBe('upcoming');
    expect(bucketOf({ dueAt: null }, now)).toBe('someday');
  });

  it('completes a task (it leaves the list) and snoozes one (it moves down)', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), MyTasksStore] });
    const store = TestBed.inject(MyTasksStore);
    const http = TestBed.inject(HttpTestingController);
    const soon = new Date(Date.now() + 3600_000).toISOString();
    const later = new Date(Date.now() + 48 * 3600_000).toISOString();
    const loading = store.load();
    http.expectOne('/api/tasks/mine').flush([task('a', new Date(Date.now() - 3600_000).toISOString()), task('b', soon), task('c', later)]);
    await loading;
    expect(store.buckets().overdue.map((t) => t.id)).toEqual(['a']);

    const done = store.complete(store.tasks()![1]);
    http.expectOne({ url: '/api/leads/lead-b/tasks/b/complete', method: 'POST' }).flush({});
    expect(await done).toBe(true);
    expect(store.tasks()!.map((t) => t.id)).toEqual(['a', 'c']);

    const until = new Date(Date.now() + 72 * 3600_000);
    const snoozed = store.snooze(store.tasks()![0], until);
    const req = http.expectOne({ url: '/api/leads/lead-a/tasks/a', method: 'PATCH' });
    expect(req.request.body).toEqual({ dueAt: until.toISOString() });
    req.flush({ ...task('a', until.toISOString()) });
    expect(await snoozed).toBe(true);
    expect(store.tasks()!.map((t) => t.id)).toEqual(['c', 'a']);
    expect(store.buckets().overdue).toEqual([]);
    http.verify();
  });
});
