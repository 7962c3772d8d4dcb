import type { LlmToolSpec } from '../llm-provider';
import type { TurnState } from '../turn-state';

export interface ToolResult {
  ok: boolean;
  /** One line a person can read on the timeline and in the chat. */
  summary: string;
  data: unknown;
}

/**
 * A tool the model may call. Arguments arrive as untrusted JSON: `argsType` is a class-validator
 * DTO they are checked against (unknown fields rejected) before `run` sees them. A tool acts only
 * on the lead of the turn it runs in — it receives that lead through `state`, never through its
 * arguments.
 */
export interface AgentTool<A extends object = object> {
  readonly spec: LlmToolSpec;
  readonly argsType: new () => A;
  run(args: A, state: TurnState): Promise<ToolResult>;
}

export const AGENT_TOOLS = Symbol('AGENT_TOOLS');
