import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EmbeddedDatabase, freePort, recoverStalePostmaster, startEmbeddedPostgres } from '../src/core/database/embedded-postgres';

/**
 * Servers a fault test may stop and start: its own PostgreSQL and its own Redis, on free ports,
 * in temp folders. The machine's shared PostgreSQL (5432) and Redis (6379) serve other test runs
 * and are never touched. Every start registers the process so `stopAll` (afterAll) kills it even
 * when a test failed half-way.
 */

const started = new Set<() => Promise<void>>();

export async function stopAllPrivateServices(): Promise<void> {
  for (const stop of [...started]) await stop().catch(() => undefined);
  started.clear();
}

export interface PrivatePostgres {
  /** postgres://… of the `openhouse` database. */
  url: string;
  port: number;
  /** A clean ("fast") shutdown: sessions are terminated with 57P01, new connections refused. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it for good and removes its data. */
  destroy(): Promise<void>;
}

/**
 * A real PostgreSQL from the `embedded-postgres` package (the zero-setup mode's server), its data
 * in a temp folder under /tmp (reachable by the `postgres` user it runs as when we are root).
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'oh-fault-pg-'));
  let db: EmbeddedDatabase | null = await startEmbeddedPostgres(dir, 0, () => undefined);
  const port = db.port;
  const url = db.url;
  const stop = async () => {
    const d = db;
    db = null;
    await d?.stop();
  };
  const destroy = async () => {
    await stop().catch(() => undefined);
    // If stop() failed, the postmaster is still up: recoverStalePostmaster stops it by its pid file.
    await recoverStalePostmaster(dir, () => undefined);
    rmSync(dir, { recursive: true, force: true });
    started.delete(destroy);
  };
  started.add(destroy);
  return {
    url,
    port,
    stop,
    async start() {
      if (db) return;
      db = await startEmbeddedPostgres(dir, port, () => undefined);
      if (db.port !== port) throw new Error(`PostgreSQL came back on port ${db.port}, not ${port} (the port was taken meanwhile)`);
    },
    destroy,
  };
}

export interface PrivateRedis {
  url: string;
  port: number;
  /** SHUTDOWN-like stop (SIGTERM): the append-only file is flushed, so queued jobs survive. */
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

async function portAnswers(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const s = createConnection({ host: '127.0.0.1', port }, () => {
      s.destroy();
      ok(true);
    });
    s.on('error', () => ok(false));
  });
}

/**
 * A redis-server of its own, with the append-only file on and fsync at every write: what a
 * deployment that must not lose queued jobs runs (see docs/RELIABILITY.md).
 */
export async function startPrivateRedis(binary = 'redis-server'): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'oh-fault-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = null;
  let out = '';
  const start = async () => {
    if (child) return;
    out = '';
    const c = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--protected-mode', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    c.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child = c;
    const deadline = Date.now() + 30_000;
    while (!(await portAnswers(port))) {
      if (c.exitCode !== null) throw new Error(`redis-server exited with ${c.exitCode}:\n${out}`);
      if (Date.now() > deadline) throw new Error(`redis-server did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((ok) => c.once('exit', ok));
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const destroy = async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
    started.delete(destroy);
  };
  started.add(destroy);
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, stop, start, destroy };
}

const API_ENTRY = resolve(__dirname, '..', '..', 'dist', 'backend', 'src', 'main.api.js');

export interface ApiProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The built API (`npm run start:prod`) as its own process on a free port; no workers of its own. */
export async function startApi(env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [API_ENTRY], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), START_WORKERS: '0', SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  const kill = () => stop('SIGKILL').then(() => undefined);
  started.add(kill);
  const deadline = Date.now() + 120_000;
  while (!out.includes('Openhouse is running at')) {
    if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`API did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url: `http://127.0.0.1:${port}`, output: () => out, stop };
}
