import { UnitPurpose } from '../src/inventory/unit.enums';
import type { UnitSort } from '../src/inventory/inventory.dto';
import { InboxFilter } from '../src/leads/inbox-query';
import { LeadStage } from '../src/leads/lead.enums';
import type { LeadSort } from '../src/leads/leads.dto';
import type { UnitFilter } from '../src/inventory/unit-search-query';

/** The inbox a team lead opens all day: early-stage leads worth a call, hottest first, 50 a page. */
export const LEADS_FILTER = {
  path: '/api/leads?stage=new,contacted,qualified&scoreMin=20&sort=-score&page=1&pageSize=50',
  filter: { stage: [LeadStage.New, LeadStage.Contacted, LeadStage.Qualified], scoreMin: 20 } satisfies InboxFilter,
  sort: '-score' as LeadSort,
  pageSize: 50,
  offset: 0,
};

/** A buyer's brief: 3+ bedrooms for sale between $400k and $900k, cheapest first. */
export const UNITS_FILTER = {
  path: '/api/inventory/search?purpose=sale&priceMin=400000&priceMax=900000&bedsMin=3&sort=price&pageSize=20',
  filter: { purpose: UnitPurpose.Sale, priceMin: 400000, priceMax: 900000, bedsMin: 3 } satisfies Omit<UnitFilter, 'status'>,
  sort: 'price' as UnitSort,
  pageSize: 20,
  offset: 0,
};
