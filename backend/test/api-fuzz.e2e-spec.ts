import fc from 'fast-check';
import { createTestApp, TestApp } from './harness';
import { buildWorld, errorShapeProblem, fillPath, isPublicOperation, loadSpec, Operation, operations, RawResponse, send, TableFingerprint, World, Credentials } from './api/api-world';
import { JsonSchema, SchemaArbitraries } from './api/schema-arbitraries';

/**
 * Issue 14 point 10: every operation in docs/openapi.json, fuzzed from its own schemas. For each
 * operation, FUZZ_RUNS requests built from valid values (odd Unicode, SQL and script fragments,
 * numbers at the edges, real and random ids) and FUZZ_RUNS built to be invalid (wrong types,
 * missing and unknown fields, values out of bounds, unstorable text, malformed JSON, wrong content
 * types, garbage path and query values). Every answer: no 5xx; every 4xx in the documented error
 * shape; a refused request leaves every table as it was; an invalid one is refused. Nothing the
 * app logs is an error. Operations are read from the spec, so new endpoints are fuzzed with no change here.
 *
 * FUZZ_RUNS (default 16) sets requests per operation and phase; FUZZ_SEED replays a run.
 */
const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 16));
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);

const spec = loadSpec();
const ops = operations(spec);

/**
 * Refusals that are recorded on purpose, by operation: the only writes a refused request may make.
 * A WhatsApp send the send-policy gate denies is a 409, and the decision goes on the lead's
 * timeline (an audit trail of what was not sent and why), which also moves the lead's last activity.
 */
const RECORDED_REFUSALS: Record<string, { status: number; code: string; tables: string[] }> = {
  sendLeadMessage: { status: 409, code: 'send_refused', tables: ['activities', 'leads'] },
};

interface Case {
  kind: 'valid' | 'invalid';
  why: string;
  method: string;
  url: string;
  auth?: Credentials;
  payload?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

interface Parts {
  path: Record<string, string>;
  query: [string, string][];
  headers: Record<string, string>;
  body: unknown;
  auth?: Credentials;
}

const HEADER_VALUE = fc.stringMatching(/^[\x21-\x7e]{0,60}$/);

function queryString(pairs: [string, string][]): string {
  return pairs.length ? '?' + pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&') : '';
}

function queryValues(name: string, value: unknown): [string, string][] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.map((v) => [name, String(v)]);
  return [[name, value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value)]];
}

function bodySchema(op: Operation): JsonSchema | undefined {
  return op.requestBody?.content['application/json']?.schema;
}

class CaseBuilder {
  readonly schemas: SchemaArbitraries;

  constructor(
    private readonly w: World,
    private readonly fuzzIds: () => string[],
  ) {
    this.schemas = new SchemaArbitraries(spec.components.schemas, fuzzIds);
  }

