import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';

interface Subscriber {
  onMessage(payload: string): void;
  /** The connection was (re)established: anything sent meanwhile was missed. */
  onGap(): void;
}

const RETRY_MS = 1000;

/**
 * PostgreSQL LISTEN/NOTIFY between the app's processes (API replicas and workers): one dedicated
 * connection per process listens, reconnecting after a second when it drops; NOTIFY goes through
 * the pool. It works with or without Redis, so every deployment has it.
 */
@Injectable()
export class PgNotifications implements OnApplicationShutdown {
  private readonly log = new Logger(PgNotifications.name);
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private client: Client | null = null;
  private connecting = false;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** Calls `onMessage` for each notification on `channel` (lower-case letters and _ only). */
  listen(channel: string, subscriber: Subscriber): void {
    if (!/^[a-z_]{1,60}$/.test(channel)) throw new Error(`Bad channel name: ${channel}`);
    if (this.config.specOnly) return;
    const set = this.subscribers.get(channel) ?? new Set<Subscriber>();
    set.add(subscriber);
    this.subscribers.set(channel, set);
    if (this.client) void this.client.query(`LISTEN ${channel}`).catch(() => this.dropped(this.client as Client));
    else void this.connect();
  }

  /** Whether notifications arrive right now; while not, caches that rely on them should not be trusted. */
  get live(): boolean {
    return this.client !== null;
  }

  async notify(channel: string, payload: string): Promise<void> {
    await this.db.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  private async connect(): Promise<void> {
    if (this.closed || this.client || this.connecting) return;
    this.connecting = true;
    const client = new Client({ connectionString: this.config.databaseUrl, application_name: 'openhouse-listen' });
    client.on('notification', (n) => {
      for (const s of this.subscribers.get(n.channel) ?? []) s.onMessage(n.payload ?? '');
    });
    client.on('error', () => this.dropped(client));
    client.on('end', () => this.dropped(client));
    try {
      await client.connect();
      for (const channel of this.subscribers.keys()) await client.query(`LISTEN ${channel}`);
      this.client = client;
      for (const set of this.subscribers.values()) for (const s of set) s.onGap();
    } catch (err) {
      this.log.warn({ err }, 'could not listen for notifications; retrying');
      this.dropped(client);
    } finally {
      this.connecting = false;
    }
  }

  private dropped(client: Client): void {
    if (this.client === client) this.client = null;
    client.removeAllListeners('notification');
    void client.end().catch(() => undefined);
    if (this.closed || this.retry) return;
    // Until the connection is back, whatever was sent is missed: subscribers drop their caches now and again on reconnect.
    for (const set of this.subscribers.values()) for (const s of set) s.onGap();
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect();
    }, RETRY_MS);
    this.retry.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
    }
  }
}
