import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LeadSource, LeadStage } from '../leads/lead.enums';
import { SourceCostEntity } from './source-cost.entity';

/** Which leads a figure counts: the caller's scope and filters, applied to the lead's current assignee. */
export interface FactFilter {
  agentId?: string;
  source?: LeadSource;
  team?: string;
}

/** Instants of a range: previous period [prevStart, start), the range [start, end). */
export interface Span {
  prevStart: Date;
  start: Date;
  end: Date;
}

/**
 * Late commits: a transaction that started before the last refresh may commit entries stamped
 * before it. Each refresh looks this far back again (re-deriving a lead is idempotent).
 */
const OVERLAP = '10 minutes';

/** The stages a lead moves through, in order, and their rank in the summaries (lost has none). */
export const FUNNEL_STAGES = [LeadStage.New, LeadStage.Contacted, LeadStage.Qualified, LeadStage.Viewing, LeadStage.Offer, LeadStage.Won] as const;
const rank = (expr: string) => `(CASE ${expr} ${FUNNEL_STAGES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} ELSE 0 END)`;
/** Seconds from the lead's arrival to an instant, never below zero (imports may carry answers older than the lead); null stays null (GREATEST would make it 0). */
const secondsAfterArrival = (col: string) => `(CASE WHEN ${col} IS NOT NULL THEN greatest(0, round(extract(epoch FROM ${col} - l.created_at))) END)::int`;
/** Columns of time spent in each stage but the last (nobody leaves Won). */
export const DWELL_COLUMNS = ['new_s', 'contacted_s', 'qualified_s', 'viewing_s', 'offer_s'] as const;

const FACT_COLUMNS = [
  'created_at', 'source', 'assignee_id', 'campaign_id', 'form_id', 'stage', 'score', 'reached', 'qualified', 'viewing', 'won_at',
  'first_response_s', 'first_ai_s', 'first_human_s', ...DWELL_COLUMNS, 'person_involved',
];

/**
 * Re-derives the summaries of the leads in `touched` (a SQL set of lead ids). Stage stays come
 * from the timeline's stage moves: a stay in stage X ends with a move from X and began with the
 * move before it (or the lead's arrival).
 */
const deriveFactsSql = (touched: string) => `
WITH touched AS (${touched}),
moves AS (
  SELECT a.lead_id, a.data->>'from' AS from_stage, a.data->>'to' AS to_stage, a.created_at,
         lag(a.created_at) OVER (PARTITION BY a.lead_id ORDER BY a.created_at, a.id) AS prev_at
  FROM activities a JOIN touched t ON t.id = a.lead_id
  WHERE a.type = 'stage_changed'
),
per_lead AS (
  SELECT m.lead_id,
         max(${rank('m.to_stage')}) AS reached,
         min(m.created_at) FILTER (WHERE m.to_stage = 'won') AS won_at,
         ${DWELL_COLUMNS.map((c, i) => `round(sum(extract(epoch FROM m.created_at - coalesce(m.prev_at, l.created_at))) FILTER (WHERE m.from_stage = '${FUNNEL_STAGES[i]}'))::int AS ${c}`).join(',\n         ')}
  FROM moves m JOIN leads l ON l.id = m.lead_id
  GROUP BY m.lead_id
),
gone AS (
  DELETE FROM analytics_lead_facts x USING touched t, leads l WHERE x.lead_id = t.id AND l.id = t.id AND l.merged_into_id IS NOT NULL
)
INSERT INTO analytics_lead_facts (lead_id, ${FACT_COLUMNS.join(', ')})
SELECT l.id, l.created_at, l.source, l.assignee_id,
       left(origin.data->>'campaignId', 64), left(origin.data->>'formId', 64),
       l.stage, l.score,
       greatest(coalesce(p.reached, 0), ${rank('l.stage')}),
       l.qualification_status = 'qualified' OR greatest(coalesce(p.reached, 0), ${rank('l.stage')}) >= 2,
       greatest(coalesce(p.reached, 0), ${rank('l.stage')}) >= 3 OR EXISTS (SELECT 1 FROM viewings v WHERE v.lead_id = l.id),
       coalesce(p.won_at, CASE WHEN l.stage = 'won' THEN l.created_at END),
       ${secondsAfterArrival('l.first_response_at')},
       ${secondsAfterArrival('l.first_ai_response_at')},
       ${secondsAfterArrival('l.first_human_response_at')},
       ${DWELL_COLUMNS.map((c) => `p.${c}`).join(', ')},
       l.first_human_response_at IS NOT NULL OR EXISTS (SELECT 1 FROM activities h WHERE h.lead_id = l.id AND h.type = 'handover')
FROM leads l
JOIN touched t ON t.id = l.id
LEFT JOIN per_lead p ON p.lead_id = l.id
LEFT JOIN LATERAL (
  SELECT a.data FROM activities a WHERE a.lead_id = l.id AND a.type = 'lead_created' ORDER BY a.created_at LIMIT 1
) origin ON l.source = 'meta_lead_ads'
WHERE l.merged_into_id IS NULL
ON CONFLICT (lead_id) DO UPDATE SET ${FACT_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`;

