import { Financing, Purpose, Timeline } from '../leads/lead.enums';
import { ScoreInput, ScoreResult, scoreLead } from './score';
import { CURRENT_WEIGHTS, ScoreWeights, WEIGHTS_V1 } from './weights';

type FactorName = keyof ScoreWeights['max'];

// The order the explanation is shown in; a factor going missing or doubling up is a bug.
const FACTORS: FactorName[] = ['purpose', 'budget', 'location', 'requirements', 'timeline', 'financing', 'engagement', 'inventoryFit'];

interface Overrides {
  profile?: Partial<ScoreInput['profile']>;
  activity?: Partial<ScoreInput['activity']>;
  fit?: Partial<ScoreInput['fit']>;
}

/** A lead nothing is known about, with the given facts filled in. Fresh objects every call. */
function lead(over: Overrides = {}): ScoreInput {
  return {
    profile: {
      purpose: null,
      budgetMin: null,
      budgetMax: null,
      bedrooms: null,
      bathrooms: null,
      propertyTypes: [],
      locations: [],
      timeline: null,
      financing: null,
      ...over.profile,
    },
    activity: { inboundMessages14d: 0, viewings: 0, ...over.activity },
    fit: { matchingUnits: 0, ...over.fit },
  };
}

const HOT_BUYER: Overrides = {
  profile: {
    purpose: Purpose.Buy,
    budgetMin: 650_000,
    budgetMax: 800_000,
    bedrooms: 3,
    bathrooms: 2,
    propertyTypes: ['house', 'townhouse'],
    locations: ['Ballard', 'Fremont'],
    timeline: Timeline.Asap,
    financing: Financing.Cash,
  },
  activity: { inboundMessages14d: 2, viewings: 1 },
  fit: { matchingUnits: 3 },
};

function factor(result: ScoreResult, name: FactorName) {
  const found = result.factors.find((f) => f.factor === name);
  if (!found) throw new Error(`factor ${name} missing`);
  return found;
}

/** What must hold for any input: the explanation adds up and stays inside the weights. */
function expectWellFormed(result: ScoreResult): void {
  expect(result.factors.map((f) => f.factor)).toEqual(FACTORS);
  expect(result.factors.reduce((sum, f) => sum + f.points, 0)).toBe(result.score);
  expect(result.factors.reduce((sum, f) => sum + f.max, 0)).toBe(100);
  for (const f of result.factors) {
    expect(f.max).toBe(WEIGHTS_V1.max[f.factor as FactorName]);
    expect(Number.isInteger(f.points)).toBe(true);
    expect(f.points).toBeGreaterThanOrEqual(0);
    expect(f.points).toBeLessThanOrEqual(f.max);
    expect(f.reason.trim()).not.toBe('');
  }
  expect(result.score).toBeGreaterThanOrEqual(0);
  expect(result.score).toBeLessThanOrEqual(100);
  expect(result.weightsVersion).toBe(WEIGHTS_V1.version);
}

interface Case {
  name: string;
  input: ScoreInput;
  /** Expected total, where the case pins it. */
  score?: number;
  points: Partial<Record<FactorName, number>>;
  reasons?: Partial<Record<FactorName, string>>;
}

const EMPTY_REASONS: Record<FactorName, string> = {
  purpose: 'Buy or rent not known yet',
  budget: 'Budget not known yet',
  location: 'No location given yet',
  requirements: 'No bedrooms, bathrooms or property type yet',
  timeline: 'Timeline not known yet',
  financing: 'Financing not known yet',
  engagement: 'No messages from the lead in 14 days',
  inventoryFit: 'No available home fits yet',
};