  private pathParam(name: string): fc.Arbitrary<string> {
    const known: Record<string, string[]> = { name: ['embedding', 'leads', 'webhooks', 'messaging'], sourceKey: [this.w.source.key, 'unknown-source'] };
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...(known[name] ?? this.fuzzIds())) },
      { weight: 2, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: fc.constantFrom('1', 'not-a-uuid', "1' OR '1'='1", '😀', 'a'.repeat(150)) },
    );
  }

  private actors(op: Operation): fc.Arbitrary<Credentials | undefined> {
    if (isPublicOperation(op)) return fc.constant(undefined);
    return fc.constantFrom<Credentials>({ token: this.w.admin.token }, { apiKey: this.w.adminKey }, { token: this.w.agentA.token });
  }

  /** Path, query, header and body values the spec allows. */
  validParts(op: Operation): fc.Arbitrary<Parts> {
    const params = op.parameters ?? [];
    const path = fc.record(Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, this.pathParam(p.name)])));
    const query = fc
      .tuple(...params.filter((p) => p.in === 'query').map((p) => (p.required ? this.schemas.valid(p.schema).map((v) => queryValues(p.name, v)) : fc.option(this.schemas.valid(p.schema), { nil: undefined }).map((v) => queryValues(p.name, v)))))
      .map((lists) => lists.flat());
    // Header names are case-insensitive; the spec may list one twice in different cases.
    const headerNames = [...new Set(params.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase()))];
    const headers = fc.record(Object.fromEntries(headerNames.map((n) => [n, HEADER_VALUE])));
    const schema = bodySchema(op);
    const body = schema ? this.schemas.valid(schema) : fc.constant(undefined);
    return fc.record({ path, query, headers, body, auth: this.actors(op) });
  }

  toCase(op: Operation, p: Parts, kind: Case['kind'], why: string, over: Partial<Case> = {}): Case {
    return {
      kind,
      why,
      method: op.method,
      url: fillPath(op.path, p.path) + queryString(p.query),
      auth: p.auth,
      headers: p.headers,
      ...(p.body !== undefined ? { payload: JSON.stringify(p.body) } : {}),
      ...over,
    };
  }

  /** Each way this operation's request can be made invalid; one is picked per generated case. */
  invalidCases(op: Operation): fc.Arbitrary<Case | null> {
    const params = op.parameters ?? [];
    const schema = bodySchema(op);
    const resolved = schema ? this.schemas.resolve(schema) : undefined;
    const props = Object.entries(resolved?.properties ?? {});
    const required = resolved?.required ?? [];
    const base = this.validParts(op);
    const mutations: fc.Arbitrary<Case>[] = [];
    const withBody = (p: Parts, body: unknown, why: string) => this.toCase(op, { ...p, body }, 'invalid', why);
    const asObject = (b: unknown) => (b && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {});

    if (resolved && props.length) {
      mutations.push(
        fc.tuple(base, fc.constantFrom(...props)).chain(([p, [name, s]]) => this.schemas.wrongType(s, required.includes(name)).map((v) => withBody(p, { ...asObject(p.body), [name]: v }, `body.${name} of the wrong type: ${JSON.stringify(v)}`))),
      );
      const bounded = props.flatMap(([name, s]) => this.schemas.outOfBounds(s).map((v) => [name, v] as const));
      if (bounded.length) mutations.push(fc.tuple(base, fc.constantFrom(...bounded)).map(([p, [name, v]]) => withBody(p, { ...asObject(p.body), [name]: v }, `body.${name} out of bounds: ${JSON.stringify(v).slice(0, 60)}`)));
      if (required.length) {
        mutations.push(
          fc.tuple(base, fc.constantFrom(...required)).map(([p, name]) => {
            const rest = { ...asObject(p.body) };
            delete rest[name];
            return withBody(p, rest, `body.${name} missing`);
          }),
        );
      }
      if (resolved.additionalProperties !== true) {
        mutations.push(fc.tuple(base, fc.constantFrom('isAdmin', '__proto__x', 'role ', 'leadId2')).map(([p, extra]) => withBody(p, { ...asObject(p.body), [extra]: 'x' }, `unknown body field ${extra}`)));
      }
      // A JSON null body is no body, which is valid when every field is optional.
      const notObjects: unknown[] = required.length ? [[], 'text', 7, null, [{}]] : [[], 'text', 7, [{}]];
      mutations.push(fc.tuple(base, fc.constantFrom(...notObjects)).map(([p, b]) => withBody(p, b, `whole body ${JSON.stringify(b)}`)));
    }
    if (schema) {
      mutations.push(
        fc.tuple(base, fc.constantFrom('{"a":', '{bad json}', '{"x":1}}', '\u0000', '[', '{"a":"\\ud800"}')).map(([p, raw]) => this.toCase(op, p, 'invalid', `malformed JSON ${JSON.stringify(raw)}`, { payload: raw })),
        fc
          .tuple(base, fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'application/json-patch+json'))
          .map(([p, ct]) => this.toCase(op, p, 'invalid', `content type ${ct}`, { contentType: ct, payload: JSON.stringify(p.body ?? {}) })),
      );
    }
    const queryBad = params
      .filter((p) => p.in === 'query')
      .flatMap((p) => {
        const s = this.schemas.resolve(p.schema);
        const item = s.type === 'array' && s.items ? this.schemas.resolve(s.items) : s;
        const values: string[] = this.schemas
          .outOfBounds(item)
          .filter((v) => typeof v !== 'string' || !/[\uD800-\uDFFF]/.test(v))
          .map((v) => String(v));
        if (item.enum) values.push('__not_one_of_the_values__');
        if (item.type === 'number' || item.type === 'integer') values.push('abc', '1e999', '');
        if (item.type === 'boolean') values.push('maybe', '2');
        return values.map((v) => [p.name, v] as [string, string]);
      });
    if (queryBad.length) mutations.push(fc.tuple(base, fc.constantFrom(...queryBad)).map(([p, pair]) => this.toCase(op, { ...p, query: [...p.query.filter(([k]) => k !== pair[0]), pair] }, 'invalid', `query ${pair[0]}=${JSON.stringify(pair[1]).slice(0, 40)}`)));
    const requiredQuery = params.filter((p) => p.in === 'query' && p.required).map((p) => p.name);
    if (requiredQuery.length) mutations.push(fc.tuple(base, fc.constantFrom(...requiredQuery)).map(([p, name]) => this.toCase(op, { ...p, query: p.query.filter(([k]) => k !== name) }, 'invalid', `query ${name} missing`)));
    const pathNames = params.filter((p) => p.in === 'path').map((p) => p.name);
    if (pathNames.length) {
      mutations.push(
        fc
          // No "..": a dot segment (also written %2E%2E) is resolved by the client (WHATWG URL), so
          // /api/leads/../duplicates is the request /api/duplicates, another route, not a bad id.
          .tuple(base, fc.constantFrom(...pathNames), fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-00000000000g', '%00', "1' OR '1'='1", '😀'.repeat(3), 'x'.repeat(300), '-1'))
          .map(([p, name, v]) => this.toCase(op, { ...p, path: { ...p.path, [name]: v } }, 'invalid', `path ${name}=${v.slice(0, 20)}`)),
      );
    }
    return mutations.length ? fc.oneof(...mutations) : fc.constant(null);
  }
}

