import { computed, inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { exportAgentsCsv } from '../api/fn/analytics/export-agents-csv';
import { exportAssistantCsv } from '../api/fn/analytics/export-assistant-csv';
import { exportFunnelCsv } from '../api/fn/analytics/export-funnel-csv';
import { exportScoreCsv } from '../api/fn/analytics/export-score-csv';
import { exportSourcesCsv } from '../api/fn/analytics/export-sources-csv';
import { exportSpeedToLeadCsv } from '../api/fn/analytics/export-speed-to-lead-csv';
import { getAgents } from '../api/fn/analytics/get-agents';
import { getAssistant } from '../api/fn/analytics/get-assistant';
import { getFunnel } from '../api/fn/analytics/get-funnel';
import { getScore } from '../api/fn/analytics/get-score';
import { getSources } from '../api/fn/analytics/get-sources';
import { getSpeedToLead } from '../api/fn/analytics/get-speed-to-lead';
import { listAssignableUsers } from '../api/fn/users/list-assignable-users';
import { listUsers } from '../api/fn/users/list-users';
import { AgentRowDto } from '../api/models/agent-row-dto';
import { AgentsDto } from '../api/models/agents-dto';
import { AssistantDto } from '../api/models/assistant-dto';
import { FunnelDto } from '../api/models/funnel-dto';
import { ScoreDto } from '../api/models/score-dto';
import { SourcesDto } from '../api/models/sources-dto';
import { SpeedToLeadFiguresDto } from '../api/models/speed-to-lead-figures-dto';
import { errorMessage } from '../core/api-error';
import { AuthStore } from '../core/auth-store';
import { AnalyticsFilters, DEFAULT_FILTERS, queryOf, todayIn } from './analytics-filters';

/** The page's figures, one per section, each with its CSV form. */
export type Figure = 'funnel' | 'sources' | 'speed-to-lead' | 'score' | 'agents' | 'assistant';

const CSV = { funnel: exportFunnelCsv, sources: exportSourcesCsv, 'speed-to-lead': exportSpeedToLeadCsv, score: exportScoreCsv, agents: exportAgentsCsv, assistant: exportAssistantCsv } as const;

/** Every column of the agents table; the API sorts its CSV by those it knows. */
export type AgentColumn = Exclude<keyof AgentRowDto, 'agentId'>;
const API_SORTS: readonly string[] = ['name', 'openLeads', 'newLeads', 'slaBreaches', 'viewingsHeld', 'dealsWon', 'medianFirstResponseSeconds', 'within5MinutesShare'];
export interface AgentSort {
  column: AgentColumn;
  order: 'asc' | 'desc';
}

/** Sorted by one column; rows without a figure go last either way, ties by name. */
export function sortAgents(rows: readonly AgentRowDto[], sort: AgentSort): AgentRowDto[] {
  const dir = sort.order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[sort.column];
    const y = b[sort.column];
    if (x === null || y === null) return x === y ? a.name.localeCompare(b.name) : x === null ? 1 : -1;
    const c = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : Number(x) - Number(y);
    return c === 0 ? a.name.localeCompare(b.name) : c * dir;
  });
}

export interface Person {
  id: string;
  name: string;
}

/**
 * The Analytics page: its filters, the six figures for them (asked together, through the
 * generated client), the agents table's order and each figure's CSV. Lives and dies with the page.
 */
@Injectable()
export class AnalyticsStore {
  private readonly api = inject(Api);
  private readonly auth = inject(AuthStore);

  readonly filters = signal<AnalyticsFilters>(DEFAULT_FILTERS);
  /** The team's time zone, as the last answer gave it (until then, this browser's). */
  readonly timeZone = signal(Intl.DateTimeFormat().resolvedOptions().timeZone);

  readonly funnel = signal<FunnelDto | null>(null);
  readonly sources = signal<SourcesDto | null>(null);
  readonly speed = signal<SpeedToLeadFiguresDto | null>(null);
  readonly score = signal<ScoreDto | null>(null);
  readonly agents = signal<AgentsDto | null>(null);
  readonly assistant = signal<AssistantDto | null>(null);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  readonly downloadError = signal<string | null>(null);

