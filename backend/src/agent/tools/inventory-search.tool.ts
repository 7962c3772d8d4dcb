import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { IsDecimal } from '../../core/http/decimal';
import { MatchingService } from '../../matching/matching.service';
import type { UnitHitDto } from '../../inventory/inventory.dto';
import { UnitType } from '../../inventory/unit.enums';
import { protectedCharacteristicIn } from '../policies';
import type { UnitCard } from '../turn-facts';
import type { TurnState } from '../turn-state';
import { formatMoney } from '../../words/broker-words';
import type { AgentTool, ToolResult } from './agent-tool';

export class InventorySearchArgs {
  /** What they are looking for, in words ("quiet condo with a view near transit"). */
  @IsOptional()
  @IsString()
  @Length(0, 300)
  query?: string;

  @IsOptional()
  @IsIn(['buy', 'rent'])
  purpose?: 'buy' | 'rent';

  @IsOptional()
  @IsInt()
  @Min(0)
  priceMin?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  priceMax?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(20)
  bedsMin?: number;

  @IsOptional()
  @IsDecimal(2)
  @Min(0)
  @Max(20)
  bathsMin?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsIn(Object.values(UnitType), { each: true })
  propertyTypes?: UnitType[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 80, { each: true })
  locations?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 80, { each: true })
  mustHaves?: string[];

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  limit?: number;
}

const money = formatMoney;

export function unitCard(h: UnitHitDto): UnitCard {
  // The reasons already speak of the buyer's wishes; matched words alone are not a reason.
  const why = [...h.why.filters];
  return { id: h.id, title: h.title, price: h.price, currency: h.currency, bedrooms: h.bedrooms, bathrooms: h.bathrooms, city: h.city, area: h.area, why };
}

/** The brokerage's homes that fit: the same hybrid search (filters + words + meaning) as the inventory page. */
export class InventorySearchTool implements AgentTool<InventorySearchArgs> {
  readonly argsType = InventorySearchArgs;
  readonly spec = {
    name: 'inventory_search',
    description: "Search the brokerage's available homes. Filters are hard limits; query and mustHaves rank by words and meaning. Returns the best homes with why each fits.",
    parameters: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'What they want, in words.' },
        purpose: { type: 'string', enum: ['buy', 'rent'] },
        priceMin: { type: 'integer' },
        priceMax: { type: 'integer' },
        bedsMin: { type: 'integer' },
        bathsMin: { type: 'number' },
        propertyTypes: { type: 'array', items: { type: 'string', enum: Object.values(UnitType) } },
        locations: { type: 'array', items: { type: 'string' }, description: 'Cities, neighbourhoods or zip codes.' },
        mustHaves: { type: 'array', items: { type: 'string' } },
        limit: { type: 'integer', minimum: 1, maximum: 10, description: 'Default 3.' },
      },
      additionalProperties: false,
    },
  };

  constructor(private readonly matching: MatchingService) {}

  async run(args: InventorySearchArgs, state: TurnState): Promise<ToolResult> {
    // Fair housing holds whatever the model does: no search on a turn whose message asked to choose
    // homes by who lives there, and no argument that describes a place by its people.
    if (state.facts.policy.fairHousing.verdict === 'steering') return { ok: false, summary: 'Refused: this message asks to choose homes by who lives there (fair housing); nothing is searched on it', data: null };
    const steering = [args.query ?? '', ...(args.mustHaves ?? []), ...(args.locations ?? [])].map(protectedCharacteristicIn).find(Boolean);
    if (steering) return { ok: false, summary: `Refused: homes are never chosen by ${steering} (fair housing)`, data: null };
    if (args.priceMin !== undefined && args.priceMax !== undefined && args.priceMin > args.priceMax) return { ok: false, summary: 'priceMin must not be greater than priceMax', data: null };
    const hits = await this.matching.unitsFor(
      {
        purpose: args.purpose ?? null,
        budgetMin: args.priceMin ?? null,
        budgetMax: args.priceMax ?? null,
        bedrooms: args.bedsMin ?? null,
        bathrooms: args.bathsMin ?? null,
        propertyTypes: args.propertyTypes ?? [],
        locations: args.locations ?? [],
        mustHaves: [...(args.mustHaves ?? []), ...(args.query?.trim() ? [args.query.trim()] : [])],
      },
      args.limit ?? 3,
    );
    const units = hits.map(unitCard);
    state.showResults(units);
    const summary = units.length
      ? `${units.length} home${units.length > 1 ? 's' : ''}: ${units.map((u) => `${u.title} (${money(u.price, u.currency)})`).join('; ')}`
      : 'No available home fits';
    return { ok: true, summary, data: { units } };
  }
}
