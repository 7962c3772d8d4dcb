import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { instantOf } from '../../core/time/zoned-time';
import type { TurnState } from '../turn-state';
import type { AgentTool, ToolResult } from './agent-tool';

export class CreateTaskArgs {
  @IsString()
  @Length(1, 200)
  title: string;

  /** YYYY-MM-DD in the lead's time zone. */
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'dueDate must be YYYY-MM-DD' })
  dueDate?: string;

  /** HH:MM (24 h) in the lead's time zone. */
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'dueTime must be HH:MM' })
  dueTime?: string;

  @IsOptional()
  @IsString()
  @Length(0, 1000)
  notes?: string;
}

/** A to-do for the lead's agent: call back, send documents, … */
export class CreateTaskTool implements AgentTool<CreateTaskArgs> {
  readonly argsType = CreateTaskArgs;
  readonly spec = {
    name: 'create_task',
    description: "Create a task for the lead's agent (for example: call the lead back at a time they gave). Dates and times are in the lead's time zone.",
    parameters: {
      type: 'object',
      properties: {
        title: { type: 'string' },
        dueDate: { type: 'string', description: 'YYYY-MM-DD' },
        dueTime: { type: 'string', description: 'HH:MM, 24-hour' },
        notes: { type: 'string' },
      },
      required: ['title'],
      additionalProperties: false,
    },
  };

  run(args: CreateTaskArgs, state: TurnState): Promise<ToolResult> {
    if (args.dueTime && !args.dueDate) return Promise.resolve({ ok: false, summary: 'dueTime needs a dueDate', data: null });
    const dueAt = args.dueDate ? instantOf(args.dueDate, args.dueTime ?? '09:00', state.facts.timezone) : null;
    const task = { title: args.title.trim(), dueAt, notes: args.notes?.trim() || null };
    state.tasks.push(task);
    return Promise.resolve({ ok: true, summary: `Task: ${task.title}${dueAt ? ` (due ${dueAt.toISOString()})` : ''}`, data: { title: task.title, dueAt: dueAt?.toISOString() ?? null } });
  }
}