/**
 * Hand-overs and missed answer deadlines, by time. The type is compared as text so the statement
 * stands before and after the 'sla_breached' timeline type exists. A conversation handed back to
 * the assistant is no hand-over.
 */
const copyEventsSql = (since: string) => `
INSERT INTO analytics_events (activity_id, lead_id, kind, at, reason)
SELECT a.id, a.lead_id, a.type::text, a.created_at,
       CASE WHEN a.type::text = 'handover' THEN left(coalesce(a.data->>'reason', CASE WHEN a.data->>'mode' = 'human' THEN 'Taken over by a person' END, 'Not given'), 300) END
FROM activities a
WHERE ${since} a.type::text IN ('handover', 'sla_breached') AND coalesce(a.data->>'mode', '') <> 'ai'
ON CONFLICT (activity_id) DO NOTHING`;

/** Per automatic score change, the points each factor gained or lost against the lead's previous automatic score. */
const copyScoreMovesSql = (where: string) => `
INSERT INTO analytics_score_moves (qualification_id, factor, lead_id, at, delta)
SELECT q.id, d.factor, q.lead_id, q.created_at, d.delta
FROM qualifications q
CROSS JOIN LATERAL (
  SELECT p.breakdown FROM qualifications p
  WHERE p.lead_id = q.lead_id AND p.source = 'auto' AND (p.created_at, p.id) < (q.created_at, q.id)
  ORDER BY p.created_at DESC, p.id DESC LIMIT 1
) prev
CROSS JOIN LATERAL (
  SELECT left(coalesce(c.factor, o.factor), 40) AS factor, round(coalesce(c.points, 0) - coalesce(o.points, 0))::smallint AS delta
  FROM (SELECT e->>'factor' AS factor, (e->>'points')::numeric AS points FROM jsonb_array_elements(q.breakdown) e) c
  FULL JOIN (SELECT e->>'factor' AS factor, (e->>'points')::numeric AS points FROM jsonb_array_elements(prev.breakdown) e) o ON o.factor = c.factor
) d
WHERE q.source = 'auto' AND d.delta <> 0 AND d.factor IS NOT NULL ${where}
ON CONFLICT (qualification_id, factor) DO NOTHING`;

export interface StageRow {
  cur: boolean;
  leads: number;
  /** reached[k]: leads that reached stage k or beyond. */
  reached: number[];
  lost: number;
  /** Median and p90 seconds per stage with a dwell column. */
  medians: (number | null)[];
  p90s: (number | null)[];
}

export interface GroupFunnelRow {
  kind: 'source' | 'agent';
  key: string;
  leads: number;
  reached: number[];
  lost: number;
}

export interface SourceRow {
  source: LeadSource;
  cur: boolean;
  leads: number;
  qualified: number;
  viewing: number;
  won: number;
}

export interface LeadAdsRow {
  campaignId: string | null;
  formId: string | null;
  leads: number;
  qualified: number;
  viewing: number;
  won: number;
}

export interface TimesRow {
  kind: 'all' | 'previous' | 'source' | 'agent' | 'hour';
  key: string;
  leads: number;
  answered: number;
  median: number | null;
  p90: number | null;
  aiMedian: number | null;
  aiP90: number | null;
  humanMedian: number | null;
  humanP90: number | null;
  within5: number;
}

export interface ScoreRows {
  buckets: { cur: boolean; bucket: number; leads: number }[];
  bands: { band: number; leads: number; viewing: number; won: number }[];
  factors: { factor: string; leads: number; up: number; down: number }[];
}

export interface AgentFigures {
  agentId: string;
  openLeads: number;
  newLeads: number;
  slaBreaches: number;
  viewingsHeld: number;
  dealsWon: number;
  median: number | null;
  p90: number | null;
  within5: number;
}

