import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, OnInit } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router } from '@angular/router';
import { labelFor, SOURCE_LABELS, STAGE_LABELS } from '@words/broker-words';
import { AgentRowDto } from '../api/models/agent-row-dto';
import { FunnelGroupDto } from '../api/models/funnel-group-dto';
import { FunnelStageDto } from '../api/models/funnel-stage-dto';
import { HandoverReasonDto } from '../api/models/handover-reason-dto';
import { LeadAdsRowDto } from '../api/models/lead-ads-row-dto';
import { LeadSource } from '../api/models/lead-source';
import { ResponseTimesDto } from '../api/models/response-times-dto';
import { ScoreBandDto } from '../api/models/score-band-dto';
import { ScoreFactorMoveDto } from '../api/models/score-factor-move-dto';
import { SourceRowDto } from '../api/models/source-row-dto';
import { ErrorBanner } from '../shared/ui/error-banner';
import { bars } from './analytics-charts';
import { AnalyticsFilters, fromParams, RANGE_PRESETS, RangePreset, toParams } from './analytics-filters';
import { count, hours, money, percent, seconds, versus } from './analytics-format';
import { AgentColumn, AnalyticsStore, Figure } from './analytics-store';
import { FigureCard } from './figure-card';
import { Column, FigureTable } from './figure-table';

const band = (b: { from: number; to: number }) => `${b.from}–${b.to}`;
const minutes = (s: number | null) => (s === null ? null : Math.round((s / 60) * 10) / 10);

/** The agents table's columns, each sortable. */
const AGENT_COLUMNS: { key: AgentColumn; header: string; cell: (r: AgentRowDto) => string; numeric?: boolean }[] = [
  { key: 'name', header: 'Agent', cell: (r) => r.name || 'Nobody yet' },
  { key: 'team', header: 'Team', cell: (r) => r.team ?? '—' },
  { key: 'openLeads', header: 'Open leads', cell: (r) => count(r.openLeads), numeric: true },
  { key: 'newLeads', header: 'New leads', cell: (r) => count(r.newLeads), numeric: true },
  { key: 'slaBreaches', header: 'Missed answer deadlines', cell: (r) => count(r.slaBreaches), numeric: true },
  { key: 'viewingsHeld', header: 'Viewings held', cell: (r) => count(r.viewingsHeld), numeric: true },
  { key: 'dealsWon', header: 'Deals won', cell: (r) => count(r.dealsWon), numeric: true },
  { key: 'medianFirstResponseSeconds', header: 'Median first answer', cell: (r) => seconds(r.medianFirstResponseSeconds), numeric: true },
  { key: 'p90FirstResponseSeconds', header: 'Slowest 10 % answered within', cell: (r) => seconds(r.p90FirstResponseSeconds), numeric: true },
  { key: 'within5MinutesShare', header: 'Answered within 5 min', cell: (r) => percent(r.within5MinutesShare), numeric: true },
];

/**
 * What is working, for a range of the team's days: the funnel, sources, speed to lead, the score,
 * agents and the assistant. The filters live in the address (bookmarkable; Back undoes a change).
 * Agents get their own figures (the API decides), so they are not offered the agent filter.
 */
