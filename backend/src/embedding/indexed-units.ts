import { DynamicModule, Global, Module, Type } from '@nestjs/common';

export interface UnitToEmbed {
  id: string;
  title: string;
  description: string;
  type: string;
  purpose: string;
  status: string;
  price: number;
  bedrooms: number;
  bathrooms: number;
  area: string | null;
  city: string;
  zip: string | null;
  features: string[];
  /** Text, to keep PostgreSQL's microseconds (a JS Date would round them away). */
  updatedAt: string;
}

/**
 * The port through which the indexer reads units as it needs them and records which embedding
 * each unit has (`units.embedding_version`). Inventory implements it (InventoryRepository, the one
 * writer of `units`); embedding never imports inventory, which ranks by meaning through embedding,
 * so the two form no cycle. The app, the worker and bin/reindex bind it with
 * `IndexedUnitsModule.forRoot(InventoryModule)`.
 */
export interface IndexedUnits {
  /** These units as the indexer embeds them (missing ids are skipped: the unit was deleted). */
  load(ids: string[]): Promise<UnitToEmbed[]>;
  /**
   * Records the embedding version, unless the unit changed after it was read (then it stays
   * stale and the next sweep embeds the new content). Returns how many were marked.
   */
  markEmbedded(units: { id: string; updatedAt: string }[], version: string): Promise<number>;
  /** Units whose stored embedding is missing or from another provider/version. */
  staleIds(version: string, limit: number): Promise<string[]>;
  allIds(): Promise<string[]>;
  countEmbedded(version: string): Promise<number>;
  /** Marks every unit as not embedded (a full reindex). */
  clearVersions(): Promise<void>;
}

export const INDEXED_UNITS = Symbol('INDEXED_UNITS');

/** Makes the `IndexedUnits` port available to the embedding module. */
@Global()
@Module({})
export class IndexedUnitsModule {
  /** `inventory`: a module that exports a provider for INDEXED_UNITS. */
  static forRoot(inventory: Type | DynamicModule): DynamicModule {
    return { module: IndexedUnitsModule, imports: [inventory], exports: [inventory] };
  }
}