export interface ModelRow {
  cur: boolean;
  model: string | null;
  conversations: number;
  turns: number;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  recordedCost: number;
  /** Tokens of the turns recorded without a cost (priced by the table). */
  unpricedPrompt: number;
  unpricedCached: number;
  unpricedCompletion: number;
}

export interface AssistantRows {
  models: ModelRow[];
  leads: { leads: number; qualified: number; withoutPerson: number };
  reasons: { reason: string; count: number }[];
  viewingsBooked: number;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** What every figure reads: the summaries (`analytics_*`, written here only) and, read-only, the assistant's messages and viewings. */
@Injectable()
export class AnalyticsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Builds the SQL condition of a filter on the summaries' alias, adding its values to `params`. */
  private where(filter: FactFilter, params: unknown[], alias = 'f'): string {
    const w: string[] = [];
    if (filter.agentId) {
      params.push(filter.agentId);
      w.push(`${alias}.assignee_id = $${params.length}`);
    }
    if (filter.source) {
      params.push(filter.source);
      w.push(`${alias}.source = $${params.length}`);
    }
    if (filter.team) {
      params.push(filter.team);
      w.push(`${alias}.assignee_id IN (SELECT id FROM users WHERE team = $${params.length})`);
    }
    return w.map((c) => ` AND ${c}`).join('');
  }

  private hasFilter(filter: FactFilter): boolean {
    return !!(filter.agentId || filter.source || filter.team);
  }

  /** Where the last refresh got to; null before the first. */
  async refreshedTo(): Promise<Date | null> {
    const [row] = await this.ds.query<{ refreshed_to: Date }[]>(`SELECT refreshed_to FROM analytics_refresh WHERE id = 1`);
    return row?.refreshed_to ?? null;
  }

  /**
   * Brings the summaries up to date: every lead with a timeline entry, an assistant message or a
   * viewing since the last refresh (less the overlap) is derived again; the first refresh derives
   * every lead. One refresh at a time (an advisory lock; a second caller returns at once).
   * Answers false when another refresh held the lock.
   */
  async refresh(): Promise<boolean> {
    return this.ds.transaction(async (tx) => {
      const [{ locked }] = await tx.query<{ locked: boolean }[]>(`SELECT pg_try_advisory_xact_lock(hashtext('analytics-refresh')) AS locked`);
      if (!locked) return false;
      const [{ upto }] = await tx.query<{ upto: Date }[]>(`SELECT clock_timestamp() AS upto`);
      const [row] = await tx.query<{ since: Date }[]>(`SELECT refreshed_to - interval '${OVERLAP}' AS since FROM analytics_refresh WHERE id = 1`);
      if (!row) {
        await tx.query(deriveFactsSql(`SELECT id FROM leads`));
        await tx.query(copyEventsSql(''));
        await tx.query(copyScoreMovesSql(''));
      } else {
        const touched = `SELECT lead_id AS id FROM activities WHERE created_at >= $1
          UNION SELECT lead_id FROM messages WHERE created_at >= $1 AND role = 'assistant'
          UNION SELECT lead_id FROM viewings WHERE created_at >= $1`;
        await tx.query(deriveFactsSql(touched), [row.since]);
        await tx.query(copyEventsSql('a.created_at >= $1 AND'), [row.since]);
        await tx.query(copyScoreMovesSql(`AND q.lead_id IN (SELECT lead_id FROM activities WHERE created_at >= $1 AND type = 'score_changed') AND q.created_at >= $1`), [row.since]);
      }
      await tx.query(`INSERT INTO analytics_refresh (id, refreshed_to) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET refreshed_to = EXCLUDED.refreshed_to`, [upto]);
      return true;
    });
  }

