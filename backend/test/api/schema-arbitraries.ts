import fc from 'fast-check';
import { textProblem } from '../../src/core/http/storable-text';

/**
 * fast-check arbitraries from the OpenAPI document's JSON schemas, for the spec-driven fuzz suite
 * (api-fuzz.e2e-spec.ts). Hand-written: the one JSON-schema → fast-check package on npm
 * (json-schema-fast-check) is a pre-1.0 0.0.x that draws only valid values, while the point here is
 * the edges (odd Unicode, injection strings, extreme numbers) and one-defect invalid requests; and
 * the OpenAPI 3.0 subset Nest's swagger plugin emits is small: $ref, allOf,
 * enum, nullable, the five scalar types with their bounds, formats uuid/email/date-time, pattern,
 * arrays and objects with `required` and `additionalProperties`.
 */

export interface JsonSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  example?: unknown;
  default?: unknown;
}

/** Strings that have broken other systems: SQL, markup, path tricks, odd Unicode. All storable by PostgreSQL. */
export const NASTY_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE leads; --",
  '1; SELECT pg_sleep(0)--',
  '" UNION SELECT password_hash FROM users --',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{constructor.constructor("return 1")()}}',
  '${7*7}',
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  '__proto__',
  'constructor',
  '\u202Eevil\u202C', // right-to-left override
  'e\u0301\u0301\u0301\u0301', // stacked combining marks
  '\u200B\u200C\u200D\uFEFF', // zero-width characters
  '👩‍👩‍👧‍👦🏳️‍🌈',
  '𝕳𝖊𝖑𝖑𝖔 𒀱 𠜎',
  'مرحبا بالعالم',
  '\t\r\n\u000B\u000C',
  ' ',
  'null',
  'undefined',
  'NaN',
  '-1',
  '9'.repeat(40),
];

/** Numbers at the edges: huge, negative, fractional, the float limits. */
export const EDGE_NUMBERS = [0, -1, -0.5, 1.5, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER, 1e308, -1e308, 5e-324];

/** A storable string: no NUL, no lone surrogate (those are the invalid phase's business). */
export const storable = (s: string) => textProblem(s) === null;

export class SchemaArbitraries {
  constructor(
    private readonly components: Record<string, JsonSchema>,
    /** Real ids to use for uuid fields some of the time, so requests reach past "not found". */
    private readonly ids: () => string[],
  ) {}

  resolve(schema: JsonSchema): JsonSchema {
    let s = schema;
    for (let i = 0; s.$ref && i < 20; i++) s = this.components[s.$ref.replace('#/components/schemas/', '')] ?? {};
    if (s.allOf?.length) {
      const parts = s.allOf.map((p) => this.resolve(p));
      const rest: JsonSchema = { ...s };
      delete rest.allOf;
      return Object.assign({}, ...parts, rest, {
        properties: Object.assign({}, ...parts.map((p) => p.properties ?? {}), rest.properties ?? {}),
        required: [...parts.flatMap((p) => p.required ?? []), ...(rest.required ?? [])],
      }) as JsonSchema;
    }
    return s;
  }

  /** Values the schema allows (semantic rules the schema cannot say may still refuse some). */
  valid(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    const base = this.validNonNull(s, depth);
    return s.nullable ? fc.oneof({ weight: 5, arbitrary: base }, { weight: 1, arbitrary: fc.constant(null) }) : base;
  }

  private validNonNull(s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    if (s.enum?.length) return fc.constantFrom(...s.enum);
    const alternatives = s.oneOf ?? s.anyOf;
    if (alternatives?.length) return fc.oneof(...alternatives.map((a) => this.valid(a, depth + 1)));
    switch (s.type) {
      case 'string':
        return this.validString(s);
      case 'integer':
        return this.validNumber(s, true);
      case 'number':
        return this.validNumber(s, false);
      case 'boolean':
        return fc.boolean();
      case 'array': {
        const max = Math.min(s.maxItems ?? 6, (s.minItems ?? 0) + 6);
        return fc.array(depth > 4 ? fc.constant('x') : this.valid(s.items ?? {}, depth + 1), { minLength: s.minItems ?? 0, maxLength: max });
      }
      case 'object':
      case undefined:
        if (!s.properties && s.type === undefined) return fc.oneof(fc.string(), fc.integer(), fc.boolean());
        return this.validObject(s, depth);
      default:
        return fc.constant(null);
    }
  }

