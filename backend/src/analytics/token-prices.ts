/**
 * Token prices for turns recorded without a cost (`ANALYTICS_TOKEN_PRICES`): US dollars per
 * million tokens, `[input, cachedInput, output]` per model, `*` for any other. A model is looked
 * up as recorded (`openai:gpt-4o-mini`), then by its name after the provider (`gpt-4o-mini`).
 */
export type PriceTable = ReadonlyMap<string, readonly [number, number, number]>;

export function priceTable(json: string): PriceTable {
  const parsed: unknown = JSON.parse(json);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('ANALYTICS_TOKEN_PRICES must be a JSON object of model → [input, cachedInput, output]');
  const table = new Map<string, readonly [number, number, number]>();
  for (const [model, p] of Object.entries(parsed as Record<string, unknown>)) {
    if (!Array.isArray(p) || p.length !== 3 || !p.every((x) => typeof x === 'number' && x >= 0)) throw new Error(`ANALYTICS_TOKEN_PRICES: ${model} must be [input, cachedInput, output] dollars per million tokens`);
    const [input, cachedInput, output] = p as number[];
    table.set(model, [input, cachedInput, output] as const);
  }
  return table;
}

/** Cached prompt tokens are billed at the cached rate, the rest of the prompt at the input rate. */
export function estimateCostUsd(table: PriceTable, model: string, usage: { promptTokens: number; cachedTokens: number; completionTokens: number }): number {
  const p = table.get(model) ?? table.get(model.slice(model.indexOf(':') + 1)) ?? table.get('*');
  if (!p) return 0;
  const cached = Math.min(usage.cachedTokens, usage.promptTokens);
  return ((usage.promptTokens - cached) * p[0] + cached * p[1] + usage.completionTokens * p[2]) / 1_000_000;
}
