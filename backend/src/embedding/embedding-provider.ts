/**
 * The embedding port. Adapters: LocalHashEmbedder (default, no network) and OpenAiEmbedder
 * (OPENAI_API_KEY). Every adapter passes embedding-provider.contract.ts.
 */
export interface EmbeddingProvider {
  /** Stable adapter id, e.g. "local-hash" or "openai". */
  readonly id: string;
  /** Changes whenever vectors from this provider would change (model, dimensions, algorithm). */
  readonly version: string;
  readonly dimensions: number;
  /** One L2-normalised vector per text, in order. Empty input → empty output. */
  embed(texts: string[]): Promise<Float32Array[]>;
}

export const EMBEDDING_PROVIDER = Symbol('EMBEDDING_PROVIDER');

/** What a unit's embedding is computed from: the words a buyer would use about it. */
export interface EmbeddableUnit {
  title: string;
  description: string;
  type: string;
  area: string | null;
  city: string;
  features: string[];
}

export function unitText(u: EmbeddableUnit): string {
  return [u.title, u.type, u.area ?? '', u.city, u.features.join(', '), u.description].filter(Boolean).join('. ');
}

/** "<provider id>:<version>": recorded on each unit, so a change of either triggers a re-embed. */
export const embeddingVersionOf = (p: EmbeddingProvider) => `${p.id}:${p.version}`;
