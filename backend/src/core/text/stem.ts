const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Light English stemming: plurals, -ing, -ed, a final silent e. Enough for "views"/"view",
 * "remodeled"/"remodel", "renovated"/"renovate", "properties"/"property"; no attempt at more.
 */
export function stem(w: string): string {
  if (w.length <= 3 || NON_ASCII.test(w)) return w;
  let s = w;
  if (s.endsWith('ies') && s.length > 4) s = `${s.slice(0, -3)}y`;
  else if (s.endsWith('sses')) s = s.slice(0, -2);
  else if (s.endsWith('s') && !s.endsWith('ss') && !s.endsWith('us') && !s.endsWith('is')) s = s.slice(0, -1);
  if (s.endsWith('ing') && s.length >= 6 && hasVowel(s, s.length - 3)) s = undouble(s.slice(0, -3));
  else if (s.endsWith('ed') && s.length >= 5 && hasVowel(s, s.length - 2)) s = undouble(s.slice(0, -2));
  if (s.length > 4 && s.endsWith('e')) s = s.slice(0, -1);
  return s;
}

function hasVowel(s: string, end: number): boolean {
  for (let i = 0; i < end; i++) if ('aeiouy'.includes(s[i])) return true;
  return false;
}

function undouble(s: string): string {
  const n = s.length;
  if (n >= 2 && s[n - 1] === s[n - 2] && !'aeiousz'.includes(s[n - 1])) return s.slice(0, -1);
  return s;
}
