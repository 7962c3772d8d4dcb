import { DataSource } from 'typeorm';
import { validateEnv } from '../config/env';
import { databaseOptions } from './database-options';

/**
 * For the TypeORM CLI only (migration:generate / migration:run / --check). Needs DATABASE_URL;
 * the app itself builds its connection in DatabaseModule.
 */
const env = validateEnv(process.env);
if (!env.DATABASE_URL) {
  throw new Error('DATABASE_URL must be set for the TypeORM CLI (e.g. postgres://postgres@127.0.0.1:5432/openhouse_dev)');
}
export default new DataSource(databaseOptions(env.DATABASE_URL));
