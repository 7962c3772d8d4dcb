import { Injectable } from '@nestjs/common';
import { AuditTrail } from '../core/audit/audit-trail';
import type { AuthUser } from '../core/auth/auth-user';
import { DomainError, notFound } from '../core/http/domain-error';
import { JobQueue } from '../core/queue/job-queue';
import { SemanticSearch } from '../embedding/semantic-search.service';
import type { VectorFilter } from '../embedding/vector-store';
import { CreateUnitDto, mapUnit, MatchWhyDto, UnitDetailDto, SearchMode, SearchUnitsQueryDto, UnitDto, UnitHitDto, UnitPageDto, UpdateUnitDto } from './inventory.dto';
import { InventoryRepository } from './inventory.repository';
import { mapPhoto } from './unit-photo.mapper';
import { UnitPhotosService } from './unit-photos.service';
import { matchedTerms, placesNamedIn, queryTokens, Ranked, reciprocalRankFusion, unitTsQuery } from './ranking';
import type { UnitFilter } from './unit-search-query';
import type { KnownPlace } from './unit-place-names';
import type { UnitEntity } from './unit.entity';
import { UnitPurpose, UnitStatus } from './unit.enums';
import { formatMoney, HOME_TYPE_LABELS, joinOr, labelFor } from '../words/broker-words';

// Inventory's public surface for the features that search it (matching): the search filter, the
// places a unit is in, and the query words found in a unit.
export type { UnitFilter } from './unit-search-query';
export { placeKeys, type KnownPlace } from './unit-place-names';
export { queryTokens } from './ranking';

/** How deep each ranked list goes before fusion. */
const CANDIDATES = 200;
/** How long the names of the places units are in are reused before they are read again (this process's own edits refresh them at once). */
const PLACES_TTL_MS = 60_000;

const money = (n: number) => formatMoney(n);

/** The structured filters a unit meets, in words, for the "why" of a hit. */
export function describeFilters(f: UnitFilter): string[] {
  const out: string[] = [];
  if (f.purpose) out.push(f.purpose === UnitPurpose.Rent ? 'for rent' : 'for sale');
  if (f.type?.length) out.push(joinOr(f.type.map((t) => labelFor(HOME_TYPE_LABELS, t)), true));
  if (f.priceMin !== undefined && f.priceMax !== undefined) out.push(`${money(f.priceMin)}–${money(f.priceMax)}`);
  else if (f.priceMax !== undefined) out.push(`up to ${money(f.priceMax)}`);
  else if (f.priceMin !== undefined) out.push(`from ${money(f.priceMin)}`);
  if (f.bedsMin !== undefined) out.push(`${f.bedsMin}+ bedrooms`);
  if (f.bathsMin !== undefined) out.push(`${f.bathsMin}+ bathrooms`);
  if (f.city) out.push(`in ${f.city}`);
  if (f.area) out.push(`in ${f.area}`);
  if (f.zip) out.push(`zip ${f.zip}`);
  return out;
}

export const toVectorFilter = (f: UnitFilter): VectorFilter => ({
  purpose: f.purpose,
  type: f.type,
  status: f.status,
  priceMin: f.priceMin,
  priceMax: f.priceMax,
  bedsMin: f.bedsMin,
  bathsMin: f.bathsMin,
  city: f.city,
  zip: f.zip,
  area: f.area,
});

@Injectable()
export class InventoryService {
  constructor(
    private readonly units: InventoryRepository,
    private readonly semantic: SemanticSearch,
    private readonly jobs: JobQueue,
    private readonly photos: UnitPhotosService,
    private readonly audit: AuditTrail,
  ) {}

  private places: { at: number; names: Promise<Map<string, KnownPlace>> } | null = null;

  /** Every place a unit is in, by lower-cased name: cities, areas (whole and each part) and zips (cached for PLACES_TTL_MS). */
  knownPlaces(): Promise<Map<string, KnownPlace>> {
    if (!this.places || Date.now() - this.places.at > PLACES_TTL_MS) {
      const names = this.units.knownPlaces();
      this.places = { at: Date.now(), names };
      names.catch(() => (this.places = null));
    }
    return this.places.names;
  }

  /** The names of the places units are in (lower-cased, as `placesNamedIn` reads them). */
  private async placeNames(): Promise<Iterable<string>> {
    return (await this.knownPlaces()).keys();
  }

  /** The words of the places the text names in full: only these may be found in a unit's area or city. */
  private async placeWordsIn(q: string): Promise<Set<string>> {
    return new Set(placesNamedIn(q, await this.placeNames()).places.flat());
  }