  /** Stage counts and stage times for the range and the previous period. */
  async funnel(span: Span, filter: FactFilter): Promise<{ totals: StageRow[]; groups: GroupFunnelRow[] }> {
    const params: unknown[] = [span.prevStart, span.start, span.end];
    const where = this.where(filter, params);
    const reached = FUNNEL_STAGES.slice(1).map((_, i) => `count(*) FILTER (WHERE f.reached >= ${i + 1})::int AS r${i + 1}`).join(', ');
    const times = DWELL_COLUMNS.map((c, i) => `percentile_cont(0.5) WITHIN GROUP (ORDER BY f.${c}) AS m${i}, percentile_cont(0.9) WITHIN GROUP (ORDER BY f.${c}) AS p${i}`).join(', ');
    const rows = await this.ds.query<Record<string, unknown>[]>(
      `SELECT GROUPING(f.source) AS by_source, GROUPING(f.assignee_id) AS by_agent, f.created_at >= $2 AS cur, f.source, f.assignee_id,
              count(*)::int AS leads, ${reached}, count(*) FILTER (WHERE f.stage = 'lost')::int AS lost, ${times}
       FROM analytics_lead_facts f
       WHERE f.created_at >= $1 AND f.created_at < $3${where}
       GROUP BY GROUPING SETS ((f.created_at >= $2), (f.created_at >= $2, f.source), (f.created_at >= $2, f.assignee_id))`,
      params,
    );
    const reachedOf = (r: Record<string, unknown>) => [num(r.leads), ...FUNNEL_STAGES.slice(1).map((_, i) => num(r[`r${i + 1}`]))];
    const totals: StageRow[] = [];
    const groups: GroupFunnelRow[] = [];
    for (const r of rows) {
      if (num(r.by_source) === 0) {
        if (r.cur) groups.push({ kind: 'source', key: String(r.source), leads: num(r.leads), reached: reachedOf(r), lost: num(r.lost) });
      } else if (num(r.by_agent) === 0) {
        if (r.cur) groups.push({ kind: 'agent', key: (r.assignee_id as string | null) ?? '', leads: num(r.leads), reached: reachedOf(r), lost: num(r.lost) });
      } else {
        totals.push({
          cur: r.cur as boolean,
          leads: num(r.leads),
          reached: reachedOf(r),
          lost: num(r.lost),
          medians: DWELL_COLUMNS.map((_, i) => numOrNull(r[`m${i}`])),
          p90s: DWELL_COLUMNS.map((_, i) => numOrNull(r[`p${i}`])),
        });
      }
    }
    return { totals, groups };
  }

  /** Per source: leads, qualified, with a viewing, won, for the range and the previous period; and Lead Ads by campaign and form. */
  async sources(span: Span, filter: FactFilter): Promise<{ sources: SourceRow[]; leadAds: LeadAdsRow[] }> {
    const params: unknown[] = [span.prevStart, span.start, span.end];
    const where = this.where(filter, params);
    const outcomes = `count(*)::int AS leads, count(*) FILTER (WHERE f.qualified)::int AS qualified, count(*) FILTER (WHERE f.viewing)::int AS viewing, count(*) FILTER (WHERE f.reached >= 5)::int AS won`;
    const rows = await this.ds.query<Record<string, unknown>[]>(
      `SELECT GROUPING(f.campaign_id) AS by_source, f.created_at >= $2 AS cur, f.source, f.campaign_id, f.form_id, ${outcomes}
       FROM analytics_lead_facts f
       WHERE f.created_at >= $1 AND f.created_at < $3${where}
       GROUP BY GROUPING SETS ((f.created_at >= $2, f.source), (f.created_at >= $2, f.source, f.campaign_id, f.form_id))`,
      params,
    );
    const sources: SourceRow[] = [];
    const leadAds: LeadAdsRow[] = [];
    for (const r of rows) {
      const counts = { leads: num(r.leads), qualified: num(r.qualified), viewing: num(r.viewing), won: num(r.won) };
      if (num(r.by_source) === 1) sources.push({ source: r.source as LeadSource, cur: r.cur as boolean, ...counts });
      else if (r.cur && r.source === LeadSource.MetaLeadAds) leadAds.push({ campaignId: (r.campaign_id as string | null) ?? null, formId: (r.form_id as string | null) ?? null, ...counts });
    }
    return { sources, leadAds };
  }

