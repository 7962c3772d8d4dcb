import { Inject, Injectable, Logger } from '@nestjs/common';
import { EMBEDDING_PROVIDER, EmbeddingProvider, embeddingVersionOf, unitText } from './embedding-provider';
import { INDEXED_UNITS, IndexedUnits, UnitToEmbed } from './indexed-units';
import { VECTOR_STORE, VectorPayload, VectorStore } from './vector-store';

const payloadOf = (u: UnitToEmbed): VectorPayload => ({
  purpose: u.purpose,
  type: u.type,
  status: u.status,
  price: u.price,
  bedrooms: u.bedrooms,
  bathrooms: u.bathrooms,
  city: u.city,
  zip: u.zip,
  area: u.area,
});

/** Embeds units and keeps the vector store in step with the inventory. Used by the worker. */
@Injectable()
export class UnitIndexer {
  private readonly logger = new Logger(UnitIndexer.name);
  private ready: Promise<void> | null = null;

  constructor(
    @Inject(EMBEDDING_PROVIDER) private readonly provider: EmbeddingProvider,
    @Inject(VECTOR_STORE) private readonly store: VectorStore,
    @Inject(INDEXED_UNITS) private readonly units: IndexedUnits,
  ) {}

  get version(): string {
    return embeddingVersionOf(this.provider);
  }

  private ensureCollection(): Promise<void> {
    this.ready ??= this.store.ensureCollection(this.provider.dimensions).catch((e: unknown) => {
      this.ready = null;
      throw e;
    });
    return this.ready;
  }

  /**
   * Embeds these units (missing ids are skipped: the unit was deleted). Safe to run twice.
   * Returns how many are now marked current (a unit edited meanwhile stays stale for the sweep).
   */
  async embedUnits(ids: string[]): Promise<number> {
    await this.ensureCollection();
    const units = await this.units.load(ids);
    if (!units.length) return 0;
    const vectors = await this.provider.embed(units.map(unitText));
    await this.store.upsert(units.map((u, i) => ({ id: u.id, vector: vectors[i], payload: payloadOf(u) })));
    return this.units.markEmbedded(units, this.version);
  }

  /** One pass of the sweep: embeds up to `limit` units whose embedding is stale. */
  async sweep(limit = 2000): Promise<number> {
    const ids = await this.units.staleIds(this.version, limit);
    if (!ids.length) return 0;
    const done = await this.embedUnits(ids);
    this.logger.log(`Sweep embedded ${done} units`);
    return done;
  }
}
