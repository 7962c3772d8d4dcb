// Starts the built API for the browser tests on a throwaway embedded PostgreSQL: its own DATA_DIR
// in a temp folder (removed when the API exits) and its own port. Playwright's webServer runs this.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dataDir = mkdtempSync(join(tmpdir(), 'openhouse-e2e-'));
// mkdtemp makes it 0700; as root the embedded PostgreSQL runs as "postgres" and must enter it.
chmodSync(dataDir, 0o755);
// Never a shared database or queue: the embedded PostgreSQL under dataDir, jobs in it too.
const { DATABASE_URL: _db, REDIS_URL: _redis, ...env } = process.env;
const child = spawn(process.execPath, ['dist/backend/src/main.api.js'], {
  env: { ...env, DATA_DIR: dataDir },
  stdio: 'inherit',
  // Its own process group: Playwright signals ours, and the API then stops its worker and the
  // embedded PostgreSQL in order instead of all of them being killed at once.
  detached: true,
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
