import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import { AuditTrail } from '../core/audit/audit-trail';
import { AuthUser, isAdmin } from '../core/auth/auth-user';
import { UserRole } from '../core/auth/roles';
import { AppConfig } from '../core/config/app-config';
import { DomainError } from '../core/http/domain-error';
import { safeCell } from '../core/text/csv-cells';
import { LeadSource } from '../leads/lead.enums';
import { SCORE_FACTOR_LABELS, SOURCE_LABELS } from '../words/broker-words';
import { dayRange, type DayRange } from './analytics-range';
import {
  AgentRowDto,
  AgentsDto,
  AgentsQueryDto,
  AgentSortColumn,
  AnalyticsCsvQueryDto,
  AnalyticsQueryDto,
  AnalyticsRangeDto,
  AssistantDto,
  FunnelDto,
  FunnelGroupDto,
  ReplaceSourceCostsDto,
  ResponseTimesDto,
  ScoreDto,
  SourceCostDto,
  SourcesDto,
  SpeedToLeadFiguresDto,
} from './analytics.dto';
import { AnalyticsRepository, DWELL_COLUMNS, FUNNEL_STAGES, type FactFilter, type GroupFunnelRow, type Span, type TimesRow } from './analytics.repository';
import { csvTable, csvTableName, type CsvTable } from './analytics-csv';
import { priceTable, estimateCostUsd, type PriceTable } from './token-prices';

export type Figure = 'funnel' | 'sources' | 'speed-to-lead' | 'score' | 'agents' | 'assistant';

const CURRENCY = 'USD';
/** A rate with no denominator is no rate. */
const rate = (n: number, d: number): number | null => (d > 0 ? round(n / d, 4) : null);
const round = (x: number, places = 2): number => Math.round(x * 10 ** places) / 10 ** places;
const hours = (seconds: number | null): number | null => (seconds === null ? null : round(seconds / 3600));
const seconds = (s: number | null): number | null => (s === null ? null : Math.round(s));
const NOBODY = 'Nobody (the pool)';

/**
 * The figures of the Analytics page and API. Rules here: who sees whose figures (agents their own,
 * team leads their team's, admins everyone's; an API key acts as the person who made it), the
 * team's days, the previous period, rates, costs and labels. The counting is SQL over summaries
 * that the `refresh-analytics` job keeps current (analytics.repository.ts, docs/ANALYTICS.md).
 */
@Injectable()
export class AnalyticsService {
  private readonly prices: PriceTable;

  constructor(
    private readonly repo: AnalyticsRepository,
    private readonly config: AppConfig,
    private readonly audit: AuditTrail,
  ) {
    this.prices = priceTable(config.env.ANALYTICS_TOKEN_PRICES);
  }

  /** Brings the summaries up to date (the worker's job, every minute). */
  refresh(): Promise<boolean> {
    return this.repo.refresh();
  }

  /** Agents see their own figures only; team leads their team's; admins anyone's. */
  private filterFor(q: AnalyticsQueryDto, user: AuthUser): FactFilter {
    const filter: FactFilter = { agentId: q.agentId, source: q.source, team: q.team };
    if (isAdmin(user)) return filter;
    const ownOnly = () => new DomainError('forbidden', 'analytics_own_figures_only', 'You can see your own figures only');
    if (user.role === UserRole.TeamLead && user.team) {
      if (q.team && q.team !== user.team) throw new DomainError('forbidden', 'analytics_own_team_only', "You can see your own team's figures only");
      return { ...filter, team: user.team };
    }
    if (q.agentId && q.agentId !== user.id) throw ownOnly();
    return { ...filter, agentId: user.id };
  }

