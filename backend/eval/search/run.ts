import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { createScratchDatabase } from '../../bench/scratch-database';
import { AuditModule } from '../../src/audit/audit.module';
import { AuditTrailModule } from '../../src/core/audit/audit-trail.module';
import { AppConfig } from '../../src/core/config/app-config';
import { ConfigModule } from '../../src/core/config/config.module';
import { validateEnv } from '../../src/core/config/env';
import { DatabaseModule } from '../../src/core/database/database.module';
import { databaseOptions } from '../../src/core/database/database-options';
import { configureQueueBackend } from '../../src/core/queue/queue-backend';
import { QueueModule } from '../../src/core/queue/queue.module';
import { JOBS } from '../../src/queues';
import { EMBEDDING_PROVIDER, EmbeddingProvider, embeddingVersionOf } from '../../src/embedding/embedding-provider';
import { EmbeddingModule } from '../../src/embedding/embedding.module';
import { INDEXED_UNITS, type IndexedUnits, IndexedUnitsModule } from '../../src/embedding/indexed-units';
import { UnitIndexer } from '../../src/embedding/unit-indexer.service';
import { VECTOR_STORE, VectorStore } from '../../src/embedding/vector-store';
import { InventoryModule } from '../../src/inventory/inventory.module';
import { InventoryService } from '../../src/inventory/inventory.service';
import type { UnitFilter } from '../../src/inventory/unit-search-query';
import { UnitStatus } from '../../src/inventory/unit.enums';
import { insertListings, readListingsFile } from '../../src/seed/lead-loader';
import { SeedRepository } from '../../src/seed/seed.repository';
import { Coverage, coverage, listingVocabulary } from './coverage';
import { Judgments, judge, JUDGMENTS_PATH, REPO_ROOT, serialiseJudgments } from './judge';
import { K, mean, ndcgAt, pairedPermutationP, recallAt } from './metrics';
import { EvalFilters, QUERIES } from './queries';
import { RAW_JUDGMENTS_PATH, rawJudge, readRawJudgedUnits, serialiseRawJudgments } from './raw-judge';
import { RAW_QUERIES } from './raw-queries';

/**
 * `npm run eval:search`: relevance of unit search on the judged King County query set.
 *
 * Creates a fresh database (on BENCH_DATABASE_URL or TEST_DATABASE_URL's server, else an embedded
 * PostgreSQL in a temp folder), migrates it, loads the 21,613 listings, embeds every unit with the
 * app's own indexer, then runs each query of queries.ts through four systems:
 *   filters-only   InventoryService.search(filters), no q: the filter panel, cheapest first
 *   lexical-only   InventoryService.rank(text, filters, 'lexical')   (diagnostic)
 *   semantic-only  InventoryService.rank(text, filters, 'semantic')
 *   hybrid         InventoryService.rank(text, filters, 'hybrid')    (what `q` does by default)
 * and scores the top 10 against the set's judgments (nDCG@10, recall@10). Two query sets, each with
 * its own judgments file, results section in docs/SEARCH-EVAL.md and results file:
 *   features  queries.ts, judged by judge.ts from the units' derived `features` (judgments.json)
 *   raw       raw-queries.ts, judged by raw-judge.ts from the CSV's own attributes (raw-judgments.json),
 *             reported with the lexicon coverage of each query (coverage.ts)
 * Both run by default; `--set features` or `--set raw` runs one. Prints a table and per-query rows,
 * rewrites the set's results section of docs/SEARCH-EVAL.md and writes bench/results/search-eval*.json.
 *
 * The embedder is whatever the environment selects (OPENAI_API_KEY → OpenAI, else the local one).
 * QDRANT_URL and REDIS_URL are ignored: vectors go to PostgreSQL and queues to the eval database,
 * so nothing outside the throwaway database is touched.
 */
const EMBED_BATCH = 2000;
const SYSTEMS = ['filters-only', 'lexical-only', 'semantic-only', 'hybrid'] as const;
type System = (typeof SYSTEMS)[number];

