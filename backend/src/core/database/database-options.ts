import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';

/** One definition of the connection, shared by the app, the CLI data source and the tests. */
export function databaseOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    // Compiled: dist/migrations/*.js. Under ts-jest: migrations/*.ts.
    migrations: [join(__dirname, '..', '..', '..', '..', 'migrations', '*.{js,ts}')],
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    extra: { max: poolSize, application_name: 'openhouse' },
    logging: false,
  };
}
