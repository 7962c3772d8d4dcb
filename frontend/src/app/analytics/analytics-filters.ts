import { Params } from '@angular/router';
import { LeadSource } from '../api/models/lead-source';

/** The date ranges offered, in the picker's order. */
export const RANGE_PRESETS = [
  { key: '7d', label: 'Last 7 days' },
  { key: '30d', label: 'Last 30 days' },
  { key: '90d', label: 'Last 90 days' },
  { key: 'month', label: 'This month' },
  { key: 'custom', label: 'Custom' },
] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number]['key'];

/** What the page shows: a range of the team's days and who or what it is about. */
export interface AnalyticsFilters {
  preset: RangePreset;
  /** YYYY-MM-DD, only for a custom range. */
  from: string | null;
  to: string | null;
  agentId: string | null;
  source: LeadSource | null;
  team: string | null;
}

export const DEFAULT_FILTERS: AnalyticsFilters = { preset: '30d', from: null, to: null, agentId: null, source: null, team: null };

/** The figures' query: the range as days, and the filters that are set. */
export interface AnalyticsQuery {
  from: string;
  to: string;
  agentId?: string;
  source?: LeadSource;
  team?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SOURCES: readonly LeadSource[] = ['web', 'meta_lead_ads', 'whatsapp', 'portal', 'referral', 'phone', 'walk_in', 'import', 'partner', 'widget', 'email'];
const PRESET_DAYS: Partial<Record<RangePreset, number>> = { '7d': 7, '30d': 30, '90d': 90 };

/** Today's date (YYYY-MM-DD) on the team's clock: "a day is the team's day". */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The first and last day a filter covers; a preset counts back from today, today included. */
export function rangeOf(f: AnalyticsFilters, today: string): { from: string; to: string } {
  if (f.preset === 'custom' && f.from && f.to) return f.from <= f.to ? { from: f.from, to: f.to } : { from: f.to, to: f.from };
  if (f.preset === 'month') return { from: `${today.slice(0, 8)}01`, to: today };
  const days = PRESET_DAYS[f.preset] ?? 30;
  return { from: addDays(today, -(days - 1)), to: today };
}

/** The figures' query for these filters, leaving out those not set. */
export function queryOf(f: AnalyticsFilters, today: string): AnalyticsQuery {
  return {
    ...rangeOf(f, today),
    ...(f.agentId ? { agentId: f.agentId } : {}),
    ...(f.source ? { source: f.source } : {}),
    ...(f.team ? { team: f.team } : {}),
  };
}

/** The filters as the page's address says them, so a view can be bookmarked and shared. */
export function toParams(f: AnalyticsFilters): Params {
  const custom = f.preset === 'custom' && f.from && f.to;
  return {
    range: f.preset === DEFAULT_FILTERS.preset ? null : f.preset,
    from: custom ? f.from : null,
    to: custom ? f.to : null,
    agent: f.agentId,
    source: f.source,
    team: f.team,
  };
}

/** The address's filters; anything not understood falls back to the default. */
export function fromParams(p: Params): AnalyticsFilters {
  const text = (key: string): string | null => (typeof p[key] === 'string' && p[key] !== '' ? p[key] : null);
  const preset = RANGE_PRESETS.find((r) => r.key === text('range'))?.key ?? DEFAULT_FILTERS.preset;
  const from = text('from');
  const to = text('to');
  const custom = preset === 'custom' && from !== null && to !== null && DAY.test(from) && DAY.test(to);
  const source = text('source');
  return {
    preset: preset === 'custom' && !custom ? DEFAULT_FILTERS.preset : preset,
    from: custom ? from : null,
    to: custom ? to : null,
    agentId: text('agent'),
    source: SOURCES.find((s) => s === source) ?? null,
    team: text('team'),
  };
}
