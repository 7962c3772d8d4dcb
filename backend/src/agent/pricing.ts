import type { LlmUsage } from './llm-provider';

/** US dollars per million tokens. */
export interface TokenPrices {
  input: number;
  cachedInput: number;
  output: number;
}

/** The local provider runs on this machine: no per-token cost. */
export const FREE: TokenPrices = { input: 0, cachedInput: 0, output: 0 };

/** An estimate of what a turn cost: cached prompt tokens are billed at the cached rate. */
export function estimateCost(usage: LlmUsage, prices: TokenPrices): number {
  const cached = Math.min(usage.cachedTokens, usage.promptTokens);
  const dollars = ((usage.promptTokens - cached) * prices.input + cached * prices.cachedInput + usage.completionTokens * prices.output) / 1_000_000;
  return Math.round(dollars * 1_000_000) / 1_000_000;
}

/** ~4 characters per token for English text: close enough for budgets and for local usage figures. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);
