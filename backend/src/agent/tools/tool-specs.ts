import type { InventoryService } from '../../inventory/inventory.service';
import type { MatchingService } from '../../matching/matching.service';
import type { ViewingsService } from '../../viewings/viewings.service';
import type { LlmToolSpec } from '../llm-provider';
import type { AgentTool } from './agent-tool';
import { CreateTaskTool } from './create-task.tool';
import { HandoffToHumanTool } from './handoff-to-human.tool';
import { InventorySearchTool } from './inventory-search.tool';
import { NormalizeBudgetTool } from './normalize-budget.tool';
import { ScheduleViewingTool, ShowingAgents } from './schedule-viewing.tool';
import { UnitDetailsTool } from './unit-details.tool';
import { UpdateLeadProfileTool } from './update-lead-profile.tool';

/** The tools every provider gets, in the order they are described to a model. */
export function agentTools(matching: MatchingService, inventory: InventoryService, viewings: ViewingsService, agents: ShowingAgents): AgentTool[] {
  return [new InventorySearchTool(matching), new NormalizeBudgetTool(), new UpdateLeadProfileTool(), new UnitDetailsTool(inventory), new ScheduleViewingTool(inventory, viewings, agents), new CreateTaskTool(), new HandoffToHumanTool()] as AgentTool[];
}

/** The tools as a model sees them (describing them needs no services). */
export function toolRunnerSpecs(): LlmToolSpec[] {
  const none = null as never;
  return agentTools(none, none, none, none).map((t) => t.spec);
}
