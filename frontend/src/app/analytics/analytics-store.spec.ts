import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { AgentRowDto } from '../api/models/agent-row-dto';
import { DEFAULT_FILTERS, fromParams, queryOf, toParams } from './analytics-filters';
import { AnalyticsStore, sortAgents } from './analytics-store';

const range = { from: '2026-11-28', to: '2026-12-04', days: 7, previousFrom: '2026-11-21', previousTo: '2026-11-27', timeZone: 'America/Los_Angeles', asOf: '2026-12-04T20:00:00Z' };
const agent = (name: string, dealsWon: number, median: number | null): AgentRowDto => ({
  agentId: name, name, team: null, openLeads: 1, newLeads: 1, slaBreaches: 0, viewingsHeld: 0, dealsWon,
  medianFirstResponseSeconds: median, p90FirstResponseSeconds: median, within5MinutesShare: null,
});

describe('Analytics filters', () => {
  it('say the range and filters in the address and read them back; the defaults leave it clean', () => {
    expect(toParams(DEFAULT_FILTERS)).toEqual({ range: null, from: null, to: null, agent: null, source: null, team: null });
    const custom = { ...DEFAULT_FILTERS, preset: 'custom' as const, from: '2026-10-01', to: '2026-10-31', source: 'web' as const, agentId: 'u1', team: 'Eastside' };
    expect(toParams(custom)).toEqual({ range: 'custom', from: '2026-10-01', to: '2026-10-31', agent: 'u1', source: 'web', team: 'Eastside' });
    expect(fromParams(toParams(custom))).toEqual(custom);
    // What the address cannot mean falls back to the default instead of breaking the page.
    expect(fromParams({ range: 'custom', from: 'yesterday', source: 'carrier_pigeon' })).toEqual(DEFAULT_FILTERS);
  });

  it('count a preset back from today, today included; "this month" starts on the 1st', () => {
    expect(queryOf({ ...DEFAULT_FILTERS, preset: '7d' }, '2026-12-04')).toEqual({ from: '2026-11-28', to: '2026-12-04' });
    expect(queryOf({ ...DEFAULT_FILTERS, preset: '90d' }, '2026-12-04')).toEqual({ from: '2026-09-06', to: '2026-12-04' });
    expect(queryOf({ ...DEFAULT_FILTERS, preset: 'month', source: 'web' }, '2026-12-04')).toEqual({ from: '2026-12-01', to: '2026-12-04', source: 'web' });
  });
});

describe('Analytics page state', () => {
  it('asks every figure for the chosen range and filters, and downloads a table as CSV with the same filters', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), AnalyticsStore] });
    const store = TestBed.inject(AnalyticsStore);
    const http = TestBed.inject(HttpTestingController);
    store.timeZone.set('UTC');
    store.filters.set({ ...DEFAULT_FILTERS, preset: 'custom', from: '2026-11-28', to: '2026-12-04', source: 'meta_lead_ads' });

    const loading = store.load();
    await Promise.resolve();
    for (const figure of ['funnel', 'sources', 'speed-to-lead', 'score', 'agents', 'assistant']) {
      const req = http.expectOne((r) => r.url === `/api/analytics/${figure}`);
      expect(req.request.params.get('from')).toBe('2026-11-28');
      expect(req.request.params.get('to')).toBe('2026-12-04');
      expect(req.request.params.get('source')).toBe('meta_lead_ads');
      expect(req.request.params.has('agentId')).toBe(false);
      req.flush(figure === 'agents' ? { range, sort: 'dealsWon', order: 'desc', agents: [agent('Ann', 1, 60), agent('Bob', 3, null)] } : { range });
    }
    await loading;
    expect(store.error()).toBeNull();
    expect(store.sortedAgents().map((a) => a.name)).toEqual(['Bob', 'Ann']);

    const saving = store.csv('sources', 'lead-ads');
    const csv = http.expectOne((r) => r.url === '/api/analytics/sources/csv');
    expect(csv.request.params.get('table')).toBe('lead-ads');
    expect(csv.request.params.get('source')).toBe('meta_lead_ads');
    expect(csv.request.params.get('from')).toBe('2026-11-28');
    csv.flush('Campaign,Form,Leads\r\n', { headers: { 'Content-Disposition': 'attachment; filename="sources-lead-ads-2026-11-28-2026-12-04.csv"' } });
    const file = await saving;
    expect(file?.filename).toBe('sources-lead-ads-2026-11-28-2026-12-04.csv');
    expect(await file?.blob.text()).toContain('Campaign,Form,Leads');

    // The agents table's CSV comes in the order on screen.
    store.sortAgentsBy('name');
    const agents = store.csv('agents');
    const req = http.expectOne((r) => r.url === '/api/analytics/agents/csv');
    expect([req.request.params.get('sort'), req.request.params.get('order')]).toEqual(['name', 'asc']);
    req.flush('Agent\r\n');
    await agents;
    http.verify();
  });

  it('sorts the agents table by any column, either way, with agents lacking a figure last', () => {
    const rows = [agent('Cy', 2, 300), agent('Ann', 2, null), agent('Bob', 5, 30)];
    expect(sortAgents(rows, { column: 'medianFirstResponseSeconds', order: 'asc' }).map((a) => a.name)).toEqual(['Bob', 'Cy', 'Ann']);
    expect(sortAgents(rows, { column: 'medianFirstResponseSeconds', order: 'desc' }).map((a) => a.name)).toEqual(['Cy', 'Bob', 'Ann']);
    expect(sortAgents(rows, { column: 'dealsWon', order: 'desc' }).map((a) => a.name)).toEqual(['Bob', 'Ann', 'Cy']);
    expect(sortAgents(rows, { column: 'name', order: 'desc' }).map((a) => a.name)).toEqual(['Cy', 'Bob', 'Ann']);
  });
});
