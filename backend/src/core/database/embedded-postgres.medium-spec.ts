import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';
import { itIf } from '../../../test/conditional';

async function selectOne(url: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<{ one: number }>('SELECT 1 AS one')).rows[0].one;
  } finally {
    await c.end();
  }
}

/** The zero-setup database: a real PostgreSQL from the embedded-postgres package. */
describe('embedded PostgreSQL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'openhouse-embedded-'));
  const started: EmbeddedDatabase[] = [];
  afterAll(async () => {
    for (const db of started.reverse()) await db.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('initialises a cluster on first start, creates the app database and keeps data across restarts', async () => {
    const db = await startEmbeddedPostgres(dir, 0, () => undefined);
    started.push(db);
    expect(db.url).toMatch(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/openhouse$/);
    const c = new Client({ connectionString: db.url });
    await c.connect();
    await c.query('CREATE TABLE kept (v text)');
    await c.query("INSERT INTO kept VALUES ('still here')");
    await c.end();
    await db.stop();
    started.pop();

    const again = await startEmbeddedPostgres(dir, 0, () => undefined);
    started.push(again);
    const c2 = new Client({ connectionString: again.url });
    await c2.connect();
    expect((await c2.query<{ v: string }>('SELECT v FROM kept')).rows).toEqual([{ v: 'still here' }]);
    await c2.end();
  });

  it('recovers when the previous run died and left PostgreSQL running (node killed with SIGKILL)', async () => {
    // The server from the last test is still up and we "forget" its handle, as a killed node would.
    const orphanPid = Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    started.pop();
    const logs: string[] = [];
    const db = await startEmbeddedPostgres(dir, 0, (m) => logs.push(m));
    started.push(db);
    expect(logs.join('\n')).toContain(`still up (pid ${orphanPid})`);
    expect(await selectOne(db.url)).toBe(1);
    await db.stop();
    started.pop();
  });

  it('recovers from a stale postmaster.pid whose process is gone', async () => {
    writeFileSync(join(dir, 'postmaster.pid'), '999999\n/tmp\n0\n5432\n');
    const logs: string[] = [];
    const db = await startEmbeddedPostgres(dir, 0, (m) => logs.push(m));
    started.push(db);
    expect(logs.join('\n')).toContain('Removing stale postmaster.pid');
    expect(await selectOne(db.url)).toBe(1);
  });
});

describe('embedded PostgreSQL as root', () => {
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  itIf(asRoot, 'runs only as root, where the embedded server drops to the postgres user')('explains plainly when the postgres user cannot reach the data folder', async () => {
    const locked = mkdtempSync(join(tmpdir(), 'openhouse-locked-')); // mode 0700, owned by root
    try {
      await expect(startEmbeddedPostgres(join(locked, 'pg'), 0, () => undefined)).rejects.toThrow(/cannot enter .*openhouse-locked-.*Set DATA_DIR/);
    } finally {
      rmSync(locked, { recursive: true, force: true });
    }
  });
});
