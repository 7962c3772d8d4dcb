import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsByteLength, IsIn, IsInt, IsNumber, IsOptional, IsString, IsTimeZone, Matches, Max, MaxLength, Min, MinLength, validateSync } from 'class-validator';

const toNumber = ({ value }: { value: unknown }): unknown => (value === undefined ? value : Number(value));

const toBool = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase()) : value;

/**
 * Every environment variable the app reads. `process.env` is read here and nowhere else;
 * a bad value fails the boot with the variable's name.
 */
export class Env {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @IsString()
  HOST = '0.0.0.0';

  /** When unset, an embedded PostgreSQL is started under DATA_DIR. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  DATA_DIR = '.data';

  /** Where listing photos are kept (the disk photo store). Unset: `<DATA_DIR>/photos`. */
  @IsOptional()
  @IsString()
  PHOTOS_DIR?: string;

  /** Largest listing photo accepted, in bytes (default 10 MB). */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  PHOTO_MAX_BYTES = 10 * 1024 * 1024;

  /** Where uploaded CSV imports are kept while they run (API and workers must share it). Unset: `<DATA_DIR>/imports`. */
  @IsOptional()
  @IsString()
  IMPORTS_DIR?: string;

  /** Largest CSV import accepted, in bytes (default 200 MB; larger uploads answer 413). */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  IMPORT_MAX_BYTES = 200 * 1024 * 1024;

  /** Port for the embedded PostgreSQL; when taken, a free one is picked and printed. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  @IsOptional()
  @IsString()
  // Bytes, not characters: the HMAC key is the UTF-8 encoding (32 bytes = SHA-256's output).
  @IsByteLength(32, undefined, { message: 'JWT_SECRET must be at least 32 bytes (e.g. `openssl rand -base64 48`)' })
  JWT_SECRET?: string;

  @IsOptional()
  @Matches(/^\d+[smhd]$/, { message: 'JWT_TTL must look like 15m, 12h or 7d' })
  JWT_TTL = '12h';

  @IsOptional()
  @Matches(/^[^@\s]+@[^@\s]+$/, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL = 'admin@openhouse.local';

  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' })
  ADMIN_PASSWORD?: string;

  /** Comma-separated origins allowed to call the API from a browser. */
  @IsOptional()
  @IsString()
  CORS_ORIGINS = 'http://localhost:3000,http://localhost:4200';

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * Duplicate detection as leads and contacts come in (on by default). Off only to measure what
   * the check costs (`npm run bench:dedup`): then no duplicate is found, attached or proposed.
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  DEDUP_CHECK = true;

  /**
   * Merge a new lead into an existing lead of the same person automatically when the match is an
   * exact identity (email, phone, WhatsApp or Lead Ads lead, and names agree) the creator can see,
   * at or above this confidence (0..1). Unset: off, every pair waits for a person's review.
   */
  @IsOptional()
  @Transform(toNumber)
  @IsNumber()
  @Min(0)
  @Max(1)
  DEDUP_AUTO_MERGE_CONFIDENCE?: number;

  /** Log one line per HTTP request. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  LOG_REQUESTS = true;

  /**
   * Demo listings, leads and agents on first start. Default: on only for the zero-setup embedded
   * database (no DATABASE_URL) outside production; off with DATABASE_URL or NODE_ENV=production.
   * Always a boolean after `validateEnv`.
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO?: boolean;

  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(100000)
  SEED_LEADS = 300;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  MIGRATE_ON_START = true;

  /** Largest JSON body accepted, in bytes. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  BODY_LIMIT = 1024 * 1024;

  /**
   * Believe X-Forwarded-For (client address for rate limits and logs). Turn on only behind a
   * proxy you run; otherwise clients could pick their own address.
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY = false;

  /** Login attempts allowed per client IP per minute. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(10000)
  LOGIN_RATE_LIMIT = 10;

  /** Website form submissions and chat widget calls (POST /api/public/…) accepted per client address per minute. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(100_000)
  WEBSITE_RATE_LIMIT = 20;

  /** Failed token or API key attempts allowed per client IP per minute; then 429 for a minute. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(100000)
  AUTH_FAILURE_LIMIT = 20;

  /** Entries in each of the token and API key lookup caches of a process (least recently used go first). */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(100)
  @Max(1_000_000)
  AUTH_CACHE_ENTRIES = 10_000;

