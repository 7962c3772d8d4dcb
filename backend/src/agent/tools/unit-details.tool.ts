import { Matches } from 'class-validator';
import { InventoryService } from '../../inventory/inventory.service';
import type { TurnState } from '../turn-state';
import type { AgentTool, ToolResult } from './agent-tool';

export class UnitDetailsArgs {
  // Any UUID, whatever its version bits: imported inventories bring their own ids.
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'unitId must be a UUID' })
  unitId: string;
}

/** A home's own facts as the agent may quote them to a lead. */
export interface UnitFacts {
  id: string;
  title: string;
  type: string;
  price: number;
  currency: string;
  bedrooms: number;
  bathrooms: number;
  sizeSqft: number | null;
  lotSqft: number | null;
  yearBuilt: number | null;
  area: string | null;
  city: string;
  zip: string | null;
  lat: number | null;
  lng: number | null;
  features: string[];
  description: string;
  status: string;
}

/**
 * One home's facts (features, size, year built, where it is), so a lead's question about it is
 * answered from the listing — and what the listing does not say is said to be unknown, never guessed.
 */
export class UnitDetailsTool implements AgentTool<UnitDetailsArgs> {
  readonly argsType = UnitDetailsArgs;
  readonly spec = {
    name: 'unit_details',
    description:
      "A home's own facts (features, size, lot, year built, area, city, zip, description) to answer the lead's question about it. Answer only from these facts; when they do not say, tell the lead so and create a task to ask the listing agent. A question is never a requirement: do not record it with update_lead_profile.",
    parameters: { type: 'object', properties: { unitId: { type: 'string' } }, required: ['unitId'], additionalProperties: false },
  };

  constructor(private readonly inventory: InventoryService) {}

  async run(args: UnitDetailsArgs, state: TurnState): Promise<ToolResult> {
    const u = await this.inventory.get(args.unitId).catch(() => null);
    if (!u) return { ok: false, summary: 'No such home', data: null };
    const unit: UnitFacts = {
      id: u.id,
      title: u.title,
      type: u.type,
      price: u.price,
      currency: u.currency,
      bedrooms: u.bedrooms,
      bathrooms: u.bathrooms,
      sizeSqft: u.sizeSqft,
      lotSqft: u.lotSqft,
      yearBuilt: u.yearBuilt,
      area: u.area,
      city: u.city,
      zip: u.zip,
      lat: u.lat,
      lng: u.lng,
      features: u.features,
      description: u.description,
      status: u.status,
    };
    state.facts.focusUnitId = u.id;
    return { ok: true, summary: `Facts of ${u.title}`, data: { unit } };
  }
}