describe('every operation in docs/openapi.json, fuzzed from its schemas (real app, real PostgreSQL)', () => {
  let t: TestApp;
  let w: World;
  let builder: CaseBuilder;
  let fingerprint: TableFingerprint;
  let before: Map<string, string>;
  const tally = { requests: 0, valid: 0, invalid: 0, accepted: 0, refused: 0, byStatus: new Map<number, number>() };
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  const started = Date.now();

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    t = await createTestApp({ LOGIN_RATE_LIMIT: '10000', WEBSITE_RATE_LIMIT: '100000', WEBHOOK_RATE_LIMIT: '1000000', META_APP_SECRET: 'fuzz-app-secret', META_VERIFY_TOKEN: 'fuzz-verify-token', INBOUND_MAIL_SECRET: 'whsec_ZnV6ei1pbmJvdW5kLW1haWwtc2VjcmV0LTEyMw==' });
    w = await buildWorld(t);
    const ids = [w.leadA, w.leadB, w.unit, w.sessionA, w.taskA, w.viewA, w.victim.id, w.victim.keyId, w.source.id];
    builder = new CaseBuilder(w, () => ids);
    fingerprint = new TableFingerprint(t.db);
    await fingerprint.init();
    before = await fingerprint.take();
    process.stdout.write(`API fuzz: seed ${SEED}, ${RUNS} runs per operation and phase, ${ops.length} operations (replay: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS})\n`);
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    const statuses = [...tally.byStatus.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ');
    process.stdout.write(
      `API fuzz: ${tally.requests} requests over ${ops.length} operations (${tally.valid} from valid values, ${tally.invalid} invalid; ` +
        `${tally.accepted} accepted, ${tally.refused} refused) in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${SEED}. Statuses: ${statuses}\n`,
    );
    await t?.close();
  });

  /** Sends one case and returns what is wrong with the answer, if anything. */
  async function exercise(op: Operation, c: Case): Promise<string[]> {
    let res: RawResponse;
    try {
      res = await send(t, c);
    } catch (e) {
      return [`the request could not be sent: ${String(e)}`];
    }
    tally.requests++;
    tally[c.kind]++;
    tally.byStatus.set(res.status, (tally.byStatus.get(res.status) ?? 0) + 1);
    const problems: string[] = [];
    if (res.status >= 500) problems.push(`${res.status} ${res.raw.slice(0, 200)}`);
    if (res.status >= 400) {
      tally.refused++;
      const shape = errorShapeProblem(res);
      if (shape && res.status < 500) problems.push(`${res.status} not in the error shape: ${shape}`);
      const after = await fingerprint.take();
      const recorded = RECORDED_REFUSALS[op.operationId];
      const isRecorded = recorded?.status === res.status && (res.body as { code?: unknown } | undefined)?.code === recorded.code;
      const changed = TableFingerprint.diff(before, after).filter((table) => !(isRecorded && recorded.tables.includes(table)));
      if (changed.length) problems.push(`refused with ${res.status} but wrote to ${changed.join(', ')}`);
      before = after;
    } else {
      tally.accepted++;
      if (c.kind === 'invalid') problems.push(`invalid request accepted with ${res.status}`);
      before = await fingerprint.take();
    }
    return problems.map((p) => `${op.operationId} [${c.kind}: ${c.why}] ${c.method} ${c.url.slice(0, 120)} ${c.payload ? c.payload.slice(0, 160) : ''} → ${p}`);
  }

  it.each(ops.map((op) => [`${op.method} ${op.path} (${op.operationId})`, op] as const))('%s', async (_name, op) => {
    const opSeed = SEED + ops.indexOf(op) * 7919;
    const valid = fc.sample(builder.validParts(op), { seed: opSeed, numRuns: RUNS }).map((p) => builder.toCase(op, p, 'valid', 'valid values'));
    const invalid = fc.sample(builder.invalidCases(op), { seed: opSeed + 1, numRuns: RUNS }).filter((c): c is Case => c !== null);
    const problems: string[] = [];
    const logsBefore = t.logs.length;
    for (const c of [...valid, ...invalid]) problems.push(...(await exercise(op, c)));
    const errors = t.logs.slice(logsBefore).filter((l) => /"level":(5\d|60)/.test(l));
    expect({ problems, loggedErrors: errors.slice(0, 3), unhandled: unhandled.map(String) }).toEqual({ problems: [], loggedErrors: [], unhandled: [] });
  });
});
