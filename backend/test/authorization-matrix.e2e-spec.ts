import { randomUUID } from 'node:crypto';
import { ModulesContainer } from '@nestjs/core';
import { IS_PUBLIC, ROLES } from '../src/core/auth/auth.decorators';
import { UserRole } from '../src/core/auth/roles';
import { createAgent, createTestApp, login, TestApp } from './harness';
import { ACCESS_RULES, Rule, RuleContext } from './api/access-rules';
import { call, Credentials, errorShapeProblem, fillPath, isPublicOperation, loadSpec, Operation, operations, RawResponse, send } from './api/api-world';

/**
 * Issue 14 point 11: the authorisation matrix, generated. Every operation in docs/openapi.json ×
 * {anonymous, agent on own lead, agent on another agent's lead, admin, API key, revoked key,
 * deactivated user} → the status its rule (api/access-rules.ts) says. An operation without a rule
 * fails the suite; so does a rule weaker than the route's @Public()/@Roles() metadata. For another
 * agent's lead (or view), the answer is byte for byte the answer for one that does not exist.
 */
const spec = loadSpec();
const ops = operations(spec);

type Actor = 'anonymous' | 'agentOwn' | 'agentOther' | 'admin' | 'apiKey' | 'revokedKey' | 'deactivated';
const ACTORS: Actor[] = ['anonymous', 'agentOwn', 'agentOther', 'admin', 'apiKey', 'revokedKey', 'deactivated'];

function successStatus(op: Operation, rule: Rule): number {
  if (rule.ok !== undefined) return rule.ok;
  const documented = Object.keys(op.responses).map(Number).filter((s) => s >= 200 && s < 300);
  return documented[0] ?? 200;
}

/** The status this caller must get, per the rule. */
function expected(op: Operation, rule: Rule, actor: Actor, anonymous: number): number {
  if (rule.access === 'public') return rule.ok ?? anonymous;
  const ok = successStatus(op, rule);
  if (actor === 'anonymous' || actor === 'revokedKey' || actor === 'deactivated') return 401;
  if (actor === 'admin') return ok;
  // An agent, with a token or with a key made for them.
  if (rule.access === 'admin') return 403;
  if (rule.access === 'person' && actor === 'apiKey') return 403;
  if ((rule.access === 'lead' || rule.access === 'owner') && actor === 'agentOther') return 404;
  return ok;
}

