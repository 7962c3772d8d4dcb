/**
 * The vector store port. Adapters: PgVectorStore (default: vectors in PostgreSQL, exact search
 * in memory) and QdrantVectorStore (QDRANT_URL). Every adapter passes vector-store.contract.ts.
 */
export interface VectorPayload {
  purpose: string;
  type: string;
  status: string;
  price: number;
  bedrooms: number;
  bathrooms: number;
  city: string;
  zip: string | null;
  area: string | null;
}

/** All fields optional; strings compare case-insensitively for city and area. */
export interface VectorFilter {
  purpose?: string;
  type?: string[];
  status?: string[];
  priceMin?: number;
  priceMax?: number;
  bedsMin?: number;
  bathsMin?: number;
  city?: string;
  zip?: string;
  area?: string;
}

export interface VectorPoint {
  /** The unit id (a UUID). Upserting the same id again replaces the point. */
  id: string;
  vector: Float32Array;
  payload: VectorPayload;
}

export interface VectorHit {
  id: string;
  /** Cosine similarity, -1..1 (vectors are L2-normalised). */
  score: number;
}

export interface VectorStore {
  readonly id: string;
  /** Creates the collection (or table) for vectors of this size if missing; idempotent. */
  ensureCollection(dimensions: number): Promise<void>;
  upsert(points: VectorPoint[]): Promise<void>;
  delete(ids: string[]): Promise<void>;
  /** The `limit` nearest points that match `filter`, best first. */
  search(vector: Float32Array, filter: VectorFilter, limit: number): Promise<VectorHit[]>;
  count(): Promise<number>;
}

export const VECTOR_STORE = Symbol('VECTOR_STORE');
