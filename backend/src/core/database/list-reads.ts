import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { AppConfig } from '../config/app-config';
import { preparedQuery, type Query } from './prepared';

/**
 * Connection options for the paged list reads: their prepared statements keep one generic plan.
 *
 * PostgreSQL's default re-plans a prepared statement with each request's values whenever the
 * custom plan looks cheaper than the generic one, and for the inbox's per-stage LATERAL query it
 * always does: planning cost as much CPU as running it. The generic plans of the inbox and the
 * inventory search have the same shape as the custom ones (index scans in sort order per stage,
 * then the page's rows); docs/PERFORMANCE.md has the figures.
 */
export const LIST_READ_PG_OPTIONS = '-c plan_cache_mode=force_generic_plan';

/**
 * A pool of its own for the paged list reads (GET /api/leads, GET /api/inventory/search), so
 * the generic-plan setting touches no other statement: TypeORM's queries keep the default.
 */
@Injectable()
export class ListReads implements OnApplicationShutdown {
  private readonly pool: Pool;
  readonly query: Query;

  constructor(config: AppConfig) {
    this.pool = new Pool({ connectionString: config.databaseUrl, max: config.env.DB_POOL_SIZE, options: LIST_READ_PG_OPTIONS, application_name: 'openhouse-lists' });
    // An idle connection that the server drops (restart, failover) must not take the process down.
    this.pool.on('error', () => undefined);
    this.query = preparedQuery(this.pool);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}
