import { COMMON_WORDS, GENERIC_PLACE_WORDS } from './common-words';
import { correctWord, isVocabularyWord } from './fuzzy-words';
import type { LeadMessage } from './lead-message';

/**
 * Where the lead wants to live: any place name, known to the brokerage or not, Title Cased as
 * written ("capitol hill" → "Capitol Hill"), or a 5-digit zip. A place the brokerage knows is
 * read anywhere; another is read after "in / near / around / close to / at / by / moving to …"
 * and as a list from there ("in Ballard, Fremont or Wallingford"), or as the whole answer when
 * the agent just asked where. A name is never typo-corrected, and places the lead rules out
 * ("not downtown", "anywhere but Ballard") are left out.
 */
export interface PlacesFound {
  value: string[];
  quote: string;
  confidence: number;
}

interface Token {
  /** lower case */
  text: string;
  start: number;
  end: number;
  /** What sits between this token and the next: ",", "/", " " … */
  gapAfter: string;
}

interface PlaceHit {
  name: string;
  start: number;
  end: number;
  confidence: number;
}

// Letters of any script: "Gràcia", "Zürich", "Malmö" are one word each.
const TOKEN_RE = /[\p{Ll}\p{Lo}0-9](?:[\p{Ll}\p{Lo}\p{M}0-9'-]*[\p{Ll}\p{Lo}\p{M}0-9])?\.?|[^\s\p{Ll}\p{Lo}\p{M}0-9]/gu;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
    let word = m[0];
    // A trailing dot ends a sentence unless it ends an abbreviation ("st.", "mt.").
    if (word.length > 1 && word.endsWith('.') && !/^(?:st|mt|ft|pt|n|s|e|w)\.$/.test(word)) word = word.slice(0, -1);
    tokens.push({ text: word, start: m.index, end: m.index + word.length, gapAfter: '' });
  }
  for (let i = 0; i < tokens.length; i++) tokens[i].gapAfter = text.slice(tokens[i].end, tokens[i + 1]?.start ?? text.length);
  return tokens;
}

/** Words that lead into a place. Longest first, as token sequences. */
const LEAD_INS: readonly string[][] = [
  'in',
  'near',
  'around',
  'close to',
  'closer to',
  'at',
  'by',
  'moving to',
  'move to',
  'relocating to',
  'relocate to',
  'transferring to',
  'coming to',
  'located in',
  'nearby',
  'within',
  'next to',
  'outside of',
  'outside',
  'area of',
  'neighborhood of',
  'neighbourhood of',
  'parts of',
  'part of',
  'somewhere in',
  'anywhere in',
  'live in',
  'based in',
  'walking distance to',
  'walking distance of',
  'commute to',
  // A place ruled out leads into the one that replaces it: "not Tacoma, Everett", "rather than Kent".
  'not',
  'rather than',
  'instead of',
]
  .map((s) => s.split(' '))
  .sort((a, b) => b.length - a.length);

/** Words before a place only when a capitalised name follows ("on Mercer Island", not "on crutches"). */
const WEAK_LEAD_INS: readonly string[][] = ['scratch that', 'i mean', 'i meant', 'make it', 'make that', 'actually', 'on', 'prefer', 'try']
  .map((s) => s.split(' '))
  .sort((a, b) => b.length - a.length);