  /** Agent turns allowed per user or API key per minute. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(100000)
  RATE_LIMIT_AGENT_TURNS = 30;

  /** Inventory searches (and lead/unit match lists) allowed per user or API key per minute. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(100000)
  RATE_LIMIT_SEARCH = 120;

  /** Leads (and agent sessions, which may create one) created per user or API key per minute. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(100000)
  RATE_LIMIT_LEAD_CREATE = 60;

  /** Requests to each public route (no sign-in: service info, health, login) per client IP per minute. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(100000)
  RATE_LIMIT_PUBLIC = 120;

  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(500)
  DB_POOL_SIZE = 10;

  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'QDRANT_URL must be an http(s):// URL' })
  QDRANT_URL?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  QDRANT_API_KEY?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'QDRANT_COLLECTION must be letters, digits, _ or -' })
  QDRANT_COLLECTION = 'units';

  @IsOptional()
  @IsString()
  @MaxLength(400)
  OPENAI_API_KEY?: string;

  /** Any OpenAI-compatible server. */
  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'OPENAI_BASE_URL must be an http(s):// URL' })
  OPENAI_BASE_URL?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  OPENAI_EMBEDDING_MODEL = 'text-embedding-3-small';

  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(64)
  @Max(3072)
  OPENAI_EMBEDDING_DIMENSIONS = 384;

  /** Dimensions of the local embedder's vectors. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(64)
  @Max(4096)
  LOCAL_EMBEDDING_DIMENSIONS = 384;

  /**
   * Which language model answers leads: local rules (no network) or an OpenAI-compatible server. Default: openai when
   * OPENAI_API_KEY is set. `openai` needs OPENAI_API_KEY (api.openai.com) or OPENAI_BASE_URL (a server of one's own,
   * e.g. llama.cpp or Ollama, which needs no key).
   */
  @IsOptional()
  @IsIn(['local', 'openai'])
  AGENT_PROVIDER?: 'local' | 'openai';

  /** Chat model for the agent (any model the OpenAI-compatible server offers). */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  OPENAI_MODEL = 'gpt-4o-mini';

  /** US dollars per million tokens, for the cost estimate stored with each turn: input, cached input, output. */
  @IsOptional()
  @Matches(/^\d+(\.\d+)?,\d+(\.\d+)?,\d+(\.\d+)?$/, { message: 'OPENAI_PRICES must be three numbers: input,cached,output (USD per million tokens)' })
  OPENAI_PRICES = '0.15,0.075,0.60';

  /** A whole agent turn (every model call and tool) must finish within this many milliseconds. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  AGENT_TURN_TIMEOUT_MS = 30_000;

  /** Token budget for the recent turns in the agent's prompt (the stable prefix and the profile summary come on top). */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(200)
  @Max(200_000)
  AGENT_HISTORY_TOKENS = 3000;

  /**
   * The assistant waits this long after a lead's WhatsApp message before answering; messages that
   * arrive meanwhile are answered together, once, in order (people often write in several bursts).
   */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(120_000)
  WHATSAPP_DEBOUNCE_MS = 3000;

  /**
   * Link to a home in the assistant's WhatsApp suggestions, with `{id}` for the unit's id, e.g.
   * `https://homes.example.com/listing/{id}`. Unset: the suggestions carry no links.
   */
  @IsOptional()
  @Matches(/^https?:\/\/\S*\{id\}\S*$/, { message: 'LISTING_URL must be an http(s) URL containing {id}' })
  LISTING_URL?: string;

  /**
   * The address people open the app at, for links in messages to leads (the viewing feedback page),
   * e.g. `https://crm.example.com`. Unset: `http://localhost:<PORT>`.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'PUBLIC_URL must be an http(s):// URL' })
  PUBLIC_URL?: string;

  /** Namespace of the queues in Redis (several deployments or test runs can share one Redis). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'QUEUE_PREFIX must be letters, digits, _ or -' })
  QUEUE_PREFIX = 'openhouse';

  /** Jobs one worker process runs at once. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY = 2;

  /** `npm start` starts this many worker processes beside the API (0: none, run them yourself). */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(16)
  START_WORKERS = 1;

  /**
   * Meta app secret: every POST to /api/webhooks/leadads and /api/webhooks/whatsapp must carry
   * X-Hub-Signature-256 computed with it. Unset: those routes answer 503 and accept nothing.
   */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  META_APP_SECRET?: string;

  /** The token Meta's subscription handshake (GET on the webhook routes) must present. Unset: every handshake is refused. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  META_VERIFY_TOKEN?: string;

  /**
   * Bearer token a Prometheus scraper sends to GET /metrics. Unset: /metrics is not served (404).
   * At least 16 characters.
   */
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  METRICS_TOKEN?: string;

  /** A worker serves its own GET /metrics on this port (with METRICS_TOKEN), for Prometheus to scrape each worker process. Unset: no port. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(65535)
  WORKER_METRICS_PORT?: number;

  /** Page access token (leads_retrieval) used to read a Lead Ads lead from the Graph API. */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  META_PAGE_ACCESS_TOKEN?: string;

  /** Base URL of the Graph API (a local stand-in in tests and `npm run simulate:meta`). */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'META_GRAPH_URL must be an http(s):// URL' })
  META_GRAPH_URL = 'https://graph.facebook.com';

  /** Graph API version in request paths. */
  @IsOptional()
  @Matches(/^v\d{1,2}\.\d$/, { message: 'META_GRAPH_VERSION must look like v26.0' })
  META_GRAPH_VERSION = 'v26.0';

  /** A Graph API call that takes longer than this counts as failed (and is retried). */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(100)
  @Max(120_000)
  META_GRAPH_TIMEOUT_MS = 10_000;

  /** WhatsApp Cloud API access token (for sending; read by the messaging module). */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  WHATSAPP_TOKEN?: string;

  /** The WhatsApp business phone number id messages are sent from. */
  @IsOptional()
  @Matches(/^\d{1,30}$/, { message: 'WHATSAPP_PHONE_NUMBER_ID must be digits' })
  WHATSAPP_PHONE_NUMBER_ID?: string;

  /** Webhook deliveries accepted per client address per minute (Meta sends bursts from few addresses). */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  WEBHOOK_RATE_LIMIT = 6000;

  /** Attempts a webhook event gets in the workers before it is dead-lettered. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(50)
  WEBHOOK_ATTEMPTS = 8;

  /** First retry delay of a failed webhook event; it doubles on each further attempt. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  WEBHOOK_BACKOFF_MS = 5000;
  /** Attempts an outbound message (outbox row) gets in the workers before it counts as failed. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(50)
  OUTBOX_ATTEMPTS = 8;

  /** First retry delay of an outbound message; it doubles on each further attempt. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  OUTBOX_BACKOFF_MS = 2000;

  /**
   * A send whose outcome is unknown (the worker died after calling Graph, before writing the
   * answer) waits this long for Meta's status webhook, which echoes our idempotency key, before it
   * is sent again.
   */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  OUTBOX_IN_DOUBT_MS = 120_000;

  /**
   * The brokerage's time zone (IANA): where its day starts for analytics (a day is the team's day)
   * and on whose clock hours of the day are read.
   */
  @IsOptional()
  @IsTimeZone()
  TEAM_TIME_ZONE = 'America/Los_Angeles';

  /**
   * Token prices for turns recorded without a cost, as JSON `{"model": [input, cachedInput, output]}`
   * in US dollars per million tokens; a model not named falls back to `*` (default: free, the local provider).
   */
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  ANALYTICS_TOKEN_PRICES = '{"*":[0,0,0],"gpt-4o-mini":[0.15,0.075,0.6],"gpt-4o":[2.5,1.25,10],"gpt-4.1-mini":[0.4,0.1,1.6],"gpt-4.1":[2,0.5,8]}';

  /** Quiet hours in the lead's time zone, `HH:MM-HH:MM` (automated messages wait until they end). */
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, { message: 'QUIET_HOURS must look like 21:00-08:00' })
  QUIET_HOURS = '21:00-08:00';

  /** Automated messages (the assistant's own, reminders) one lead may get per 24 hours; replies to the lead's own message do not count. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(1000)
  AUTOMATED_MESSAGES_PER_DAY = 3;

  /**
   * Approved WhatsApp templates as JSON: `[{"name":"viewing_reminder","language":"en_US","parameters":["name","time"]}]`.
   * Unset: the built-in catalogue (see messaging/templates.ts).
   */
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  WHATSAPP_TEMPLATES?: string;

  /**
   * Where email leaves: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`.
   * Unset: emails are kept in the outbox and readable in Admin → Sent mail, never sent.
   */
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /**
   * Google Calendar push of viewings (Calendar API v3 events insert/patch/delete) into one
   * calendar. Unset token: off (agents subscribe to their iCal feeds instead). The token is an
   * OAuth 2.0 access token with the calendar.events scope; the base URL points at a stand-in in tests.
   */
  @IsOptional()
  @IsString()
  GOOGLE_CALENDAR_TOKEN?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'GOOGLE_CALENDAR_BASE_URL must be an http(s):// URL' })
  GOOGLE_CALENDAR_BASE_URL = 'https://www.googleapis.com/calendar/v3';

  /** The calendar viewings go into ("primary": the token owner's own). */
  @IsOptional()
  @IsString()
  GOOGLE_CALENDAR_ID = 'primary';

  /** The sender of outbound email, `Name <address>` or an address; a person's reply shows their name. */
  @IsOptional()
  @Matches(/^([^<>]*<[^@\s<>]+@[^@\s<>]+>|[^@\s<>]+@[^@\s<>]+)$/, { message: 'MAIL_FROM must be an email address, optionally as Name <address>' })
  MAIL_FROM = 'Openhouse <no-reply@openhouse.local>';

  /**
   * Standard Webhooks secret (`whsec_` + base64) the inbound-mail webhook
   * (POST /api/webhooks/inbound-mail) must be signed with. Unset: that route answers 503.
   */
  @IsOptional()
  @Matches(/^(whsec_)?[A-Za-z0-9+/]{16,}={0,2}$/, { message: 'INBOUND_MAIL_SECRET must be a Standard Webhooks secret (whsec_ followed by base64)' })
  INBOUND_MAIL_SECRET?: string;

  /**
   * Outbound webhooks to integrators may reach loopback and private addresses (tests, a receiver on
   * the same box). Off in production: each subscription can be allowed one by one by an admin instead.
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  INTEGRATION_WEBHOOKS_ALLOW_PRIVATE = false;

  /** How long one outbound webhook delivery may take (connect, send, answer) before it counts as failed. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(100)
  @Max(120_000)
  INTEGRATION_WEBHOOKS_TIMEOUT_MS = 10_000;

  /** Attempts per outbound webhook delivery. With the default backoff, 13 attempts span about 34 hours. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(30)
  INTEGRATION_WEBHOOKS_ATTEMPTS = 13;

  /** First retry delay of a failed outbound webhook delivery; it doubles on each further attempt. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  INTEGRATION_WEBHOOKS_BACKOFF_MS = 30_000;

  /** A subscription is turned off after this many failed deliveries in a row... */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(100_000)
  INTEGRATION_WEBHOOKS_DISABLE_AFTER_FAILURES = 20;

  /** ...once its first failure in that row is at least this old (a short outage never turns it off). */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(30 * 86_400_000)
  INTEGRATION_WEBHOOKS_DISABLE_AFTER_MS = 86_400_000;

  /** Outbound webhook deliveries one worker process runs at once (a slow receiver holds one of them). */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(200)
  INTEGRATION_WEBHOOKS_CONCURRENCY = 16;

  /**
   * Browser tests only: the app's clock (`Clock`, core/time/clock.ts) runs this many milliseconds
   * ahead of real time, read from this file (written by the test; API and worker processes share
   * it), so a test can move time forward instead of waiting. Refused with NODE_ENV=production.
   */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  TEST_CLOCK_FILE?: string;
}

export class EnvValidationError extends Error {}

/** Validates a raw environment; throws one error naming every bad variable. */
export function validateEnv(raw: Record<string, string | undefined>): Env {
  const known = Object.keys(new Env());
  const picked: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    // An empty value means "unset", as in most .env tooling.
    if (v !== undefined && v !== '' && known.includes(k)) {
      picked[k] = v;
    }
  }
  const env = plainToInstance(Env, picked);
  const errors = validateSync(env, { whitelist: true, forbidUnknownValues: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new EnvValidationError(`Invalid environment:\n  ${lines.join('\n  ')}`);
  }
  if (env.TEST_CLOCK_FILE && env.NODE_ENV === 'production') throw new EnvValidationError('Invalid environment:\n  TEST_CLOCK_FILE: a test clock cannot run in production');
  // Demo data is for demos: a real database or production gets none unless asked for.
  env.SEED_DEMO ??= !env.DATABASE_URL && env.NODE_ENV !== 'production';
  return env;
}
