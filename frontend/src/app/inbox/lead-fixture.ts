import { LeadSummaryDto } from '../api/models/lead-summary-dto';

/** A plausible inbox lead for tests; override what the test is about. */
export function lead(overrides: Partial<LeadSummaryDto> = {}): LeadSummaryDto {
  return {
    id: crypto.randomUUID(),
    name: 'Grace Hopper',
    email: 'grace@example.org',
    phone: null,
    score: 72,
    scoreSource: 'auto',
    stage: 'new',
    source: 'web',
    qualificationStatus: 'unqualified',
    needsReply: true,
    overdue: false,
    waitingSince: '2026-11-25T10:00:00Z',
    overdueSeconds: 0,
    slaDueAt: null,
    sla: null,
    version: 1,
    assignee: null,
    createdAt: '2026-11-20T10:00:00Z',
    lastActivityAt: '2026-11-25T10:00:00Z',
    ...overrides,
  };
}