const DOC_PATH = resolve(REPO_ROOT, 'docs', 'SEARCH-EVAL.md');
const RESULTS_DIR = resolve(REPO_ROOT, 'bench', 'results');

/** A query as the runner needs it: the text, the filters, and the words of its soft wishes. */
interface RunQuery {
  id: string;
  text: string;
  filters: EvalFilters;
  wishes: string[];
}

interface QuerySet {
  name: 'features' | 'raw';
  title: string;
  queries: RunQuery[];
  judgmentsPath: string;
  /** What the judge gives today, serialised: the committed file must equal it. */
  expected: () => string;
  regenerate: string;
  start: string;
  end: string;
  resultsFile: string;
}

const judgeCommand = (file: string) => `npx nest build && node dist/backend/eval/search/${file}`;
const QUERY_SETS: QuerySet[] = [
  {
    name: 'features',
    title: 'first set (judged from derived features)',
    queries: QUERIES.map((q) => ({ id: q.id, text: q.text, filters: q.filters, wishes: q.intent.soft.map((n) => n.says) })),
    judgmentsPath: JUDGMENTS_PATH,
    expected: () => serialiseJudgments(QUERIES, judge(QUERIES, readListingsFile())),
    regenerate: judgeCommand('judge.js'),
    start: '<!-- eval:search results start (generated by npm run eval:search; do not edit by hand) -->',
    end: '<!-- eval:search results end -->',
    resultsFile: 'search-eval.json',
  },
  {
    name: 'raw',
    title: 'second set (judged from raw attributes)',
    queries: RAW_QUERIES.map((q) => ({ id: q.id, text: q.text, filters: q.filters, wishes: q.needs.map((n) => n.says) })),
    judgmentsPath: RAW_JUDGMENTS_PATH,
    expected: () => serialiseRawJudgments(RAW_QUERIES, rawJudge(RAW_QUERIES, readRawJudgedUnits())),
    regenerate: judgeCommand('raw-judge.js'),
    start: '<!-- eval:search raw-set results start (generated by npm run eval:search; do not edit by hand) -->',
    end: '<!-- eval:search raw-set results end -->',
    resultsFile: 'search-eval-raw.json',
  },
];
export const RESULTS_START = QUERY_SETS[0].start;
export const RESULTS_END = QUERY_SETS[0].end;

/** `--set features|raw` (or `--set=raw`): one set; default both. */
function chosenSets(argv: string[]): QuerySet[] {
  const i = argv.findIndex((a) => a === '--set' || a.startsWith('--set='));
  if (i < 0) return QUERY_SETS;
  const name = argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  const set = QUERY_SETS.find((s) => s.name === name);
  if (!set) throw new Error(`--set must be one of ${QUERY_SETS.map((s) => s.name).join(', ')}; got ${name}`);
  return [set];
}

