import type { FastifyInstance } from 'fastify';
import { DomainError } from './domain-error';

/** Where a value arrived. */
export type TextSource = 'body' | 'query' | 'path' | 'header';

export interface UnstorableText {
  source: TextSource;
  /** `contact.name`, `tags[2]`, `q`, `x-request-id`; a bad object key is named by its own path. */
  field: string;
  problem: string;
}

const NUL = 'contains a NUL character (\\u0000)';
const SURROGATE = 'contains an unpaired surrogate (not valid Unicode)';

/** Why PostgreSQL's text types would refuse a string (NUL) or mangle it (lone surrogates), or null. */
export function textProblem(s: string): string | null {
  if (s.includes('\0')) return NUL;
  if (LONE_SURROGATE.test(s)) return SURROGATE;
  return null;
}

// Without the `u` flag a regex sees UTF-16 code units: a high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const child = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/**
 * The first string (value or object key) in `value` that PostgreSQL cannot store. Walks with its own
 * stack, not recursion: a body of 500,000 nested arrays must be a 400, not a stack overflow.
 */
export function findUnstorableText(value: unknown, source: TextSource): UnstorableText | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop() as { value: unknown; path: string };
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) return { source, field: path || source, problem };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: child(path, i) });
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      const entries = Object.entries(v as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i];
        const problem = textProblem(key);
        // A bad key is reported with its neighbours' path, escaped so the message itself stays printable.
        if (problem) return { source, field: child(path, JSON.stringify(key).slice(1, -1)), problem: `has a key that ${problem}` };
        stack.push({ value: item, path: child(path, key) });
      }
    }
  }
  return null;
}

/**
 * The one place that keeps text PostgreSQL cannot store away from every route: body (JSON, nested,
 * keys included), query, path parameters and headers are checked after parsing and before
 * validation, so a refused request runs no handler and writes nothing. Answers 400
 * `unstorable_text` in the standard error shape, naming the field. Node's HTTP parser already
 * refuses a NUL in a header on a real socket; the header check covers the rest (and injected requests).
 */
export function refuseUnstorableText(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (req, _reply, done) => {
    const found =
      findUnstorableText(req.body, 'body') ??
      findUnstorableText(req.query, 'query') ??
      findUnstorableText(req.params, 'path') ??
      findUnstorableText(req.headers, 'header');
    if (!found) return done();
    const where = found.source === 'header' ? 'header' : found.source === 'path' ? 'path parameter' : found.source === 'query' ? 'query parameter' : 'field';
    done(
      new DomainError('invalid', 'unstorable_text', `Invalid request: ${where} ${found.field} ${found.problem}`, [
        { field: found.field, in: found.source, errors: [found.problem] },
      ]),
    );
  });
}
