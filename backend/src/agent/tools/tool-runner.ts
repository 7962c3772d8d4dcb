import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import type { LlmToolCall, LlmToolSpec } from '../llm-provider';
import type { TurnState } from '../turn-state';
import type { AgentTool, ToolResult } from './agent-tool';

const describe = (errors: ValidationError[], path = ''): string[] =>
  errors.flatMap((e) => {
    const at = path ? `${path}.${e.property}` : e.property;
    return [...Object.values(e.constraints ?? {}).map((c) => (c.startsWith(e.property) ? `${path ? `${path}.` : ''}${c}` : `${at}: ${c}`)), ...describe(e.children ?? [], at)];
  });

/** Runs the tools a model asks for: checks the arguments first, never throws at the model. */
export class ToolRunner {
  private readonly byName: Map<string, AgentTool>;

  constructor(
    tools: AgentTool[],
    private readonly onError: (tool: string, err: unknown) => void = () => undefined,
  ) {
    this.byName = new Map(tools.map((t) => [t.spec.name, t]));
  }

  get specs(): LlmToolSpec[] {
    return [...this.byName.values()].map((t) => t.spec);
  }

  async run(call: LlmToolCall, state: TurnState): Promise<ToolResult> {
    const tool = this.byName.get(call.name);
    if (!tool) return { ok: false, summary: `Unknown tool ${call.name}`, data: null };
    if (typeof call.args !== 'object' || call.args === null || Array.isArray(call.args)) {
      return { ok: false, summary: 'Arguments must be a JSON object', data: null };
    }
    const args = plainToInstance(tool.argsType, call.args);
    // Unknown fields are refused: there is no argument by which a tool could be pointed at another lead.
    const errors = await validate(args, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) return { ok: false, summary: `Invalid arguments: ${describe(errors).join('; ')}`, data: null };
    try {
      return await tool.run(args, state);
    } catch (err) {
      // A tool that breaks (search backend down, …) is a failed call the model can recover from,
      // not a failed turn.
      this.onError(call.name, err);
      return { ok: false, summary: `${call.name} is not available right now`, data: null };
    }
  }
}
