import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';

/**
 * Every entity file of the source tree (compiled: dist/backend/src/**\/*.entity.js; under ts-jest:
 * backend/src/**\/*.entity.ts). For data sources built outside Nest (the TypeORM CLI, migrate,
 * tests, bench, eval): core names no feature, and the app registers each entity in the module
 * that owns it (`TypeOrmModule.forFeature` + `autoLoadEntities`).
 */
export const ENTITY_FILES = join(__dirname, '..', '..', '**', '*.entity.{js,ts}');

/** One definition of the connection, shared by the app, the CLI data source and the tests. */
export function databaseOptions(url: string, poolSize = 10, entities: DataSourceOptions['entities'] = [ENTITY_FILES]): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    // Compiled: dist/migrations/*.js. Under ts-jest: migrations/*.ts.
    migrations: [join(__dirname, '..', '..', '..', '..', 'migrations', '*.{js,ts}')],
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    // A server that takes no connection (hung, or a black-holed network) fails a request in 15 s (a 503) instead of
    // holding it. The same limit is how long a request waits for a free pooled connection: a burst (20 people booking
    // one slot at once, each waiting on the agent's calendar lock) queues for a few seconds on a busy machine, and must
    // get its 201 or 409 rather than a 503 (viewing-availability.e2e-spec.ts); a server down refuses at once (503 at once).
    extra: { max: poolSize, application_name: 'openhouse', connectionTimeoutMillis: 15_000 },
    logging: false,
  };
}
