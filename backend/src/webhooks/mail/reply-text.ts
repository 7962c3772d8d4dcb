/**
 * What a person wrote in an email reply, without the quoted thread below it.
 *
 * Hand-written because the npm parsers for this (email-reply-parser and kin) are not installed
 * and this needs only the common markers: a "On … wrote:" line (Gmail, Apple Mail, Thunderbird,
 * a few languages), Outlook's "-----Original Message-----" or its "From: … Sent: …" header block,
 * a "________________" rule, and `>` quoted lines. When nothing is left (a reply that is all
 * quote), the whole text is kept: a message is never lost.
 */
const CUT_MARKERS: RegExp[] = [
  /^\s*On\b.{0,300}\bwrote:\s*$/i,
  /^\s*(Le|Am|El|Il|Op)\b.{0,300}\b(a écrit|schrieb|escribió|ha scritto|schreef)\s*:\s*$/i,
  /^\s*-{2,}\s*(Original Message|Forwarded message|Message d'origine|Ursprüngliche Nachricht)\s*-{2,}\s*$/i,
  /^\s*_{10,}\s*$/,
  /^\s*From:\s.+$/i,
];

export function replyText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // Gmail wraps long "On … wrote:" lines: join the next line when this one opens the marker.
    const joined = /^\s*On\b/i.test(line) && i + 1 < lines.length ? `${line} ${lines[i + 1]}` : line;
    if (CUT_MARKERS.some((re) => re.test(line)) || (joined !== line && CUT_MARKERS[0].test(joined))) {
      // "From: …" only counts as Outlook's header block when a "Sent:" or "Date:" line follows.
      if (/^\s*From:/i.test(line) && !/^\s*(Sent|Date):/i.test(lines[i + 1] ?? '')) {
        kept.push(line);
        continue;
      }
      break;
    }
    if (/^\s*>/.test(line)) continue;
    kept.push(line);
  }
  const reply = kept.join('\n').trim();
  return reply || text.trim();
}

/** The words that may be an opt-out or opt-in keyword: the reply's first line, and the subject without "Re:". */
export function keywordCandidates(reply: string, subject: string): string[] {
  const first = reply.split('\n').find((l) => l.trim())?.trim() ?? '';
  const subj = subject.replace(/^\s*((re|aw|sv|fwd?)\s*:\s*)+/i, '').trim();
  return [first, subj].filter((s) => s.length > 0 && s.length <= 40);
}
