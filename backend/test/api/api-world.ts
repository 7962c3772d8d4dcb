import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { createAgent, login, TestApp } from '../harness';
import type { JsonSchema } from './schema-arbitraries';

/** The committed OpenAPI document: the suites cover whatever operations it lists. */
export interface OpenApiOperation {
  operationId: string;
  parameters?: { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, unknown>;
  security?: Record<string, string[]>[];
}
export interface Operation extends OpenApiOperation {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  path: string;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema> };
}

export function loadSpec(): OpenApiDocument {
  return JSON.parse(readFileSync(resolve(__dirname, '../../../docs/openapi.json'), 'utf8')) as OpenApiDocument;
}

export function operations(spec: OpenApiDocument): Operation[] {
  return Object.entries(spec.paths)
    .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ ...op, method: method.toUpperCase() as Operation['method'], path })))
    .sort((a, b) => a.operationId.localeCompare(b.operationId));
}

export const isPublicOperation = (op: Operation) => !op.security?.length;

/** Fills `{name}` placeholders, each value URL-encoded. */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? 'missing'));
}

export interface RawResponse {
  status: number;
  /** The body exactly as sent. */
  raw: string;
  body: unknown;
  headers: Record<string, unknown>;
}

export interface Credentials {
  token?: string;
  apiKey?: string;
}

/** One HTTP request through the real Fastify app, with full control of the bytes sent. */
export async function send(
  t: TestApp,
  req: { method: string; url: string; auth?: Credentials; payload?: string; contentType?: string; headers?: Record<string, string> },
): Promise<RawResponse> {
  const res = await t.app.inject({
    method: req.method as 'GET',
    url: req.url,
    headers: {
      ...(req.auth?.token ? { authorization: `Bearer ${req.auth.token}` } : {}),
      ...(req.auth?.apiKey ? { 'x-api-key': req.auth.apiKey } : {}),
      ...(req.payload !== undefined ? { 'content-type': req.contentType ?? 'application/json' } : {}),
      ...req.headers,
    },
    ...(req.payload !== undefined ? { payload: req.payload } : {}),
    // Streamed, so an event stream that stays open (GET /api/conversations/events) cannot hang the caller.
    payloadAsStream: true,
  });
  // A GET event stream is a feed that stays open; a POST's (an assistant turn) is the answer and ends:
  // read it whole, or the turn would go on writing into the next request's before/after comparison.
  const feed = req.method === 'GET' && String(res.headers['content-type'] ?? '').startsWith('text/event-stream');
  const raw = await readPayload(res.stream(), feed);
  let body: unknown = raw;
  try {
    body = raw ? JSON.parse(raw) : undefined;
  } catch {
    /* not JSON (SSE, a script, plain text) */
  }
  return { status: res.statusCode, raw, body, headers: res.headers };
}

/** The whole payload; a live feed only for a tenth of a second (its status and first events), then closed. */
async function readPayload(stream: NodeJS.ReadableStream & { destroy(): void }, feed: boolean): Promise<string> {
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve) => {
    const timer = feed ? setTimeout(() => { stream.destroy(); resolve(); }, 100) : undefined;
    const done = () => { clearTimeout(timer); resolve(); };
    stream.on('data', (c: Buffer | string) => chunks.push(Buffer.from(c)));
    stream.on('end', done);
    stream.on('error', done);
  });
  return Buffer.concat(chunks).toString('utf8');
}

/** The documented error shape: `{statusCode, error, message, code?, details?}` and nothing else. */
export function errorShapeProblem(res: RawResponse): string | null {
  const b = res.body as Record<string, unknown> | undefined;
  if (!b || typeof b !== 'object' || Array.isArray(b)) return `body is not a JSON object: ${res.raw.slice(0, 120)}`;
  if (b.statusCode !== res.status) return `statusCode ${String(b.statusCode)} ≠ HTTP ${res.status}`;
  if (typeof b.error !== 'string' || !b.error) return 'error is not a string';
  if (typeof b.message !== 'string' || !b.message) return 'message is not a string';
  if (b.code !== undefined && typeof b.code !== 'string') return 'code is not a string';
  const extra = Object.keys(b).filter((k) => !['statusCode', 'error', 'message', 'code', 'details'].includes(k));
  if (extra.length) return `unexpected keys ${extra.join(', ')}`;
  const type = res.headers['content-type'];
  if (typeof type !== 'string' || !type.startsWith('application/json')) return `content-type ${JSON.stringify(type)}`;
  if (/\bat .+\.(js|ts):\d+/.test(res.raw)) return 'a stack trace reached the client';
  return null;
}

/**
 * A fingerprint of every table the app owns: row count plus the sum of row versions (`xmin`
 * changes on every insert and update), or, for tables with bookkeeping columns that a refused
 * request may legitimately touch, an md5 of the rows without them. Equal before and after a
 * refused request means it wrote nothing.
 */