  /** The range, its summaries' freshness and the filter; the first read ever derives the summaries. */
  private async context(q: AnalyticsQueryDto, user: AuthUser): Promise<{ range: DayRange; span: Span; filter: FactFilter; dto: AnalyticsRangeDto }> {
    const filter = this.filterFor(q, user);
    const range = dayRange(q, this.config.env.TEAM_TIME_ZONE, new Date());
    let asOf = await this.repo.refreshedTo();
    if (!asOf) {
      await this.repo.refresh();
      asOf = (await this.repo.refreshedTo()) ?? new Date();
    }
    return {
      range,
      filter,
      span: { prevStart: range.previousStart, start: range.start, end: range.end },
      dto: { from: range.from, to: range.to, days: range.days, previousFrom: range.previousFrom, previousTo: range.previousTo, timeZone: range.timeZone, asOf: asOf.toISOString() },
    };
  }

  private async names(ids: string[], alsoActiveAgents: FactFilter | null = null): Promise<Map<string, { name: string; team: string | null }>> {
    const people = await this.repo.people(ids.filter((id) => id !== ''), alsoActiveAgents);
    return new Map(people.map((p) => [p.id, { name: p.name, team: p.team }]));
  }

  async funnel(q: AnalyticsQueryDto, user: AuthUser): Promise<FunnelDto> {
    const { span, filter, dto } = await this.context(q, user);
    const { totals, groups } = await this.repo.funnel(span, filter);
    const empty = { leads: 0, reached: FUNNEL_STAGES.map(() => 0), lost: 0, medians: DWELL_COLUMNS.map(() => null), p90s: DWELL_COLUMNS.map(() => null) };
    const cur = totals.find((t) => t.cur) ?? { cur: true, ...empty };
    const prev = totals.find((t) => !t.cur) ?? { cur: false, ...empty };
    const people = await this.names(groups.filter((g) => g.kind === 'agent').map((g) => g.key));
    const group = (g: GroupFunnelRow, label: string): FunnelGroupDto => ({
      key: g.key,
      label,
      leads: g.leads,
      contacted: g.reached[1],
      qualified: g.reached[2],
      viewing: g.reached[3],
      offer: g.reached[4],
      won: g.reached[5],
      lost: g.lost,
      wonRate: rate(g.reached[5], g.leads),
    });
    const byLeads = (a: FunnelGroupDto, b: FunnelGroupDto) => b.leads - a.leads || a.label.localeCompare(b.label);
    return {
      range: dto,
      leads: cur.leads,
      previousLeads: prev.leads,
      stages: FUNNEL_STAGES.map((stage, i) => ({
        stage,
        reached: cur.reached[i],
        previousReached: prev.reached[i],
        conversion: i === 0 ? null : rate(cur.reached[i], cur.reached[i - 1]),
        previousConversion: i === 0 ? null : rate(prev.reached[i], prev.reached[i - 1]),
        medianHours: hours(cur.medians[i] ?? null),
        p90Hours: hours(cur.p90s[i] ?? null),
        previousMedianHours: hours(prev.medians[i] ?? null),
      })),
      lost: cur.lost,
      previousLost: prev.lost,
      bySource: groups.filter((g) => g.kind === 'source').map((g) => group(g, SOURCE_LABELS[g.key] ?? g.key)).sort(byLeads),
      byAgent: groups.filter((g) => g.kind === 'agent').map((g) => group(g, people.get(g.key)?.name ?? NOBODY)).sort(byLeads),
    };
  }

