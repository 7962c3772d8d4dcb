import Fastify from 'fastify';
import { Pool } from 'pg';
import { runCappedCount } from '../src/core/database/capped-count';
import { LIST_READ_PG_OPTIONS } from '../src/core/database/list-reads';
import { preparedQuery } from '../src/core/database/prepared';
import { inboxCountSql, inboxKeysSql, inboxPageSql } from '../src/leads/inbox-query';
import { UnitStatus } from '../src/inventory/unit.enums';
import { unitCountSql, unitPageSql } from '../src/inventory/unit-search-query';
import { LEADS_FILTER, UNITS_FILTER } from './scenarios';

/**
 * The baseline: plain Fastify + pg running exactly the same SQL as the endpoints, with no auth,
 * no validation, no DTO mapping and no logging. What the real app costs is the gap to this.
 */
async function main(): Promise<void> {
  // Same prepared statements, and the same plan setting, as the app's list reads.
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE ?? 10), options: LIST_READ_PG_OPTIONS });
  const query = preparedQuery(pool);
  const app = Fastify({ logger: false });
  app.get('/api/leads', async () => {
    const page = inboxPageSql(LEADS_FILTER.filter, { userId: '', all: true }, LEADS_FILTER.sort, LEADS_FILTER.pageSize, LEADS_FILTER.offset);
    const count = inboxCountSql(LEADS_FILTER.filter, { userId: '', all: true });
    const [rows, total] = await Promise.all([query<unknown[]>(page.sql, page.params), runCappedCount(query, count)]);
    return { items: rows, total: total.total, totalExact: total.exact };
  });
  // Not an endpoint of the app: the lightest page the inbox's filter and sort can give (the page's
  // keys straight from the inbox indexes; no lead fields, contact, assignee or total), to show
  // what this machine does with such a page beside what the real page costs.
  app.get('/reference/leads', async () => {
    const keys = inboxKeysSql(LEADS_FILTER.filter, { userId: '', all: true }, LEADS_FILTER.sort, LEADS_FILTER.pageSize, LEADS_FILTER.offset);
    return { items: await query<unknown[]>(keys.sql, keys.params) };
  });
  app.get('/api/inventory/search', async () => {
    const f = { ...UNITS_FILTER.filter, status: [UnitStatus.Available] };
    const page = unitPageSql(f, UNITS_FILTER.sort, UNITS_FILTER.pageSize, UNITS_FILTER.offset);
    const count = unitCountSql(f);
    const [rows, total] = await Promise.all([query<unknown[]>(page.sql, page.params), runCappedCount(query, count)]);
    return { items: rows, total: total.total, totalExact: total.exact };
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  process.send?.('ready');
}

void main();