const RULED_OUT_BEFORE = /\b(?:not|no|except|rather\s+than|instead\s+of|drop|remove|skip|cross\s+off|forget(?:\s+about)?|avoid|avoiding|anywhere\s+but|anything\s+but|but\s+not|other\s+than|don'?t\s+want|do\s+not\s+want|hate|away\s+from|from|leaving|left|outside\s+of)\s+(?:the\s+)?(?:in\s+|near\s+|around\s+)?$/;
const PRESENT_HOME_BEFORE = /\b(?:live|living|rent|renting|staying|based|reside|residing|(?:own|rent|renting)\s+(?:a|an|my|our)(?:\s+\S+){0,3}?)\s+(?:in|near|at)\s+(?:the\s+)?$/;
const PRESENT_HOME_AFTER = /^\s*(?:right\s+now|now|currently|at\s+the\s+moment|at\s+present|for\s+now|these\s+days)\b/;
const DETERMINERS = new Set(['a', 'an', 'the', 'my', 'our', 'your', 'their', 'his', 'her', 'its', 'some', 'any', 'this', 'that', 'these', 'those', 'every', 'each', 'no', 'one', 'another', 'other', 'big', 'small', 'nice', 'good', 'quiet', 'local', 'public']);
const TRAILING_GENERIC = new Set(['area', 'areas', 'neighborhood', 'neighbourhood', 'neighborhoods', 'vicinity', 'region', 'locale', 'location', 'side']);
const NAME_LINKS = new Set(['of', 'de', 'la', 'le', 'du', 'del', 'upon', 'on', 'the', 'van', 'von', 'da', 'el']);
const LOWER_IN_NAME = new Set(['of', 'de', 'la', 'le', 'du', 'del', 'upon', 'on', 'the', 'da', 'el', 'and']);
/** Places named by a generic-looking word that leads still use as a place. */
const STANDALONE_PLACES = new Set(['downtown', 'midtown', 'uptown']);
/** Who lives somewhere is not where: "a mostly white area" names no place. */
const PEOPLE_WORDS = new Set(
  'white black brown asian hispanic latino latina christian jewish muslim catholic hindu gay lesbian immigrant family families kid kids child children young old senior seniors student students diverse ethnic safe good nice quiet'.split(' '),
);
/** "west seattle", "north ballard": a direction before a known place is part of its name. */
const DIRECTIONS = new Set(['north', 'south', 'east', 'west', 'northeast', 'northwest', 'southeast', 'southwest', 'central', 'greater', 'upper', 'lower', 'downtown']);
const WORK_BEFORE = new Set(['work', 'works', 'working', 'worked', 'job', 'employed', 'study', 'studies', 'studying', 'student', 'shop', 'shopping', 'eat', 'intern', 'teach', 'teaches', 'nurse', 'doctor']);
const STREET_SUFFIXES = new Set(['st', 'st.', 'street', 'ave', 'avenue', 'rd', 'road', 'blvd', 'boulevard', 'dr', 'drive', 'ln', 'lane', 'way', 'ct', 'court', 'pl', 'place', 'pkwy', 'parkway', 'hwy', 'highway', 'terrace']);
const STATE_CODES = new Set(
  'al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm ny nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy dc'.split(' '),
);

interface PlaceIndex {
  firstWords: ReadonlySet<string>;
  maxWords: number;
}
const placeIndexes = new WeakMap<ReadonlySet<string>, PlaceIndex>();

/** The first words of the known places and their longest length, so most tokens are ruled out at once. */
function placeIndex(places: ReadonlySet<string>): PlaceIndex {
  let index = placeIndexes.get(places);
  if (!index) {
    const firstWords = new Set<string>();
    let maxWords = 1;
    for (const place of places) {
      const words = place.replace(/\./g, '').split(/\s+/);
      firstWords.add(words[0]);
      maxWords = Math.max(maxWords, words.length);
    }
    index = { firstWords, maxWords: Math.min(maxWords, 6) };
    placeIndexes.set(places, index);
  }
  return index;
}

function isZip(token: Token): boolean {
  return /^\d{5}$/.test(token.text);
}

export class PlaceReader {
  private readonly tokens: Token[];
  private readonly original: string;
  private readonly text: string;

  constructor(private readonly msg: LeadMessage) {
    this.text = msg.plain.text;
    this.original = msg.original;
    this.tokens = tokenize(this.text);
  }

  private capitalised(token: Token): boolean {
    if (this.msg.shouting) return false;
    const c = this.original[token.start];
    return c !== c.toLowerCase();
  }

  private atSentenceStart(i: number): boolean {
    if (i === 0) return true;
    const prev = this.tokens[i - 1];
    return /^[.!?]$/.test(prev.text) || /\n/.test(prev.gapAfter);
  }

  /** Whether token i can be (part of) a place name not known to the brokerage. */
  private nameLike(i: number, first: boolean): boolean {
    const tok = this.tokens[i];
    if (!tok || !/^[\p{Ll}\p{Lo}]/u.test(tok.text)) return false;
    if (/^(?:st|mt|ft|pt)\.?$/.test(tok.text)) return true;
    if (COMMON_WORDS.has(tok.text) || isVocabularyWord(tok.text)) return STANDALONE_PLACES.has(tok.text);
    // "buy-to-let", "move-in": everyday words joined up, written in lower case, are no name.
    if (tok.text.includes('-') && !this.capitalised(tok) && tok.text.split('-').some((w) => COMMON_WORDS.has(w) || isVocabularyWord(w))) return false;
    if (correctWord(tok.text.replace(/[^a-z]/g, '')) !== null) return false;
    if (tok.text.length < 2) return false;
    if (first && tok.text.length < 3 && !this.capitalised(tok)) return false;
    return true;
  }

  private known(i: number): number {
    const index = placeIndex(this.msg.knownPlaces);
    if (!index.firstWords.has(this.tokens[i].text.replace(/\./g, ''))) return 0;
    for (let n = Math.min(index.maxWords, this.tokens.length - i); n >= 1; n--) {
      const parts = this.tokens.slice(i, i + n);
      if (parts.some((p, k) => k < n - 1 && /[,.;!?/]/.test(p.gapAfter))) continue;
      const key = parts.map((p) => p.text).join(' ');
      if (this.msg.knownPlaces.has(key) || this.msg.knownPlaces.has(key.replace(/\./g, ''))) return n;
    }
    return 0;
  }

  private ruledOut(start: number, end = start): boolean {
    return RULED_OUT_BEFORE.test(this.text.slice(Math.max(0, start - 30), start)) || this.presentHome(start, end);
  }

  /** Where the lead lives now is not where they look: "I'm renting in Renton right now", "I currently rent a 1 bed in Fremont". */
  private presentHome(start: number, end: number): boolean {
    const before = this.text.slice(Math.max(0, start - 40), start).split(/[.;!?]|\bbut\b|\band\b/).pop() ?? '';
    if (!PRESENT_HOME_BEFORE.test(before)) return false;
    return /\b(?:currently|presently)\b/.test(before) || PRESENT_HOME_AFTER.test(this.text.slice(end, end + 24));
  }

  /** The place starting at token i, or null. */
  private placeAt(i: number, afterLeadIn: boolean): { hit: PlaceHit; next: number } | null {
    const tok = this.tokens[i];
    if (!tok) return null;
    if (isZip(tok)) {
      if (!afterLeadIn && !this.msg.knownPlaces.has(tok.text)) return null;
      if (/^\s*(?:k|m|dollars|bucks|usd|per|\/|a\s+month)/.test(this.text.slice(tok.end, tok.end + 10)) || /[$€£]\s*$/.test(this.text.slice(0, tok.start))) return null;
      return { hit: { name: tok.text, start: tok.start, end: tok.end, confidence: 0.85 }, next: i + 1 };
    }
    const knownLength = this.known(i);
    // "4521 Fremont Ave" is a street address.
    if (STREET_SUFFIXES.has(this.tokens[i + Math.max(1, knownLength)]?.text ?? '') || /^\d+$/.test(this.tokens[i - 1]?.text ?? '')) return null;
    if (knownLength > 0) {
      let from = i;
      while (from > 0 && DIRECTIONS.has(this.tokens[from - 1].text) && !/[,.;!?]/.test(this.tokens[from - 1].gapAfter)) from--;
      const parts = this.tokens.slice(from, i + knownLength);
      const common = knownLength === 1 && (COMMON_WORDS.has(tok.text) || isVocabularyWord(tok.text) || GENERIC_PLACE_WORDS.has(tok.text));
      if (!common || afterLeadIn || this.capitalised(tok)) {
        return { hit: this.hit(parts, 0.9), next: i + knownLength };
      }
    }
    if (!afterLeadIn) return null;
    // "the Ballard area", "the Bronx": a leading "the" only before a capitalised or generic-tailed name.
    let j = i;
    if (this.tokens[j]?.text === 'the' && this.tokens[j + 1] && (this.capitalised(this.tokens[j + 1]) || this.endsGeneric(j + 1))) j++;
    if (!this.nameLike(j, true)) {
      // "first hill", "Green Lake": an everyday word before a geographic one is a name, when the two end the phrase.
      const [word, tail, after] = [this.tokens[j], this.tokens[j + 1], this.tokens[j + 2]];
      const ends = !after || /^[,.;!?/]$/.test(after.text) || COMMON_WORDS.has(after.text) || after.text === 'w' || /[,.;!?]/.test(tail?.gapAfter ?? '');
      if (!word || !tail || !/^\p{Ll}+$/u.test(word.text) || DETERMINERS.has(word.text) || !GENERIC_PLACE_WORDS.has(tail.text) || /[,.;!?/]/.test(word.gapAfter) || !(ends || this.capitalised(word))) return null;
      return { hit: this.hit([word, tail], 0.7), next: j + 2 };
    }
    const parts: Token[] = [];
    while (parts.length < 4 && j < this.tokens.length) {
      const t = this.tokens[j];
      if (parts.length && /[,;!?/()]|\.\s/.test(this.tokens[j - 1].gapAfter)) break;
      if (parts.length && NAME_LINKS.has(t.text) && this.capitalised(this.tokens[j + 1] ?? t) && this.nameLike(j + 1, false)) {
        parts.push(t);
        j++;
        continue;
      }
      if (TRAILING_GENERIC.has(t.text) && parts.length) {
        j++;
        break;
      }
      if (!this.nameLike(j, parts.length === 0)) break;
      // A lower-case name after a capitalised one is a new phrase: "in Ballard looking for…" stops.
      if (parts.length && this.capitalised(parts[0]) && !this.capitalised(t) && !GENERIC_PLACE_WORDS.has(t.text)) break;
      parts.push(t);
      j++;
    }
    while (parts.length && (NAME_LINKS.has(parts[parts.length - 1].text) || STATE_CODES.has(parts[parts.length - 1].text))) {
      if (parts.length === 1) break;
      parts.pop();
    }
    if (!parts.length) return null;
    // "Dublin 6", "Paris 11": a city's postal district, when the number ends the phrase (not "Dublin 2 bedrooms").
    const district = this.tokens[j];
    if (district && /^\d{1,2}$/.test(district.text) && this.capitalised(parts[0]) && !/\S/.test(parts[parts.length - 1].gapAfter.replace(/\s/g, '')) && /^(?:[,.;!?]|or|and|please|area)?$/.test(this.tokens[j + 1]?.text ?? '')) {
      parts.push(district);
      j++;
    }
    const lowerCase = !parts.some((p) => this.capitalised(p));
    if (parts.length === 1 && lowerCase && GENERIC_PLACE_WORDS.has(parts[0].text)) return null;
    if (parts.every((p) => GENERIC_PLACE_WORDS.has(p.text)) && lowerCase) return null;
    // ", WA" after a city is its state, not a second place.
    if (this.tokens[j]?.text === ',' && STATE_CODES.has(this.tokens[j + 1]?.text ?? '') && this.tokens[j + 1].text.length === 2) j += 2;
    return { hit: this.hit(parts, lowerCase ? 0.7 : 0.85), next: j };
  }

  private endsGeneric(i: number): boolean {
    for (let k = i; k < Math.min(i + 4, this.tokens.length); k++) if (TRAILING_GENERIC.has(this.tokens[k].text)) return true;
    return false;
  }

  private hit(parts: Token[], confidence: number): PlaceHit {
    const start = parts[0].start;
    const end = parts[parts.length - 1].end;
    const words = parts.map((p, k) => {
      const raw = this.original.slice(p.start, p.end);
      if (/^\d+$/.test(raw)) return raw;
      if (k > 0 && LOWER_IN_NAME.has(p.text)) return raw.toLowerCase();
      const written = this.msg.shouting ? raw.toLowerCase() : raw;
      return written.replace(/(^|[-\s])(\p{Ll})/gu, (_: string, sep: string, c: string) => sep + c.toUpperCase());
    });
    return { name: words.join(' '), start, end, confidence };
  }

  private weakLeadInAt(i: number): number {
    for (const seq of WEAK_LEAD_INS) {
      if (seq.every((w, k) => this.tokens[i + k]?.text === w)) return seq.length;
    }
    return 0;
  }

  private leadInAt(i: number): number {
    for (const seq of LEAD_INS) {
      if (seq.every((w, k) => this.tokens[i + k]?.text === w)) return seq.length;
    }
    return 0;
  }

  /** A place and any list that follows it: "Ballard, Fremont or Wallingford". */
  private listFrom(i: number, out: PlaceHit[]): number {
    let first = this.placeAt(i, true);
    if (!first) return i;
    let j = first.next;
    for (;;) {
      if (!this.ruledOut(first.hit.start, first.hit.end)) out.push(first.hit);
      // ", WA" after a city is its state, not a second place.
      if (this.tokens[j]?.text === ',' && STATE_CODES.has(this.tokens[j + 1]?.text ?? '') && !this.msg.knownPlaces.has(this.tokens[j + 1].text)) j += 2;
      let k = j;
      if (this.tokens[k]?.text === ',' || this.tokens[k]?.text === '/' || this.tokens[k]?.text === '&') k++;
      if (['or', 'and', 'maybe', 'possibly', 'even', 'ideally', 'preferably', 'especially', 'particularly', 'perhaps', 'probably'].includes(this.tokens[k]?.text ?? '')) k++;
      if (['maybe', 'possibly', 'even', 'ideally', 'preferably', 'especially', 'particularly', 'perhaps', 'probably'].includes(this.tokens[k]?.text ?? '')) k++;
      if (k === j) return j;
      const lead = this.leadInAt(k);
      const nextPlace = this.placeAt(k + lead, true);
      if (!nextPlace) return j;
      // After a bare comma, a lower-case unknown word is a place only inside a list ("a, b or c").
      if (k === j + 1 && this.tokens[j].text === ',' && nextPlace.hit.confidence < 0.8) {
        const after = this.tokens[nextPlace.next]?.text;
        if (after !== undefined && ![',', 'or', 'and', '/', '.', '!', '?'].includes(after)) return j;
      }
      first = nextPlace;
      j = nextPlace.next;
    }
  }

  read(asked: boolean): PlacesFound | null {
    const hits: PlaceHit[] = [];
    for (let i = 0; i < this.tokens.length; ) {
      const lead = this.leadInAt(i);
      // "I work at Amazon" names an employer, not a neighbourhood.
      if (lead && this.tokens[i].text === 'at' && WORK_BEFORE.has(this.tokens[i - 1]?.text ?? '')) {
        i += lead;
        continue;
      }
      if (lead) {
        const after = this.listFrom(i + lead, hits);
        i = after > i + lead ? after : i + lead;
        continue;
      }
      // "on Mercer Island", "scratch that, Austin": weaker lead-ins, only before a capitalised name.
      const weak = this.weakLeadInAt(i);
      if (weak) {
        let k = i + weak;
        if (this.tokens[k]?.text === ',') k++;
        if (this.tokens[k] && this.capitalised(this.tokens[k]) && !this.atSentenceStart(k)) {
          const after = this.listFrom(k, hits);
          if (after > k) {
            i = after;
            continue;
          }
        }
      }
      const known = this.placeAt(i, false);
      if (known) {
        i = Math.max(this.listFrom(i, hits), known.next);
        continue;
      }
      const tok = this.tokens[i];
      if (STANDALONE_PLACES.has(tok.text) && !this.ruledOut(tok.start)) hits.push(this.hit([tok], 0.7));
      // "the Fremont area": a name right before "area" / "neighborhood".
      if (TRAILING_GENERIC.has(this.tokens[i + 1]?.text ?? '') && this.tokens[i + 1].text !== 'side' && !PEOPLE_WORDS.has(tok.text) && this.nameLike(i, true) && !this.atSentenceStart(i)) {
        if (!this.ruledOut(tok.start)) hits.push(this.hit([tok], this.capitalised(tok) ? 0.8 : 0.65));
      }
      i++;
    }
    if (!hits.length && asked) this.readAnswer(hits);
    return this.result(hits);
  }

  /** The whole message as a place list, after words like "probably" or "somewhere in". */
  private readAnswer(hits: PlaceHit[]): void {
    if (this.tokens.length > 12) return;
    let i = 0;
    while (i < this.tokens.length && i < 5 && !this.placeAt(i, true)) i++;
    if (i < this.tokens.length) this.listFrom(i, hits);
  }

  private result(hits: PlaceHit[]): PlacesFound | null {
    if (!hits.length) return null;
    const seen = new Set<string>();
    const unique = hits.filter((h) => {
      const key = h.name.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    unique.sort((a, b) => a.start - b.start);
    // "downtown seattle" is one place, not "Downtown" and "Downtown Seattle".
    for (let k = unique.length - 1; k >= 0; k--) {
      if (unique.some((o) => o !== unique[k] && o.start <= unique[k].start && o.end >= unique[k].end)) unique.splice(k, 1);
    }
    const start = unique[0].start;
    const end = unique[unique.length - 1].end;
    return {
      value: unique.map((h) => h.name),
      quote: this.msg.plain.quote(start, end),
      confidence: Math.min(...unique.map((h) => h.confidence)),
    };
  }
}

export function readPlaces(msg: LeadMessage, asked: boolean): PlacesFound | null {
  return new PlaceReader(msg).read(asked);
}
