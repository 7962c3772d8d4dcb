import { Injectable } from '@nestjs/common';
import { scopeOf, type LeadScope } from '../access/lead-access';
import { AuthUser } from '../core/auth/auth-user';
import { notFound } from '../core/http/domain-error';
import { MatchWhyDto, UnitHitDto, type UnitDto } from '../inventory/inventory.dto';
import { InventoryService, type UnitFilter } from '../inventory/inventory.service';
import { UnitPurpose, UnitStatus, UnitType } from '../inventory/unit.enums';
import type { LeadProfileEntity } from '../leads/lead-profile.entity';
import { Purpose } from '../leads/lead.enums';
import { LeadsService } from '../leads/leads.service';
import { formatBudget, formatMoney, matchReasons } from '../words/broker-words';
import { BuyerMatchDto, LeadMatchesDto } from './matching.dto';
import { MatchingRepository } from './matching.repository';

/** What a lead wants, as matching needs it. */
export interface Wishes {
  purpose: 'buy' | 'rent' | null;
  budgetMin: number | null;
  budgetMax: number | null;
  bedrooms: number | null;
  bathrooms: number | null;
  propertyTypes: string[];
  locations: string[];
  mustHaves: string[];
  /** Features the lead does not want: homes with any of them go below the others (never into the ranking words). */
  dislikes?: string[];
}

/** Why a unit suits these wishes, in the buyer's terms (the same words the SPA and the assistant use). */
export const reasonsFor = (w: Wishes, u: UnitDto): string[] => matchReasons(w, { ...u, text: `${u.title} ${u.description} ${u.features.join(' ')}` });

/** What a lead looks for; null for a seller, who is not looking for a home (their profile describes the one they sell). */
const wishesOf = (p: LeadProfileEntity | null): Wishes | null => (p?.purpose === Purpose.Sell ? null : {
  purpose: p?.purpose ?? null,
  budgetMin: p?.budgetMin ?? null,
  budgetMax: p?.budgetMax ?? null,
  bedrooms: p?.bedrooms ?? null,
  bathrooms: p?.bathrooms ?? null,
  propertyTypes: p?.propertyTypes ?? [],
  locations: p?.locations ?? [],
  mustHaves: p?.mustHaves ?? [],
  dislikes: p?.dislikes ?? [],
});

/** Units for a lead, and leads for a unit: the one feature that knows both leads and inventory. */
@Injectable()
export class MatchingService {
  constructor(
    private readonly inventory: InventoryService,
    private readonly leads: LeadsService,
    private readonly repo: MatchingRepository,
  ) {}

  /** The best units for the lead: stored by the worker when current, computed now otherwise. */
  async forLead(id: string, user: AuthUser, limit = 10): Promise<LeadMatchesDto> {
    await this.leads.assertVisible(id, user);
    const [profile, stored] = await Promise.all([this.leads.profileOf(id), this.repo.findMatches(id)]);
    const current = stored.length > 0 && (!profile || stored[0].computedAt >= profile.updatedAt);
    if (current) {
      const hits = await this.hitsFor(stored.slice(0, limit).map((m) => ({ id: m.unitId, matchScore: m.score, why: m.why })), wishesOf(profile) ?? undefined);
      return { leadId: id, computedAt: stored[0].computedAt.toISOString(), stored: true, items: hits };
    }
    const wishes = wishesOf(profile);
    return { leadId: id, computedAt: new Date().toISOString(), stored: false, items: wishes ? await this.unitsFor(wishes, limit) : [] };
  }

  /** Worker job: after a profile or activity change, recompute the score and store fresh matches. */
  async refreshLead(id: string, reason: string): Promise<{ score: number; matches: number }> {
    const result = await this.leads.recomputeScore(id, reason);
    const profile = await this.leads.profileOf(id);
    const computedAt = new Date();
    const wishes = wishesOf(profile);
    const hits = wishes ? await this.unitsFor(wishes, 10) : [];
    await this.repo.replaceMatches(id, hits.map((h, i) => ({ unitId: h.id, rank: i + 1, score: h.matchScore, why: h.why })), computedAt);
    return { score: result.score, matches: hits.length };
  }

  /** Open leads this unit fits, for the caller's lead scope; 404 when the unit does not exist. */
  buyersForUnit(unitId: string, user: AuthUser): Promise<BuyerMatchDto[]> {
    return this.buyersForOrFail(unitId, scopeOf(user));
  }

  /** How many open leads the unit fits ("buyers for this listing"), brokerage-wide: a count names nobody. Null: no such unit. */
  async countBuyersFor(unitId: string): Promise<number | null> {
    const unit = await this.inventory.findUnit(unitId);
    return unit ? this.repo.countBuyers(unit, { userId: '', all: true }) : null;
  }

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
    const ids = await this.withoutDislikesFirst(places.size ? await this.inventory.idsInPlaces(ranked.slice(0, 300).map((r) => r.id), [...places]) : ranked.map((r) => r.id), w.dislikes ?? []);
    const inPlace = await this.inventory.unitsInOrder(ids.slice(0, limit));
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

  /**
   * A disliked feature lowers similar homes: those that have it keep their order among themselves
   * but come after every home without one (the lead said so after a viewing, or to their agent).
   */
  private async withoutDislikesFirst(ids: string[], dislikes: string[]): Promise<string[]> {
    if (!dislikes.length) return ids;
    const disliked = await this.inventory.idsWithFeatures(ids, dislikes);
    return [...ids.filter((id) => !disliked.has(id)), ...ids.filter((id) => disliked.has(id))];
  }

  /** Stored matches back as hits: current unit data, units no longer available dropped. */
  async hitsFor(stored: { id: string; matchScore: number | null; why: MatchWhyDto }[], wishes?: Wishes): Promise<UnitHitDto[]> {
    const units = await this.inventory.unitsInOrder(stored.map((s) => s.id));
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
    const unit = await this.inventory.findUnit(unitId);
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
