import { Injectable } from '@nestjs/common';
import { notFound } from '../core/http/domain-error';
import type { LeadScope } from '../leads/inbox-query';
import { BuyerMatchDto, MatchWhyDto, UnitHitDto } from './inventory.dto';
import { InventoryRepository } from './inventory.repository';
import { InventoryService } from './inventory.service';
import { MatchingRepository } from './matching.repository';
import type { UnitFilter } from './unit-search-query';
import { UnitPurpose, UnitStatus, UnitType } from './unit.enums';
import { formatBudget, formatMoney, matchReasons } from '../words/broker-words';
import type { UnitDto } from './inventory.dto';

/** What a lead wants, as matching needs it. */
/** Why a unit suits these wishes, in the buyer's terms (the same words the SPA and the assistant use). */
export const reasonsFor = (w: Wishes, u: UnitDto): string[] => matchReasons(w, { ...u, text: `${u.title} ${u.description} ${u.features.join(' ')}` });

export interface Wishes {
  purpose: 'buy' | 'rent' | null;
  budgetMin: number | null;
  budgetMax: number | null;
  bedrooms: number | null;
  bathrooms: number | null;
  propertyTypes: string[];
  locations: string[];
  mustHaves: string[];
}


/** Units for a lead, and leads for a unit. */
@Injectable()
export class MatchingService {
  constructor(
    private readonly inventory: InventoryService,
    private readonly units: InventoryRepository,
    private readonly repo: MatchingRepository,
  ) {}

  /** The wishes as words, for ranking by meaning and by text. */
  static wishText(w: Wishes): string {
    return [
      w.purpose === 'rent' ? 'for rent' : w.purpose === 'buy' ? 'for sale' : '',
      w.propertyTypes.join(' '),
      w.bedrooms !== null ? `${w.bedrooms} bedrooms` : '',
      w.bathrooms !== null ? `${w.bathrooms} bathrooms` : '',
      w.locations.join(' '),
      w.mustHaves.join(', '),
    ]
      .filter(Boolean)
      .join(' ');
  }

  /** The best available units for these wishes: filters from the numbers, ranking from the words. */
  async unitsFor(w: Wishes, limit = 10): Promise<UnitHitDto[]> {
    const filter: UnitFilter = {
      status: [UnitStatus.Available],
      ...(w.purpose ? { purpose: w.purpose === 'rent' ? UnitPurpose.Rent : UnitPurpose.Sale } : {}),
      // A little room on the budget: buyers stretch and sellers negotiate.
      ...(w.budgetMax !== null ? { priceMax: Math.round(w.budgetMax * 1.1) } : {}),
      ...(w.budgetMin !== null ? { priceMin: Math.round(w.budgetMin * 0.9) } : {}),
      ...(w.bedrooms !== null ? { bedsMin: w.bedrooms } : {}),
      ...(w.bathrooms !== null ? { bathsMin: w.bathrooms } : {}),
      ...(w.propertyTypes.length ? { type: w.propertyTypes as UnitType[] } : {}),
    };
    const text = MatchingService.wishText(w) || 'home';
    const ranked = await this.inventory.rank(text, filter, 'hybrid', 300);
    const places = new Set(w.locations.map((l) => l.trim().toLowerCase()));
    // Locations are a hard wish: keep units in one of the places named (city, area or zip). The
    // database picks them out of the ranked candidates; only the ones shown are read whole.
    const ids = places.size ? await this.repo.idsInPlaces(ranked.slice(0, 300).map((r) => r.id), [...places]) : ranked.map((r) => r.id);
    const inPlace = await this.units.findManyOrdered(ids.slice(0, limit));
    const byId = new Map(ranked.map((r) => [r.id, r]));
    return inPlace.map((u) => {
      const r = byId.get(u.id);
      // Reasons speak of what the buyer asked for, against their own budget (not the stretched
      // search limit); raw matched words are not reasons, so `terms` stays empty here.
      const why: MatchWhyDto = {
        filters: reasonsFor(w, u),
        terms: [],
        semantic: r?.semanticScore ?? null,
        lexicalRank: r?.lexicalRank ?? null,
        semanticRank: r?.semanticRank ?? null,
      };
      return { ...u, matchScore: r ? Number(r.score.toFixed(6)) : null, why };
    });
  }

  /** Stored matches back as hits: current unit data, units no longer available dropped. */
  async hitsFor(stored: { id: string; matchScore: number | null; why: MatchWhyDto }[], wishes?: Wishes): Promise<UnitHitDto[]> {
    const units = await this.units.findManyOrdered(stored.map((s) => s.id));
    const byId = new Map(stored.map((s) => [s.id, s]));
    return units
      .filter((u) => u.status === UnitStatus.Available)
      .map((u) => {
        const s = byId.get(u.id);
        const why = s?.why ?? { filters: [], terms: [], semantic: null, lexicalRank: null, semanticRank: null };
        // Stored reasons may predate the wording; said again from the current wishes when known.
        return { ...u, matchScore: s?.matchScore ?? null, why: wishes ? { ...why, filters: reasonsFor(wishes, u), terms: [] } : why };
      });
  }

  async buyersForOrFail(unitId: string, scope: LeadScope, limit = 20): Promise<BuyerMatchDto[]> {
    const found = await this.buyersFor(unitId, scope, limit);
    if (!found) throw notFound('Unit');
    return found;
  }

  /** Open leads the unit fits, best fit first; only leads `scope` may see. */
  async buyersFor(unitId: string, scope: LeadScope, limit = 20): Promise<BuyerMatchDto[] | null> {
    const unit = await this.units.findById(unitId);
    if (!unit) return null;
    const rows = await this.repo.buyersFor(unit, scope, limit);
    return rows.map((r) => {
      const why: string[] = [];
      if (r.purpose) why.push(r.purpose === 'rent' ? 'wants to rent' : 'wants to buy');
      if (r.budget_max !== null) why.push(`budget ${formatBudget(r.budget_min !== null ? Number(r.budget_min) : null, Number(r.budget_max), unit.currency)} fits ${formatMoney(unit.price, unit.currency)}`);
      if (r.bedrooms !== null) why.push(`wants ${r.bedrooms}+ bedrooms, has ${unit.bedrooms}`);
      if (r.property_types.length) why.push(`wants a ${unit.type}`);
      if (r.locations.length) why.push(`looking in ${unit.area ?? unit.city}`);
      return { leadId: r.id, name: r.name, stage: r.stage, score: r.score, assigneeId: r.assignee_id, fit: Number(r.fit), why };
    });
  }
}
