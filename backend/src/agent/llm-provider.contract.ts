import { OK } from '../compliance/fair-housing';
import { emptyProfile } from '../leads/profile.dto';
import { Purpose } from '../leads/lead.enums';
import type { LlmChunk, LlmMessage, LlmProvider, LlmRequest } from './llm-provider';
import { understand } from './local/understanding';
import { buildPrompt } from './prompt';
import type { TurnFacts } from './turn-facts';
import { toolRunnerSpecs } from './tools/tool-specs';

const NOW = new Date('2026-11-26T18:00:00Z');
const PLACES: ReadonlySet<string> = new Set(['kirkland']);

/** Facts for a lead who just wrote `text`: nothing known yet. */
export function contractFacts(text: string): TurnFacts {
  return {
    now: NOW,
    timezone: 'America/Los_Angeles',
    leadName: null,
    contact: { email: null, phone: null },
    profile: emptyProfile(),
    message: { id: '6f1d0c7e-1111-4222-8333-944455556666', text, read: understand(text, { now: NOW, timezone: 'America/Los_Angeles', knownPlaces: PLACES }) },
    lastAsked: null,
    askedCounts: {},
    lastResults: [],
    offeredSlots: [],
    bookedViewing: null,
    pendingViewing: null,
    focusUnitId: null,
    assigneeId: null,
    policy: { handoffReason: null, fairHousing: OK },
    turn: { handedOff: false, showedResults: false, offeredSlots: false },
    knownPlaces: PLACES,
  };
}

export const CONTRACT_MESSAGE = 'I want to buy a 3 bedroom house in Kirkland, up to $1.2M';

export async function collect(provider: LlmProvider, request: LlmRequest, signal = new AbortController().signal): Promise<LlmChunk[]> {
  const out: LlmChunk[] = [];
  for await (const c of provider.step(request, signal)) out.push(c);
  return out;
}

/**
 * The one suite every LlmProvider adapter must pass: the shape of what a step streams back, that
 * tool results lead to an answer, and that an aborted turn stops. Call it from the adapter's spec:
 *
 *   describeLlmProviderContract('LocalRulesProvider', async () => ({ provider: new LocalRulesProvider() }));
 *
 * What a model says is its own business; these are the promises the agent loop relies on.
 */
export function describeLlmProviderContract(name: string, make: () => Promise<{ provider: LlmProvider; close?: () => Promise<void> }>): void {
  describe(`${name} (LlmProvider contract)`, () => {
    let provider: LlmProvider;
    let close: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      ({ provider, close } = await make());
    });
    afterAll(async () => {
      await close?.();
    });

    const firstRequest = (): LlmRequest => {
      const facts = contractFacts(CONTRACT_MESSAGE);
      return { messages: buildPrompt(facts, [], 2000), tools: toolRunnerSpecs(), facts };
    };

    it('names its model', () => {
      expect(provider.model).toMatch(/\S/);
    });

    it('streams well-formed chunks: text deltas, tool calls with ids and object arguments, usage once', async () => {
      const chunks = await collect(provider, firstRequest());
      expect(chunks.length).toBeGreaterThan(0);
      const calls = chunks.flatMap((c) => (c.type === 'tool_call' ? [c.call] : []));
      for (const c of chunks) if (c.type === 'text') expect(c.delta.length).toBeGreaterThan(0);
      for (const call of calls) {
        expect(call.id).toMatch(/\S/);
        expect(firstRequest().tools.map((t) => t.name)).toContain(call.name);
        expect(typeof call.args).toBe('object');
      }
      expect(new Set(calls.map((c) => c.id)).size).toBe(calls.length);
      const usage = chunks.filter((c) => c.type === 'usage');
      expect(usage).toHaveLength(1);
      const u = (usage[0]).usage;
      for (const n of [u.promptTokens, u.completionTokens, u.cachedTokens]) expect(Number.isInteger(n) && n >= 0).toBe(true);
      expect(u.promptTokens).toBeGreaterThan(0);
      // A lead who says what they want gets it recorded: a tool is asked for first.
      expect(calls.length).toBeGreaterThan(0);
    });

    it('answers in words once every call it made has a result', async () => {
      let request = firstRequest();
      for (let step = 0; step < 8; step++) {
        const chunks = await collect(provider, request);
        const calls = chunks.flatMap((c) => (c.type === 'tool_call' ? [c.call] : []));
        const text = chunks.flatMap((c) => (c.type === 'text' ? [c.delta] : [])).join('');
        if (!calls.length) {
          expect(text.trim().length).toBeGreaterThan(0);
          return;
        }
        const results: LlmMessage[] = calls.map((c) => ({ role: 'tool', toolCallId: c.id, content: JSON.stringify({ ok: true, summary: 'done', data: c.name === 'inventory_search' ? { units: [] } : c.name === 'normalize_budget' ? { min: null, max: 1200000, currency: 'USD', period: 'total', confidence: 0.9 } : { recorded: [], refused: [] } }) }));
        request = { ...request, messages: [...request.messages, { role: 'assistant', content: text, toolCalls: calls }, ...results] };
        if (calls.some((c) => c.name === 'update_lead_profile')) request.facts.profile = { ...request.facts.profile, purpose: Purpose.Buy, bedrooms: 3, budgetMax: 1200000, locations: ['Kirkland'] };
      }
      throw new Error('no answer in words after 8 steps');
    });

    it('stops when the turn is aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      await expect(collect(provider, firstRequest(), controller.signal)).rejects.toThrow();
    });
  });
}
