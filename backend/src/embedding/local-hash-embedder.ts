import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { stem } from '../core/text/stem';
import type { EmbeddingProvider } from './embedding-provider';
import {
  ACRE_WORDS,
  BATHROOM_WORDS,
  BEDROOM_WORDS,
  COMPACT_SQFT,
  Concept,
  CONCEPT_GUARDS,
  CONCEPT_IMPLIES,
  CONCEPT_LEXICON,
  EXTRA_ROOM_BEDROOMS,
  EXTRA_ROOM_SQFT,
  LARGE_LOT_ACRES,
  LARGE_LOT_SQFT,
  LOW_INFORMATION_FACTOR,
  LOW_INFORMATION_WORDS,
  NEGATIONS,
  NUMBER_WORDS,
  SPACIOUS_SQFT,
  SQFT_UNITS,
  STOP_WORDS,
} from './local-lexicon';

/**
 * The default embedder: deterministic feature hashing, no network, no model download.
 *
 * A text becomes these features (docs/EMBEDDINGS.md has the why and the limits):
 *  - word unigrams: lower-cased, accent-folded ("rénové" = "renove"), lightly stemmed ("views" =
 *    "view", "remodeled" = "remodel"), English stop words and buyer filler dropped;
 *  - word bigrams of neighbouring kept words within a clause ("lake view");
 *  - character 3–5-grams inside each word with its boundaries marked ("<lake>" → "<la", "lak", …, "ke>"),
 *    so "lakefront" shares something with "lake" and typos still overlap;
 *  - spelled-out or digit numbers (low weight);
 *  - concept features from the real-estate lexicon in local-lexicon.ts ("lakefront" and "sits right on
 *    the waterfront" both add concept:waterfront) and from numbers the listing templates write
 *    ("4 bedrooms" → extra-room, "1.49-acre" → large-lot, "3,200 sq ft of living space" → spacious);
 *  - bedrooms:N / bathrooms:N from "3 bed", "three-bedroom", "3br", "2.5 baths", with a weaker
 *    feature for N±1 so a 4-bed is nearer a 3-bed request than a 6-bed is.
 * Words every templated listing repeats (bedrooms, sq ft, built, condition …) are kept at low weight.
 *
 * Each distinct feature gets weight × (1 + ln tf), is hashed (FNV-1a, murmur3 finaliser) to a bucket and,
 * from a second hash, a sign (so collisions cancel on average instead of piling up), and the vector is
 * L2-normalised. A text with no features (empty, only spaces) gets a fixed unit vector.
 */
export const LOCAL_HASH_ALGORITHM_VERSION = 'v1';

/** Weight of each feature family before sublinear term frequency. */
export const FEATURE_WEIGHTS = {
  word: 1,
  bigram: 0.6,
  ngram: 0.2,
  number: 0.3,
  concept: 2.2,
  bedrooms: 1.6,
  bathrooms: 1.0,
} as const;
/** bedrooms:N±1 / bathrooms:N±1 get this share of the exact count's weight. */
const NEIGHBOUR_FACTOR = 0.35;
const MAX_ROOM_COUNT = 50;
const NGRAM_MIN = 3;
const NGRAM_MAX = 5;
/** Longer words (URLs, run-together text) only get n-grams from their first characters. */
const NGRAM_MAX_WORD = 24;
/**
 * Capitalised words that are not lexicon words ("Kirkland", "Ballard", "Capitol Hill") weigh this much
 * more: where a home is matters more to a buyer than one of its features.
 */
const NAME_FACTOR = 1.6;
const BLOCKED = 1;
const IN_PHRASE = 2;
/** Texts per synchronous slice of embed(); the event loop gets a turn between slices. */
const SLICE = 256;

export interface LocalHashEmbedderOptions {
  /** Vector length; 384 by default (the same as the OpenAI default, so stores needn't change shape). */
  dimensions?: number;
}

export interface ExplainedFeature {
  /** e.g. "word:kirkland", "bigram:lake|view", "ngram:<la", "num:3", "concept:waterfront", "bedrooms:3". */
  feature: string;
  /** Weight after sublinear tf, before hashing and normalisation. */
  weight: number;
}

export class LocalHashEmbedder implements EmbeddingProvider {
  readonly id = 'local-hash';
  readonly version: string;
  readonly dimensions: number;
  private readonly analyzer = new Analyzer();
  private readonly acc: Float64Array;

