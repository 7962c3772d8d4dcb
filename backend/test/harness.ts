import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { hashPassword } from '../src/core/auth/password';
import { createHttpApp } from '../src/bootstrap';
import { AppConfig } from '../src/core/config/app-config';
import { validateEnv } from '../src/core/config/env';
import { databaseOptions } from '../src/core/database/database-options';
import { UserRole } from '../src/users/user.entity';
import { withDatabase } from './db-url';

/** A fresh database cloned from the migrated template (see global-setup.ts). */
export async function createTestDatabase(): Promise<string> {
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  const template = process.env.TEST_PG_TEMPLATE;
  const runId = process.env.TEST_PG_RUN_ID;
  if (!adminUrl || !template || !runId) throw new Error('Run tests through jest (globalSetup prepares the database)');
  const name = `${runId}_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  return withDatabase(adminUrl, name);
}

export interface TestApp {
  app: NestFastifyApplication;
  db: DataSource;
  url: string;
  /** Everything the app logged, as JSON lines. */
  logs: string[];
  request(opts: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT' | 'OPTIONS'; url: string; token?: string; apiKey?: string; body?: unknown; headers?: Record<string, string> }): Promise<{
    status: number;
    body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
    headers: Record<string, unknown>;
  }>;
  close(): Promise<void>;
}

/** Request limits no ordinary test reaches; rate-limit tests pass their own. */
export const GENEROUS_LIMITS = { RATE_LIMIT_AGENT_TURNS: '100000', RATE_LIMIT_SEARCH: '100000', RATE_LIMIT_LEAD_CREATE: '100000', RATE_LIMIT_PUBLIC: '100000', AUTH_FAILURE_LIMIT: '100000' };

export const ADMIN = { email: 'admin@test.local', password: 'admin-password-1' };

/** The real HTTP app (Fastify, guards, pipes, filters) on its own fresh database, with an admin user. */
export async function createTestApp(env: Record<string, string> = {}, opts: { databaseUrl?: string } = {}): Promise<TestApp> {
  // A second app on another's database (opts.databaseUrl) plays a second API replica.
  const url = opts.databaseUrl ?? (await createTestDatabase());
  const logs: string[] = [];
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => logs.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  const config = new AppConfig({
    env: validateEnv({ LOG_LEVEL: 'info', SEED_DEMO: 'false', TRUST_PROXY: 'true', ...GENEROUS_LIMITS, ...env }),
    databaseUrl: url,
    jwtSecret: 'test-secret-that-is-long-enough-1234567890',
    logStream,
  });
  const app = await createHttpApp(config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const db = await new DataSource(databaseOptions(url, 2)).initialize();
  if (!opts.databaseUrl) await db.query(`INSERT INTO users (email, name, role, password_hash) VALUES ($1, 'Ada Admin', $2, $3)`, [ADMIN.email, UserRole.Admin, await hashPassword(ADMIN.password)]);
  return {
    app,
    db,
    url,
    logs,
    async request({ method, url: path, token, apiKey, body, headers }) {
      const res = await app.inject({
        method,
        url: path,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(apiKey ? { 'x-api-key': apiKey } : {}),
          ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      let parsed: unknown = res.body;
      try {
        parsed = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        /* not JSON */
      }
      return { status: res.statusCode, body: parsed, headers: res.headers };
    },
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}

export async function login(t: TestApp, email = ADMIN.email, password = ADMIN.password): Promise<string> {
  // A client address of its own, so logins made for setup never trip the login rate limit.
  const res = await t.request({ method: 'POST', url: '/api/auth/login', body: { email, password }, headers: { 'x-forwarded-for': `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { accessToken: string }).accessToken;
}

/** Creates an agent through the API and returns its id and a token. */
export async function createAgent(t: TestApp, adminToken: string, name = 'Agent Smith'): Promise<{ id: string; token: string; email: string }> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${Math.random().toString(36).slice(2, 8)}@test.local`;
  const res = await t.request({ method: 'POST', url: '/api/users', token: adminToken, body: { email, name, role: 'agent', password: 'agent-password-1' } });
  if (res.status !== 201) throw new Error(`create agent failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: (res.body as { id: string }).id, token: await login(t, email, 'agent-password-1'), email };
}