const log = (s: string) => process.stdout.write(`${s}\n`);
const progress = (s: string) => process.stderr.write(s);
const f3 = (x: number) => x.toFixed(3);
/** The test's resolution is 1 / 20,001: say "< 0.001" rather than print a zero. */
const fmtP = (p: number) => (p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`);

interface QueryResult {
  id: string;
  text: string;
  /** Lexicon coverage of the whole query and of its wish words. */
  coverage: { query: Coverage; wishes: Coverage };
  relevant: number;
  grade2: number;
  top: Record<System, string[]>;
  ndcg: Record<System, number>;
  recall: Record<System, number>;
}

async function main(): Promise<void> {
  const sets = chosenSets(process.argv.slice(2));
  // The committed judgments must be what the judge gives on today's queries and listings.
  const judgmentsOf = new Map(sets.map((set) => [set.name, loadJudgments(set)]));
  const scratch = await createScratchDatabase('search_eval', process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL, progress);
  const dbUrl = scratch.url;

  try {
    const t0 = Date.now();
    const listings = readListingsFile();
    const vocabulary = listingVocabulary(listings);

    const ds = await new DataSource(databaseOptions(dbUrl, 4)).initialize();
    await ds.runMigrations({ transaction: 'each' });
    await insertListings(new SeedRepository(ds), listings);
    // Ids from refs instead of random UUIDs: ties (same price, same score) are broken by id in the
    // search SQL and in the fusion, so this makes every run rank ties the same way.
    await ds.query(`UPDATE units SET id = md5(ref)::uuid`);
    await ds.query('VACUUM ANALYZE units');
    await ds.destroy();
    progress(`Loaded ${listings.length.toLocaleString('en-US')} listings in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);

    const env = validateEnv({ ...process.env, DATABASE_URL: dbUrl, QDRANT_URL: undefined, REDIS_URL: undefined, MIGRATE_ON_START: 'false', LOG_LEVEL: 'warn', DB_POOL_SIZE: '8' });
    const config = new AppConfig({ env, databaseUrl: dbUrl, jwtSecret: '' });
    const queue = configureQueueBackend(config);

    @Module({ imports: [ConfigModule.forRoot(config), DatabaseModule, QueueModule.register(queue, { admin: false, jobs: JOBS }), EmbeddingModule, IndexedUnitsModule.forRoot(InventoryModule), AuditTrailModule.forRoot(AuditModule)] })
    class SearchEvalModule {}

    const app = await NestFactory.createApplicationContext(SearchEvalModule, { logger: ['error', 'warn'] });
    try {
      const provider = app.get<EmbeddingProvider>(EMBEDDING_PROVIDER);
      const store = app.get<VectorStore>(VECTOR_STORE);
      const indexer = app.get(UnitIndexer);
      const unitsRepo = app.get<IndexedUnits>(INDEXED_UNITS);
      const inventory = app.get(InventoryService);
      const db = app.get(DataSource);

      const t1 = Date.now();
      const ids = await unitsRepo.allIds();
      for (let i = 0; i < ids.length; i += EMBED_BATCH) {
        await indexer.embedUnits(ids.slice(i, i + EMBED_BATCH));
        progress(`\rEmbedding with ${embeddingVersionOf(provider)}: ${Math.min(i + EMBED_BATCH, ids.length).toLocaleString('en-US')}/${ids.length.toLocaleString('en-US')}`);
      }
      const embeddedCount = await unitsRepo.countEmbedded(indexer.version);
      progress(`\nEmbedded ${embeddedCount.toLocaleString('en-US')} units in ${((Date.now() - t1) / 1000).toFixed(1)} s (vector store: ${store.id})\n`);
      if (embeddedCount !== ids.length) throw new Error(`only ${embeddedCount} of ${ids.length} units were embedded`);

      const refOf = new Map((await db.query<{ id: string; ref: string }[]>('SELECT id, ref FROM units')).map((r) => [r.id, r.ref]));
      const refs = (unitIds: string[]) => unitIds.slice(0, K).map((id) => refOf.get(id) ?? `?${id}`);

      const run = async (q: RunQuery): Promise<Record<System, string[]>> => {
        const filter: UnitFilter = { ...q.filters, status: [UnitStatus.Available] };
        const page = await inventory.search({ ...q.filters, pageSize: K });
        return {
          'filters-only': page.items.map((u) => u.ref).slice(0, K),
          'lexical-only': refs((await inventory.rank(q.text, filter, 'lexical')).map((r) => r.id)),
          'semantic-only': refs((await inventory.rank(q.text, filter, 'semantic')).map((r) => r.id)),
          hybrid: refs((await inventory.rank(q.text, filter, 'hybrid')).map((r) => r.id)),
        };
      };

      for (const set of sets) {
        const judgments = judgmentsOf.get(set.name) ?? {};
        const results: QueryResult[] = [];
        for (const q of set.queries) {
          const judged = judgments[q.id] ?? {};
          const top = await run(q);
          const per = <T>(fn: (s: System) => T) => Object.fromEntries(SYSTEMS.map((s) => [s, fn(s)])) as Record<System, T>;
          results.push({
            id: q.id,
            text: q.text,
            coverage: { query: coverage(q.text, vocabulary), wishes: coverage(q.wishes.join(' . '), vocabulary) },
            relevant: Object.keys(judged).length,
            grade2: Object.values(judged).filter((g) => g === 2).length,
            top,
            ndcg: per((s) => ndcgAt(top[s], judged)),
            recall: per((s) => recallAt(top[s], judged)),
          });
        }

        const report = summarise(set, results, judgments, {
          embedder: embeddingVersionOf(provider),
          vectorStore: store.id,
          units: listings.length,
          available: listings.filter((l) => l.status === UnitStatus.Available).length,
        });
        log(`\n== ${set.title} ==\n`);
        log(report.console);
        writeDoc(set, report.markdown);
        mkdirSync(RESULTS_DIR, { recursive: true });
        writeFileSync(resolve(RESULTS_DIR, set.resultsFile), `${JSON.stringify(report.json, null, 2)}\n`);
        log(`\nWrote ${DOC_PATH} (${set.name} results section) and ${resolve(RESULTS_DIR, set.resultsFile)}`);
      }
    } finally {
      await app.close();
    }
  } finally {
    await scratch.drop();
  }
}