  async sources(q: AnalyticsQueryDto, user: AuthUser): Promise<SourcesDto> {
    const { range, span, filter, dto } = await this.context(q, user);
    const [{ sources, leadAds }, costs] = await Promise.all([this.repo.sources(span, filter), this.repo.sourceCosts()]);
    const costOf = new Map(costs.map((c) => [c.source, c]));
    const keys = [...new Set(sources.map((s) => s.source))];
    return {
      range: dto,
      currency: CURRENCY,
      sources: keys
        .map((source) => {
          const cur = sources.find((s) => s.source === source && s.cur) ?? { leads: 0, qualified: 0, viewing: 0, won: 0 };
          const prev = sources.find((s) => s.source === source && !s.cur);
          const entered = costOf.get(source);
          const cost = entered ? costOverRange(range, cur.leads, entered) : null;
          return {
            source,
            label: SOURCE_LABELS[source] ?? source,
            leads: cur.leads,
            previousLeads: prev?.leads ?? 0,
            qualifiedRate: rate(cur.qualified, cur.leads),
            viewingRate: rate(cur.viewing, cur.leads),
            wonRate: rate(cur.won, cur.leads),
            won: cur.won,
            cost,
            costPerLead: cost !== null && cur.leads > 0 ? round(cost / cur.leads) : null,
            costPerWon: cost !== null && cur.won > 0 ? round(cost / cur.won) : null,
          };
        })
        .sort((a, b) => b.leads - a.leads || a.source.localeCompare(b.source)),
      leadAds: leadAds
        .map((r) => ({ campaignId: r.campaignId, formId: r.formId, leads: r.leads, qualifiedRate: rate(r.qualified, r.leads), viewingRate: rate(r.viewing, r.leads), wonRate: rate(r.won, r.leads), won: r.won }))
        .sort((a, b) => b.leads - a.leads || String(a.campaignId).localeCompare(String(b.campaignId)) || String(a.formId).localeCompare(String(b.formId))),
    };
  }

  async sourceCosts(): Promise<SourceCostDto[]> {
    return (await this.repo.sourceCosts()).map((c) => ({ source: c.source, monthlyCost: c.monthlyCost, costPerLead: c.costPerLead, updatedAt: c.updatedAt.toISOString() }));
  }

  async replaceSourceCosts(dto: ReplaceSourceCostsDto, user: AuthUser): Promise<SourceCostDto[]> {
    const seen = new Set<LeadSource>();
    for (const c of dto.costs) {
      if (seen.has(c.source)) throw new DomainError('invalid', 'duplicate_source', `${SOURCE_LABELS[c.source] ?? c.source} is listed twice`);
      seen.add(c.source);
    }
    const costs = dto.costs.map((c) => ({ source: c.source, monthlyCost: c.monthlyCost ?? null, costPerLead: c.costPerLead ?? null })).filter((c) => c.monthlyCost !== null || c.costPerLead !== null);
    await this.repo.replaceSourceCosts(costs);
    await this.audit.record({ action: 'analytics.source_costs_replaced', actorId: user.id, apiKeyId: user.apiKeyId, targetType: 'source_costs', targetId: null, changes: { costs } });
    return this.sourceCosts();
  }

  async speedToLead(q: AnalyticsQueryDto, user: AuthUser): Promise<SpeedToLeadFiguresDto> {
    const { range, span, filter, dto } = await this.context(q, user);
    const rows = await this.repo.responseTimes(span, filter, range.timeZone);
    const people = await this.names(rows.filter((r) => r.kind === 'agent').map((r) => r.key));
    const times = (r: TimesRow | undefined, key: string, label: string): ResponseTimesDto => ({
      key,
      label,
      leads: r?.leads ?? 0,
      answered: r?.answered ?? 0,
      medianSeconds: seconds(r?.median ?? null),
      p90Seconds: seconds(r?.p90 ?? null),
      assistantMedianSeconds: seconds(r?.aiMedian ?? null),
      assistantP90Seconds: seconds(r?.aiP90 ?? null),
      peopleMedianSeconds: seconds(r?.humanMedian ?? null),
      peopleP90Seconds: seconds(r?.humanP90 ?? null),
      within5MinutesShare: r ? rate(r.within5, r.leads) : null,
    });
    const of = (kind: TimesRow['kind']) => rows.filter((r) => r.kind === kind);
    return {
      range: dto,
      overall: times(of('all')[0], 'all', 'All leads'),
      previous: times(of('previous')[0], 'all', 'All leads, previous period'),
      bySource: of('source').map((r) => times(r, r.key, SOURCE_LABELS[r.key] ?? r.key)).sort((a, b) => b.leads - a.leads || a.key.localeCompare(b.key)),
      byAgent: of('agent').map((r) => times(r, r.key, people.get(r.key)?.name ?? NOBODY)).sort((a, b) => b.leads - a.leads || a.label.localeCompare(b.label)),
      byHour: Array.from({ length: 24 }, (_, h) => times(of('hour').find((r) => r.key === String(h)), String(h), `${String(h).padStart(2, '0')}:00–${String(h).padStart(2, '0')}:59`)),
    };
  }

