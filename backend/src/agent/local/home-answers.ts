import type { UnitFacts } from '../tools/unit-details.tool';
import type { UnitPlace } from '../tools/schedule-viewing.tool';
import { formatMoney } from '../../words/broker-words';
import type { AskedTopic } from './home-questions';

/**
 * Answers to a lead's questions about one home, from the listing's own facts only. What the
 * listing does not say is said to be unknown (and goes to the listing agent as a task), never
 * guessed: a missing "garage" among the features is not a "no".
 */
export interface HomeAnswer {
  /** Sentences for the lead. */
  said: string[];
  /** What the listing does not say, in words ("whether pets are allowed", "a garage"). */
  unknown: string[];
}

const has = (u: UnitFacts, words: RegExp) => u.features.some((f) => words.test(f)) || words.test(u.description);

/** Where the home is, as far as the listing says, with a map link when it has coordinates. */
export function describePlace(p: UnitPlace): string {
  const where = [p.area && p.area !== p.city ? p.area : null, [p.city, p.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const map = p.lat !== null && p.lng !== null ? ` (map: https://www.openstreetmap.org/?mlat=${p.lat.toFixed(5)}&mlon=${p.lng.toFixed(5)}#map=17/${p.lat.toFixed(5)}/${p.lng.toFixed(5)})` : '';
  return `${where}${map}`;
}

export function answerAbout(u: UnitFacts, topics: AskedTopic[], features: string[]): HomeAnswer {
  const said: string[] = [];
  const unknown: string[] = [];
  for (const topic of topics) {
    switch (topic) {
      case 'pets':
        if (has(u, /\bno\s+pets\b|\bpets?\s+not\s+allowed\b/i)) said.push('The listing says no pets.');
        else if (has(u, /\bpets?\s+(?:allowed|welcome|ok)\b|\bpet[\s-]friendly\b/i)) said.push('Yes — the listing says pets are welcome.');
        else unknown.push('whether pets are allowed');
        break;
      case 'furnished':
        if (has(u, /\bunfurnished\b/i)) said.push('It comes unfurnished.');
        else if (has(u, /\bfurnished\b/i)) said.push('Yes — it comes furnished.');
        else unknown.push('whether it comes furnished');
        break;
      case 'address':
        said.push(`It is in ${describePlace(u)}. The listing gives no street address; your agent will confirm it before the viewing.`);
        break;
      case 'price':
        said.push(`It is listed at ${formatMoney(u.price, u.currency)}.`);
        break;
      case 'size':
        if (u.sizeSqft) said.push(`It has ${u.sizeSqft.toLocaleString('en-US')} sq ft of living space${u.lotSqft ? ` on a ${u.lotSqft.toLocaleString('en-US')} sq ft lot` : ''}.`);
        else unknown.push('its size');
        break;
      case 'year':
        if (u.yearBuilt) said.push(`It was built in ${u.yearBuilt}.`);
        else unknown.push('when it was built');
        break;
      case 'rooms':
        said.push(`It has ${u.bedrooms === 0 ? 'no separate bedroom (a studio)' : `${u.bedrooms} bedroom${u.bedrooms === 1 ? '' : 's'}`} and ${u.bathrooms} bathroom${u.bathrooms === 1 ? '' : 's'}.`);
        break;
      case 'other':
        // Nothing in the listing answers it for sure: say what the listing says, and ask its agent.
        said.push(`Here is what the listing says: ${u.description}`);
        unknown.push('the answer to your question');
        break;
      case 'feature':
        for (const f of features) {
          const word = new RegExp(`\\b${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')}`, 'i');
          if (has(u, word)) said.push(`Yes — the listing mentions ${/^[aeiou]/.test(f) ? 'an' : 'a'} ${f}.`);
          else unknown.push(`${/s$|^in-|^air|^parking$|^new|^good|^near|^quiet|^walkable/.test(f) ? '' : /^[aeiou]/.test(f) ? 'an ' : 'a '}${f}`);
        }
        break;
    }
  }
  return { said, unknown };
}

/** "whether pets are allowed and a garage" → one sentence that says so and who is asked. */
export function unknownSentence(unknown: string[]): string {
  const list = unknown.length > 1 ? `${unknown.slice(0, -1).join(', ')} and ${unknown[unknown.length - 1]}` : unknown[0];
  if (unknown.length === 1 && unknown[0] === 'the answer to your question') return "It doesn't say more than that — I've asked the listing agent and will come back to you with the answer.";
  const says = unknown.every((x) => x.startsWith('whether') || x.startsWith('its') || x.startsWith('when')) ? `doesn't say ${list}` : `doesn't mention ${list}`;
  return `The listing ${says} — I've asked the listing agent and will come back to you with the answer.`;
}
