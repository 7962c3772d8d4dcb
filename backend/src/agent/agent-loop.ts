import type { AgentEvent, EventSink } from './events';
import type { LlmMessage, LlmProvider, LlmToolCall, LlmUsage } from './llm-provider';
import type { ToolRunner } from './tools/tool-runner';
import type { TurnState } from './turn-state';

/** A model that keeps calling tools is stopped here; the lead still gets an answer. */
export const MAX_STEPS = 8;

export interface LoopMessage {
  role: 'assistant' | 'tool';
  content: string;
  toolCalls?: LlmToolCall[];
  toolCallId?: string;
  toolName?: string;
  data?: unknown;
}

export interface LoopOutcome {
  /** The assistant and tool messages of the turn, in order. */
  messages: LoopMessage[];
  /** Everything the assistant said, joined. */
  reply: string;
  usage: LlmUsage;
}

/**
 * One turn: ask the provider, stream its text, run the tools it asks for, feed the results back,
 * until it answers without asking for a tool. Events go to `emit` as they happen.
 */
export async function runAgentLoop(provider: LlmProvider, tools: ToolRunner, prompt: LlmMessage[], state: TurnState, emit: EventSink, signal: AbortSignal): Promise<LoopOutcome> {
  const messages: LoopMessage[] = [];
  const usage: LlmUsage = { promptTokens: 0, completionTokens: 0, cachedTokens: 0 };
  const convo = [...prompt];
  let reply = '';
  // A message that asks to choose homes by who lives there is not searched on: the model is not offered the search.
  const specs = state.facts.policy.fairHousing.verdict === 'steering' ? tools.specs.filter((s) => s.name !== 'inventory_search') : tools.specs;
  for (let step = 0; step < MAX_STEPS; step++) {
    let text = '';
    const calls: LlmToolCall[] = [];
    for await (const chunk of provider.step({ messages: convo, tools: specs, facts: state.facts }, signal)) {
      if (chunk.type === 'text') {
        text += chunk.delta;
        emit({ event: 'token', data: { delta: chunk.delta } });
      } else if (chunk.type === 'tool_call') {
        calls.push(chunk.call);
      } else {
        usage.promptTokens += chunk.usage.promptTokens;
        usage.completionTokens += chunk.usage.completionTokens;
        usage.cachedTokens += chunk.usage.cachedTokens;
      }
    }
    signal.throwIfAborted();
    reply += text;
    messages.push({ role: 'assistant', content: text, ...(calls.length ? { toolCalls: calls } : {}) });
    convo.push({ role: 'assistant', content: text, ...(calls.length ? { toolCalls: calls } : {}) });
    if (!calls.length) return { messages, reply, usage};
    for (const call of calls) {
      emit({ event: 'tool_call', data: { id: call.id, name: call.name, args: call.args } } satisfies AgentEvent);
      const result = await tools.run(call, state);
      state.toolCalls.push({ call, ...result });
      emit({ event: 'tool_result', data: { id: call.id, name: call.name, ok: result.ok, summary: result.summary, data: result.data } });
      const content = JSON.stringify({ ok: result.ok, summary: result.summary, data: result.data });
      messages.push({ role: 'tool', content: result.summary, toolCallId: call.id, toolName: call.name, data: { ok: result.ok, summary: result.summary, data: result.data } });
      convo.push({ role: 'tool', content, toolCallId: call.id });
    }
  }
  const fallback = 'Let me get a colleague to pick this up — they will be in touch shortly.';
  emit({ event: 'token', data: { delta: fallback } });
  messages.push({ role: 'assistant', content: fallback });
  state.handoff ??= { reason: 'the assistant could not finish the request' };
  return { messages, reply: reply + fallback, usage};
}
