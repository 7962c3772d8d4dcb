import type { TurnFacts } from './turn-facts';

/** One message of the prompt, in the shape every chat-completions API understands. */
export interface LlmMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** assistant: the tools it called. */
  toolCalls?: LlmToolCall[];
  /** tool: the call it answers. */
  toolCallId?: string;
}

export interface LlmToolCall {
  id: string;
  name: string;
  /** Parsed JSON arguments; a string when the model sent JSON that does not parse. */
  args: unknown;
}

/** A tool as described to the model: JSON Schema for its arguments. */
export interface LlmToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface LlmRequest {
  messages: LlmMessage[];
  tools: LlmToolSpec[];
  /**
   * The same facts the prompt carries, already structured. A remote model reads them from the
   * prompt; the local rules-based provider reads them here rather than parsing its own prompt.
   */
  facts: TurnFacts;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
}

/** What a provider streams back for one step: text, tool calls, and (once) usage. */
export type LlmChunk = { type: 'text'; delta: string } | { type: 'tool_call'; call: LlmToolCall } | { type: 'usage'; usage: LlmUsage };

/** Raised by a provider that could not answer (timeout, 5xx, refused connection). */
export class LlmUnavailableError extends Error {
  constructor(
    readonly code: 'provider_timeout' | 'provider_error',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The port every language model sits behind. One call is one step of a turn: the provider either
 * answers in text, or asks for tools (and maybe says something first). The agent loop runs the
 * tools and calls `step` again with their results, until a step asks for no tool.
 */
export interface LlmProvider {
  /** For logs and the stored messages, e.g. "local-rules" or "openai:gpt-4o-mini". */
  readonly model: string;
  step(request: LlmRequest, signal: AbortSignal): AsyncIterable<LlmChunk>;
}

export const LLM_PROVIDER = Symbol('LLM_PROVIDER');
