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
  const mate = randomUUID();
  const other = randomUUID();
  const teams: Record<string, string | null> = { [me]: 'North', [mate]: 'North', [other]: 'South' };
  const leads = [
    { id: 'mine', assigneeId: me },
    { id: 'pool', assigneeId: null },
    { id: 'teammate', assigneeId: mate },
    { id: 'theirs', assigneeId: other },
  ];

  beforeAll(async () => {
    db = await new DataSource(databaseOptions(await createTestDatabase(), 1, [])).initialize();
    for (const id of [me, mate, other]) {
      await db.query(`INSERT INTO users (id, email, name, role, password_hash, team) VALUES ($1, $2, 'Someone', 'agent', 'x', $3)`, [id, `${id}@example.org`, teams[id]]);
    }
  }, 120_000);

  afterAll(() => db?.destroy());

  const visibleInSql = async (scope: ReturnType<typeof scopeOf>): Promise<string[]> => {
    const values = leads.map((_, i) => `($${2 * i + 1}, $${2 * i + 2}::uuid)`).join(', ');
    const params: unknown[] = leads.flatMap((l) => [l.id, l.assigneeId]);
    const where = scope.all ? 'true' : leadVisibleSql(scope, 'l', `$${params.push(scope.userId)}::uuid`);
    const rows = await db.query<{ id: string }[]>(`SELECT l.id FROM (VALUES ${values}) AS l(id, assignee_id) WHERE ${where} ORDER BY l.id`, params);
    return rows.map((r) => r.id);
  };

  it.each([
    ['an agent', UserRole.Agent, ['mine', 'pool']],
    ['a team lead', UserRole.TeamLead, ['mine', 'pool', 'teammate']],
    ['an admin', UserRole.Admin, ['mine', 'pool', 'teammate', 'theirs']],
  ])('%s sees the same leads in SQL and in TypeScript', async (_who, role, expected) => {
    await db.query(`UPDATE users SET role = $2 WHERE id = $1`, [me, role]);
    const scope = scopeOf({ id: me, email: 'me@example.org', name: 'Me', role, team: 'North', via: 'jwt' });
    const inTs = leads.filter((l) => canSeeLead(scope, { ...l, assigneeTeam: l.assigneeId ? teams[l.assigneeId] : null })).map((l) => l.id).sort();
    expect(inTs).toEqual(expected);
    expect(await visibleInSql(scope)).toEqual(expected);
  });
});
