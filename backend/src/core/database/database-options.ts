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
    // A server that takes no connection (hung, or a black-holed network) fails a request in 5 s (a 503) instead of holding it.
    extra: { max: poolSize, application_name: 'openhouse', connectionTimeoutMillis: 5000 },
    logging: false,
  };
}