describe('the authorisation matrix over every operation in docs/openapi.json (real app, real PostgreSQL)', () => {
  let t: TestApp;
  let adminToken: string;
  let admin: { id: string; token: string };
  let agentA: { id: string; token: string };
  let agentB: { id: string; token: string };
  let creds: Record<Actor, Credentials | undefined>;
  let n = 0;
  const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}`;
  const table: string[] = [];
  let requests = 0;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '10000', WEBSITE_RATE_LIMIT: '100000', META_APP_SECRET: 'matrix-app-secret', META_VERIFY_TOKEN: 'matrix-verify-token', INBOUND_MAIL_SECRET: 'whsec_bWF0cml4LWluYm91bmQtbWFpbC1zZWNyZXQ=' });
    adminToken = await login(t);
    admin = { id: (await call(t, 'GET', '/api/auth/me', { token: adminToken })).id as string, token: adminToken };
    agentA = await createAgent(t, adminToken, 'Agent Own');
    agentB = await createAgent(t, adminToken, 'Agent Other');
    const keyA = (await call(t, 'POST', '/api/api-keys', { token: adminToken }, { name: 'key of A', userId: agentA.id })).key as string;
    const revoked = await call(t, 'POST', '/api/api-keys', { token: adminToken }, { name: 'revoked key of A', userId: agentA.id });
    await call(t, 'DELETE', `/api/api-keys/${String(revoked.id)}`, { token: adminToken });
    const gone = await createAgent(t, adminToken, 'Agent Gone');
    await call(t, 'PATCH', `/api/users/${gone.id}`, { token: adminToken }, { active: false });
    creds = {
      anonymous: undefined,
      agentOwn: { token: agentA.token },
      agentOther: { token: agentA.token },
      admin: { token: adminToken },
      apiKey: { apiKey: keyA },
      revokedKey: { apiKey: revoked.key as string },
      deactivated: { token: gone.token },
    };
  });

  afterAll(async () => {
    process.stdout.write(`Authorisation matrix: ${ops.length} operations × ${ACTORS.length} callers, ${requests} requests\n${['operation'.padEnd(28) + ACTORS.map((a) => a.padStart(12)).join(''), ...table].join('\n')}\n`);
    await t?.close();
  });

  it('every operation in the spec has a declared access rule, and no rule names an operation the spec lacks', () => {
    const missing = ops.map((o) => o.operationId).filter((id) => !ACCESS_RULES[id]);
    const stale = Object.keys(ACCESS_RULES).filter((id) => !ops.some((o) => o.operationId === id));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it("every rule agrees with its route's metadata and the spec's security", () => {
    const handlers = new Map<string, { isPublic: boolean; roles?: UserRole[] }>();
    for (const mod of t.app.get(ModulesContainer).values()) {
      for (const wrapper of mod.controllers.values()) {
        const cls = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
        if (!cls) continue;
        for (const name of Object.getOwnPropertyNames(cls.prototype)) {
          const handler = (cls.prototype as Record<string, unknown>)[name];
          if (typeof handler !== 'function' || name === 'constructor') continue;
          const isPublic = Boolean(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, cls));
          const roles = (Reflect.getMetadata(ROLES, handler) ?? Reflect.getMetadata(ROLES, cls)) as UserRole[] | undefined;
          handlers.set(name, { isPublic, roles });
        }
      }
    }
    const disagreements = ops.flatMap((op) => {
      const rule = ACCESS_RULES[op.operationId];
      const route = handlers.get(op.operationId);
      if (!rule) return [];
      if (!route) return [`${op.operationId}: no controller method of that name`];
      const adminOnly = route.roles?.length === 1 && route.roles[0] === UserRole.Admin;
      const problems: string[] = [];
      if (route.isPublic !== (rule.access === 'public')) problems.push(`${op.operationId}: rule says ${rule.access}, route is ${route.isPublic ? '' : 'not '}@Public()`);
      if (adminOnly !== (rule.access === 'admin')) problems.push(`${op.operationId}: rule says ${rule.access}, route is ${adminOnly ? '' : 'not '}@Roles(admin)`);
      if (isPublicOperation(op) !== (rule.access === 'public')) problems.push(`${op.operationId}: the spec's security disagrees with the rule`);
      return problems;
    });
    expect(disagreements).toEqual([]);
  });

  async function cell(op: Operation, rule: Rule, actor: Actor, missing = false): Promise<RawResponse> {
    const ownerOf = (): { id: string; token: string } => {
      if (actor === 'agentOther') return agentB;
      if (actor === 'admin' && rule.adminActsOnOwn) return admin;
      return agentA;
    };
    const ctx: RuleContext = { t, adminToken, owner: ownerOf(), unique };
    const ids = { ...(rule.fixture ? await rule.fixture(ctx) : {}) };
    if (missing) ids[rule.scope ?? 'lead'] = randomUUID();
    const parts = rule.request?.(ids, ctx) ?? {};
    requests++;
    return send(t, {
      method: op.method,
      url: fillPath(op.path, parts.params ?? {}) + (parts.query ? `?${parts.query}` : ''),
      auth: creds[actor],
      ...(parts.body !== undefined ? { payload: JSON.stringify(parts.body) } : {}),
      headers: { 'x-forwarded-for': '10.9.8.7', ...parts.headers },
    });
  }

  it.each(ops.map((op) => [`${op.method} ${op.path} (${op.operationId})`, op] as const))('%s', async (_name, op) => {
    const rule = ACCESS_RULES[op.operationId];
    if (!rule) throw new Error(`${op.operationId} has no rule in backend/test/api/access-rules.ts: declare who may call it`);
    const got: Record<string, number> = {};
    const want: Record<string, number> = {};
    const shapes: string[] = [];
    for (const actor of ACTORS) {
      const res = await cell(op, rule, actor);
      got[actor] = res.status;
      want[actor] = expected(op, rule, actor, got.anonymous);
      if (res.status >= 400) {
        const problem = errorShapeProblem(res);
        if (problem) shapes.push(`${actor}: ${problem}`);
      }
    }
    table.push(op.operationId.padEnd(28) + ACTORS.map((a) => String(got[a]).padStart(12)).join(''));
    expect({ statuses: got, errorShape: shapes }).toEqual({ statuses: want, errorShape: [] });
    if (rule.access === 'lead' || rule.access === 'owner') {
      // No existence leak: another agent's record and a record that does not exist look the same.
      const other = await cell(op, rule, 'agentOther');
      const absent = await cell(op, rule, 'agentOther', true);
      expect({ status: other.status, body: other.raw, type: other.headers['content-type'] }).toEqual({ status: absent.status, body: absent.raw, type: absent.headers['content-type'] });
    }
  });
});
