import { Financing, Purpose, Timeline } from '../leads/lead.enums';
import { CURRENT_WEIGHTS, ScoreWeights } from './weights';

/** One line of a score's explanation. The points of all factors add up to the score. */
export interface ScoreFactor {
  factor: string;
  points: number;
  max: number;
  reason: string;
}

export interface ScoreResult {
  score: number;
  factors: ScoreFactor[];
  weightsVersion: string;
}

/** What the score reads of the lead's profile. */
export interface ScoreProfile {
  purpose: Purpose | null;
  budgetMin: number | null;
  budgetMax: number | null;
  bedrooms: number | null;
  bathrooms: number | null;
  propertyTypes: string[];
  locations: string[];
  timeline: Timeline | null;
  financing: Financing | null;
}

/** The score's fields of a profile (one shape, one key order, so two can be compared as JSON). */
export const scoreProfile = (p: ScoreProfile): ScoreProfile => ({
  purpose: p.purpose ?? null,
  budgetMin: p.budgetMin ?? null,
  budgetMax: p.budgetMax ?? null,
  bedrooms: p.bedrooms ?? null,
  bathrooms: p.bathrooms ?? null,
  propertyTypes: p.propertyTypes ?? [],
  locations: p.locations ?? [],
  timeline: p.timeline ?? null,
  financing: p.financing ?? null,
});

export interface ScoreInput {
  profile: ScoreProfile;
  activity: {
    /** Messages the lead sent in the last 14 days. */
    inboundMessages14d: number;
    /** Viewings booked or held. */
    viewings: number;
  };
  fit: {
    /** Available units that meet the lead's purpose, budget and bedrooms. */
    matchingUnits: number;
  };
}

function fraction(max: number, share: number): number {
  return Math.round(max * share);
}

/**
 * The lead score: a pure function of profile, activity and inventory fit. Same input, same output;
 * no clock, no I/O. Each factor says why it gave what it gave.
 */
export function scoreLead(input: ScoreInput, weights: ScoreWeights = CURRENT_WEIGHTS): ScoreResult {
  const { profile, activity, fit } = input;
  const m = weights.max;
  const factors: ScoreFactor[] = [];

  factors.push(
    profile.purpose
      ? { factor: 'purpose', points: m.purpose, max: m.purpose, reason: `Wants to ${profile.purpose}` }
      : { factor: 'purpose', points: 0, max: m.purpose, reason: 'Buy or rent not known yet' },
  );

  if (profile.budgetMax !== null && profile.budgetMax > 0) {
    factors.push({ factor: 'budget', points: m.budget, max: m.budget, reason: 'Budget ceiling known' });
  } else if (profile.budgetMin !== null && profile.budgetMin > 0) {
    factors.push({ factor: 'budget', points: fraction(m.budget, 0.5), max: m.budget, reason: 'Only a minimum budget known' });
  } else {
    factors.push({ factor: 'budget', points: 0, max: m.budget, reason: 'Budget not known yet' });
  }

  factors.push(
    profile.locations.length > 0
      ? { factor: 'location', points: m.location, max: m.location, reason: `Looking in ${profile.locations.slice(0, 3).join(', ')}` }
      : { factor: 'location', points: 0, max: m.location, reason: 'No location given yet' },
  );

  const known = [profile.bedrooms !== null, profile.bathrooms !== null, profile.propertyTypes.length > 0].filter(Boolean).length;
  factors.push({
    factor: 'requirements',
    points: fraction(m.requirements, known / 3),
    max: m.requirements,
    reason: known === 0 ? 'No bedrooms, bathrooms or property type yet' : `${known} of 3 requirements known (bedrooms, bathrooms, type)`,
  });

  const timelineShare: Record<Timeline, [number, string]> = {
    [Timeline.Asap]: [1, 'Wants to move as soon as possible'],
    [Timeline.Within3Months]: [1, 'Moving within 3 months'],
    [Timeline.Within6Months]: [0.6, 'Moving within 3–6 months'],
    [Timeline.Within12Months]: [0.3, 'Moving within 6–12 months'],
    [Timeline.Later]: [0, 'Moving in more than a year'],
  };
  if (profile.timeline) {
    const [share, reason] = timelineShare[profile.timeline];
    factors.push({ factor: 'timeline', points: fraction(m.timeline, share), max: m.timeline, reason });
  } else {
    factors.push({ factor: 'timeline', points: 0, max: m.timeline, reason: 'Timeline not known yet' });
  }

  if (profile.purpose === Purpose.Rent) {
    // Renters need no mortgage: financing is not a question for them.
    factors.push({ factor: 'financing', points: m.financing, max: m.financing, reason: 'Renting: no financing needed' });
  } else {
    const financingShare: Record<Financing, [number, string]> = {
      [Financing.Cash]: [1, 'Cash buyer'],
      [Financing.PreApproved]: [1, 'Mortgage pre-approved'],
      [Financing.MortgageNeeded]: [0.4, 'Needs a mortgage, not pre-approved'],
      [Financing.Unknown]: [0, 'Financing not known yet'],
    };
    const [share, reason] = financingShare[profile.financing ?? Financing.Unknown];
    factors.push({ factor: 'financing', points: fraction(m.financing, share), max: m.financing, reason });
  }

  const inbound = Math.max(0, activity.inboundMessages14d);
  const viewings = Math.max(0, activity.viewings);
  // A booked viewing is the strongest signal of intent; messages count up to five.
  const engagementShare = viewings > 0 ? 1 : Math.min(inbound, 5) / 5;
  factors.push({
    factor: 'engagement',
    points: fraction(m.engagement, engagementShare),
    max: m.engagement,
    reason:
      viewings > 0
        ? `${viewings} viewing${viewings === 1 ? '' : 's'} booked`
        : inbound > 0
          ? `${inbound} message${inbound === 1 ? '' : 's'} from the lead in 14 days`
          : 'No messages from the lead in 14 days',
  });

  const units = Math.max(0, fit.matchingUnits);
  const fitShare = units >= 3 ? 1 : units >= 1 ? 0.5 : 0;
  factors.push({
    factor: 'inventoryFit',
    points: fraction(m.inventoryFit, fitShare),
    max: m.inventoryFit,
    reason: units === 0 ? 'No available home fits yet' : `${units} available home${units === 1 ? '' : 's'} fit`,
  });

  const score = factors.reduce((sum, f) => sum + f.points, 0);
  return { score, factors, weightsVersion: weights.version };
}