@Component({
  selector: 'oh-analytics-page',
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, ErrorBanner, FigureCard, FigureTable],
  providers: [AnalyticsStore],
  templateUrl: './analytics-page.html',
  styleUrl: './analytics-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AnalyticsPage implements OnInit {
  protected readonly store = inject(AnalyticsStore);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly presets = RANGE_PRESETS;
  protected readonly sources = Object.entries(SOURCE_LABELS).map(([code, label]) => ({ code: code as LeadSource, label }));
  protected readonly agentColumns = AGENT_COLUMNS;

  ngOnInit(): void {
    const sub = this.route.queryParams.subscribe((p) => {
      this.store.filters.set(fromParams(p));
      void this.store.load();
    });
    this.destroyRef.onDestroy(() => sub.unsubscribe());
    void this.store.loadPeople();
  }

  /** A filter changed: say it in the address, which loads the figures. */
  protected change(patch: Partial<AnalyticsFilters>): void {
    const next = { ...this.store.filters(), ...patch };
    if (next.preset === 'custom' && (!next.from || !next.to)) {
      // Custom starts from the range on screen, so both days are filled in.
      const q = this.store.query();
      next.from ??= q.from;
      next.to ??= q.to;
    }
    void this.router.navigate([], { relativeTo: this.route, queryParams: toParams(next), replaceUrl: false });
  }

  protected pickPreset(preset: RangePreset): void {
    this.change({ preset, ...(preset === 'custom' ? {} : { from: null, to: null }) });
  }

  protected pickDay(which: 'from' | 'to', value: string): void {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) this.change({ preset: 'custom', [which]: value });
  }

  protected async download(figure: Figure, table?: string): Promise<void> {
    const file = await this.store.csv(figure, table);
    if (!file) return;
    const url = URL.createObjectURL(file.blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = file.filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  protected sortState(column: AgentColumn): 'ascending' | 'descending' | null {
    const s = this.store.agentSort();
    return s.column === column ? (s.order === 'asc' ? 'ascending' : 'descending') : null;
  }

  // ------------------------------------------------------------------ what the range is

  protected readonly rangeWords = computed(() => {
    const r = this.store.funnel()?.range;
    if (!r) return null;
    const day = (d: string) => new Date(`${d}T12:00:00Z`).toLocaleDateString('en-US', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    return `${day(r.from)} – ${day(r.to)} (${r.days} days), compared with ${day(r.previousFrom)} – ${day(r.previousTo)}`;
  });

  // ------------------------------------------------------------------ funnel

  protected readonly funnelCaption = computed(() => {
    const f = this.store.funnel();
    if (!f) return null;
    const won = f.stages.find((s) => s.stage === 'won')?.reached ?? 0;
    return `${count(f.leads)} leads came in, ${versus(f.leads, f.previousLeads)}; ${count(won)} won (${percent(f.leads ? won / f.leads : null)}).`;
  });
  protected readonly funnelChart = computed(() => {
    const f = this.store.funnel();
    if (!f) return null;
    return bars(f.stages.map((s) => labelFor(STAGE_LABELS, s.stage)), [
      { label: 'This period', data: f.stages.map((s) => s.reached) },
      { label: 'Period before', data: f.stages.map((s) => s.previousReached) },
    ]);
  });
  protected readonly stageColumns: Column<FunnelStageDto>[] = [
    { header: 'Stage', cell: (s) => labelFor(STAGE_LABELS, s.stage) },
    { header: 'Leads', cell: (s) => count(s.reached), numeric: true },
    { header: 'Period before', cell: (s) => count(s.previousReached), numeric: true },
    { header: 'From the stage before', cell: (s) => percent(s.conversion), numeric: true },
    { header: 'Period before', cell: (s) => percent(s.previousConversion), numeric: true },
    { header: 'Median time in stage', cell: (s) => hours(s.medianHours), numeric: true },
    { header: 'Slowest 10 % stayed', cell: (s) => hours(s.p90Hours), numeric: true },
  ];
  protected readonly groupColumns = (first: string): Column<FunnelGroupDto>[] => [
    { header: first, cell: (g) => g.label || 'Nobody yet' },
    { header: 'Leads', cell: (g) => count(g.leads), numeric: true },
    { header: 'Contacted', cell: (g) => count(g.contacted), numeric: true },
    { header: 'Qualified', cell: (g) => count(g.qualified), numeric: true },
    { header: 'Viewing', cell: (g) => count(g.viewing), numeric: true },
    { header: 'Offer', cell: (g) => count(g.offer), numeric: true },
    { header: 'Won', cell: (g) => count(g.won), numeric: true },
    { header: 'Lost', cell: (g) => count(g.lost), numeric: true },
    { header: 'Won rate', cell: (g) => percent(g.wonRate), numeric: true },
  ];
  protected readonly bySourceColumns = this.groupColumns('Source');
  protected readonly byAgentColumns = this.groupColumns('Agent');

  // ------------------------------------------------------------------ sources

  protected readonly sourcesCaption = computed(() => {
    const s = this.store.sources()?.sources ?? [];
    if (!s.length) return null;
    const most = s.reduce((a, b) => (b.leads > a.leads ? b : a));
    const rated = s.filter((r) => r.wonRate !== null && r.leads >= 5);
    const best = rated.length ? rated.reduce((a, b) => ((b.wonRate ?? 0) > (a.wonRate ?? 0) ? b : a)) : null;
    return `Most leads: ${most.label} (${count(most.leads)}).` + (best ? ` Best won rate: ${best.label} (${percent(best.wonRate)}).` : '');
  });
  protected readonly sourcesChart = computed(() => {
    const s = this.store.sources()?.sources;
    if (!s) return null;
    return bars(s.map((r) => r.label), [
      { label: 'This period', data: s.map((r) => r.leads) },
      { label: 'Period before', data: s.map((r) => r.previousLeads) },
    ], { horizontal: true });
  });
  protected readonly sourceColumns = computed<Column<SourceRowDto>[]>(() => {
    const cur = this.store.sources()?.currency ?? 'USD';
    return [
      { header: 'Source', cell: (r) => r.label },
      { header: 'Leads', cell: (r) => count(r.leads), numeric: true },
      { header: 'Period before', cell: (r) => count(r.previousLeads), numeric: true },
      { header: 'Qualified', cell: (r) => percent(r.qualifiedRate), numeric: true },
      { header: 'Viewing', cell: (r) => percent(r.viewingRate), numeric: true },
      { header: 'Won', cell: (r) => percent(r.wonRate), numeric: true },
      { header: 'Cost per lead', cell: (r) => money(r.costPerLead, cur), numeric: true },
      { header: 'Cost per won deal', cell: (r) => money(r.costPerWon, cur), numeric: true },
    ];
  });
  protected readonly leadAdsColumns: Column<LeadAdsRowDto>[] = [
    { header: 'Campaign', cell: (r) => r.campaignId ?? 'Not given' },
    { header: 'Form', cell: (r) => r.formId ?? 'Not given' },
    { header: 'Leads', cell: (r) => count(r.leads), numeric: true },
    { header: 'Qualified', cell: (r) => percent(r.qualifiedRate), numeric: true },
    { header: 'Viewing', cell: (r) => percent(r.viewingRate), numeric: true },
    { header: 'Won', cell: (r) => percent(r.wonRate), numeric: true },
  ];

  // ------------------------------------------------------------------ speed to lead

  protected readonly speedCaption = computed(() => {
    const s = this.store.speed();
    if (!s) return null;
    const o = s.overall;
    return `Median first answer ${seconds(o.medianSeconds)} (the assistant ${seconds(o.assistantMedianSeconds)}, people ${seconds(o.peopleMedianSeconds)}); ${percent(o.within5MinutesShare)} answered within 5 minutes (${percent(s.previous.within5MinutesShare)} the period before).`;
  });
  protected readonly speedChart = computed(() => {
    const h = this.store.speed()?.byHour;
    if (!h) return null;
    return bars(h.map((r) => `${r.key.padStart(2, '0')}:00`), [
      { label: 'Assistant, median', data: h.map((r) => minutes(r.assistantMedianSeconds)) },
      { label: 'People, median', data: h.map((r) => minutes(r.peopleMedianSeconds)) },
    ], { unit: 'min' });
  });
  protected readonly timesColumns = (first: string): Column<ResponseTimesDto>[] => [
    { header: first, cell: (r) => r.label || 'Nobody yet' },
    { header: 'Leads', cell: (r) => count(r.leads), numeric: true },
    { header: 'Answered', cell: (r) => count(r.answered), numeric: true },
    { header: 'Median', cell: (r) => seconds(r.medianSeconds), numeric: true },
    { header: 'Slowest 10 % within', cell: (r) => seconds(r.p90Seconds), numeric: true },
    { header: 'Assistant median', cell: (r) => seconds(r.assistantMedianSeconds), numeric: true },
    { header: 'Assistant, slowest 10 %', cell: (r) => seconds(r.assistantP90Seconds), numeric: true },
    { header: 'People median', cell: (r) => seconds(r.peopleMedianSeconds), numeric: true },
    { header: 'People, slowest 10 %', cell: (r) => seconds(r.peopleP90Seconds), numeric: true },
    { header: 'Within 5 min', cell: (r) => percent(r.within5MinutesShare), numeric: true },
  ];
  protected readonly hourColumns = this.timesColumns('Hour of arrival');
  protected readonly speedSourceColumns = this.timesColumns('Source');
  protected readonly speedAgentColumns = this.timesColumns('Agent');
  protected readonly speedOverall = computed(() => {
    const s = this.store.speed();
    return s ? [{ ...s.overall, label: 'This period' }, { ...s.previous, label: 'Period before' }] : [];
  });

  // ------------------------------------------------------------------ score

  protected readonly scoreCaption = computed(() => {
    const s = this.store.score();
    if (!s) return null;
    const top = s.calibration.at(-1);
    const middle = s.calibration.find((b) => b.from <= 40 && b.to >= 40);
    const calibration = top && middle ? ` Leads scored ${band(top)} won ${percent(top.wonRate)}; those scored ${band(middle)}, ${percent(middle.wonRate)}.` : '';
    return `${count(s.leads)} leads scored.${calibration}`;
  });
  protected readonly histogramChart = computed(() => {
    const s = this.store.score();
    if (!s) return null;
    return bars(s.histogram.map(band), [
      { label: 'This period', data: s.histogram.map((b) => b.leads) },
      { label: 'Period before', data: s.histogram.map((b) => b.previousLeads) },
    ]);
  });
  protected readonly histogramColumns: Column<{ from: number; to: number; leads: number; previousLeads: number }>[] = [
    { header: 'Score', cell: band },
    { header: 'Leads', cell: (b) => count(b.leads), numeric: true },
    { header: 'Period before', cell: (b) => count(b.previousLeads), numeric: true },
  ];
  protected readonly calibrationChart = computed(() => {
    const s = this.store.score();
    if (!s) return null;
    return bars(s.calibration.map(band), [
      { label: 'Viewing booked', data: s.calibration.map((b) => b.viewingRate) },
      { label: 'Won', data: s.calibration.map((b) => b.wonRate) },
    ], { percent: true });
  });
  protected readonly calibrationCaption = computed(() => {
    const f = this.store.score()?.topFactor;
    return f ? `${f.label} moved the most scores: ${count(f.leadsMoved)} leads (${count(f.pointsUp)} points added, ${count(f.pointsDown)} taken away).` : 'No score changed in this range.';
  });
  protected readonly calibrationColumns: Column<ScoreBandDto>[] = [
    { header: 'Score', cell: band },
    { header: 'Leads', cell: (b) => count(b.leads), numeric: true },
    { header: 'Viewing booked', cell: (b) => percent(b.viewingRate), numeric: true },
    { header: 'Won', cell: (b) => percent(b.wonRate), numeric: true },
  ];
  protected readonly factorColumns: Column<ScoreFactorMoveDto>[] = [
    { header: 'What changed the score', cell: (f) => f.label },
    { header: 'Leads moved', cell: (f) => count(f.leadsMoved), numeric: true },
    { header: 'Points added', cell: (f) => count(f.pointsUp), numeric: true },
    { header: 'Points taken away', cell: (f) => count(f.pointsDown), numeric: true },
  ];

  // ------------------------------------------------------------------ the assistant

  protected readonly assistantTiles = computed(() => {
    const a = this.store.assistant();
    if (!a) return [];
    return [
      { label: 'Conversations', value: count(a.conversations), note: versus(a.conversations, a.previousConversations) },
      { label: 'Qualified without a person', value: percent(a.qualifiedWithoutPersonShare), note: `${count(a.qualifiedWithoutPerson)} of ${count(a.qualifiedLeads)} qualified leads` },
      { label: 'Handed to a person', value: count(a.handovers), note: 'conversations' },
      { label: 'Viewings booked', value: count(a.viewingsBooked), note: 'by the assistant' },
      { label: 'Cost per conversation', value: money(a.costPerConversation), note: `${money(a.costUsd)} in all` },
      { label: 'Cost per qualified lead', value: money(a.costPerQualifiedLead), note: `${count(a.turns)} answers` },
      { label: 'Reused from cache', value: percent(a.cacheShare), note: `of what it read (cheaper); ${count(a.promptTokens + a.completionTokens)} tokens in all` },
    ];
  });
  protected readonly assistantCaption = computed(() => {
    const a = this.store.assistant();
    return a ? `${count(a.conversations)} conversations; ${percent(a.qualifiedWithoutPersonShare)} qualified without a person, at ${money(a.costPerQualifiedLead)} per qualified lead.` : null;
  });
  protected readonly handoverChart = computed(() => {
    const r = this.store.assistant()?.handoverReasons;
    if (!r?.length) return null;
    return bars(r.map((x) => x.reason), [{ label: 'Hand-overs', data: r.map((x) => x.count) }], { horizontal: true });
  });
  protected readonly handoverColumns: Column<HandoverReasonDto>[] = [
    { header: 'Why it went to a person', cell: (r) => r.reason },
    { header: 'Hand-overs', cell: (r) => count(r.count), numeric: true },
  ];
}
