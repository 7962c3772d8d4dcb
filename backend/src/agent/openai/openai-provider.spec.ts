import { FakeOpenAiChat, startFakeOpenAiChat } from '../../../bench/fake-openai-chat';
import { collect, CONTRACT_MESSAGE, contractFacts, describeLlmProviderContract } from '../llm-provider.contract';
import { LlmUnavailableError } from '../llm-provider';
import { buildPrompt } from '../prompt';
import { toolRunnerSpecs } from '../tools/tool-specs';
import { OpenAiProvider } from './openai-provider';

/**
 * Against a local OpenAI-compatible stand-in (real HTTP, the real `openai` client). NO LIVE MODEL
 * WAS CALLED: OpenAI is not reachable from this machine.
 */
describeLlmProviderContract('OpenAiProvider (local stand-in server)', async () => {
  const fake = await startFakeOpenAiChat((req) => {
    const afterUser = req.messages.slice(req.messages.map((m) => m.role).lastIndexOf('user') + 1);
    return afterUser.some((m) => m.role === 'tool')
      ? { text: 'Here is what I found. Shall I book a viewing?' }
      : { toolCalls: [{ name: 'update_lead_profile', args: { facts: [{ field: 'bedrooms', value: 3, quote: '3 bedroom', confidence: 0.9 }] } }, { name: 'normalize_budget', args: { text: 'up to $1.2M' } }] };
  });
  return { provider: new OpenAiProvider({ apiKey: 'sk-test', baseURL: fake.url, model: 'gpt-test', timeoutMs: 5000, maxRetries: 0 }), close: () => fake.close() };
});

describe('OpenAiProvider failures', () => {
  let fake: FakeOpenAiChat;
  afterEach(() => fake.close());
  const request = () => {
    const facts = contractFacts(CONTRACT_MESSAGE);
    return { messages: buildPrompt(facts, [], 2000), tools: toolRunnerSpecs(), facts };
  };

  it('a 5xx becomes provider_error', async () => {
    fake = await startFakeOpenAiChat(() => ({ status: 503 }));
    const p = new OpenAiProvider({ apiKey: 'k', baseURL: fake.url, model: 'm', timeoutMs: 5000, maxRetries: 0 });
    await expect(collect(p, request())).rejects.toMatchObject({ constructor: LlmUnavailableError, code: 'provider_error' });
  });

  it('a server slower than the timeout becomes provider_timeout', async () => {
    fake = await startFakeOpenAiChat(() => ({ delayMs: 1000, text: 'late' }));
    const p = new OpenAiProvider({ apiKey: 'k', baseURL: fake.url, model: 'm', timeoutMs: 200, maxRetries: 0 });
    await expect(collect(p, request())).rejects.toMatchObject({ code: 'provider_timeout' });
  });

  it('hands on tool arguments that are not JSON as a string, for the tool runner to refuse', async () => {
    fake = await startFakeOpenAiChat(() => ({ toolCalls: [{ name: 'normalize_budget', args: '{"text": "800k"' }] }));
    const p = new OpenAiProvider({ apiKey: 'k', baseURL: fake.url, model: 'm', timeoutMs: 5000, maxRetries: 0 });
    const chunks = await collect(p, request());
    const call = chunks.find((c) => c.type === 'tool_call');
    expect(call).toMatchObject({ type: 'tool_call', call: { name: 'normalize_budget' } });
    expect(typeof (call as { call: { args: unknown } }).call.args).toBe('string');
  });
});