  constructor(options: LocalHashEmbedderOptions = {}) {
    const dimensions = options.dimensions ?? 384;
    if (!Number.isInteger(dimensions) || dimensions < 8 || dimensions > 65_536) {
      throw new RangeError(`LocalHashEmbedder: dimensions must be an integer in 8..65536, got ${dimensions}`);
    }
    this.dimensions = dimensions;
    this.version = `${LOCAL_HASH_ALGORITHM_VERSION}-${dimensions}`;
    this.acc = new Float64Array(dimensions);
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = new Array<Float32Array>(texts.length);
    for (let start = 0; start < texts.length; start += SLICE) {
      if (start > 0) await yieldToEventLoop();
      const end = Math.min(texts.length, start + SLICE);
      for (let i = start; i < end; i++) out[i] = this.embedOne(texts[i]);
    }
    return out;
  }

  /** One text, synchronously (embed() is this in slices that let the event loop breathe). */
  embedOne(text: string): Float32Array {
    const table = this.analyzer.analyze(text, null);
    return this.project(table);
  }

  /** The features of a text and their weights, heaviest first: for tests, docs and debugging. */
  explain(text: string): ExplainedFeature[] {
    const labels = new Map<number, string>();
    const table = this.analyzer.analyze(text, labels);
    const out: ExplainedFeature[] = [];
    for (let u = 0; u < table.size; u++) {
      const slot = table.used[u];
      out.push({ feature: labels.get(table.keys[slot]) ?? `#${table.keys[slot]}`, weight: table.finalWeight(slot) });
    }
    return out.sort((a, b) => b.weight - a.weight || (a.feature < b.feature ? -1 : 1));
  }

  private project(table: FeatureTable): Float32Array {
    const dims = this.dimensions;
    const acc = this.acc;
    acc.fill(0);
    for (let u = 0; u < table.size; u++) {
      const slot = table.used[u];
      const key = table.keys[slot];
      const bucket = (key >>> 0) % dims;
      const sign = fmix32(key ^ SIGN_SALT) & 1 ? 1 : -1;
      acc[bucket] += sign * table.finalWeight(slot);
    }
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += acc[d] * acc[d];
    const vec = new Float32Array(dims);
    if (norm === 0) {
      // Only when features cancel exactly in every bucket; any fixed unit vector will do.
      vec[0] = 1;
      return vec;
    }
    const inv = 1 / Math.sqrt(norm);
    for (let d = 0; d < dims; d++) vec[d] = acc[d] * inv;
    return vec;
  }
}

// ---------------------------------------------------------------------------------------------
// Hashing

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units, 32-bit. */
export function fnv1a(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h | 0;
}

/** murmur3's 32-bit finaliser: spreads every input bit over the output. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Each feature family hashes into its own key space, so the word "ake" and the n-gram "ake" differ. */
const SALT = {
  word: 0x1b873593,
  bigram: 0x2c1b3c6d,
  ngram: 0x297a2d39,
  number: 0x5bd1e995,
  concept: 0x68e31da4,
  bedrooms: 0x3c6ef372,
  bathrooms: 0x7f4a7c15,
  raw: 0x61c88647,
} as const;
const SIGN_SALT = 0x9e3779b9;

const keyOf = (hash: number, salt: number) => fmix32(hash ^ salt);

// ---------------------------------------------------------------------------------------------
// Per-text feature table: open addressing on 32-bit keys, cleared between texts.

class FeatureTable {
  keys = new Int32Array(2048);
  counts = new Float64Array(2048);
  weights = new Float64Array(2048);
  used = new Int32Array(1024);
  size = 0;
  private mask = 2047;

