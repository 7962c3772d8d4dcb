import { withoutPlaceMentions } from '../core/text/own-place';

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

/**
 * What a home is like, without where it is: the place is a filter and the place part of the full-text
 * document. With the town in the text, "near a park" came closest to every home in Lake Forest Park
 * or Highland Park (and "lakefront" to Lake City), by the town's name alone.
 */
export function unitText(u: EmbeddableUnit): string {
  return [withoutPlaceMentions(u.title, u), u.type, u.features.join(', '), withoutPlaceMentions(u.description, u)]
    .map((s) => s.replace(/\s+(?=[,.;])/g, '').replace(/([,;])[,;]+/g, '$1').replace(/[\s,;.]+$/, '').replace(/\s{2,}/g, ' ').trim())
    .filter(Boolean)
    .join('. ');
}

/** Changes whenever `unitText` would give other text for the same unit. */
const UNIT_TEXT_VERSION = 'u2';

/** "<provider id>:<version>:<unit text version>": recorded on each unit, so a change of any triggers a re-embed. */
export const embeddingVersionOf = (p: EmbeddingProvider) => `${p.id}:${p.version}:${UNIT_TEXT_VERSION}`;