  /** First-response times: the range as a whole, the previous period, and the range by source, agent and hour of arrival (team clock). */
  async responseTimes(span: Span, filter: FactFilter, timeZone: string): Promise<TimesRow[]> {
    const params: unknown[] = [span.prevStart, span.start, span.end, timeZone];
    const where = this.where(filter, params);
    const figures = `count(*)::int AS leads, count(f.first_response_s)::int AS answered,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY f.first_response_s) AS median, percentile_cont(0.9) WITHIN GROUP (ORDER BY f.first_response_s) AS p90,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY f.first_ai_s) AS ai_median, percentile_cont(0.9) WITHIN GROUP (ORDER BY f.first_ai_s) AS ai_p90,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY f.first_human_s) AS human_median, percentile_cont(0.9) WITHIN GROUP (ORDER BY f.first_human_s) AS human_p90,
      count(*) FILTER (WHERE f.first_response_s <= 300)::int AS within5`;
    const hour = `extract(hour FROM f.created_at AT TIME ZONE $4)::int`;
    const rows = await this.ds.query<Record<string, unknown>[]>(
      `SELECT GROUPING(f.source) AS gs, GROUPING(f.assignee_id) AS ga, GROUPING(${hour}) AS gh, f.created_at >= $2 AS cur,
              f.source, f.assignee_id, ${hour} AS hour, ${figures}
       FROM analytics_lead_facts f
       WHERE f.created_at >= $1 AND f.created_at < $3${where}
       GROUP BY GROUPING SETS ((f.created_at >= $2), (f.created_at >= $2, f.source), (f.created_at >= $2, f.assignee_id), (f.created_at >= $2, ${hour}))`,
      params,
    );
    const out: TimesRow[] = [];
    for (const r of rows) {
      const figures = {
        leads: num(r.leads),
        answered: num(r.answered),
        median: numOrNull(r.median),
        p90: numOrNull(r.p90),
        aiMedian: numOrNull(r.ai_median),
        aiP90: numOrNull(r.ai_p90),
        humanMedian: numOrNull(r.human_median),
        humanP90: numOrNull(r.human_p90),
        within5: num(r.within5),
      };
      if (num(r.gs) === 0) {
        if (r.cur) out.push({ kind: 'source', key: String(r.source), ...figures });
      } else if (num(r.ga) === 0) {
        if (r.cur) out.push({ kind: 'agent', key: (r.assignee_id as string | null) ?? '', ...figures });
      } else if (num(r.gh) === 0) {
        if (r.cur) out.push({ kind: 'hour', key: String(r.hour), ...figures });
      } else out.push({ kind: r.cur ? 'all' : 'previous', key: 'all', ...figures });
    }
    return out;
  }

  /** Score buckets of ten (range and previous), bands of twenty with outcomes (range), and the factors that moved scores in the range. */
  async score(span: Span, filter: FactFilter): Promise<ScoreRows> {
    const params: unknown[] = [span.prevStart, span.start, span.end];
    const where = this.where(filter, params);
    const rows = await this.ds.query<Record<string, unknown>[]>(
      `SELECT GROUPING(least(f.score / 10, 9)) AS gb, f.created_at >= $2 AS cur, least(f.score / 10, 9) AS bucket, least(f.score / 20, 4) AS band,
              count(*)::int AS leads, count(*) FILTER (WHERE f.viewing)::int AS viewing, count(*) FILTER (WHERE f.reached >= 5)::int AS won
       FROM analytics_lead_facts f
       WHERE f.created_at >= $1 AND f.created_at < $3${where}
       GROUP BY GROUPING SETS ((f.created_at >= $2, least(f.score / 10, 9)), (f.created_at >= $2, least(f.score / 20, 4)))`,
      params,
    );
    const moveParams: unknown[] = [span.start, span.end];
    const moveWhere = this.where(filter, moveParams);
    const factors = await this.ds.query<Record<string, unknown>[]>(
      `SELECT m.factor, count(DISTINCT m.lead_id)::int AS leads, sum(greatest(m.delta, 0))::int AS up, sum(greatest(-m.delta, 0))::int AS down
       FROM analytics_score_moves m ${this.hasFilter(filter) ? 'JOIN analytics_lead_facts f ON f.lead_id = m.lead_id' : ''}
       WHERE m.at >= $1 AND m.at < $2${moveWhere}
       GROUP BY m.factor ORDER BY 2 DESC, 3 DESC, 1`,
      moveParams,
    );
    return {
      buckets: rows.filter((r) => num(r.gb) === 0).map((r) => ({ cur: r.cur as boolean, bucket: num(r.bucket), leads: num(r.leads) })),
      bands: rows.filter((r) => num(r.gb) === 1 && r.cur).map((r) => ({ band: num(r.band), leads: num(r.leads), viewing: num(r.viewing), won: num(r.won) })),
      factors: factors.map((r) => ({ factor: String(r.factor), leads: num(r.leads), up: num(r.up), down: num(r.down) })),
    };
  }

