import type { LlmMessage } from './llm-provider';
import { buildPrompt, pruneHistory, SYSTEM_PREFIX, tokensOf } from './prompt';
import { estimateCost } from './pricing';
import type { TurnFacts } from './turn-facts';
import { emptyProfile } from '../leads/profile.dto';
import { Purpose } from '../leads/lead.enums';
import { contractFacts } from './llm-provider.contract';

const facts = (over: Partial<TurnFacts> = {}): TurnFacts => ({ ...contractFacts('hello'), leadName: 'Dana', profile: { ...emptyProfile(), purpose: Purpose.Buy, bedrooms: 3 }, ...over });

describe('prompt', () => {
  it('starts with the same stable prefix for every lead, then the lead summary, then the new message', () => {
    const a = buildPrompt(facts(), [], 1000);
    const b = buildPrompt(facts({ leadName: 'Raj', profile: emptyProfile() }), [{ role: 'user', content: 'earlier' }], 1000);
    expect(a[0]).toEqual({ role: 'system', content: SYSTEM_PREFIX });
    expect(b[0]).toEqual(a[0]);
    expect(a[1].content).toMatch(/Known: purpose: buy; bedrooms: 3/);
    expect(a[1].content).toMatch(/Missing: budget,/);
    expect(a[a.length - 1]).toEqual({ role: 'user', content: 'hello' });
  });

  it('prunes the oldest turns to the token budget and never keeps a tool result without its call', () => {
    const history: LlmMessage[] = [
      { role: 'user', content: 'a'.repeat(400) },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'inventory_search', args: {} }] },
      { role: 'tool', content: 'r'.repeat(400), toolCallId: 'c1' },
      { role: 'assistant', content: 'b'.repeat(40) },
      { role: 'user', content: 'c'.repeat(40) },
    ];
    const all = history.reduce((n, m) => n + tokensOf(m), 0);
    expect(pruneHistory(history, all)).toEqual(history);
    const kept = pruneHistory(history, tokensOf(history[3]) + tokensOf(history[4]) + 50);
    expect(kept).toEqual(history.slice(3));
    expect(kept[0].role).not.toBe('tool');
    expect(pruneHistory(history, 0)).toEqual([]);
  });

  it('prices a turn with cached prompt tokens at the cached rate', () => {
    expect(estimateCost({ promptTokens: 2000, completionTokens: 100, cachedTokens: 1024 }, { input: 0.15, cachedInput: 0.075, output: 0.6 })).toBeCloseTo((976 * 0.15 + 1024 * 0.075 + 100 * 0.6) / 1e6, 6);
    expect(estimateCost({ promptTokens: 10, completionTokens: 10, cachedTokens: 50 }, { input: 1, cachedInput: 0, output: 0 })).toBe(0);
  });
});
