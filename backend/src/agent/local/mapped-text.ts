/**
 * A rewritten copy of a lead's message that remembers, for every character, which span of the
 * original message it came from. Readers match patterns on the rewritten text (lower case, typos
 * fixed, number words as digits) and still quote the lead's own words.
 */
export class MappedText {
  private constructor(
    readonly original: string,
    readonly text: string,
    /** Original index where the character at each position starts. */
    private readonly from: Int32Array,
    /** Original index just past the character at each position. */
    private readonly to: Int32Array,
  ) {}

  /** Lower case, with curly quotes, dashes and odd spaces made plain; same length as `original`. */
  static of(original: string): MappedText {
    const from = new Int32Array(original.length);
    const to = new Int32Array(original.length);
    for (let i = 0; i < original.length; i++) {
      from[i] = i;
      to[i] = i + 1;
    }
    let text = original.toLowerCase();
    // A few letters lower-case to two ("İ"); then go character by character to keep positions.
    if (text.length !== original.length) text = Array.from({ length: original.length }, (_, i) => lowerChar(original[i])).join('');
    text = text
      .replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'")
      .replace(/[\u201c\u201d]/g, '"')
      .replace(/[\u2010-\u2015\u2212]/g, '-')
      .replace(/[\u00a0\u2009\u202f\t]/g, ' ');
    return new MappedText(original, text, from, to);
  }

  /**
   * Replaces each match of `pattern` (which must be global) by what `replace` returns; null keeps
   * the match. Every character of a replacement maps to the whole span of the text it replaced.
   */
  rewrite(pattern: RegExp, replace: (match: RegExpExecArray) => string | null): MappedText {
    let text = '';
    const from: number[] = [];
    const to: number[] = [];
    let last = 0;
    let changed = false;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(this.text); m !== null; m = pattern.exec(this.text)) {
      if (m[0] === '') {
        pattern.lastIndex++;
        continue;
      }
      const replacement = replace(m);
      if (replacement === null || replacement === m[0]) continue;
      changed = true;
      for (let i = last; i < m.index; i++) {
        from.push(this.from[i]);
        to.push(this.to[i]);
      }
      const start = this.from[m.index];
      const end = this.to[m.index + m[0].length - 1];
      for (let i = 0; i < replacement.length; i++) {
        from.push(start);
        to.push(end);
      }
      text += this.text.slice(last, m.index) + replacement;
      last = m.index + m[0].length;
    }
    if (!changed) return this;
    for (let i = last; i < this.text.length; i++) {
      from.push(this.from[i]);
      to.push(this.to[i]);
    }
    text += this.text.slice(last);
    return new MappedText(this.original, text, Int32Array.from(from), Int32Array.from(to));
  }

  /** The start of the original span behind rewritten position `index`. */
  originalStart(index: number): number {
    return index >= this.from.length ? this.original.length : this.from[index];
  }

  /** The end of the original span behind the rewritten character just before `end`. */
  originalEnd(end: number): number {
    return end <= 0 ? 0 : this.to[Math.min(end, this.to.length) - 1];
  }

  /** The lead's own words behind rewritten positions [start, end), trimmed of spaces and stray punctuation. */
  quote(start: number, end: number): string {
    if (end <= start) return '';
    return trimQuote(this.original.slice(this.originalStart(start), this.originalEnd(end)));
  }

  /** The original characters behind rewritten positions [start, end), untrimmed. */
  originalSlice(start: number, end: number): string {
    if (end <= start) return '';
    return this.original.slice(this.originalStart(start), this.originalEnd(end));
  }
}

/** Trims spaces and punctuation that only frames the words ("Ballard," → "Ballard"). */
export function trimQuote(s: string): string {
  return s.replace(/^[\s,;:!?.]+/, '').replace(/[\s,;:!?]+$/, '').replace(/(?<!\b(?:st|mt|ft|[a-z]))\.+$/i, '');
}

function lowerChar(c: string): string {
  const lower = c.toLowerCase();
  return lower.length === 1 ? lower : c;
}