  async score(q: AnalyticsQueryDto, user: AuthUser): Promise<ScoreDto> {
    const { span, filter, dto } = await this.context(q, user);
    const rows = await this.repo.score(span, filter);
    const count = (cur: boolean, bucket: number) => rows.buckets.find((b) => b.cur === cur && b.bucket === bucket)?.leads ?? 0;
    const factors = rows.factors.map((f) => ({ factor: f.factor, label: SCORE_FACTOR_LABELS[f.factor] ?? f.factor, leadsMoved: f.leads, pointsUp: f.up, pointsDown: f.down }));
    return {
      range: dto,
      leads: rows.buckets.filter((b) => b.cur).reduce((n, b) => n + b.leads, 0),
      histogram: Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i === 9 ? 100 : i * 10 + 9, leads: count(true, i), previousLeads: count(false, i) })),
      calibration: Array.from({ length: 5 }, (_, i) => {
        const band = rows.bands.find((b) => b.band === i) ?? { leads: 0, viewing: 0, won: 0 };
        return { from: i * 20, to: i === 4 ? 100 : i * 20 + 19, leads: band.leads, viewingRate: rate(band.viewing, band.leads), wonRate: rate(band.won, band.leads) };
      }),
      topFactor: factors[0] ?? null,
      factors,
    };
  }

  async agents(q: AgentsQueryDto, user: AuthUser): Promise<AgentsDto> {
    const { span, filter, dto } = await this.context(q, user);
    const figures = await this.repo.agents(span, filter);
    // Active agents with nothing in the range still get a row (a zero is a figure too), unless a source narrows it to leads.
    const people = await this.names(figures.map((f) => f.agentId), filter.source ? null : filter);
    const byId = new Map(figures.map((f) => [f.agentId, f]));
    for (const id of people.keys()) if (!byId.has(id)) byId.set(id, { agentId: id, openLeads: 0, newLeads: 0, slaBreaches: 0, viewingsHeld: 0, dealsWon: 0, median: null, p90: null, within5: 0 });
    const rows: AgentRowDto[] = [...byId.values()].map((f) => ({
      agentId: f.agentId,
      name: people.get(f.agentId)?.name ?? NOBODY,
      team: people.get(f.agentId)?.team ?? null,
      openLeads: f.openLeads,
      newLeads: f.newLeads,
      slaBreaches: f.slaBreaches,
      viewingsHeld: f.viewingsHeld,
      dealsWon: f.dealsWon,
      medianFirstResponseSeconds: seconds(f.median),
      p90FirstResponseSeconds: seconds(f.p90),
      within5MinutesShare: rate(f.within5, f.newLeads),
    }));
    const sort: AgentSortColumn = q.sort ?? 'dealsWon';
    const order = q.order ?? 'desc';
    const sign = order === 'asc' ? 1 : -1;
    rows.sort((a, b) => {
      const x = a[sort];
      const y = b[sort];
      // Rows without a value go last whichever the order.
      if (x === null || y === null) return x === y ? a.name.localeCompare(b.name) : x === null ? 1 : -1;
      const c = typeof x === 'string' ? x.localeCompare(y as string) : x - (y as number);
      return c * sign || a.name.localeCompare(b.name);
    });
    return { range: dto, sort, order, agents: rows };
  }

  async assistant(q: AnalyticsQueryDto, user: AuthUser): Promise<AssistantDto> {
    const { span, filter, dto } = await this.context(q, user);
    const rows = await this.repo.assistant(span, filter);
    const cost = (m: (typeof rows.models)[number]) =>
      m.recordedCost + estimateCostUsd(this.prices, m.model ?? 'unknown', { promptTokens: m.unpricedPrompt, cachedTokens: m.unpricedCached, completionTokens: m.unpricedCompletion });
    const byModel = rows.models
      .filter((m) => m.cur && m.model !== null)
      .map((m) => ({ model: m.model!, turns: m.turns, promptTokens: m.promptTokens, cachedPromptTokens: m.cachedTokens, completionTokens: m.completionTokens, costUsd: round(cost(m), 6) }))
      .sort((a, b) => b.turns - a.turns || a.model.localeCompare(b.model));
    const cur = rows.models.find((m) => m.cur && m.model === null);
    const prev = rows.models.find((m) => !m.cur && m.model === null);
    // The total of the models' costs: each model is priced by its own row of the table.
    const costUsd = round(byModel.reduce((n, m) => n + m.costUsd, 0), 6);
    const conversations = cur?.conversations ?? 0;
    return {
      range: dto,
      conversations,
      previousConversations: prev?.conversations ?? 0,
      qualifiedLeads: rows.leads.qualified,
      qualifiedWithoutPerson: rows.leads.withoutPerson,
      qualifiedWithoutPersonShare: rate(rows.leads.withoutPerson, rows.leads.leads),
      handovers: rows.reasons.reduce((n, r) => n + r.count, 0),
      handoverReasons: rows.reasons,
      viewingsBooked: rows.viewingsBooked,
      turns: cur?.turns ?? 0,
      promptTokens: cur?.promptTokens ?? 0,
      cachedPromptTokens: cur?.cachedTokens ?? 0,
      completionTokens: cur?.completionTokens ?? 0,
      cacheShare: rate(cur?.cachedTokens ?? 0, cur?.promptTokens ?? 0),
      costUsd,
      costPerConversation: conversations > 0 ? round(costUsd / conversations, 6) : null,
      costPerQualifiedLead: rows.leads.qualified > 0 ? round(costUsd / rows.leads.qualified, 6) : null,
      byModel,
    };
  }

  /** A figure's table as a CSV file a spreadsheet opens (headers in words, formula-like cells defused). */
  async csv(figure: Figure, q: AnalyticsCsvQueryDto, user: AuthUser): Promise<{ name: string; body: Buffer }> {
    csvTableName(figure, q.table);
    const data = await this.figure(figure, q, user);
    const table: CsvTable = csvTable(figure, q.table, data);
    const body = stringify(
      table.rows.map((r) => table.columns.map((c) => safeCell((r as Record<string, unknown>)[c.key]))),
      { header: true, columns: table.columns.map((c) => c.header), bom: true, record_delimiter: 'windows' },
    );
    const range = (data as { range: AnalyticsRangeDto }).range;
    return { name: `${figure}-${table.name}-${range.from}-${range.to}.csv`, body: Buffer.from(body, 'utf8') };
  }

  private figure(figure: Figure, q: AnalyticsCsvQueryDto, user: AuthUser): Promise<unknown> {
    const query = { ...q };
    delete query.table;
    switch (figure) {
      case 'funnel':
        return this.funnel(query, user);
      case 'sources':
        return this.sources(query, user);
      case 'speed-to-lead':
        return this.speedToLead(query, user);
      case 'score':
        return this.score(query, user);
      case 'agents':
        return this.agents(query, user);
      case 'assistant':
        return this.assistant(query, user);
    }
  }
}

/**
 * What a source cost over a range: its monthly cost prorated by the days of each calendar month
 * the range covers (a whole month costs the monthly amount), plus its cost per lead × the leads.
 */
export function costOverRange(range: Pick<DayRange, 'from' | 'to'>, leads: number, cost: { monthlyCost: number | null; costPerLead: number | null }): number {
  let total = (cost.costPerLead ?? 0) * leads;
  if (cost.monthlyCost !== null) {
    const last = DateTime.fromISO(range.to, { zone: 'utc' });
    for (let d = DateTime.fromISO(range.from, { zone: 'utc' }); d <= last; d = d.plus({ days: 1 })) total += cost.monthlyCost / d.daysInMonth!;
  }
  return round(total);
}