function loadJudgments(set: QuerySet): Judgments {
  if (!existsSync(set.judgmentsPath)) throw new Error(`${set.judgmentsPath} is missing: run \`${set.regenerate}\``);
  const committed = readFileSync(set.judgmentsPath, 'utf8');
  if (set.expected() !== committed) {
    throw new Error(`${set.judgmentsPath} is out of date with the ${set.name} queries, their judge or the listings: run \`${set.regenerate}\` and commit it`);
  }
  return JSON.parse(committed) as Judgments;
}

interface RunInfo {
  embedder: string;
  vectorStore: string;
  units: number;
  available: number;
}

function summarise(set: QuerySet, results: QueryResult[], judgments: Judgments, info: RunInfo) {
  const avg = (s: System, m: 'ndcg' | 'recall') => mean(results.map((r) => r[m][s]));
  const vs = (s: System, m: 'ndcg' | 'recall') => {
    const a = results.map((r) => r[m][s]);
    const b = results.map((r) => r[m]['filters-only']);
    return {
      wins: a.filter((x, i) => x > b[i] + 1e-9).length,
      ties: a.filter((x, i) => Math.abs(x - b[i]) <= 1e-9).length,
      losses: a.filter((x, i) => x < b[i] - 1e-9).length,
      p: pairedPermutationP(a, b),
    };
  };
  const summary = SYSTEMS.map((s) => ({ system: s, ndcg10: avg(s, 'ndcg'), recall10: avg(s, 'recall'), vsFiltersOnly: s === 'filters-only' ? null : { ndcg10: vs(s, 'ndcg'), recall10: vs(s, 'recall') } }));
  const hybrid = summary.find((r) => r.system === 'hybrid');
  const filters = summary.find((r) => r.system === 'filters-only');
  const hybridBeats = !!hybrid && !!filters && hybrid.ndcg10 > filters.ndcg10 && hybrid.recall10 > filters.recall10;

  const sumTable = [
    `| system | nDCG@${K} | recall@${K} | nDCG@${K} vs filters-only: better / same / worse (p) |`,
    '| --- | ---: | ---: | --- |',
    ...summary.map((r) => {
      const v = r.vsFiltersOnly?.ndcg10;
      return `| ${r.system} | ${f3(r.ndcg10)} | ${f3(r.recall10)} | ${v ? `${v.wins} / ${v.ties} / ${v.losses} (p ${fmtP(v.p)})` : '—'} |`;
    }),
  ];
  const short: Record<System, string> = { 'filters-only': 'filt', 'lexical-only': 'lex', 'semantic-only': 'sem', hybrid: 'hyb' };
  const cov = (c: Coverage) => `${c.knownWords.length}·${c.phraseWords.length}/${c.content.length}`;
  const perQuery = [
    `| id | query | wish words known: word·phrase/all | relevant (grade 2) | ${SYSTEMS.map((s) => `nDCG ${short[s]}`).join(' | ')} | ${SYSTEMS.map((s) => `R ${short[s]}`).join(' | ')} |`,
    `| --- | --- | ---: | ---: | ${SYSTEMS.map(() => '---:').join(' | ')} | ${SYSTEMS.map(() => '---:').join(' | ')} |`,
    ...results.map(
      (r) =>
        `| ${r.id} | ${r.text.replace(/\|/g, '\\|')} | ${cov(r.coverage.wishes)} | ${r.relevant} (${r.grade2}) | ${SYSTEMS.map((s) => f3(r.ndcg[s])).join(' | ')} | ${SYSTEMS.map((s) => f3(r.recall[s])).join(' | ')} |`,
    ),
  ];
  const coverageLines = coverageSummary(results);
  const setup = `${results.length} queries; ${info.units.toLocaleString('en-US')} listings (${info.available.toLocaleString('en-US')} available); embedder \`${info.embedder}\`, vector store \`${info.vectorStore}\`; node ${process.version}.`;
  const verdict = hybridBeats ? 'Hybrid beats filters-only on both nDCG@10 and recall@10.' : 'Hybrid does NOT beat filters-only on both nDCG@10 and recall@10.';

  const markdown = [
    set.start,
    '',
    `Last run: ${setup}`,
    '',
    ...sumTable,
    '',
    verdict,
    '',
    `p: two-sided paired randomisation test over the ${results.length} queries (20,000 sign flips, fixed seed).`,
    '',
    ...coverageLines.markdown,
    '',
    '<details><summary>Per query (nDCG@10 and recall@10: filt = filters-only, lex = lexical-only, sem = semantic-only, hyb = hybrid)</summary>',
    '',
    ...perQuery,
    '',
    '</details>',
    '',
    set.end,
  ].join('\n');

  const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));
  const consoleLines = [
    setup,
    '',
    `${pad('system', 15)} nDCG@${K}  recall@${K}`,
    ...summary.map((r) => `${pad(r.system, 15)} ${f3(r.ndcg10).padStart(7)}  ${f3(r.recall10).padStart(9)}`),
    '',
    verdict,
    '',
    ...coverageLines.console,
    '',
    `${pad('id', 4)} ${pad('query', 48)} ${'cover'.padStart(7)} ${'rel'.padStart(5)} ${'g2'.padStart(4)}  ${SYSTEMS.map((s) => `nDCG-${short[s]}`.padStart(9)).join(' ')}  ${SYSTEMS.map((s) => `R-${short[s]}`.padStart(6)).join(' ')}`,
    ...results.map(
      (r) =>
        `${pad(r.id, 4)} ${pad(r.text, 48)} ${cov(r.coverage.wishes).padStart(7)} ${String(r.relevant).padStart(5)} ${String(r.grade2).padStart(4)}  ${SYSTEMS.map((s) => f3(r.ndcg[s]).padStart(9)).join(' ')}  ${SYSTEMS.map((s) => f3(r.recall[s]).padStart(6)).join(' ')}`,
    ),
  ];

  const json = {
    set: set.name,
    ...info,
    k: K,
    coverage: coverageLines.json,
    queries: results.length,
    summary,
    hybridBeatsFiltersOnly: hybridBeats,
    perQuery: results.map((r) => ({
      id: r.id,
      text: r.text,
      coverage: r.coverage,
      relevant: r.relevant,
      grade2: r.grade2,
      ndcg10: r.ndcg,
      recall10: r.recall,
      // The judged grade of each returned unit, in rank order, per system.
      grades: Object.fromEntries(SYSTEMS.map((s) => [s, r.top[s].map((ref) => ({ ref, grade: judgments[r.id]?.[ref] ?? 0 }))])),
    })),
  };
  return { console: consoleLines.join('\n'), markdown, json };
}

