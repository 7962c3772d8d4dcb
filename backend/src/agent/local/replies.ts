import { Purpose } from '../../leads/lead.enums';
import type { LeadProfileDto } from '../../leads/profile.dto';
import type { OfferedSlot, TurnFacts, UnitCard } from '../turn-facts';
import type { AskableField } from './understanding';

import { formatBudget, formatMoney, HOME_TYPE_LABELS, joinOr, labelFor, timeZoneWords } from '../../words/broker-words';

// Money, home types and time zones are said as the SPA says them (words/broker-words.ts).
const money = formatMoney;

/** Two phrasings per question, picked by how often it was asked: asking again never sounds identical. */
const QUESTIONS: Record<AskableField, [string, string]> = {
  purpose: ['Are you looking to buy or to rent?', 'Is this a purchase or a rental?'],
  locations: ['Which areas or neighbourhoods are you considering?', 'Where would you like to live — any city, neighbourhood or zip code?'],
  budget: ['What budget do you have in mind?', 'Roughly what price range should I search in?'],
  bedrooms: ['How many bedrooms do you need?', 'How many bedrooms would work for you?'],
  bathrooms: ['How many bathrooms would you like?', 'Any minimum number of bathrooms?'],
  propertyTypes: ['Do you prefer a house, a townhouse, a condo or an apartment?', 'What type of home — house, townhouse, condo or apartment?'],
  timeline: ['When are you hoping to move?', 'What timeline are you working with?'],
  financing: ['Will you be paying cash, or do you have a mortgage pre-approval?', 'How are you planning to finance — cash, pre-approved, or still arranging a mortgage?'],
  pets: ['Will any pets be moving in with you?', 'Do you have pets I should keep in mind?'],
  furnished: ['Would you like it furnished or unfurnished?', 'Furnished or unfurnished?'],
  mustHaves: ['Anything you cannot do without — parking, in-unit laundry, a garden?', 'Any must-haves?'],
  visit: ['Would you like to see one of them? Tell me which and when suits you.', 'Shall I book a viewing? Just tell me which home and a day and time.'],
  email: ['What is the best email or phone number to reach you?', 'Could you share an email or phone number so an agent can follow up?'],
  phone: ['What is the best phone number to reach you?', 'Could you share a phone number?'],
  name: ['May I have your name?', 'Who am I speaking with?'],
};

/** A seller is asked about the home they sell. */
const SELLER_QUESTIONS: Partial<Record<AskableField, [string, string]>> = {
  locations: ['Where is the home you are selling?', 'Which city or neighbourhood is your home in?'],
  propertyTypes: ['Is it a house, a townhouse, a condo or land?', 'What type of home is it?'],
  bedrooms: ['How many bedrooms does it have?', 'How many bedrooms is it?'],
  timeline: ['When would you like to sell?', 'What timeline do you have in mind for the sale?'],
};

export function question(field: AskableField, f: TurnFacts): string {
  const variants = (f.profile.purpose === Purpose.Sell ? SELLER_QUESTIONS[field] : undefined) ?? QUESTIONS[field];
  return variants[(f.askedCounts[field] ?? 0) % 2];
}

/** "a 3-bedroom condo in Ballard, up to $750K" — the profile as the lead would say it. */
export function describeWishes(p: LeadProfileDto): string {
  if (p.purpose === Purpose.Sell) {
    const home = [p.bedrooms !== null ? (p.bedrooms === 0 ? 'studio' : `${p.bedrooms}-bedroom`) : '', p.propertyTypes.length ? p.propertyTypes.map((t) => labelFor(HOME_TYPE_LABELS, t).toLowerCase()).join(' or ') : 'home'].filter(Boolean).join(' ');
    return `you'd like to sell your ${home}${p.locations.length ? ` in ${p.locations.join(' or ')}` : ''}`;
  }
  const what = [p.bedrooms !== null ? (p.bedrooms === 0 ? 'studio' : `${p.bedrooms}-bedroom`) : '', p.propertyTypes.length ? p.propertyTypes.map((t) => labelFor(HOME_TYPE_LABELS, t).toLowerCase()).join(' or ') : 'home'].filter(Boolean).join(' ');
  const purpose = p.purpose === Purpose.Rent ? ' to rent' : p.purpose === Purpose.Buy ? ' to buy' : '';
  const where = p.locations.length ? ` in ${p.locations.join(' or ')}` : '';
  const range = formatBudget(p.budgetMin, p.budgetMax, p.currency, p.purpose);
  const budget = range ? `, ${range}` : '';
  return `a ${what}${purpose}${where}${budget}`.replace(/^a ([aeiou])/i, 'an $1');
}

export function presentUnits(units: UnitCard[]): string {
  const lines = units.slice(0, 3).map((u, i) => {
    const beds = u.bedrooms === 0 ? 'studio' : `${u.bedrooms} bd`;
    const why = u.why.length ? ` — ${u.why.slice(0, 3).join('; ')}` : '';
    return `${i + 1}. ${u.title}, ${money(u.price, u.currency)}, ${beds} / ${u.bathrooms} ba in ${u.area ?? u.city}${why}`;
  });
  return `Here ${units.length === 1 ? 'is a home' : `are ${Math.min(units.length, 3)} homes`} that fit:\n${lines.join('\n')}`;
}

export const presentSlots = (title: string, slots: OfferedSlot[], timezone: string): string =>
  // Each slot reads "Fri 4 Dec, 12:30": the list is joined whole, never at the comma inside a slot.
  `I can show you ${title} on ${joinOr(slots.map((s) => s.local))} (${timeZoneWords(timezone)}). Which suits you?${slots.length > 1 ? ` Say yes and I'll take the first, ${slots[0].local}.` : ''}`;

export const HANDOFF = "That's a question for one of our agents, so I've passed your conversation to a colleague — they'll be in touch shortly.";