  /** Per agent (by the lead's current assignee; '' for nobody): open leads now, and the range's figures. */
  async agents(span: Span, filter: FactFilter): Promise<AgentFigures[]> {
    const params: unknown[] = [span.start, span.end];
    const where = this.where(filter, params);
    const rows = await this.ds.query<Record<string, unknown>[]>(
      `WITH open AS (
         SELECT f.assignee_id, count(*)::int AS n FROM analytics_lead_facts f WHERE f.stage NOT IN ('won', 'lost')${where} GROUP BY 1
       ), arrived AS (
         SELECT f.assignee_id, count(*)::int AS n, count(*) FILTER (WHERE f.first_response_s <= 300)::int AS within5,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY f.first_human_s) AS median, percentile_cont(0.9) WITHIN GROUP (ORDER BY f.first_human_s) AS p90
         FROM analytics_lead_facts f WHERE f.created_at >= $1 AND f.created_at < $2${where} GROUP BY 1
       ), won AS (
         SELECT f.assignee_id, count(*)::int AS n FROM analytics_lead_facts f WHERE f.won_at >= $1 AND f.won_at < $2${where} GROUP BY 1
       ), breaches AS (
         SELECT f.assignee_id, count(*)::int AS n FROM analytics_events e JOIN analytics_lead_facts f ON f.lead_id = e.lead_id
         WHERE e.kind = 'sla_breached' AND e.at >= $1 AND e.at < $2${where} GROUP BY 1
       ), held AS (
         SELECT coalesce(v.agent_id, f.assignee_id) AS assignee_id, count(*)::int AS n FROM viewings v JOIN analytics_lead_facts f ON f.lead_id = v.lead_id
         WHERE v.status <> 'cancelled' AND v.starts_at >= $1 AND v.starts_at < $2 AND v.ends_at <= now()${where} GROUP BY 1
       ), agents AS (
         SELECT assignee_id FROM open UNION SELECT assignee_id FROM arrived UNION SELECT assignee_id FROM won UNION SELECT assignee_id FROM breaches UNION SELECT assignee_id FROM held
       )
       SELECT a.assignee_id, coalesce(o.n, 0) AS open_leads, coalesce(r.n, 0) AS new_leads, coalesce(r.within5, 0) AS within5, r.median, r.p90,
              coalesce(w.n, 0) AS won, coalesce(b.n, 0) AS breaches, coalesce(h.n, 0) AS held
       FROM agents a
       LEFT JOIN open o ON o.assignee_id IS NOT DISTINCT FROM a.assignee_id
       LEFT JOIN arrived r ON r.assignee_id IS NOT DISTINCT FROM a.assignee_id
       LEFT JOIN won w ON w.assignee_id IS NOT DISTINCT FROM a.assignee_id
       LEFT JOIN breaches b ON b.assignee_id IS NOT DISTINCT FROM a.assignee_id
       LEFT JOIN held h ON h.assignee_id IS NOT DISTINCT FROM a.assignee_id`,
      params,
    );
    return rows.map((r) => ({
      agentId: (r.assignee_id as string | null) ?? '',
      openLeads: num(r.open_leads),
      newLeads: num(r.new_leads),
      slaBreaches: num(r.breaches),
      viewingsHeld: num(r.held),
      dealsWon: num(r.won),
      median: numOrNull(r.median),
      p90: numOrNull(r.p90),
      within5: num(r.within5),
    }));
  }

  /** Names and teams of users, by id; with `alsoActiveAgents`, every active agent and team lead matching the filter too. */
  async people(ids: string[], alsoActiveAgents: FactFilter | null): Promise<{ id: string; name: string; team: string | null }[]> {
    const params: unknown[] = [ids];
    let more = '';
    if (alsoActiveAgents) {
      const w: string[] = [`u.active`, `u.role IN ('agent', 'team_lead')`];
      if (alsoActiveAgents.agentId) {
        params.push(alsoActiveAgents.agentId);
        w.push(`u.id = $${params.length}`);
      }
      if (alsoActiveAgents.team) {
        params.push(alsoActiveAgents.team);
        w.push(`u.team = $${params.length}`);
      }
      more = ` OR (${w.join(' AND ')})`;
    }
    return this.ds.query(`SELECT u.id, u.name, u.team FROM users u WHERE u.id = ANY($1::uuid[])${more}`, params);
  }

