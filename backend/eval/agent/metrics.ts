/** Scoring of the agent evaluation: slot-filling precision/recall/F1, joint and tool-call accuracy. */

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export const emptyCounts = (): Counts => ({ tp: 0, fp: 0, fn: 0 });

export function prf(c: Counts): { precision: number; recall: number; f1: number } {
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

const norm = (v: unknown): unknown => (typeof v === 'string' ? v.trim().toLowerCase() : v);
const isEmpty = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && v.length === 0);

/**
 * One scalar field: a right value is a true positive; a value where none was due is a false
 * positive; a missed value a false negative; a wrong value both (it is said, and the right one is not).
 */
export function scoreScalar(c: Counts, predicted: unknown, gold: unknown): boolean {
  const p = isEmpty(predicted) ? null : norm(predicted);
  const g = isEmpty(gold) ? null : norm(gold);
  if (p === null && g === null) return true;
  if (p !== null && g !== null && p === g) {
    c.tp++;
    return true;
  }
  if (p !== null) c.fp++;
  if (g !== null) c.fn++;
  return false;
}

/** A list field, item by item (case-insensitive). True when the sets are equal. */
export function scoreList(c: Counts, predicted: string[] | null | undefined, gold: string[] | null | undefined): boolean {
  const p = new Set((predicted ?? []).map((x) => x.trim().toLowerCase()));
  const g = new Set((gold ?? []).map((x) => x.trim().toLowerCase()));
  let hit = 0;
  for (const x of p) if (g.has(x)) hit++;
  c.tp += hit;
  c.fp += p.size - hit;
  c.fn += g.size - hit;
  return hit === p.size && hit === g.size;
}
