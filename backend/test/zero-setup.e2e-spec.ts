import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../src/core/database/embedded-postgres';

const ENTRY = resolve(__dirname, '..', '..', 'dist', 'backend', 'src', 'main.api.js');

interface Running {
  child: ChildProcess;
  output: () => string;
}

/** Starts the built app the way `npm start` does, with no database and no env but ports and a data folder. */
async function startApp(dataDir: string, port: number, pgPort: number): Promise<Running> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), SEED_LEADS: '40', LOG_LEVEL: 'warn' };
  const child = spawn(process.execPath, [ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 120_000;
  while (!out.includes('Openhouse is running at')) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) throw new Error(`app did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, output: () => out };
}

const exited = (child: ChildProcess) => new Promise<number | null>((ok) => (child.exitCode !== null ? ok(child.exitCode) : child.once('exit', (code) => ok(code))));

/**
 * The README's first command on a bare machine: the built API starts its own PostgreSQL, migrates,
 * seeds, prints how to sign in, survives a SIGKILL, and stops cleanly on SIGTERM.
 */
describe('zero-setup start (built app, embedded PostgreSQL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openhouse-zero-'));
  // As root the embedded server runs as "postgres", which must be able to enter the folder.
  chmodSync(dataDir, 0o755);
  let running: Running | undefined;
  afterAll(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGTERM');
      await exited(running.child);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts, survives being killed, restarts on the same data, and shuts down cleanly', async () => {
    expect(existsSync(ENTRY)).toBe(true); // `npm test` builds first (pretest)
    const port = await freePort();
    const pgPort = await freePort();
    running = await startApp(dataDir, port, pgPort);
    const banner = running.output();
    expect(banner).toContain(`Openhouse is running at http://localhost:${port}`);
    expect(banner).toContain('Demo data  21613 listings and 40 leads loaded');
    const match = /Sign in {4}(\S+) \/ (\S+) {2}\(generated now/.exec(banner);
    expect(match).not.toBeNull();
    const [, email, password] = match as RegExpExecArray;
    expect(email).toBe('admin@openhouse.local');

    const base = `http://127.0.0.1:${port}`;
    const login = async () => fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    const first = await login();
    expect(first.status).toBe(200);
    const { accessToken } = (await first.json()) as { accessToken: string };
    // Each demo agent has a password of its own, printed once; the admin's does not open their accounts.
    const agents = [...banner.matchAll(/Demo agent (\S+) \/ (\S+) {2}\(generated now/g)].map((m) => ({ email: m[1], password: m[2] }));
    expect(agents.map((a) => a.email)).toEqual(['maria.lopez@openhouse.local', 'james.chen@openhouse.local', 'aisha.okafor@openhouse.local']);
    expect(new Set([password, ...agents.map((a) => a.password)]).size).toBe(4);
    const signIn = (e: string, p: string) => fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: e, password: p }) });
    expect((await signIn(agents[0].email, password)).status).toBe(401);
    expect((await signIn(agents[0].email, agents[0].password)).status).toBe(200);
    const leads = (await (await fetch(`${base}/api/leads?pageSize=1`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as { total: number };
    expect(leads.total).toBe(40);

    // A crash: node dies, its PostgreSQL keeps running with the data folder locked.
    // Its children: the queue workers (and PostgreSQL, which is meant to outlive it).
    const workerPids = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(running.child.pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes('main.worker.js'))
      .map((l) => Number(l.trim().split(/\s+/)[0]));
    expect(workerPids.length).toBeGreaterThan(0);
    running.child.kill('SIGKILL');
    await exited(running.child);
    // Its queue workers notice their parent is gone and stop: no orphan keeps consuming jobs.
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 300 && workerPids.some(alive); i++) await new Promise((r) => setTimeout(r, 200));
    expect(workerPids.filter(alive)).toEqual([]);
    running = await startApp(dataDir, port, pgPort);
    expect(running.output()).toContain('already loaded');
    expect(running.output().slice(banner.length)).not.toContain('Demo agent');
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    // Same data, same password, and the old token still valid (the JWT secret is kept in DATA_DIR).
    expect((await login()).status).toBe(200);
    expect((await fetch(`${base}/api/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(200);

    const beforeStop = running.output().length;
    running.child.kill('SIGTERM');
    expect(await exited(running.child)).toBe(0);
    // PostgreSQL was stopped with the app: no server holds the data folder any more.
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    // ...and only after the workers and the app had closed their connections: none was cut off.
    expect(running.output().slice(beforeStop)).not.toMatch(/terminating connection|Called end on pool|57P01/);
  }, 300_000);
});
