import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { BoardDto } from '../api/models/board-dto';
import { PipelineStore } from './pipeline-store';

const board = (count: number): BoardDto => ({ columns: [{ stage: 'new', count, cards: [], nextCursor: null }] });

describe('PipelineStore head start', () => {
  it('shows the first page asked for while the board code downloaded without asking again; other filters or a later visit ask again', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const store = TestBed.inject(PipelineStore);
    const http = TestBed.inject(HttpTestingController);

    store.prime({ needsReply: true, sort: 'attention' }); // as the route does before the board's code is there
    const primed = http.expectOne((r) => r.url === '/api/pipeline/board');
    expect(primed.request.params.get('needsReply')).toBe('true');
    expect(primed.request.params.get('perColumn')).toBe('20');
    primed.flush(board(7));
    http.expectOne((r) => r.url === '/api/pipeline/rules').flush([]);
    await new Promise((r) => setTimeout(r));
    expect(store.columns()).toEqual([]); // fetched, not shown until the page loads

    await store.load({ needsReply: true, sort: 'score' }); // the page: same filters (the sort does not apply to the board)
    expect(store.columns().map((c) => c.count)).toEqual([7]);
    http.verify();

    // The head start is used once: the next load asks the server.
    const again = store.load({ needsReply: true });
    http.expectOne((r) => r.url === '/api/pipeline/board').flush(board(8));
    http.expectOne((r) => r.url === '/api/pipeline/rules').flush([]);
    await again;
    expect(store.columns().map((c) => c.count)).toEqual([8]);

    // A head start for other filters is not shown for these.
    store.prime({ stage: ['won'] });
    http.expectOne((r) => r.url === '/api/pipeline/board').flush(board(1));
    http.expectOne((r) => r.url === '/api/pipeline/rules').flush([]);
    const mine = store.load({ needsReply: true });
    http.expectOne((r) => r.url === '/api/pipeline/board').flush(board(9));
    http.expectOne((r) => r.url === '/api/pipeline/rules').flush([]);
    await mine;
    expect(store.columns().map((c) => c.count)).toEqual([9]);
  });
});
