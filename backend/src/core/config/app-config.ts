import type { DestinationStream } from 'pino';
import { Env } from './env';

export interface AppConfigInit {
  env: Env;
  /** The database actually used: DATABASE_URL, or the embedded one's URL. */
  databaseUrl: string;
  jwtSecret: string;
  /** Only the OpenAPI document is wanted: no database connection. */
  specOnly?: boolean;
  /** Where logs go; stdout when unset. Tests pass a stream to read what was logged. */
  logStream?: DestinationStream;
}

/** What the running app needs to know, derived once from the validated env. Injected by class. */
export class AppConfig {
  readonly env: Env;
  readonly databaseUrl: string;
  readonly jwtSecret: string;
  readonly specOnly: boolean;
  readonly logStream?: DestinationStream;

  constructor(init: AppConfigInit) {
    this.env = init.env;
    this.databaseUrl = init.databaseUrl;
    this.jwtSecret = init.jwtSecret;
    this.specOnly = init.specOnly ?? false;
    this.logStream = init.logStream;
  }

  get corsOrigins(): string[] {
    return this.env.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean);
  }
}
