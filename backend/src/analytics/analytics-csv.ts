import { DomainError } from '../core/http/domain-error';
import { STAGE_LABELS } from '../words/broker-words';
import type { AgentsDto, AssistantDto, FunnelDto, ScoreDto, SourcesDto, SpeedToLeadFiguresDto } from './analytics.dto';

type Row = object;
export interface CsvTable {
  name: string;
  columns: { key: string; header: string }[];
  rows: Row[];
}
type Tables = Record<string, (data: never) => Omit<CsvTable, 'name'>>;

const cols = (pairs: [string, string][]) => pairs.map(([key, header]) => ({ key, header }));

const GROUP_FUNNEL = cols([['label', 'Name'], ['leads', 'Leads'], ['contacted', 'Contacted'], ['qualified', 'Qualified'], ['viewing', 'Viewing'], ['offer', 'Offer'], ['won', 'Won'], ['lost', 'Lost'], ['wonRate', 'Won rate']]);
const TIMES = cols([
  ['label', 'Group'], ['leads', 'Leads'], ['answered', 'Answered'], ['medianSeconds', 'Median first answer (s)'], ['p90Seconds', '90th percentile (s)'],
  ['assistantMedianSeconds', 'Assistant median (s)'], ['assistantP90Seconds', 'Assistant 90th percentile (s)'],
  ['peopleMedianSeconds', 'People median (s)'], ['peopleP90Seconds', 'People 90th percentile (s)'], ['within5MinutesShare', 'Answered within 5 minutes'],
]);

/** Each figure's tables, the first being the default. */
const TABLES: Record<string, Tables> = {
  funnel: {
    stages: (d: FunnelDto) => ({
      columns: cols([['stage', 'Stage'], ['reached', 'Leads'], ['previousReached', 'Previous period'], ['conversion', 'Conversion'], ['previousConversion', 'Previous conversion'], ['medianHours', 'Median hours in stage'], ['p90Hours', '90th percentile hours'], ['previousMedianHours', 'Previous median hours']]),
      rows: d.stages.map((s) => ({ ...s, stage: STAGE_LABELS[s.stage] })),
    }),
    sources: (d: FunnelDto) => ({ columns: GROUP_FUNNEL, rows: d.bySource }),
    agents: (d: FunnelDto) => ({ columns: GROUP_FUNNEL, rows: d.byAgent }),
  },
  sources: {
    sources: (d: SourcesDto) => ({
      columns: cols([['label', 'Source'], ['leads', 'Leads'], ['previousLeads', 'Previous period'], ['qualifiedRate', 'Qualified rate'], ['viewingRate', 'Viewing rate'], ['wonRate', 'Won rate'], ['won', 'Won'], ['cost', `Cost (${d.currency})`], ['costPerLead', 'Cost per lead'], ['costPerWon', 'Cost per won deal']]),
      rows: d.sources,
    }),
    'lead-ads': (d: SourcesDto) => ({
      columns: cols([['campaignId', 'Campaign'], ['formId', 'Form'], ['leads', 'Leads'], ['qualifiedRate', 'Qualified rate'], ['viewingRate', 'Viewing rate'], ['wonRate', 'Won rate'], ['won', 'Won']]),
      rows: d.leadAds,
    }),
  },
  'speed-to-lead': {
    overall: (d: SpeedToLeadFiguresDto) => ({ columns: TIMES, rows: [d.overall, d.previous] }),
    sources: (d: SpeedToLeadFiguresDto) => ({ columns: TIMES, rows: d.bySource }),
    agents: (d: SpeedToLeadFiguresDto) => ({ columns: TIMES, rows: d.byAgent }),
    hours: (d: SpeedToLeadFiguresDto) => ({ columns: TIMES, rows: d.byHour }),
  },
  score: {
    histogram: (d: ScoreDto) => ({ columns: cols([['from', 'Score from'], ['to', 'Score to'], ['leads', 'Leads'], ['previousLeads', 'Previous period']]), rows: d.histogram }),
    calibration: (d: ScoreDto) => ({ columns: cols([['from', 'Score from'], ['to', 'Score to'], ['leads', 'Leads'], ['viewingRate', 'Viewing rate'], ['wonRate', 'Won rate']]), rows: d.calibration }),
    factors: (d: ScoreDto) => ({ columns: cols([['label', 'Factor'], ['leadsMoved', 'Leads moved'], ['pointsUp', 'Points added'], ['pointsDown', 'Points taken away']]), rows: d.factors }),
  },
  agents: {
    agents: (d: AgentsDto) => ({
      columns: cols([['name', 'Agent'], ['team', 'Team'], ['openLeads', 'Open leads'], ['newLeads', 'New leads'], ['slaBreaches', 'Missed answer deadlines'], ['viewingsHeld', 'Viewings held'], ['dealsWon', 'Deals won'], ['medianFirstResponseSeconds', 'Median first answer (s)'], ['p90FirstResponseSeconds', '90th percentile (s)'], ['within5MinutesShare', 'Answered within 5 minutes']]),
      rows: d.agents,
    }),
  },
  assistant: {
    summary: (d: AssistantDto) => ({
      columns: cols([['figure', 'Figure'], ['value', 'Value']]),
      rows: (
        [
          ['Conversations', d.conversations], ['Conversations, previous period', d.previousConversations], ['Qualified leads', d.qualifiedLeads],
          ['Qualified without a person', d.qualifiedWithoutPerson], ['Share qualified without a person', d.qualifiedWithoutPersonShare], ['Hand-overs', d.handovers],
          ['Viewings booked', d.viewingsBooked], ['Answers', d.turns], ['Prompt tokens', d.promptTokens], ['Prompt tokens from cache', d.cachedPromptTokens],
          ['Completion tokens', d.completionTokens], ['Share of prompt from cache', d.cacheShare], ['Cost (USD)', d.costUsd],
          ['Cost per conversation (USD)', d.costPerConversation], ['Cost per qualified lead (USD)', d.costPerQualifiedLead],
        ] as [string, unknown][]
      ).map(([figure, value]) => ({ figure, value })),
    }),
    handovers: (d: AssistantDto) => ({ columns: cols([['reason', 'Reason'], ['count', 'Hand-overs']]), rows: d.handoverReasons }),
    models: (d: AssistantDto) => ({
      columns: cols([['model', 'Model'], ['turns', 'Answers'], ['promptTokens', 'Prompt tokens'], ['cachedPromptTokens', 'Prompt tokens from cache'], ['completionTokens', 'Completion tokens'], ['costUsd', 'Cost (USD)']]),
      rows: d.byModel,
    }),
  },
};

/**
 * The table's name for a figure, or 400 (listing the figure's tables) before anything is read or the
 * summaries first derived. Only the figure's own tables count: a name such as `__proto__` or
 * `constructor` is unknown like any other.
 */
export function csvTableName(figure: string, table: string | undefined): string {
  const tables = TABLES[figure];
  const name = table ?? Object.keys(tables)[0];
  if (!Object.hasOwn(tables, name)) throw new DomainError('invalid', 'unknown_table', `This figure's tables are: ${Object.keys(tables).join(', ')}`);
  return name;
}

/** One table of a figure's answer. */
export function csvTable(figure: string, table: string | undefined, data: unknown): CsvTable {
  const name = csvTableName(figure, table);
  return { name, ...TABLES[figure][name](data as never) };
}