/**
 * Lexicon coverage beside the scores: pooled shares of content words (whole query and wish words)
 * the lexicon knows, and nDCG@10 per system for queries grouped by how much of their wish words
 * fall inside a lexicon phrase.
 */
function coverageSummary(results: QueryResult[]) {
  const pooled = (pick: (r: QueryResult) => Coverage, part: 'knownWords' | 'phraseWords' | 'listingWords') => {
    const all = results.reduce((n, r) => n + pick(r).content.length, 0);
    const hit = results.reduce((n, r) => n + pick(r)[part].length, 0);
    return { hit, all, share: all ? hit / all : 0 };
  };
  const perQueryMean = (pick: (r: QueryResult) => Coverage, part: 'knownWords' | 'phraseWords' | 'listingWords') =>
    mean(results.map((r) => (pick(r).content.length ? pick(r)[part].length / pick(r).content.length : 0)));
  const rows = (['query', 'wishes'] as const).map((which) => {
    const pick = (r: QueryResult) => r.coverage[which];
    return {
      which,
      word: pooled(pick, 'knownWords'),
      phrase: pooled(pick, 'phraseWords'),
      listing: pooled(pick, 'listingWords'),
      meanWord: perQueryMean(pick, 'knownWords'),
      meanPhrase: perQueryMean(pick, 'phraseWords'),
    };
  });
  const share = (r: QueryResult) => (r.coverage.wishes.content.length ? r.coverage.wishes.phraseWords.length / r.coverage.wishes.content.length : 0);
  const groups = [
    { label: 'none of the wish words in a lexicon phrase', test: (r: QueryResult) => share(r) === 0 },
    { label: 'some, not all', test: (r: QueryResult) => share(r) > 0 && share(r) < 1 },
    { label: 'all wish words in a lexicon phrase', test: (r: QueryResult) => share(r) === 1 },
  ].map((g) => {
    const rs = results.filter(g.test);
    return { label: g.label, queries: rs.length, ndcg10: Object.fromEntries(SYSTEMS.map((s) => [s, mean(rs.map((r) => r.ndcg[s]))])) as Record<System, number> };
  });
  const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
  const markdown = [
    'Lexicon coverage of the queries (content words; word = the lexicon has the word in some phrase, phrase = the word is inside a lexicon phrase the query contains; listing text = some listing\'s own text has the word):',
    '',
    '| words | content words | known to the lexicon (word) | inside a lexicon phrase | in listing text | per-query mean: word / phrase |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.which === 'query' ? 'whole query' : 'wish words (what is judged)'} | ${r.word.all} | ${r.word.hit} (${pct(r.word.share)}) | ${r.phrase.hit} (${pct(r.phrase.share)}) | ${r.listing.hit} (${pct(r.listing.share)}) | ${pct(r.meanWord)} / ${pct(r.meanPhrase)} |`,
    ),
    '',
    `nDCG@${K} by lexicon coverage of the wish words:`,
    '',
    `| wish words | queries | ${SYSTEMS.join(' | ')} |`,
    `| --- | ---: | ${SYSTEMS.map(() => '---:').join(' | ')} |`,
    ...groups.map((g) => `| ${g.label} | ${g.queries} | ${g.queries ? SYSTEMS.map((s) => f3(g.ndcg10[s])).join(' | ') : SYSTEMS.map(() => '—').join(' | ')} |`),
  ];
  const consoleLines = [
    ...rows.map((r) => `coverage (${r.which}): ${r.word.all} content words; lexicon word ${pct(r.word.share)}, in a lexicon phrase ${pct(r.phrase.share)}, in listing text ${pct(r.listing.share)}`),
    ...groups.map((g) => `nDCG@${K}, ${g.label} (${g.queries}): ${SYSTEMS.map((s) => `${s} ${g.queries ? f3(g.ndcg10[s]) : '—'}`).join(', ')}`),
  ];
  return { markdown, console: consoleLines, json: { pooled: rows, byWishCoverage: groups } };
}

/** Replaces the set's generated section of docs/SEARCH-EVAL.md, keeping everything around it. */
function writeDoc(set: QuerySet, section: string): void {
  const doc = existsSync(DOC_PATH) ? readFileSync(DOC_PATH, 'utf8') : '# Search evaluation\n';
  const start = doc.indexOf(set.start);
  const end = doc.indexOf(set.end);
  const next = start >= 0 && end > start ? `${doc.slice(0, start)}${section}${doc.slice(end + set.end.length)}` : `${doc.trimEnd()}\n\n## Results: ${set.title}\n\n${section}\n`;
  writeFileSync(DOC_PATH, next);
}

main().catch((e: unknown) => {
  process.stderr.write(`\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
