import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { LlmChunk, LlmMessage, LlmProvider, LlmRequest, LlmUnavailableError } from '../llm-provider';

export interface OpenAiProviderOptions {
  apiKey: string;
  /** Any OpenAI-compatible server (vLLM, Ollama, LM Studio, …). Default: the OpenAI API. */
  baseURL?: string;
  model: string;
  /** Per request. */
  timeoutMs: number;
  /** Retries on connection errors, 408, 429 and 5xx before the turn fails. Default 1. */
  maxRetries?: number;
  temperature?: number;
}

function toOpenAi(m: LlmMessage): ChatCompletionMessageParam {
  if (m.role === 'tool') return { role: 'tool', tool_call_id: m.toolCallId ?? '', content: m.content };
  if (m.role === 'assistant') {
    return m.toolCalls?.length
      ? { role: 'assistant', content: m.content || null, tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: typeof c.args === 'string' ? c.args : JSON.stringify(c.args) } })) }
      : { role: 'assistant', content: m.content };
  }
  return { role: m.role, content: m.content };
}

/**
 * The client's errors by class name as well as by instanceof: where the package is loaded twice
 * (CommonJS and ESM, as under some test runners) instanceof alone misses them.
 */
function unavailable(err: unknown, signal: AbortSignal): LlmUnavailableError {
  const is = (cls: abstract new (...a: never[]) => unknown) => err instanceof cls || (err instanceof Error && err.constructor.name === cls.name);
  if (signal.aborted || is(APIUserAbortError) || is(APIConnectionTimeoutError)) return new LlmUnavailableError('provider_timeout', 'The language model did not answer in time', { cause: err });
  const status = is(APIError) ? (err as APIError).status : undefined;
  return new LlmUnavailableError('provider_error', status ? `The language model failed (${status})` : 'The language model could not be reached', { cause: err });
}

function parseArgs(raw: string): unknown {
  try {
    return raw.trim() ? JSON.parse(raw) : {};
  } catch {
    // Handed to the tool runner as a string: it answers "Arguments must be a JSON object" and the model can retry.
    return raw;
  }
}

/**
 * A chat-completions model over HTTP with the official `openai` client, streaming: text deltas
 * pass straight through; tool calls arrive in pieces (name first, arguments in fragments, keyed by
 * index) and are assembled before they are handed on.
 */
export class OpenAiProvider implements LlmProvider {
  readonly model: string;
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiProviderOptions) {
    this.model = `openai:${options.model}`;
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL || undefined, timeout: options.timeoutMs + 1000, maxRetries: options.maxRetries ?? 1 });
  }

  async *step(request: LlmRequest, signal: AbortSignal): AsyncIterable<LlmChunk> {
    const partial = new Map<number, { id: string; name: string; args: string }>();
    // Our own deadline per call, beside the turn's: the timeout is then known for what it is,
    // whatever error the HTTP layer reports when the request is cut.
    const deadline = AbortSignal.timeout(this.options.timeoutMs);
    const both = AbortSignal.any([signal, deadline]);
    try {
      const stream = await this.client.chat.completions.create(
        {
          model: this.options.model,
          messages: request.messages.map(toOpenAi),
          tools: request.tools.map((t) => ({ type: 'function' as const, function: { name: t.name, description: t.description, parameters: t.parameters } })),
          stream: true,
          stream_options: { include_usage: true },
          ...(this.options.temperature !== undefined ? { temperature: this.options.temperature } : {}),
        },
        { signal: both },
      );
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta;
        if (delta?.content) yield { type: 'text', delta: delta.content };
        for (const tc of delta?.tool_calls ?? []) {
          const p = partial.get(tc.index) ?? { id: '', name: '', args: '' };
          if (tc.id) p.id = tc.id;
          if (tc.function?.name) p.name += tc.function.name;
          if (tc.function?.arguments) p.args += tc.function.arguments;
          partial.set(tc.index, p);
        }
        if (chunk.usage) {
          yield {
            type: 'usage',
            usage: { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens, cachedTokens: chunk.usage.prompt_tokens_details?.cached_tokens ?? 0 },
          };
        }
      }
    } catch (err) {
      throw unavailable(err, both);
    }
    for (const [index, p] of [...partial.entries()].sort((a, b) => a[0] - b[0])) {
      yield { type: 'tool_call', call: { id: p.id || `call_${index}`, name: p.name, args: parseArgs(p.args) } };
    }
  }
}
