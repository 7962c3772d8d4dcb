import type { LlmToolSpec } from '../llm-provider';
import { CreateTaskTool } from './create-task.tool';
import { HandoffToHumanTool } from './handoff-to-human.tool';
import { InventorySearchTool } from './inventory-search.tool';
import { NormalizeBudgetTool } from './normalize-budget.tool';
import { ScheduleViewingTool } from './schedule-viewing.tool';
import { UpdateLeadProfileTool } from './update-lead-profile.tool';

/** The six tools as a model sees them (no services needed to describe them). */
export function toolRunnerSpecs(): LlmToolSpec[] {
  const none = null as never;
  return [new InventorySearchTool(none), new NormalizeBudgetTool(), new UpdateLeadProfileTool(), new ScheduleViewingTool(none, none), new CreateTaskTool(), new HandoffToHumanTool()].map((t) => t.spec);
}