const CASES: Case[] = [
  // Whole leads.
  {
    name: 'empty profile scores 0 and every factor says what is missing',
    input: lead(),
    score: 0,
    points: { purpose: 0, budget: 0, location: 0, requirements: 0, timeline: 0, financing: 0, engagement: 0, inventoryFit: 0 },
    reasons: EMPTY_REASONS,
  },
  {
    name: 'complete hot buyer scores 100',
    input: lead(HOT_BUYER),
    score: 100,
    points: { purpose: 10, budget: 20, location: 10, requirements: 10, timeline: 15, financing: 10, engagement: 15, inventoryFit: 10 },
    reasons: {
      purpose: 'Wants to buy',
      budget: 'Budget ceiling known',
      location: 'Looking in Ballard, Fremont',
      requirements: '3 of 3 requirements known (bedrooms, bathrooms, type)',
      timeline: 'Wants to move as soon as possible',
      financing: 'Cash buyer',
      engagement: '1 viewing booked',
      inventoryFit: '3 available homes fit',
    },
  },
  {
    name: 'hot renter with no financing answer also scores 100',
    input: lead({ ...HOT_BUYER, profile: { ...HOT_BUYER.profile, purpose: Purpose.Rent, financing: null } }),
    score: 100,
    points: { purpose: 10, financing: 10 },
    reasons: { purpose: 'Wants to rent', financing: 'Renting: no financing needed' },
  },

  // Purpose.
  { name: 'purpose buy', input: lead({ profile: { purpose: Purpose.Buy } }), score: 10, points: { purpose: 10 }, reasons: { purpose: 'Wants to buy' } },

  // Budget.
  { name: 'budget: only budgetMax', input: lead({ profile: { budgetMax: 500_000 } }), score: 20, points: { budget: 20 }, reasons: { budget: 'Budget ceiling known' } },
  { name: 'budget: min and max', input: lead({ profile: { budgetMin: 300_000, budgetMax: 500_000 } }), score: 20, points: { budget: 20 } },
  {
    name: 'budget: only budgetMin gives half',
    input: lead({ profile: { budgetMin: 300_000 } }),
    score: 10,
    points: { budget: 10 },
    reasons: { budget: 'Only a minimum budget known' },
  },
  { name: 'budget: max of 0 falls back to the minimum', input: lead({ profile: { budgetMin: 2_000, budgetMax: 0 } }), score: 10, points: { budget: 10 } },
  { name: 'budget: zeros are not a budget', input: lead({ profile: { budgetMin: 0, budgetMax: 0 } }), score: 0, points: { budget: 0 }, reasons: { budget: 'Budget not known yet' } },

  // Location.
  {
    name: 'location: reason names at most three places',
    input: lead({ profile: { locations: ['Ballard', 'Fremont', 'Wallingford', 'Queen Anne'] } }),
    score: 10,
    points: { location: 10 },
    reasons: { location: 'Looking in Ballard, Fremont, Wallingford' },
  },

  // Requirements: bedrooms, bathrooms, property type.
  {
    name: 'requirements: bedrooms only',
    input: lead({ profile: { bedrooms: 2 } }),
    score: 3,
    points: { requirements: 3 },
    reasons: { requirements: '1 of 3 requirements known (bedrooms, bathrooms, type)' },
  },
  { name: 'requirements: a studio (0 bedrooms) is a known answer', input: lead({ profile: { bedrooms: 0 } }), score: 3, points: { requirements: 3 } },
  {
    name: 'requirements: bedrooms and bathrooms',
    input: lead({ profile: { bedrooms: 2, bathrooms: 1.5 } }),
    score: 7,
    points: { requirements: 7 },
    reasons: { requirements: '2 of 3 requirements known (bedrooms, bathrooms, type)' },
  },
  { name: 'requirements: bedrooms and type', input: lead({ profile: { bedrooms: 2, propertyTypes: ['condo'] } }), score: 7, points: { requirements: 7 } },
  { name: 'requirements: bathrooms and type', input: lead({ profile: { bathrooms: 1, propertyTypes: ['condo'] } }), score: 7, points: { requirements: 7 } },
  { name: 'requirements: all three', input: lead({ profile: { bedrooms: 2, bathrooms: 1, propertyTypes: ['condo'] } }), score: 10, points: { requirements: 10 } },

  // Timeline, every value.
  ...(
    [
      [Timeline.Asap, 15, 'Wants to move as soon as possible'],
      [Timeline.Within3Months, 15, 'Moving within 3 months'],
      [Timeline.Within6Months, 9, 'Moving within 3–6 months'],
      // 15 × 0.3 = 4.5, rounded half up.
      [Timeline.Within12Months, 5, 'Moving within 6–12 months'],
      [Timeline.Later, 0, 'Moving in more than a year'],
    ] as const
  ).map(
    ([timeline, points, reason]): Case => ({
      name: `timeline ${timeline}`,
      input: lead({ profile: { timeline } }),
      score: points,
      points: { timeline: points },
      reasons: { timeline: reason },
    }),
  ),

  // Financing, every value, for a buyer and for a lead whose purpose is not known yet.
  ...(
    [
      [Financing.Cash, 10, 'Cash buyer'],
      [Financing.PreApproved, 10, 'Mortgage pre-approved'],
      [Financing.MortgageNeeded, 4, 'Needs a mortgage, not pre-approved'],
      [Financing.Unknown, 0, 'Financing not known yet'],
      [null, 0, 'Financing not known yet'],
    ] as const
  ).flatMap(([financing, points, reason]): Case[] => [
    {
      name: `financing ${String(financing)}, buyer`,
      input: lead({ profile: { purpose: Purpose.Buy, financing } }),
      score: 10 + points,
      points: { purpose: 10, financing: points },
      reasons: { financing: reason },
    },
    {
      name: `financing ${String(financing)}, purpose unknown`,
      input: lead({ profile: { financing } }),
      score: points,
      points: { financing: points },
      reasons: { financing: reason },
    },
    {
      name: `financing ${String(financing)}, renter gets full points`,
      input: lead({ profile: { purpose: Purpose.Rent, financing } }),
      score: 20,
      points: { purpose: 10, financing: 10 },
      reasons: { financing: 'Renting: no financing needed' },
    },
  ]),

  // Engagement: messages count up to five; any viewing is full marks.
  ...(
    [
      [0, 0, 'No messages from the lead in 14 days'],
      [1, 3, '1 message from the lead in 14 days'],
      [2, 6, '2 messages from the lead in 14 days'],
      [3, 9, '3 messages from the lead in 14 days'],
      [4, 12, '4 messages from the lead in 14 days'],
      [5, 15, '5 messages from the lead in 14 days'],
      [6, 15, '6 messages from the lead in 14 days'],
      [40, 15, '40 messages from the lead in 14 days'],
    ] as const
  ).map(
    ([inboundMessages14d, points, reason]): Case => ({
      name: `engagement: ${inboundMessages14d} messages`,
      input: lead({ activity: { inboundMessages14d } }),
      score: points,
      points: { engagement: points },
      reasons: { engagement: reason },
    }),
  ),
  { name: 'engagement: one viewing, no messages', input: lead({ activity: { viewings: 1 } }), score: 15, points: { engagement: 15 }, reasons: { engagement: '1 viewing booked' } },
  {
    name: 'engagement: viewings outrank messages',
    input: lead({ activity: { inboundMessages14d: 1, viewings: 2 } }),
    score: 15,
    points: { engagement: 15 },
    reasons: { engagement: '2 viewings booked' },
  },
  {
    name: 'engagement: negative counts are treated as zero',
    input: lead({ activity: { inboundMessages14d: -3, viewings: -1 } }),
    score: 0,
    points: { engagement: 0 },
    reasons: { engagement: 'No messages from the lead in 14 days' },
  },

  // Inventory fit: none, some, plenty.
  ...(
    [
      [0, 0, 'No available home fits yet'],
      [1, 5, '1 available home fit'],
      [2, 5, '2 available homes fit'],
      [3, 10, '3 available homes fit'],
      [25, 10, '25 available homes fit'],
      [-1, 0, 'No available home fits yet'],
    ] as const
  ).map(
    ([matchingUnits, points, reason]): Case => ({
      name: `inventory fit: ${matchingUnits} units`,
      input: lead({ fit: { matchingUnits } }),
      score: points,
      points: { inventoryFit: points },
      reasons: { inventoryFit: reason },
    }),
  ),

  // A typical half-qualified lead: the parts add up across factors.
  {
    name: 'mixed: renter, min budget, 2 requirements, 6-12 months, 2 messages, 1 unit',
    input: lead({
      profile: { purpose: Purpose.Rent, budgetMin: 2_500, bedrooms: 1, propertyTypes: ['apartment'], timeline: Timeline.Within12Months },
      activity: { inboundMessages14d: 2 },
      fit: { matchingUnits: 1 },
    }),
    score: 10 + 10 + 0 + 7 + 5 + 10 + 6 + 5,
    points: { purpose: 10, budget: 10, location: 0, requirements: 7, timeline: 5, financing: 10, engagement: 6, inventoryFit: 5 },
  },
];

