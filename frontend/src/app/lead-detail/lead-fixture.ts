import { LeadDetailDto } from '../api/models/lead-detail-dto';

/** A plausible lead detail for tests; override what the test is about. */
export function leadDetail(overrides: Partial<LeadDetailDto> = {}): LeadDetailDto {
  return {
    id: 'lead-1',
    contact: { id: 'c1', name: 'Grace Hopper', email: 'grace@example.org', phone: null, phoneE164: null, optedOutAt: null, timezone: 'America/Los_Angeles', preferredChannel: null },
    assignee: null,
    createdAt: '2026-11-20T10:00:00Z',
    updatedAt: '2026-11-25T10:00:00Z',
    mergedIntoId: null,
    lastActivityAt: '2026-11-25T10:00:00Z',
    firstResponseAt: null,
    needsReply: true,
    overdue: false,
    slaDueAt: null,
    source: 'web',
    sourceRef: null,
    stage: 'new',
    score: 55,
    scoreSource: 'auto',
    qualificationStatus: 'unqualified',
    scoreBreakdown: [
      { factor: 'budget', points: 20, max: 20, reason: 'Budget fits 40 listings' },
      { factor: 'timeline', points: 5, max: 15, reason: 'Buying in 3–6 months' },
    ],
    qualifications: [],
    tasks: [],
    timeline: [],
    profile: {
      purpose: 'buy',
      budgetMin: null,
      budgetMax: 800000,
      currency: 'USD',
      bedrooms: 3,
      bathrooms: null,
      propertyTypes: [],
      locations: ['Ballard'],
      timeline: null,
      financing: null,
      pets: null,
      furnished: null,
      mustHaves: [],
      evidence: {},
      updatedAt: null,
    },
    ...overrides,
  };
}
