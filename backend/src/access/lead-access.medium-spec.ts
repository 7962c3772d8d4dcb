import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../test/harness';
import { UserRole } from '../core/auth/roles';
import { databaseOptions } from '../core/database/database-options';
import { canSeeLead, leadVisibleSql, scopeOf } from './lead-access';

/** The visibility rule's two forms, SQL and TypeScript, give the same answer for every case. */
describe('who may see a lead', () => {
  let db: DataSource;
  const me = randomUUID();
  const other = randomUUID();
  const leads = [
    { id: 'mine', assigneeId: me },
    { id: 'pool', assigneeId: null },
    { id: 'theirs', assigneeId: other },
  ];

  beforeAll(async () => {
    db = await new DataSource(databaseOptions(await createTestDatabase(), 1, [])).initialize();
  }, 120_000);

  afterAll(() => db?.destroy());

  const visibleInSql = async (userId: string, all: boolean): Promise<string[]> => {
    const values = leads.map((_, i) => `($${2 * i + 1}, $${2 * i + 2}::uuid)`).join(', ');
    const params: unknown[] = leads.flatMap((l) => [l.id, l.assigneeId]);
    const where = all ? 'true' : leadVisibleSql('l', `$${params.push(userId)}::uuid`);
    const rows = await db.query<{ id: string }[]>(`SELECT l.id FROM (VALUES ${values}) AS l(id, assignee_id) WHERE ${where} ORDER BY l.id`, params);
    return rows.map((r) => r.id);
  };

  it.each([
    ['an agent', UserRole.Agent, ['mine', 'pool']],
    ['an admin', UserRole.Admin, ['mine', 'pool', 'theirs']],
  ])('%s sees the same leads in SQL and in TypeScript', async (_who, role, expected) => {
    const scope = scopeOf({ id: me, email: 'me@example.org', name: 'Me', role, via: 'jwt' });
    const inTs = leads.filter((l) => canSeeLead(scope, l)).map((l) => l.id).sort();
    expect(inTs).toEqual(expected);
    expect(await visibleInSql(scope.userId, scope.all)).toEqual(expected);
  });
});