describe('scoreLead', () => {
  it.each(CASES)('$name', ({ input, score, points, reasons }) => {
    const result = scoreLead(input);

    expectWellFormed(result);
    if (score !== undefined) expect(result.score).toBe(score);
    for (const [name, expected] of Object.entries(points)) {
      expect({ factor: name, points: factor(result, name as FactorName).points }).toEqual({ factor: name, points: expected });
    }
    for (const [name, expected] of Object.entries(reasons ?? {})) {
      expect({ factor: name, reason: factor(result, name as FactorName).reason }).toEqual({ factor: name, reason: expected });
    }
  });

  it.each(CASES)('is deterministic and leaves its input alone: $name', ({ input }) => {
    const before = structuredClone(input);
    const first = scoreLead(deepFreeze(input));

    expect(input).toEqual(before);
    expect(scoreLead(input)).toEqual(first);
    expect(scoreLead(structuredClone(before))).toEqual(first);
  });

  it('uses the current weights by default, and they are v1', () => {
    const input = lead(HOT_BUYER);
    expect(CURRENT_WEIGHTS).toBe(WEIGHTS_V1);
    expect(scoreLead(input)).toEqual(scoreLead(input, WEIGHTS_V1));
  });

  it('v1 weights add up to 100', () => {
    expect(Object.values(WEIGHTS_V1.max).reduce((a, b) => a + b, 0)).toBe(100);
    expect(Object.keys(WEIGHTS_V1.max).sort()).toEqual([...FACTORS].sort());
  });
});

/** Freezes every object and array inside, so a write anywhere throws (modules run in strict mode). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
