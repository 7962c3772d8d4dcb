import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { LeadSummaryDto } from '../api/models/lead-summary-dto';
import { PondStore } from './pond-store';

const lead = (id: string, name: string, stage: LeadSummaryDto['stage'] = 'new'): LeadSummaryDto => ({
  id, name, email: null, phone: null, source: 'web', stage, score: 40, scoreSource: 'auto', qualificationStatus: 'unqualified', assignee: null,
  needsReply: true, overdue: false, waitingSince: '2026-12-04T10:00:00Z', overdueSeconds: 0, slaDueAt: null, sla: null, version: 1, lastActivityAt: '2026-12-04T10:00:00Z', createdAt: '2026-12-04T10:00:00Z',
});

describe('The pond', () => {
  it('lists open leads nobody has; a won claim is mine, a lost one (409) says someone else was quicker; both leave the list', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), PondStore] });
    const store = TestBed.inject(PondStore);
    const http = TestBed.inject(HttpTestingController);
    const loading = store.load();
    const list = http.expectOne((r) => r.url === '/api/leads');
    expect(list.request.params.get('assignee')).toBe('unassigned');
    list.flush({ items: [lead('a', 'Ann'), lead('b', 'Bob'), lead('c', 'Cy', 'lost')], total: 3, totalExact: true, page: 1, pageSize: 100 });
    await loading;
    expect(store.leads()?.map((l) => l.name)).toEqual(['Ann', 'Bob']);

    const won = store.claim(store.leads()![0]);
    http.expectOne('/api/leads/a/claim').flush({});
    await won;
    expect(store.outcome()).toEqual({ kind: 'mine', lead: { id: 'a', name: 'Ann' } });

    const lost = store.claim(store.leads()![0]);
    http.expectOne('/api/leads/b/claim').flush({ statusCode: 409, code: 'already_claimed', message: 'Someone else has this lead already' }, { status: 409, statusText: 'Conflict' });
    await lost;
    expect(store.outcome()).toEqual({ kind: 'taken', name: 'Bob' });
    expect(store.leads()).toEqual([]);
    expect(store.error()).toBeNull();
    http.verify();
  });
});
