import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './core/config/app-config';
import { Env, EnvValidationError } from './core/config/env';
import { configureHttpApp } from './core/http/setup';
import { configureQueueBackend } from './core/queue/queue-backend';
import { requestId } from './core/logging/logging.module';

/** HS256 keys shorter than the hash output (32 bytes) weaken the signature (RFC 7518 §3.2). */
export const MIN_JWT_SECRET_BYTES = 32;

/**
 * Without JWT_SECRET (zero-setup), a random secret is made once and kept under DATA_DIR, so
 * tokens survive restarts. Set JWT_SECRET in any shared deployment. A secret shorter than
 * 32 bytes, configured or stored (an empty or truncated file), stops the boot with an
 * EnvValidationError naming where it came from: the app never signs with a weak key.
 */
export function resolveJwtSecret(env: Env): string {
  if (env.JWT_SECRET !== undefined) return checkedSecret(env.JWT_SECRET, 'JWT_SECRET');
  const dir = resolve(env.DATA_DIR);
  const file = resolve(dir, 'jwt-secret');
  if (existsSync(file)) {
    return checkedSecret(
      readFileSync(file, 'utf8').trim(),
      `the stored JWT secret ${file}`,
      'delete the file to have a new one generated (signed-in users sign in again) or set JWT_SECRET',
    );
  }
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function checkedSecret(secret: string, source: string, remedy = 'use a random value of at least 32 bytes, e.g. `openssl rand -base64 48`'): string {
  const bytes = Buffer.byteLength(secret, 'utf8');
  if (bytes < MIN_JWT_SECRET_BYTES) {
    throw new EnvValidationError(`Invalid JWT secret: ${source} is ${bytes} bytes long; it must be at least ${MIN_JWT_SECRET_BYTES} bytes (${remedy})`);
  }
  return secret;
}

/**
 * `signals: false` when the caller handles SIGTERM/SIGINT itself and closes the app in its own
 * order (main.api.ts: workers, then the app, then the embedded database); otherwise Nest closes
 * the app on those signals, and two closes would race.
 */
export async function createHttpApp(config: AppConfig, opts: { logger?: boolean; signals?: boolean } = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.env.BODY_LIMIT,
    trustProxy: config.env.TRUST_PROXY,
    routerOptions: { maxParamLength: 200 },
    genReqId: requestId,
    requestIdHeader: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, configureQueueBackend(config)), adapter, {
    bufferLogs: opts.logger !== false,
    abortOnError: false,
    ...(opts.logger === false ? { logger: false as const } : {}),
  });
  if (opts.logger !== false) app.useLogger(app.get(Logger));
  await configureHttpApp(app, config);
  if (opts.signals !== false) app.enableShutdownHooks();
  return app;
}
