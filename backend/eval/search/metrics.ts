/** Ranking metrics for the search eval. Pure functions over unit refs and graded judgments. */
import type { Grade } from './judge';

export const K = 10;

const gain = (g: number) => 2 ** g - 1;
const discount = (rank: number) => 1 / Math.log2(rank + 1); // rank from 1

/**
 * nDCG@k with graded gains 2^g − 1. The ideal ranking is the best k of ALL judged units for the
 * query, so a system is not rewarded for returning fewer results. 0 when nothing is relevant.
 */
export function ndcgAt(ranked: string[], judged: Record<string, Grade>, k = K): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((ref, i) => {
    dcg += gain(judged[ref] ?? 0) * discount(i + 1);
  });
  const ideal = Object.values(judged)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce<number>((s, g, i) => s + gain(g) * discount(i + 1), 0);
  return ideal > 0 ? dcg / ideal : 0;
}

/** Share of the relevant (grade ≥ 1) units found in the top k, out of min(k, #relevant). */
export function recallAt(ranked: string[], judged: Record<string, Grade>, k = K): number {
  const relevant = Object.values(judged).filter((g) => g >= 1).length;
  if (relevant === 0) return 0;
  const found = ranked.slice(0, k).filter((ref) => (judged[ref] ?? 0) >= 1).length;
  return found / Math.min(k, relevant);
}

export const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/**
 * Two-sided paired randomisation (sign-flip) test of mean(a − b) = 0, with a fixed seed so the
 * p-value is the same on every run. `rounds` random sign assignments; p = share at least as extreme.
 */
export function pairedPermutationP(a: number[], b: number[], rounds = 20_000, seed = 42): number {
  const d = a.map((x, i) => x - b[i]);
  const observed = Math.abs(mean(d));
  let state = seed >>> 0;
  const rand = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let extreme = 0;
  for (let r = 0; r < rounds; r++) {
    let s = 0;
    for (const x of d) s += rand() < 0.5 ? -x : x;
    if (Math.abs(s / d.length) >= observed - 1e-12) extreme++;
  }
  return (extreme + 1) / (rounds + 1);
}
