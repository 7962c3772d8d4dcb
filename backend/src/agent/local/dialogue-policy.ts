import { Purpose } from '../../leads/lead.enums';
import type { LeadProfileDto } from '../../leads/profile.dto';
import type { TurnFacts } from '../turn-facts';
import type { AskableField } from './understanding';

/** A field asked this many times without an answer is not asked again: never nag. */
export const MAX_ASKS = 2;

/** Enough to search: buy or rent, a place, and a budget or a number of bedrooms. A seller is not searched for. */
export const enoughToSearch = (p: LeadProfileDto): boolean => (p.purpose === Purpose.Buy || p.purpose === Purpose.Rent) && p.locations.length > 0 && (p.budgetMax !== null || p.budgetMin !== null || p.bedrooms !== null);

const known = (f: TurnFacts, field: AskableField): boolean => {
  const p = f.profile;
  switch (field) {
    case 'purpose':
      return p.purpose !== null;
    case 'budget':
      return p.budgetMax !== null || p.budgetMin !== null || p.purpose === Purpose.Sell;
    case 'bedrooms':
      return p.bedrooms !== null;
    case 'bathrooms':
      return p.bathrooms !== null;
    case 'propertyTypes':
      return p.propertyTypes.length > 0;
    case 'locations':
      return p.locations.length > 0;
    case 'timeline':
      return p.timeline !== null;
    case 'financing':
      return p.financing !== null || p.purpose === Purpose.Rent || p.purpose === Purpose.Sell;
    case 'pets':
      return p.pets !== null || p.purpose === Purpose.Buy || p.purpose === Purpose.Sell;
    case 'furnished':
      return p.furnished !== null || p.purpose === Purpose.Buy || p.purpose === Purpose.Sell;
    case 'email':
      return f.contact.email !== null || f.contact.phone !== null;
    default:
      return true;
  }
};

/**
 * The most useful fact to ask for next, in the order a good agent would: what decides the search
 * first (buy or rent, where, budget, size), then what decides the lead's priority (when, how they
 * pay), then how to reach them. After homes were shown and nothing is booked, the next step is a
 * viewing. Never a field already known, never one asked MAX_ASKS times.
 */
export function nextQuestion(f: TurnFacts): AskableField | null {
  if (f.turn.handedOff) return null;
  if (f.turn.offeredSlots) return 'visit';
  if (f.turn.showedResults && f.lastResults.length && !f.bookedViewing) return 'visit';
  // A time held for a viewing waits for a name and a phone or email.
  if (f.pendingViewing && !(f.leadName && (f.contact.email || f.contact.phone))) {
    const field: AskableField = f.leadName ? 'phone' : 'name';
    if ((f.askedCounts[field] ?? 0) < MAX_ASKS) return field;
  }
  // A seller is asked what they sell, where and when, then how to reach them.
  const order: AskableField[] =
    f.profile.purpose === Purpose.Sell ? ['locations', 'propertyTypes', 'bedrooms', 'timeline', 'email'] : ['purpose', 'locations', 'budget', 'bedrooms', 'propertyTypes', 'timeline', 'financing', 'pets', 'bathrooms', 'email'];
  for (const field of order) {
    if (known(f, field)) continue;
    if ((f.askedCounts[field] ?? 0) >= MAX_ASKS) continue;
    return field;
  }
  return null;
}
