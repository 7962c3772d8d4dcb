import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { normalizeBudget } from '../local/budget-normalizer';
import type { TurnState } from '../turn-state';
import type { AgentTool, ToolResult } from './agent-tool';

export class NormalizeBudgetArgs {
  /** The lead's words about money, e.g. "between 600 and 750k". */
  @IsString()
  @Length(1, 500)
  text: string;

  @IsOptional()
  @Matches(/^[A-Z]{3}$/)
  defaultCurrency?: string;
}

/** Reads an amount of money as the lead wrote it: min, max, currency and period. */
export class NormalizeBudgetTool implements AgentTool<NormalizeBudgetArgs> {
  readonly argsType = NormalizeBudgetArgs;
  readonly spec = {
    name: 'normalize_budget',
    description: 'Read a budget the lead wrote ("1.2M", "800k", "$3,500/month", "between 600 and 750k", "AED 2 million") into min, max, currency (ISO 4217) and period (total, month, week, year). Call it before recording any budget.',
    parameters: {
      type: 'object',
      properties: {
        text: { type: 'string', description: "The lead's exact words about money." },
        defaultCurrency: { type: 'string', description: 'ISO 4217 code to assume when none is written.' },
      },
      required: ['text'],
      additionalProperties: false,
    },
  };

  run(args: NormalizeBudgetArgs, state: TurnState): Promise<ToolResult> {
    const reading = normalizeBudget(args.text, { defaultCurrency: args.defaultCurrency ?? state.facts.profile.currency });
    if (!reading) return Promise.resolve({ ok: false, summary: `No amount of money found in "${args.text}"`, data: null });
    const range = reading.min === reading.max ? `${reading.max}` : `${reading.min ?? '…'}–${reading.max ?? '…'}`;
    return Promise.resolve({ ok: true, summary: `Budget ${range} ${reading.currency}${reading.period === 'total' ? '' : ` per ${reading.period}`}`, data: reading });
  }
}
