import { Inject, Injectable } from '@nestjs/common';
import { EMBEDDING_PROVIDER, EmbeddingProvider } from './embedding-provider';
import { VECTOR_STORE, VectorFilter, VectorHit, VectorStore } from './vector-store';

/** Nearest units to a piece of text. Query vectors are cached: buyers repeat themselves. */
@Injectable()
export class SemanticSearch {
  private readonly cache = new Map<string, Float32Array>();

  constructor(
    @Inject(EMBEDDING_PROVIDER) private readonly provider: EmbeddingProvider,
    @Inject(VECTOR_STORE) private readonly store: VectorStore,
  ) {}

  async vectorFor(text: string): Promise<Float32Array> {
    // Case is kept: the local embedder weighs capitalised place names, as in the listings.
    const key = text.trim();
    let v = this.cache.get(key);
    if (!v) {
      [v] = await this.provider.embed([key]);
      if (this.cache.size >= 1000) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, v);
    }
    return v;
  }

  async search(text: string, filter: VectorFilter, limit: number): Promise<VectorHit[]> {
    return this.store.search(await this.vectorFor(text), filter, limit);
  }
}