  private validObject(s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    const props = s.properties ?? {};
    const required = new Set(s.required ?? []);
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [k, v] of Object.entries(props)) {
      // An optional field sent as null means "not given" (class-validator's @IsOptional), so null is a valid value for it.
      const value = depth > 4 ? fc.constant(undefined) : this.valid(v, depth + 1);
      model[k] = required.has(k) ? value : fc.oneof({ weight: 8, arbitrary: value }, { weight: 1, arbitrary: fc.constant(null) });
    }
    const record = fc.record(model, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
    if (s.additionalProperties && typeof s.additionalProperties === 'object' && Object.keys(props).length === 0) {
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }).filter(storable), this.valid(s.additionalProperties, depth + 1), { maxKeys: 5 });
    }
    if (s.additionalProperties === true && Object.keys(props).length === 0) {
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }).filter(storable), fc.oneof(fc.string().filter(storable), fc.integer(), fc.boolean()), { maxKeys: 5 });
    }
    return record;
  }

  private validString(s: JsonSchema): fc.Arbitrary<string> {
    const min = s.minLength ?? 0;
    const max = s.maxLength ?? 5000;
    const fits = (v: string) => v.length >= min && v.length <= max && storable(v);
    if (s.format === 'uuid') return fc.oneof(fc.uuid(), fc.constantFrom(...this.realIds()));
    if (s.format === 'email') return fc.emailAddress().filter(fits);
    if (s.format === 'date-time') return fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    if (s.pattern) {
      const re = new RegExp(s.pattern);
      const matching = fc.stringMatching(re).filter(fits);
      // Loose patterns ("some non-blank character") let the nasty strings through too.
      const nasty = NASTY_STRINGS.filter((v) => fits(v) && re.test(v));
      return nasty.length ? fc.oneof({ weight: 3, arbitrary: matching }, { weight: 1, arbitrary: fc.constantFrom(...nasty) }) : matching;
    }
    const longest = Math.min(max, 20_000);
    return fc
      .oneof(
        { weight: 3, arbitrary: fc.string({ minLength: min, maxLength: Math.min(longest, min + 40), unit: 'grapheme' }) },
        { weight: 2, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
        { weight: 1, arbitrary: fc.string({ minLength: min, maxLength: Math.min(longest, min + 10), unit: 'binary' }) },
        // As long as allowed: the column must hold whatever the validator lets through.
        { weight: 1, arbitrary: fc.constantFrom('é', '😀', 'a', '漢').map((c) => c.repeat(Math.max(min, Math.floor(longest / c.length)))) },
      )
      .map((v) => (v.length < min ? v.padEnd(min, 'x') : v.length > max ? v.slice(0, max) : v))
      .filter(fits);
  }

  private validNumber(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
    const min = s.minimum ?? -1e12;
    const max = s.maximum ?? 1e12;
    const edges = EDGE_NUMBERS.filter((n) => n >= min && n <= max && (!integer || Number.isInteger(n)));
    const within = integer ? fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    const bounds = [min, max].filter((n) => Math.abs(n) < 1e12 || s.minimum !== undefined || s.maximum !== undefined);
    return fc.oneof({ weight: 4, arbitrary: within }, { weight: 1, arbitrary: fc.constantFrom(...bounds, ...edges, Math.round((min + max) / 2)) });
  }

  private realIds(): string[] {
    const ids = this.ids();
    return ids.length ? ids : ['00000000-0000-4000-8000-000000000000'];
  }

  /** A value of some other type than the schema allows (null only for a required, non-nullable field). */
  wrongType(schema: JsonSchema, required = true): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    const type = s.enum ? 'enum' : (s.type ?? 'object');
    const options: unknown[] = [];
    if (type !== 'string' && type !== 'enum') options.push('not a ' + type, '');
    if (type !== 'number' && type !== 'integer') options.push(42, -1e308);
    if (type !== 'boolean') options.push(true);
    if (type !== 'array') options.push([1, 'two']);
    if (type !== 'object') options.push({ nested: { deeper: 'x' } });
    if (type === 'enum') options.push('__not_one_of_the_values__', 7);
    if (type === 'integer') options.push(1.5);
    if (!s.nullable && required) options.push(null);
    return fc.constantFrom(...options);
  }

  /** Values just outside the schema's bounds: too long, too short, too big, too small, badly formed, unstorable. */
  outOfBounds(schema: JsonSchema): unknown[] {
    const s = this.resolve(schema);
    const out: unknown[] = [];
    if (s.type === 'string') {
      if (s.maxLength !== undefined) out.push('x'.repeat(s.maxLength + 1));
      if (s.minLength) out.push('x'.repeat(s.minLength - 1));
      if (s.format === 'uuid') out.push('not-a-uuid', "1' OR '1'='1");
      if (s.format === 'email') out.push('not an email', 'a@');
      if (s.format === 'date-time') out.push('yesterday-ish', '2024-13-45T99:99:99Z');
      if (s.pattern && !new RegExp(s.pattern).test('!!')) out.push('!!');
      out.push('nul\u0000inside', 'lone \uD800 surrogate');
    }
    if (s.type === 'number' || s.type === 'integer') {
      if (s.maximum !== undefined) out.push(s.maximum + 1, 1e308);
      if (s.minimum !== undefined) out.push(s.minimum - 1, -1e308);
    }
    if (s.type === 'array') {
      if (s.maxItems !== undefined) out.push(Array.from({ length: s.maxItems + 1 }, () => 'x'));
      if (s.minItems) out.push([]);
    }
    return out;
  }
}