  /** `once`: a fact (concept, room count) counts once however often the text repeats it. */
  add(key: number, weight: number, once: boolean): void {
    if (key === 0) key = 1; // 0 marks an empty slot
    const keys = this.keys;
    let i = key & this.mask;
    for (;;) {
      const k = keys[i];
      if (k === 0) {
        keys[i] = key;
        this.counts[i] = 1;
        this.weights[i] = weight;
        this.used[this.size++] = i;
        if (this.size >= this.used.length) this.grow();
        return;
      }
      if (k === key) {
        if (!once) this.counts[i]++;
        if (weight > this.weights[i]) this.weights[i] = weight;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  /** weight × (1 + ln tf). */
  finalWeight(slot: number): number {
    return this.weights[slot] * (1 + Math.log(this.counts[slot]));
  }

  clear(): void {
    for (let u = 0; u < this.size; u++) this.keys[this.used[u]] = 0;
    this.size = 0;
  }

  private grow(): void {
    const { keys, counts, weights, used, size } = this;
    const cap = keys.length * 2;
    this.keys = new Int32Array(cap);
    this.counts = new Float64Array(cap);
    this.weights = new Float64Array(cap);
    this.used = new Int32Array(cap / 2);
    this.mask = cap - 1;
    this.size = 0;
    for (let u = 0; u < size; u++) {
      const slot = used[u];
      let i = keys[slot] & this.mask;
      while (this.keys[i] !== 0) i = (i + 1) & this.mask;
      this.keys[i] = keys[slot];
      this.counts[i] = counts[slot];
      this.weights[i] = weights[slot];
      this.used[this.size++] = i;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Text normalisation, tokens, stemming

const NON_ASCII = /[\u0080-\uffff]/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const SPECIAL_FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', þ: 'th', ð: 'd', ı: 'i', Æ: 'AE', Œ: 'OE', Ø: 'O', Ł: 'L', Đ: 'D', Þ: 'TH', Ð: 'D',
};
const SPECIAL_FOLD_RE = /[ßæœøłđþðıÆŒØŁĐÞÐ]/g;

/** Compatibility forms (full-width, ligatures) and Latin accents removed; case and other scripts kept. */
function foldAccents(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .normalize('NFC')
    .replace(SPECIAL_FOLD_RE, (c) => SPECIAL_FOLDS[c] ?? c);
}

/** What token matching sees: lower case, accents folded ("Rénové" → "renove"). */
export function foldText(text: string): string {
  return foldAccents(text.toLowerCase());
}

const LETTER_OR_MARK = /^[\p{L}\p{M}]+$/u;
/** 0 = not looked up yet, 1 = letter or mark, 2 = not. BMP only; astral code points are tested directly. */
const charClass = new Uint8Array(65_536);

function isWordCode(s: string, i: number, c: number): boolean {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) return true;
  if (c < 128) return false;
  if (c >= 0xd800 && c <= 0xdbff) return LETTER_OR_MARK.test(s.slice(i, i + 2));
  if (c >= 0xdc00 && c <= 0xdfff) return LETTER_OR_MARK.test(s.slice(i - 1, i + 1));
  let k = charClass[c];
  if (k === 0) {
    k = LETTER_OR_MARK.test(String.fromCharCode(c)) ? 1 : 2;
    charClass[c] = k;
  }
  return k === 1;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
/** . , ; : ! ? ( ) [ ] { } / | " and line breaks end a clause: no bigram or phrase spans them. */
const isBreak = (c: number) =>
  c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63 || c === 40 || c === 41 || c === 91 || c === 93 ||
  c === 123 || c === 125 || c === 47 || c === 124 || c === 34 || c === 10 || c === 13 || c === 8226 /* • */;
const isApostrophe = (c: number) => c === 39 || c === 0x2019;

interface WordInfo {
  /** The token lower-cased: what stop words, negations and n-grams look at. */
  lower: string;
  stem: string;
  /** fnv1a of the stem (numbers: of their canonical digits). */
  hash: number;
  stop: boolean;
  lowInfo: boolean;
  /** The value of a number token ("3", "2.5", "1,180", "three"); NaN for words. */
  num: number;
  /** Written with a capital and not in capitals throughout: likely a name ("Kirkland", "Fremont"). */
  capitalised: boolean;
}

const STOP = new Set(STOP_WORDS);
const NEGATION = new Set(NEGATIONS);
const ARTICLES = new Set(['a', 'an', 'the', 'any']);
/** Room words ("br", "ba", "bdrm") say no more than "bedroom": the count goes to bedrooms:N. */
const LOW_INFO_STEMS = new Set([...LOW_INFORMATION_WORDS, ...BEDROOM_WORDS, ...BATHROOM_WORDS].map(stem));
const BED_STEMS = new Set(BEDROOM_WORDS.map(stem));
const BATH_STEMS = new Set(BATHROOM_WORDS.map(stem));
const ACRE_STEMS = new Set(ACRE_WORDS.map(stem));
const RANGE_JOINERS = new Set(['to', 'or']);

const wordInfoCache = new Map<string, WordInfo>();
const WORD_INFO_CACHE_MAX = 200_000;

/** `surface` as written (accents folded, case kept). Cached: listing vocabularies are small. */
function wordInfo(surface: string, isNumber: boolean): WordInfo {
  let info = wordInfoCache.get(surface);
  if (info !== undefined) return info;
  if (isNumber) {
    const num = Number(surface);
    info = { lower: surface, stem: surface, hash: fnv1a(String(num)), stop: false, lowInfo: false, num, capitalised: false };
  } else {
    const lower = surface.toLowerCase();
    const first = surface.charAt(0);
    const capitalised = first !== first.toLowerCase() && (surface.length === 1 || surface !== surface.toUpperCase());
    if (Object.prototype.hasOwnProperty.call(NUMBER_WORDS, lower)) {
      const num = NUMBER_WORDS[lower];
      info = { lower, stem: lower, hash: fnv1a(String(num)), stop: false, lowInfo: false, num, capitalised: false };
    } else {
      const st = stem(lower);
      const stop = STOP.has(lower) || STOP.has(st);
      const lowInfo = LOW_INFO_STEMS.has(st);
      info = { lower, stem: st, hash: fnv1a(st), stop, lowInfo, num: NaN, capitalised: capitalised && !stop && !lowInfo };
    }
  }
  if (wordInfoCache.size >= WORD_INFO_CACHE_MAX) wordInfoCache.clear();
  wordInfoCache.set(surface, info);
  return info;
}

/** Tokens of one text, in reusable parallel arrays. */
class Tokens {
  n = 0;
  /** Lower-cased tokens. */
  surface: string[] = [];
  info: WordInfo[] = [];
  /** 1 when a clause break (punctuation) comes right before token i. */
  brk = new Uint8Array(256);

  read(text: string): void {
    this.n = 0;
    const s = text;
    const len = s.length;
    let pendingBreak = false;
    let i = 0;
    while (i < len) {
      const c = s.charCodeAt(i);
      if (isDigit(c)) {
        let j = i + 1;
        let digits = '';
        let from = i;
        let sawDecimal = false;
        for (;;) {
          while (j < len && isDigit(s.charCodeAt(j))) j++;
          const d = j < len ? s.charCodeAt(j) : 0;
          // "1,180" (thousands) but not "3,4"; "2.25" (decimal) once.
          if (d === 44 && j + 3 < len && isDigit(s.charCodeAt(j + 1)) && isDigit(s.charCodeAt(j + 2)) && isDigit(s.charCodeAt(j + 3)) && !isDigit(s.charCodeAt(j + 4)) && !sawDecimal) {
            digits += s.slice(from, j);
            from = j + 1;
            j += 4;
            continue;
          }
          if (d === 46 && !sawDecimal && j + 1 < len && isDigit(s.charCodeAt(j + 1))) {
            sawDecimal = true;
            j += 2;
            continue;
          }
          break;
        }
        digits += s.slice(from, j);
        this.push(digits, wordInfo(digits, true), pendingBreak);
        pendingBreak = false;
        i = j;
      } else if (isWordCode(s, i, c)) {
        let j = i + 1;
        let hasApostrophe = false;
        for (;;) {
          while (j < len && isWordCode(s, j, s.charCodeAt(j))) j++;
          if (j + 1 < len && isApostrophe(s.charCodeAt(j)) && isWordCode(s, j + 1, s.charCodeAt(j + 1))) {
            hasApostrophe = true;
            j += 2;
            continue;
          }
          break;
        }
        let word = s.slice(i, j);
        if (hasApostrophe) word = word.replace(/['\u2019]/g, '');
        this.push(word, wordInfo(word, false), pendingBreak);
        pendingBreak = false;
        i = j;
      } else {
        if (isBreak(c)) pendingBreak = true;
        i++;
      }
    }
  }

  private push(surface: string, info: WordInfo, brk: boolean): void {
    const n = this.n;
    if (n >= this.brk.length) {
      const next = new Uint8Array(this.brk.length * 2);
      next.set(this.brk);
      this.brk = next;
    }
    this.surface[n] = info.lower;
    this.info[n] = info;
    this.brk[n] = brk ? 1 : 0;
    this.n = n + 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Lexicon, compiled to stem sequences indexed by their first stem

interface ConceptHit {
  key: number;
  label: string;
  weight: number;
}

interface Phrase {
  stems: string[];
  concepts: ConceptHit[];
  source: string;
}

const conceptKey = (c: string) => keyOf(fnv1a(c), SALT.concept);

function phraseStems(phrase: string): string[] {
  const t = new Tokens();
  t.read(foldAccents(phrase));
  return t.info.slice(0, t.n).map((i) => i.stem);
}

function withImplications(concepts: Partial<Record<Concept, number>>): ConceptHit[] {
  const merged = new Map<Concept, number>();
  const put = (c: Concept, w: number) => merged.set(c, Math.max(merged.get(c) ?? 0, w));
  for (const [c, w] of Object.entries(concepts) as Array<[Concept, number]>) {
    put(c, w);
    for (const [c2, r] of Object.entries(CONCEPT_IMPLIES[c] ?? {}) as Array<[Concept, number]>) put(c2, w * r);
  }
  return [...merged].map(([c, w]) => ({ key: conceptKey(c), label: `concept:${c}`, weight: w }));
}

/** Throws on a phrase listed twice with different concepts: a lexicon edit gone wrong. */
function compileLexicon(): Map<string, Phrase[]> {
  const byKey = new Map<string, Phrase>();
  const add = (source: string, concepts: ConceptHit[]) => {
    const stems = phraseStems(source);
    if (stems.length === 0) throw new Error(`local-lexicon: phrase "${source}" has no words`);
    const key = stems.join(' ');
    const prev = byKey.get(key);
    if (prev) {
      const same = prev.concepts.length === concepts.length && prev.concepts.every((c, i) => c.key === concepts[i].key && c.weight === concepts[i].weight);
      if (!same) throw new Error(`local-lexicon: "${source}" and "${prev.source}" are the same phrase with different concepts`);
      return;
    }
    byKey.set(key, { stems, concepts, source });
  };
  for (const entry of CONCEPT_LEXICON) {
    const hits = withImplications(entry.concepts);
    for (const p of entry.phrases) add(p, hits);
  }
  for (const g of CONCEPT_GUARDS) add(g, []);
  const byFirst = new Map<string, Phrase[]>();
  for (const p of byKey.values()) {
    const list = byFirst.get(p.stems[0]) ?? [];
    list.push(p);
    byFirst.set(p.stems[0], list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  return byFirst;
}

const PHRASES = compileLexicon();
const SQFT_UNIT_STEMS = SQFT_UNITS.map(phraseStems).sort((a, b) => b.length - a.length);

const CONCEPT = {
  largeLot: { key: conceptKey('large-lot'), label: 'concept:large-lot' },
  quiet: { key: conceptKey('quiet'), label: 'concept:quiet' },
  spacious: { key: conceptKey('spacious'), label: 'concept:spacious' },
  extraRoom: { key: conceptKey('extra-room'), label: 'concept:extra-room' },
  compact: { key: conceptKey('compact'), label: 'concept:compact' },
} as const;
const LARGE_LOT_QUIET = CONCEPT_IMPLIES['large-lot']?.quiet ?? 0;

// ---------------------------------------------------------------------------------------------
// Analysis: text → weighted features

class Analyzer {
  private readonly tokens = new Tokens();
  private readonly table = new FeatureTable();
  /** Per token: 1 = may not start a phrase (a number decided it), 2 = inside a phrase that added concepts. */
  private marks = new Uint8Array(256);
  private labels: Map<number, string> | null = null;

  analyze(text: string, labels: Map<number, string> | null): FeatureTable {
    this.labels = labels;
    const table = this.table;
    table.clear();
    const t = this.tokens;
    t.read(foldAccents(text));
    if (t.n > this.marks.length) this.marks = new Uint8Array(t.n * 2);
    this.marks.fill(0, 0, t.n);

    this.numbers();
    this.concepts();
    this.words();

    if (table.size === 0) {
      // Nothing but spaces, punctuation, symbols or stop words: hash the folded text itself so equal
      // texts still agree and "" gets one fixed vector.
      const raw = foldText(text).trim();
      this.emit(keyOf(fnv1a(raw), SALT.raw), 1, labels ? `raw:${raw}` : '');
    }
    this.labels = null;
    return table;
  }

  private emit(key: number, weight: number, label: string, once = false): void {
    this.table.add(key, weight, once);
    if (this.labels) this.labels.set(key === 0 ? 1 : key, label);
  }

  private concept(c: { key: number; label: string }, weight: number): void {
    this.emit(c.key, FEATURE_WEIGHTS.concept * weight, c.label, true);
  }

  private rooms(kind: 'bedrooms' | 'bathrooms', n: number): void {
    if (!(n >= 0 && n <= MAX_ROOM_COUNT)) return;
    const salt = SALT[kind];
    const w = FEATURE_WEIGHTS[kind];
    const lab = this.labels !== null;
    this.emit(keyOf(fnv1a(String(n)), salt), w, lab ? `${kind}:${n}` : '', true);
    if (n > 0) this.emit(keyOf(fnv1a(String(n - 1)), salt), w * NEIGHBOUR_FACTOR, lab ? `${kind}:${n - 1}` : '', true);
    this.emit(keyOf(fnv1a(String(n + 1)), salt), w * NEIGHBOUR_FACTOR, lab ? `${kind}:${n + 1}` : '', true);
    if (kind === 'bedrooms' && n >= EXTRA_ROOM_BEDROOMS) this.concept(CONCEPT.extraRoom, 0.6);
  }

  /** bedrooms:N, bathrooms:N, acres and square feet. */
  private numbers(): void {
    const { n, info, brk } = this.tokens;
    for (let i = 0; i < n; i++) {
      const v = info[i].num;
      if (Number.isNaN(v) || i + 1 >= n || brk[i + 1]) continue;
      const next = info[i + 1].stem;
      if (BED_STEMS.has(next)) {
        this.rooms('bedrooms', Math.floor(v));
        const lo = this.rangeStart(i);
        if (lo !== null) this.rooms('bedrooms', Math.floor(lo));
      } else if (BATH_STEMS.has(next)) {
        this.rooms('bathrooms', bathroomCount(v));
        const lo = this.rangeStart(i);
        if (lo !== null) this.rooms('bathrooms', bathroomCount(lo));
      } else if (ACRE_STEMS.has(next)) {
        // The number decides, not the word: a 0.30-acre lot is not a large lot.
        this.marks[i + 1] = BLOCKED;
        // "0.50-acre (21,744 sq ft) lot": the acres are rounded, so the square feet that follow decide.
        const sqftFollows = i + 2 < n && !Number.isNaN(info[i + 2].num) && this.matchSqftUnit(i + 3) > 0;
        if (!sqftFollows && v >= LARGE_LOT_ACRES) this.largeLot();
      } else {
        const after = this.matchSqftUnit(i + 1);
        if (after < 0) continue;
        const what = after < n ? info[after].stem : '';
        if (what === 'lot') {
          if (v >= LARGE_LOT_SQFT) this.largeLot();
        } else if (what !== 'basement') {
          if (v >= SPACIOUS_SQFT) this.concept(CONCEPT.spacious, 1);
          if (v >= EXTRA_ROOM_SQFT) this.concept(CONCEPT.extraRoom, 0.5);
          if (v > 0 && v <= COMPACT_SQFT) this.concept(CONCEPT.compact, 1);
        }
      }
    }
  }

  private largeLot(): void {
    this.concept(CONCEPT.largeLot, 1);
    this.concept(CONCEPT.quiet, LARGE_LOT_QUIET);
  }

  /** "3-4 bedrooms", "3 or 4 bedrooms", "3 to 4 bedrooms": the lower number, when token i is the upper one. */
  private rangeStart(i: number): number | null {
    const { info, surface, brk } = this.tokens;
    const hi = info[i].num;
    let j = i - 1;
    if (j >= 0 && !brk[j + 1] && RANGE_JOINERS.has(surface[j])) j--;
    if (j < 0 || brk[j + 1]) return null;
    const lo = info[j].num;
    return lo < hi && hi - lo <= 3 ? lo : null;
  }

  /** Index of the token after a square-feet unit starting at `at`, or -1. */
  private matchSqftUnit(at: number): number {
    const { n, info, brk } = this.tokens;
    outer: for (const unit of SQFT_UNIT_STEMS) {
      if (at + unit.length > n) continue;
      for (let k = 0; k < unit.length; k++) {
        if (info[at + k].stem !== unit[k] || (k > 0 && brk[at + k])) continue outer;
      }
      return at + unit.length;
    }
    return -1;
  }

  /** Lexicon phrases, longest first at each token; a matched phrase's tokens aren't matched again. */
  private concepts(): void {
    const { n, info, brk } = this.tokens;
    let i = 0;
    while (i < n) {
      const candidates = this.marks[i] === BLOCKED ? undefined : PHRASES.get(info[i].stem);
      let matched = 0;
      if (candidates !== undefined) {
        for (const p of candidates) {
          const len = p.stems.length;
          if (i + len > n) continue;
          let ok = true;
          for (let k = 1; k < len && ok; k++) ok = info[i + k].stem === p.stems[k] && !brk[i + k];
          if (!ok) continue;
          if (!this.negated(i)) for (const c of p.concepts) this.concept(c, c.weight);
          if (p.concepts.length > 0) this.marks.fill(IN_PHRASE, i, i + len);
          matched = len;
          break;
        }
      }
      i += matched || 1;
    }
  }

  /** "no basement", "without a view", "not new": a negation right before, maybe with an article between. */
  private negated(i: number): boolean {
    const { surface, brk } = this.tokens;
    let j = i - 1;
    if (j >= 0 && !brk[j + 1] && ARTICLES.has(surface[j])) j--;
    return j >= 0 && !brk[j + 1] && NEGATION.has(surface[j]);
  }

  /** Unigrams, bigrams, character n-grams, numbers. */
  private words(): void {
    const { n, info, surface, brk } = this.tokens;
    const lab = this.labels !== null;
    let prevHash = 0;
    let prevFactor = 0;
    let prevStem = '';
    for (let i = 0; i < n; i++) {
      if (brk[i]) prevFactor = 0;
      const w = info[i];
      if (!Number.isNaN(w.num)) {
        this.emit(keyOf(w.hash, SALT.number), FEATURE_WEIGHTS.number, lab ? `num:${w.num}` : '');
        prevFactor = 0;
        continue;
      }
      if (w.stop) continue;
      const word = surface[i];
      if (word.length < 2 && word.charCodeAt(0) < 128) continue;
      const f = w.lowInfo ? LOW_INFORMATION_FACTOR : w.capitalised && this.marks[i] !== IN_PHRASE ? NAME_FACTOR : 1;
      this.emit(keyOf(w.hash, SALT.word), FEATURE_WEIGHTS.word * f, lab ? `word:${w.stem}` : '');
      if (prevFactor > 0) {
        const key = fmix32(fmix32(prevHash ^ SALT.bigram) ^ w.hash);
        this.emit(key, FEATURE_WEIGHTS.bigram * Math.min(f, prevFactor), lab ? `bigram:${prevStem}|${w.stem}` : '');
      }
      if (!w.lowInfo) this.ngrams(word);
      prevHash = w.hash;
      prevFactor = f;
      prevStem = w.stem;
    }
  }

  /** Character 3–5-grams of "<word>", hashed incrementally without building substrings. */
  private ngrams(word: string): void {
    const len = Math.min(word.length, NGRAM_MAX_WORD) + 2; // with '<' and '>'
    const weight = FEATURE_WEIGHTS.ngram;
    const lab = this.labels !== null;
    const padded = lab ? `<${word.slice(0, NGRAM_MAX_WORD)}>` : '';
    for (let p = 0; p + NGRAM_MIN <= len; p++) {
      let h = FNV_OFFSET;
      const end = Math.min(len, p + NGRAM_MAX);
      for (let q = p; q < end; q++) {
        const c = q === 0 ? 60 /* < */ : q === len - 1 ? 62 /* > */ : word.charCodeAt(q - 1);
        h ^= c;
        h = Math.imul(h, FNV_PRIME);
        if (q - p + 1 >= NGRAM_MIN) this.emit(keyOf(h, SALT.ngram), weight, lab ? `ngram:${padded.slice(p, q + 1)}` : '');
      }
    }
  }
}

/**
 * Whole bathrooms from King County's quarter counts: a three-quarter bath (shower, no tub) counts
 * as a full one, a half bath doesn't. 1.75 → 2, 2.25 → 2, 2.5 → 2, 2.75 → 3.
 */
export function bathroomCount(v: number): number {
  return Math.floor(v + 0.25);
}
