import { IsString, Length } from 'class-validator';
import type { TurnState } from '../turn-state';
import type { AgentTool, ToolResult } from './agent-tool';

export class HandoffArgs {
  /** Why a person must take over, e.g. "asks about commission". */
  @IsString()
  @Length(1, 300)
  reason: string;
}

/**
 * Hands the conversation to a person: when the turn is written, the lead is assigned (to its
 * agent, or the least busy active one), that person gets a task due now, and the session switches
 * to human mode so the AI stays silent until they give it back.
 */
export class HandoffToHumanTool implements AgentTool<HandoffArgs> {
  readonly argsType = HandoffArgs;
  readonly spec = {
    name: 'handoff_to_human',
    description: 'Hand the conversation over to a person of the brokerage (legal, tax or contract questions, commission or fees, the lead asks for a person, or anything you cannot do). The AI stops answering this conversation.',
    parameters: { type: 'object', properties: { reason: { type: 'string', description: 'Why, in a few words.' } }, required: ['reason'], additionalProperties: false },
  };

  run(args: HandoffArgs, state: TurnState): Promise<ToolResult> {
    state.handoff = { reason: args.reason.trim() };
    state.facts.turn.handedOff = true;
    return Promise.resolve({ ok: true, summary: `Handed over to a person: ${args.reason.trim()}`, data: { reason: args.reason.trim() } });
  }
}
