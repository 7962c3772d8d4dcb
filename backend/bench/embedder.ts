import { performance } from 'node:perf_hooks';
import { unitText } from '../src/embedding/embedding-provider';
import { LocalHashEmbedder } from '../src/embedding/local-hash-embedder';
import { readListingsFile } from '../src/seed/lead-loader';

/**
 * Throughput of the default embedder: LocalHashEmbedder.embed() over all `texts`, three timed runs,
 * the median reported (after one untimed warm-up over up to 1,000 texts, so the JIT and the word cache
 * are warm as they are in a running server). Measures only; never fails on a time.
 *
 * backend/bench/run.ts calls it with the 21,613 unit texts. Run alone (after `nest build`):
 *   node dist/backend/bench/embedder.js
 */
export async function benchEmbedder(texts: string[]): Promise<{ unitsPerSecond: number; ms: number }> {
  const embedder = new LocalHashEmbedder();
  await embedder.embed(texts.slice(0, 1000));
  const runs: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const vectors = await embedder.embed(texts);
    runs.push(performance.now() - t0);
    if (vectors.length !== texts.length) throw new Error(`embedder returned ${vectors.length} vectors for ${texts.length} texts`);
  }
  const ms = [...runs].sort((a, b) => a - b)[1];
  return { unitsPerSecond: ms > 0 ? texts.length / (ms / 1000) : Infinity, ms };
}

async function main(): Promise<void> {
  const texts = readListingsFile().map(unitText);
  const { unitsPerSecond, ms } = await benchEmbedder(texts);
  process.stdout.write(`LocalHashEmbedder: ${texts.length} unit texts in ${ms.toFixed(0)} ms (median of 3) = ${Math.round(unitsPerSecond)} units/s\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