  async search(query: SearchUnitsQueryDto): Promise<UnitPageDto> {
    if (query.priceMin !== undefined && query.priceMax !== undefined && query.priceMin > query.priceMax) {
      throw new DomainError('invalid', 'invalid_range', 'priceMin must not be greater than priceMax', [{ field: 'priceMin', errors: ['priceMin must not be greater than priceMax'] }]);
    }
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { purpose, type, priceMin, priceMax, bedsMin, bathsMin, city, zip, area } = query;
    const filter: UnitFilter = { purpose, type, priceMin, priceMax, bedsMin, bathsMin, city, zip, area, status: query.status?.length ? query.status : [UnitStatus.Available] };
    const filtersWhy = describeFilters(filter);
    if (query.q?.trim() && !query.sort) {
      const ranked = await this.rank(query.q, filter, query.mode ?? 'hybrid');
      const slice = ranked.slice((page - 1) * pageSize, page * pageSize);
      const units = await this.units.findManyOrdered(slice.map((r) => r.id));
      const tokens = queryTokens(query.q);
      const placeWords = await this.placeWordsIn(query.q);
      const byId = new Map(slice.map((r) => [r.id, r]));
      const items = units.map((u): UnitHitDto => {
        const r = byId.get(u.id);
        const why: MatchWhyDto = {
          filters: filtersWhy,
          terms: matchedTerms(tokens, u, placeWords),
          semantic: r?.semanticScore ?? null,
          lexicalRank: r?.lexicalRank ?? null,
          semanticRank: r?.semanticRank ?? null,
        };
        return { ...u, matchScore: r ? Number(r.score.toFixed(6)) : null, why };
      });
      return { items, total: ranked.length, totalExact: true, page, pageSize };
    }
    // Without a query (or with an explicit sort): structured search; `q`, if given, must match all words.
    const tokens = query.q ? queryTokens(query.q) : [];
    const placeWords = query.q ? await this.placeWordsIn(query.q) : new Set<string>();
    const tsq = query.q ? (unitTsQuery(query.q, await this.placeNames(), '&') ?? undefined) : undefined;
    const { rows, total, exact } = await this.units.search({ ...filter, tsq }, query.sort ?? 'price', pageSize, (page - 1) * pageSize);
    const items = rows.map((u): UnitHitDto => ({ ...u, matchScore: null, why: { filters: filtersWhy, terms: matchedTerms(tokens, u, placeWords), semantic: null, lexicalRank: null, semanticRank: null } }));
    return { items, total, totalExact: exact, page, pageSize };
  }

  /** Ranked candidates for a text query within the filters, by words, by meaning, or both fused. */
  async rank(q: string, filter: UnitFilter, mode: SearchMode, depth = CANDIDATES) {
    // Words the filters already settle (the city or area chosen) would rank every candidate alike.
    const settled = new Set(queryTokens(`${filter.city ?? ''} ${filter.area ?? ''}`));
    const tsq = unitTsQuery(q, await this.placeNames(), '|', settled);
    const [lexical, semantic] = await Promise.all([
      mode !== 'semantic' && tsq ? this.units.lexicalCandidates(filter, tsq, depth) : Promise.resolve<Ranked[]>([]),
      mode !== 'lexical' ? this.semantic.search(q, toVectorFilter(filter), depth) : Promise.resolve<Ranked[]>([]),
    ]);
    return reciprocalRankFusion(lexical, semantic);
  }

  /** Units by id, in the order given; ids that no longer exist are dropped. */
  unitsInOrder(ids: string[]): Promise<UnitDto[]> {
    return this.units.findManyOrdered(ids);
  }

  /** One unit as stored, or null. */
  findUnit(id: string): Promise<UnitEntity | null> {
    return this.units.findById(id);
  }

  /** Of these unit ids, the ones in one of the places (lower-cased city, area, area part or zip), in the given order. */
  idsInPlaces(ids: string[], places: string[]): Promise<string[]> {
    return this.units.idsInPlaces(ids, places);
  }

  /** Of these units, the ones that have any of these features. */
  idsWithFeatures(ids: string[], features: string[]): Promise<Set<string>> {
    return this.units.idsWithFeatures(ids, features);
  }

  async get(id: string): Promise<UnitDetailDto> {
    const unit = await this.units.findById(id);
    if (!unit) throw notFound('Unit');
    return { ...mapUnit(unit), photos: (await this.units.photosOf(id)).map(mapPhoto) };
  }

  /** The unit with this listing reference, if any (a listings import updates it rather than adding another). */
  findIdByRef(ref: string): Promise<string | null> {
    return this.units.findIdByRef(ref);
  }

  async create(dto: CreateUnitDto): Promise<UnitDetailDto> {
    const unit = mapUnit(await this.units.insert({ ...dto, description: dto.description ?? '', currency: dto.currency ?? 'USD' }));
    this.places = null;
    // embedding_version is null until the worker embeds it; if the queue is down the sweep will.
    await this.jobs.enqueueOrDefer('embed-units', { unitIds: [unit.id], reason: 'changed' });
    return { ...unit, photos: [] };
  }

  async update(id: string, dto: UpdateUnitDto): Promise<UnitDetailDto> {
    if (!(await this.units.findById(id))) throw notFound('Unit');
    if (Object.keys(dto).length) {
      // Any change can move the unit's text or filter payload: mark it for re-embedding.
      await this.units.update(id, { ...dto, embeddingVersion: null });
      this.places = null;
      await this.jobs.enqueueOrDefer('embed-units', { unitIds: [id], reason: 'changed' });
    }
    return this.get(id);
  }

  /** Deletes a unit and its photos; the audit log says who deleted which listing, from where. */
  async remove(id: string, actor: AuthUser): Promise<void> {
    const unit = await this.units.findById(id);
    if (!unit) throw notFound('Unit');
    const photos = await this.units.photosOf(id);
    // Rows go with the unit (cascade); then the bytes, so no photo is ever shown without its file.
    await this.units.delete(id);
    this.places = null;
    await this.photos.forgetBytes(photos.map((p) => p.storageKey));
    await this.audit.record({ action: 'unit.deleted', actorId: actor.id, apiKeyId: actor.apiKeyId, targetType: 'unit', targetId: id, changes: { ref: unit.ref, title: unit.title, address: [unit.street, unit.city].filter(Boolean).join(', '), price: unit.price, photos: photos.length } });
  }
}
