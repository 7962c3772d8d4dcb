import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';

/** The browser tests run the real built API (and the SPA it serves) on a throwaway embedded database. */
const port = Number(process.env['E2E_PORT'] ?? 3210);
export const ADMIN_EMAIL = 'admin@openhouse.local';
export const ADMIN_PASSWORD = 'e2e-admin-password-1';
export const META_TEST_SECRET = 'e2e-meta-app-secret';
/**
 * The API's and its worker's clock run this file's number of milliseconds ahead (TEST_CLOCK_FILE,
 * test-only: the env check refuses it with NODE_ENV=production), so a test moves time forward.
 */
export const TEST_CLOCK_FILE = join(tmpdir(), `openhouse-e2e-clock-${port}`);
writeFileSync(TEST_CLOCK_FILE, '0');
/** A test-only signing secret, so viewing-feedback.e2e.ts can make a lead's feedback link (never a real one). */
export const E2E_JWT_SECRET = 'e2e-jwt-secret-for-browser-tests-only-0123456789';
/** The embedded database's port, so viewing-feedback.e2e.ts can move a viewing into the past (bookings refuse the past). */
export const E2E_PG_PORT = 54397;

export default defineConfig({
  testDir: '.',
  testMatch: '*.e2e.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: '../../test-results/e2e',
  reporter: process.env['CI'] ? [['list'], ['json', { outputFile: process.env['PLAYWRIGHT_JSON_OUTPUT_FILE'] ?? '../../test-results/e2e.json' }]] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium (apt-get install -y chromium); no browser download.
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: {
    command: 'node frontend/e2e/serve-api.mjs',
    cwd: '../..',
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_PASSWORD,
      START_WORKERS: '1',
      SEED_LEADS: process.env['SEED_LEADS'] ?? '300',
      LOGIN_RATE_LIMIT: '1000',
      // Signed WhatsApp deliveries in integrations.e2e.ts (a test secret, never a real one).
      META_APP_SECRET: META_TEST_SECRET,
      META_VERIFY_TOKEN: 'e2e-verify-token',
      JWT_SECRET: E2E_JWT_SECRET,
      EMBEDDED_PG_PORT: String(E2E_PG_PORT),
      LOG_LEVEL: 'warn',
      TEST_CLOCK_FILE,
    },
  },
});
