import { Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../core/config/app-config';
import { EMBEDDING_PROVIDER, EmbeddingProvider } from './embedding-provider';
import { LocalHashEmbedder } from './local-hash-embedder';
import { OpenAiEmbedder } from './openai-embedder';
import { PgVectorStore } from './pg-vector-store';
import { QdrantVectorStore } from './qdrant-vector-store';
import { SemanticSearch } from './semantic-search.service';
import { UnitIndexer } from './unit-indexer.service';
import { UnitVectorEntity } from './unit-vector.entity';
import { VECTOR_STORE, VectorStore } from './vector-store';

/** Chooses the adapters from the environment: OpenAI and Qdrant when configured, local otherwise. */
export function embeddingProviderFor(config: AppConfig): EmbeddingProvider {
  const env = config.env;
  return env.OPENAI_API_KEY
    ? new OpenAiEmbedder({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, model: env.OPENAI_EMBEDDING_MODEL, dimensions: env.OPENAI_EMBEDDING_DIMENSIONS })
    : new LocalHashEmbedder({ dimensions: env.LOCAL_EMBEDDING_DIMENSIONS });
}

export function vectorStoreFor(config: AppConfig, db: DataSource): VectorStore {
  const env = config.env;
  return env.QDRANT_URL ? new QdrantVectorStore({ url: env.QDRANT_URL, apiKey: env.QDRANT_API_KEY, collection: env.QDRANT_COLLECTION }) : new PgVectorStore(db);
}

@Module({
  // The vector row's foreign key names its unit (UnitEntity, registered by InventoryModule). The
  // units themselves come through the IndexedUnits port (indexed-units.ts), bound by the root.
  imports: [TypeOrmModule.forFeature([UnitVectorEntity])],
  providers: [
    { provide: EMBEDDING_PROVIDER, inject: [AppConfig], useFactory: embeddingProviderFor },
    { provide: VECTOR_STORE, inject: [AppConfig, getDataSourceToken()], useFactory: vectorStoreFor },
    UnitIndexer,
    SemanticSearch,
  ],
  exports: [EMBEDDING_PROVIDER, VECTOR_STORE, UnitIndexer, SemanticSearch],
})
export class EmbeddingModule {}
