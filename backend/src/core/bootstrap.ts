import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../app.module';
import { AppConfig } from './config/app-config';
import { Env } from './config/env';
import { configureHttpApp } from './http/setup';
import { configureQueueBackend } from './queue/queue-backend';
import { requestId } from './logging/logging.module';

/**
 * Without JWT_SECRET (zero-setup), a random secret is made once and kept under DATA_DIR, so
 * tokens survive restarts. Set JWT_SECRET in any shared deployment.
 */
export function resolveJwtSecret(env: Env): string {
  if (env.JWT_SECRET) return env.JWT_SECRET;
  const dir = resolve(env.DATA_DIR);
  const file = resolve(dir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
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
