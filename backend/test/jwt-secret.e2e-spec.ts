import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveJwtSecret } from '../src/bootstrap';
import { validateEnv } from '../src/core/config/env';

const ENTRY = resolve(__dirname, '..', '..', 'dist', 'backend', 'src', 'main.api.js');

/** Runs the built API until it exits; the database URL points nowhere, so only a boot that stops early ends in time. */
function boot(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [ENTRY], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the app did not stop at boot:\n${output}`));
    }, 60_000); // loading the whole app takes seconds on a busy machine
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

/** Issue 14 point 5: a JWT secret shorter than 32 bytes, configured or stored, stops the app before it starts. */
describe('JWT secret strength at boot (built app)', () => {
  jest.setTimeout(90_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'openhouse-secret-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  beforeAll(() => expect(existsSync(ENTRY)).toBe(true)); // `npm test` builds first (pretest)

  it('refuses an empty stored secret file, naming the file', async () => {
    const file = join(dataDir, 'jwt-secret');
    writeFileSync(file, '\n');
    const { code, output } = await boot({ DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(output).toContain(`Invalid JWT secret: the stored JWT secret ${file} is 0 bytes long; it must be at least 32 bytes`);
    expect(output).not.toContain('Openhouse is running');
  });

  it('refuses a stored secret of 31 bytes', async () => {
    writeFileSync(join(dataDir, 'jwt-secret'), 'a'.repeat(31));
    const { code, output } = await boot({ DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(output).toContain('is 31 bytes long; it must be at least 32 bytes');
  });

  it('refuses a configured JWT_SECRET of 31 bytes, naming the variable', async () => {
    const { code, output } = await boot({ DATA_DIR: dataDir, JWT_SECRET: 'b'.repeat(31) });
    expect(code).toBe(1);
    expect(output).toContain('JWT_SECRET must be at least 32 bytes');
  });

  it('accepts a stored secret of 32 bytes and keeps it', () => {
    writeFileSync(join(dataDir, 'jwt-secret'), 'c'.repeat(32));
    expect(resolveJwtSecret(validateEnv({ DATA_DIR: dataDir }))).toBe('c'.repeat(32));
  });
});
