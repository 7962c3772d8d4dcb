import { createPostgresBackend, setDefaultBackendFactory } from 'bullmq';
import type { AppConfig } from '../config/app-config';

export interface QueueBackendOptions {
  connection:
    | { host: string; port: number; username?: string; password?: string; db?: number; tls?: object; maxRetriesPerRequest: null; enableOfflineQueue: boolean }
    | { connectionString: string; migrate: true; max: number };
  /** Redis key prefix; the PostgreSQL backend keeps its tables in the app database's `bullmq` schema. */
  prefix?: string;
}

/**
 * BullMQ runs on Redis when REDIS_URL is set, otherwise on its own PostgreSQL backend inside the
 * app database (schema `bullmq`), so the zero-setup path needs no Redis. Must run before the Nest
 * app or worker is created: the backend choice is process-wide.
 */
export function configureQueueBackend(config: AppConfig): QueueBackendOptions {
  const redisUrl = config.env.REDIS_URL;
  if (!redisUrl) {
    setDefaultBackendFactory(createPostgresBackend);
    return { connection: { connectionString: config.databaseUrl, migrate: true, max: 5 } };
  }
  setDefaultBackendFactory(undefined);
  const u = new URL(redisUrl);
  const connection = {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    // Workers block on Redis; BullMQ requires this to be null.
    maxRetriesPerRequest: null,
    // Fail fast instead of buffering commands while Redis is away: an enqueue then errors (503).
    enableOfflineQueue: false,
  };
  return { connection, prefix: config.env.QUEUE_PREFIX };
}

export const queueBackendName = (config: AppConfig) => (config.env.REDIS_URL ? 'redis' : 'postgres');
