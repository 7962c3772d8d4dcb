/**
 * An admin's mapping of a partner's JSON to a lead: which JSON path fills which contact or
 * profile field. The values are then read like Lead Ads form answers (the same budget, bedroom and
 * timeline readers), so "500-600k" under budget is a range whichever source sent it.
 */

/** What a path may fill, and the form question it reads as (see form-answers.ts). */
export const MAPPING_TARGETS = {
  name: 'full_name',
  first_name: 'first_name',
  last_name: 'last_name',
  email: 'email',
  phone: 'phone_number',
  city: 'city',
  budget: 'budget',
  bedrooms: 'bedrooms',
  bathrooms: 'bathrooms',
  purpose: 'buy_or_rent',
  timeline: 'timeline',
  financing: 'financing',
  property_type: 'property_type',
  area: 'area',
  language: 'language',
  message: 'message',
} as const;

export type MappingTarget = keyof typeof MAPPING_TARGETS;
export const MAPPING_TARGET_NAMES = Object.keys(MAPPING_TARGETS) as MappingTarget[];

/** `$.lead.contact.email`, `lead.answers[0].value`, `fields.0.value`: dotted keys and array indexes. */
export const JSON_PATH = /^(\$\.?)?[A-Za-z_][\w-]{0,80}(\.[A-Za-z_][\w-]{0,80}|\[\d{1,4}\]|\.\d{1,4})*$/;

/** Why a mapping cannot be used, or null. At least one contact field must be mapped. */
export function mappingProblem(mapping: Record<string, unknown>): string | null {
  const entries = Object.entries(mapping);
  if (!entries.length) return 'Map at least one field';
  for (const [target, path] of entries) {
    if (!(target in MAPPING_TARGETS)) return `Unknown field "${target}"; use one of: ${MAPPING_TARGET_NAMES.join(', ')}`;
    if (typeof path !== 'string' || !JSON_PATH.test(path)) return `The path for "${target}" is not a JSON path like $.lead.email or answers[0].value`;
  }
  if (!entries.some(([t]) => t === 'name' || t === 'first_name' || t === 'last_name' || t === 'email' || t === 'phone')) return 'Map at least one of name, first_name, last_name, email or phone';
  return null;
}

/** The path's steps: `$.a.b[0]` → ['a', 'b', 0]. */
function steps(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.replace(/^\$\.?/, '').split('.')) {
    const [key, ...idx] = part.split('[');
    if (key) out.push(/^\d+$/.test(key) ? Number(key) : key);
    for (const i of idx) out.push(Number(i.replace(']', '')));
  }
  return out;
}

/** The value at a path, as text: scalars as they are, lists of scalars joined; anything else is absent. */
export function valueAt(body: unknown, path: string): string | null {
  let at: unknown = body;
  for (const step of steps(path)) {
    if (typeof step === 'number' ? !Array.isArray(at) : typeof at !== 'object' || at === null || Array.isArray(at)) return null;
    at = (at as Record<string | number, unknown>)[step];
  }
  if (typeof at === 'string') return at.trim() ? at.trim().slice(0, 2000) : null;
  if (typeof at === 'number' || typeof at === 'boolean') return String(at);
  if (Array.isArray(at) && at.length && at.every((v) => typeof v === 'string' || typeof v === 'number')) return at.join(', ').slice(0, 2000);
  return null;
}

/** The mapped values found in a delivery (targets whose path holds nothing are left out). */
export function applyMapping(mapping: Record<string, string>, body: unknown): Partial<Record<MappingTarget, string>> {
  const out: Partial<Record<MappingTarget, string>> = {};
  for (const [target, path] of Object.entries(mapping)) {
    const v = valueAt(body, path);
    if (v !== null && target in MAPPING_TARGETS) out[target as MappingTarget] = v;
  }
  return out;
}

/** The mapped values as form answers (`field_data`) for readLeadForm. */
export const asFormAnswers = (fields: Partial<Record<MappingTarget, string>>) =>
  Object.entries(fields).map(([target, value]) => ({ name: MAPPING_TARGETS[target as MappingTarget], values: [value] }));

export const hasContact = (fields: Partial<Record<MappingTarget, string>>) => Boolean(fields.name || fields.first_name || fields.last_name || fields.email || fields.phone);