  /** The assistant's turns (range and previous, by model), its conversations' leads, hand-overs by reason and viewings it booked. */
  async assistant(span: Span, filter: FactFilter): Promise<AssistantRows> {
    const params: unknown[] = [span.prevStart, span.start, span.end];
    const where = this.where(filter, params);
    const join = this.hasFilter(filter) ? 'JOIN analytics_lead_facts f ON f.lead_id = m.lead_id' : '';
    const turns = `m.role = 'assistant' AND m.status = 'delivered'`;
    const models = await this.ds.query<Record<string, unknown>[]>(
      `SELECT GROUPING(m.model) AS gm, m.created_at >= $2 AS cur, m.model,
              count(DISTINCT m.session_id)::int AS conversations, count(*)::int AS turns,
              coalesce(sum(m.prompt_tokens), 0)::bigint AS prompt, coalesce(sum(m.cached_tokens), 0)::bigint AS cached, coalesce(sum(m.completion_tokens), 0)::bigint AS completion,
              coalesce(sum(m.cost_usd), 0) AS cost,
              coalesce(sum(m.prompt_tokens) FILTER (WHERE m.cost_usd IS NULL), 0)::bigint AS u_prompt,
              coalesce(sum(m.cached_tokens) FILTER (WHERE m.cost_usd IS NULL), 0)::bigint AS u_cached,
              coalesce(sum(m.completion_tokens) FILTER (WHERE m.cost_usd IS NULL), 0)::bigint AS u_completion
       FROM messages m ${join}
       WHERE ${turns} AND m.created_at >= $1 AND m.created_at < $3${where}
       GROUP BY GROUPING SETS ((m.created_at >= $2), (m.created_at >= $2, m.model))`,
      params,
    );
    const curParams: unknown[] = [span.start, span.end];
    const curWhere = this.where(filter, curParams);
    const [leads] = await this.ds.query<Record<string, unknown>[]>(
      `SELECT count(*)::int AS leads, count(*) FILTER (WHERE f.qualified)::int AS qualified, count(*) FILTER (WHERE f.qualified AND NOT f.person_involved)::int AS without_person
       FROM analytics_lead_facts f
       WHERE f.lead_id IN (SELECT m.lead_id FROM messages m WHERE ${turns} AND m.created_at >= $1 AND m.created_at < $2)${curWhere}`,
      curParams,
    );
    const reasons = await this.ds.query<Record<string, unknown>[]>(
      `SELECT e.reason, count(*)::int AS n FROM analytics_events e ${this.hasFilter(filter) ? 'JOIN analytics_lead_facts f ON f.lead_id = e.lead_id' : ''}
       WHERE e.kind = 'handover' AND e.at >= $1 AND e.at < $2${curWhere} GROUP BY 1 ORDER BY 2 DESC, 1`,
      curParams,
    );
    const [booked] = await this.ds.query<Record<string, unknown>[]>(
      `SELECT count(*)::int AS n FROM viewings v JOIN analytics_lead_facts f ON f.lead_id = v.lead_id
       WHERE v.booked_by = 'ai' AND v.created_at >= $1 AND v.created_at < $2${curWhere}`,
      curParams,
    );
    return {
      models: models.map((r) => ({
        cur: r.cur as boolean,
        model: num(r.gm) === 0 ? ((r.model as string | null) ?? 'unknown') : null,
        conversations: num(r.conversations),
        turns: num(r.turns),
        promptTokens: num(r.prompt),
        cachedTokens: num(r.cached),
        completionTokens: num(r.completion),
        recordedCost: num(r.cost),
        unpricedPrompt: num(r.u_prompt),
        unpricedCached: num(r.u_cached),
        unpricedCompletion: num(r.u_completion),
      })),
      leads: { leads: num(leads.leads), qualified: num(leads.qualified), withoutPerson: num(leads.without_person) },
      reasons: reasons.map((r) => ({ reason: String(r.reason), count: num(r.n) })),
      viewingsBooked: num(booked.n),
    };
  }

  async sourceCosts(): Promise<SourceCostEntity[]> {
    return this.ds.getRepository(SourceCostEntity).find({ order: { source: 'ASC' } });
  }

  /** Replaces the whole table in one transaction. */
  async replaceSourceCosts(costs: { source: LeadSource; monthlyCost: number | null; costPerLead: number | null }[]): Promise<SourceCostEntity[]> {
    await this.ds.transaction(async (tx) => {
      await tx.query(`DELETE FROM source_costs`);
      if (costs.length) await tx.getRepository(SourceCostEntity).insert(costs);
    });
    return this.sourceCosts();
  }
}