export class TableFingerprint {
  /** A key's `last_used_at` records that it was presented, which is true of a refused request too. */
  private static readonly BOOKKEEPING: Record<string, string[]> = { api_keys: ['last_used_at'] };
  /**
   * Audit entries a refused request rightly leaves: a failed sign-in, and an API key's use (the key
   * was presented whatever the answer). Any other audit entry on a refusal is a write it should not make.
   */
  private static readonly ATTEMPTS: Record<string, string> = { audit_log: `x.action NOT IN ('auth.sign_in_failed', 'api_key.used')` };
  private sql = '';

  constructor(private readonly db: DataSource) {}

  async init(): Promise<void> {
    const tables = (await this.db.query<{ t: string }[]>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY 1`)).map((r) => r.t);
    this.sql = tables
      .map((t) => {
        const skip = TableFingerprint.BOOKKEEPING[t];
        const value = skip
          ? `count(*)::text || ':' || md5(coalesce(string_agg((to_jsonb(x) - ARRAY[${skip.map((c) => `'${c}'`).join(',')}])::text, '|' ORDER BY (to_jsonb(x) - ARRAY[${skip.map((c) => `'${c}'`).join(',')}])::text), ''))`
          : `count(*)::text || ':' || coalesce(sum(x.xmin::text::bigint), 0)::text`;
        const where = TableFingerprint.ATTEMPTS[t];
        return `SELECT '${t}' AS t, ${value} AS v FROM "${t}" x${where ? ` WHERE ${where}` : ''}`;
      })
      .join(' UNION ALL ');
  }

  async take(): Promise<Map<string, string>> {
    const rows = await this.db.query<{ t: string; v: string }[]>(this.sql);
    return new Map(rows.map((r) => [r.t, r.v]));
  }

  static diff(a: Map<string, string>, b: Map<string, string>): string[] {
    return [...a.keys()].filter((k) => a.get(k) !== b.get(k));
  }
}

/** The people and records both suites act on. */
export interface World {
  admin: { id: string; token: string };
  adminKey: string;
  agentA: { id: string; token: string; email: string };
  agentB: { id: string; token: string; email: string };
  /** A user the fuzzer may change, deactivate or reset (never one it acts as). */
  victim: { id: string; keyId: string };
  leadA: string;
  leadB: string;
  unit: string;
  sessionA: string;
  taskA: string;
  viewA: string;
  source: { id: string; key: string };
}

export async function call(t: TestApp, method: string, url: string, auth: Credentials, body?: unknown): Promise<Record<string, unknown>> {
  const res = await send(t, { method, url, auth, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${res.raw}`);
  return (res.body ?? {}) as Record<string, unknown>;
}

let seq = 0;
/** A lead assigned to `assigneeId`, created by the admin. */
export async function makeLead(t: TestApp, adminToken: string, assigneeId: string | null): Promise<string> {
  seq++;
  const lead = await call(t, 'POST', '/api/leads', { token: adminToken }, { source: 'web', contact: { name: `Fixture Lead ${seq}`, email: `fixture.${seq}.${Date.now()}@example.com` }, ...(assigneeId ? { assigneeId } : {}) });
  return lead.id as string;
}

export async function makeUnit(t: TestApp, adminToken: string): Promise<string> {
  seq++;
  const unit = await call(t, 'POST', '/api/inventory', { token: adminToken }, { type: 'house', purpose: 'sale', ref: `FX-${seq}-${Date.now()}`, title: 'Fixture house', price: 750000, bedrooms: 3, bathrooms: 2, city: 'Seattle' });
  return unit.id as string;
}

export async function buildWorld(t: TestApp): Promise<World> {
  const adminToken = await login(t);
  const me = await call(t, 'GET', '/api/auth/me', { token: adminToken });
  const adminKey = (await call(t, 'POST', '/api/api-keys', { token: adminToken }, { name: 'fuzz admin key' })).key as string;
  const agentA = await createAgent(t, adminToken, 'Agent Alpha');
  const agentB = await createAgent(t, adminToken, 'Agent Bravo');
  const victim = await createAgent(t, adminToken, 'Victim Victor');
  const victimKey = (await call(t, 'POST', '/api/api-keys', { token: adminToken }, { name: 'victim key', userId: victim.id })).id as string;
  const leadA = await makeLead(t, adminToken, agentA.id);
  const leadB = await makeLead(t, adminToken, agentB.id);
  const unit = await makeUnit(t, adminToken);
  const sessionA = (await call(t, 'POST', '/api/agent/session', { token: agentA.token }, { leadId: leadA })).sessionId as string;
  const taskA = (await call(t, 'POST', `/api/leads/${leadA}/tasks`, { token: agentA.token }, { title: 'Call back' })).id as string;
  const viewA = (await call(t, 'POST', '/api/views', { token: agentA.token }, { name: 'Hot ones', filters: { scoreMin: 50 } })).id as string;
  const source = await call(t, 'POST', '/api/admin/integrations/sources', { token: adminToken }, { kind: 'web_form', name: 'Fixture site' });
  return {
    admin: { id: me.id as string, token: adminToken },
    adminKey,
    agentA,
    agentB,
    victim: { id: victim.id, keyId: victimKey },
    leadA,
    leadB,
    unit,
    sessionA,
    taskA,
    viewA,
    source: { id: source.id as string, key: source.key as string },
  };
}