  readonly agentSort = signal<AgentSort>({ column: 'dealsWon', order: 'desc' });
  readonly sortedAgents = computed(() => sortAgents(this.agents()?.agents ?? [], this.agentSort()));

  /** Who may be picked in the agent filter, and the teams there are (admins only). */
  readonly people = signal<Person[]>([]);
  readonly teams = signal<string[]>([]);
  /** An agent sees only their own figures, so there is nobody else to pick. */
  readonly canPickAgent = computed(() => this.auth.user()?.role !== 'agent');
  readonly canPickTeam = computed(() => this.auth.isAdmin() && this.teams().length > 0);

  /**
   * The figures' query. An agent's figures are always their own and a team lead's their team's (the
   * API refuses anything else), so a colleague or team named in a shared address is left out.
   */
  readonly query = computed(() => {
    const f = this.filters();
    return queryOf({ ...f, agentId: this.canPickAgent() ? f.agentId : null, team: this.auth.isAdmin() ? f.team : null }, todayIn(this.timeZone()));
  });

  private seq = 0;

  setFilters(patch: Partial<AnalyticsFilters>): void {
    this.filters.update((f) => ({ ...f, ...patch }));
  }

  async load(): Promise<void> {
    const seq = ++this.seq;
    this.loading.set(true);
    this.error.set(null);
    try {
      // Who is asking decides which filters apply; the user's details are usually here already.
      await this.auth.ensureUser();
      const q = this.query();
      const [funnel, sources, speed, score, agents, assistant] = await Promise.all([
        this.api.invoke(getFunnel, q),
        this.api.invoke(getSources, q),
        this.api.invoke(getSpeedToLead, q),
        this.api.invoke(getScore, q),
        this.api.invoke(getAgents, q),
        this.api.invoke(getAssistant, q),
      ]);
      // An older answer never replaces a newer one (filters changed while it travelled).
      if (seq !== this.seq) return;
      this.funnel.set(funnel);
      this.sources.set(sources);
      this.speed.set(speed);
      this.score.set(score);
      this.agents.set(agents);
      this.assistant.set(assistant);
      this.timeZone.set(funnel.range.timeZone);
    } catch (e) {
      if (seq === this.seq) this.error.set(errorMessage(e, 'Could not load the figures'));
    } finally {
      if (seq === this.seq) this.loading.set(false);
    }
  }

  /** The people (and, for admins, teams) the filters offer. */
  async loadPeople(): Promise<void> {
    await this.auth.ensureUser();
    if (!this.canPickAgent()) return;
    try {
      if (this.auth.isAdmin()) {
        const users = await this.api.invoke(listUsers);
        this.people.set(users.filter((u) => u.active && u.role !== 'admin').map(({ id, name }) => ({ id, name })));
        this.teams.set([...new Set(users.map((u) => u.team).filter((t): t is string => !!t))].sort());
      } else {
        this.people.set(await this.api.invoke(listAssignableUsers));
      }
    } catch {
      // Without the list the filters still work on what the address says; the figures are what matter.
    }
  }

  sortAgentsBy(column: AgentColumn): void {
    this.agentSort.update((s) => ({ column, order: s.column === column ? (s.order === 'asc' ? 'desc' : 'asc') : column === 'name' || column === 'team' ? 'asc' : 'desc' }));
  }

  /**
   * One table of a figure as a CSV file, from the API's CSV form with the page's filters (and the
   * agents table's order). Resolves to the file, or null with downloadError set.
   */
  async csv(figure: Figure, table?: string): Promise<{ filename: string; blob: Blob } | null> {
    this.downloadError.set(null);
    const sort = this.agentSort();
    const params = {
      ...this.query(),
      ...(table ? { table } : {}),
      ...(figure === 'agents' && API_SORTS.includes(sort.column) ? { sort: sort.column, order: sort.order } : {}),
    };
    try {
      const res = await this.api.invoke$Response(CSV[figure], params as never);
      const named = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') ?? '');
      return { filename: named?.[1] ?? `${figure}.csv`, blob: new Blob([res.body], { type: 'text/csv;charset=utf-8' }) };
    } catch (e) {
      this.downloadError.set(errorMessage(e, 'Could not download the table'));
      return null;
    }
  }
}
