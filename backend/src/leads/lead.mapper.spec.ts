import type { QualificationEntity } from '../scoring/qualification.entity';
import type { UserEntity, UserRole } from '../users/user.entity';
import type { ActivityEntity } from './activity.entity';
import type { ContactEntity } from './contact.entity';
import type { InboxRow } from './inbox-query';
import type { LeadProfileEntity } from './lead-profile.entity';
import type { LeadEntity } from './lead.entity';
import { ActivityType, Financing, LeadSource, LeadStage, Purpose, QualificationStatus, ScoreSource, Timeline } from './lead.enums';
import { mapActivity, mapInboxRow, mapLeadDetail, mapQualification, mapTask } from './lead.mapper';
import type { QualificationRow } from './lead-scoring';
import type { TimelineRow } from './leads.repository';
import { mapProfile } from './profile.dto';
import { TaskType } from './lead.enums';
import type { TaskEntity } from './task.entity';

const NOW = Date.parse('2026-11-26T12:00:00.000Z');
const HOUR = 3_600_000;
const at = (offsetMs: number) => new Date(NOW + offsetMs);
const PAST = at(-HOUR);


function inboxRow(over: Partial<InboxRow> = {}): InboxRow {
  return {
    id: 'lead-1',
    source: LeadSource.Web,
    stage: LeadStage.New,
    score: 42,
    score_source: 'auto',
    qualification_status: 'unqualified',
    assignee_id: null,
    assignee_name: null,
    sla_due_at: PAST,
    sla_kind: null,
    first_response_at: null,
    awaiting_reply_since: at(-HOUR - 15 * 60_000),
    version: 3,
    last_activity_at: new Date('2026-11-26T07:51:24.000Z'),
    created_at: new Date('2026-11-25T09:00:00.000Z'),
    name: 'Jane Doe',
    email: 'jane@example.com',
    phone: '+1 555 123 4567',
    ...over,
  };
}

const contact: ContactEntity = {
  id: 'contact-1',
  preferredChannel: null,
  language: null,
  name: 'Jane Doe',
  email: 'jane@example.com',
  emailNormalized: 'jane@example.com',
  phone: '(555) 123-4567',
  phoneE164: '+15551234567',
  whatsappId: null,
  marketingConsent: false,
  optedOutAt: null,
  timezone: 'America/Chicago',
  createdAt: new Date('2026-11-25T09:00:00.000Z'),
  updatedAt: new Date('2026-11-25T09:00:00.000Z'),
};

const agent: UserEntity = {
  id: 'user-1',
  email: 'agent@brokerage.test',
  name: 'Ann Agent',
  role: 'agent' as UserRole,
  passwordHash: 'secret-hash',
  active: true,
  tokenVersion: 0, team: null, totpSecret: null, totpPendingSecret: null, totpLastStep: null, recoveryCodeHashes: [],
  createdAt: new Date('2026-01-01T00:00:00.000Z'),
  updatedAt: new Date('2026-01-01T00:00:00.000Z'),
};

const breakdown = [
  { factor: 'budget', points: 20, max: 25, reason: 'Budget fits inventory' },
  { factor: 'timeline', points: 10, max: 20, reason: 'Buying in 3–6 months' },
];

const qualification: QualificationEntity = {
  id: 'q-1',
  leadId: 'lead-1',
  score: 30,
  breakdown,
  status: QualificationStatus.Unqualified,
  source: ScoreSource.Auto,
  weightsVersion: 'w1',
  authorId: null,
  reason: null,
  createdAt: new Date('2026-11-25T09:00:01.000Z'),
};

function lead(over: Partial<LeadEntity> = {}): LeadEntity & { contact: ContactEntity } {
  return {
    id: 'lead-1',
    contactId: contact.id,
    contact,
    source: LeadSource.Portal,
    sourceRef: 'zillow-123',
    stage: LeadStage.New,
    assigneeId: null,
    assignee: null,
    score: 30,
    currentQualificationId: null,
    currentQualification: null,
    scoreSource: ScoreSource.Auto,
    qualificationStatus: QualificationStatus.Unqualified,
    pondSince: null,
    slaDueAt: PAST,
    slaKind: null,
    stageEnteredAt: PAST,
    firstResponseAt: null,
    firstAiResponseAt: null,
    firstHumanResponseAt: null,
    awaitingReplySince: at(-HOUR - 15 * 60_000),
    version: 1,
    lostReason: null,
    wonUnitId: null,
    wonPrice: null,
    lastActivityAt: new Date('2026-11-26T07:51:24.000Z'),
    mergedIntoId: null,
    createdAt: new Date('2026-11-25T09:00:00.000Z'),
    updatedAt: new Date('2026-11-26T08:00:00.000Z'),
    ...over,
  };
}

function activity(over: Partial<TimelineRow> = {}): TimelineRow {
  return {
    id: 'a-1',
    leadId: 'lead-1',
    type: ActivityType.Note,
    actorId: null,
    actorName: null,
    direction: null,
    summary: 'Called, no answer',
    data: {},
    createdAt: new Date('2026-11-26T08:00:00.000Z'),
    ...over,
  };
}

function task(over: Partial<TaskEntity> = {}): TaskEntity {
  return {
    id: 't-1',
    leadId: 'lead-1',
    title: 'Send listings',
    type: TaskType.FollowUp,
    notes: null,
    dueAt: null,
    assigneeId: null,
    createdById: null,
    completedAt: null,
    completedById: null,
    createdAt: new Date('2026-11-26T08:00:00.000Z'),
    ...over,
  };
}

describe('mapInboxRow', () => {
  it.each<[string, Partial<InboxRow>, boolean, boolean]>([
    ['a lead waiting an hour past its reply time', { stage: LeadStage.New, awaiting_reply_since: at(-HOUR - 15 * 60_000) }, true, true],
    ['a lead waiting five minutes', { stage: LeadStage.New, awaiting_reply_since: at(-5 * 60_000) }, true, false],
    ['a lead exactly at its reply time', { stage: LeadStage.New, awaiting_reply_since: at(-15 * 60_000) }, true, false],
    ['a handed-over lead who wrote again after being answered', { stage: LeadStage.Qualified, first_response_at: at(-2 * HOUR), awaiting_reply_since: at(-HOUR) }, true, true],
    ['a lead answered after their last message', { stage: LeadStage.New, first_response_at: at(-2 * HOUR), awaiting_reply_since: null }, false, false],
    ['a contacted lead', { stage: LeadStage.Contacted, first_response_at: at(-2 * HOUR), awaiting_reply_since: null }, false, false],
    ['a won lead with an unanswered message', { stage: LeadStage.Won }, false, false],
    ['a lost lead with an unanswered message', { stage: LeadStage.Lost }, false, false],
  ])('%s: needsReply=%p, overdue=%p', (_case, over, needsReply, overdue) => {
    expect(mapInboxRow(inboxRow(over), NOW)).toMatchObject({ needsReply, overdue });
  });

  it('says how long a reply is overdue', () => {
    expect(mapInboxRow(inboxRow({ awaiting_reply_since: at(-HOUR - 15 * 60_000) }), NOW)).toMatchObject({ overdueSeconds: 3600, waitingSince: '2026-11-26T10:45:00.000Z' });
  });

  it('shows the SLA clock only when a timer runs (what is due and when)', () => {
    expect(mapInboxRow(inboxRow({ sla_kind: 'stage', sla_due_at: at(HOUR) }), NOW).sla).toEqual({ kind: 'stage', dueAt: at(HOUR).toISOString() });
    expect(mapInboxRow(inboxRow({ sla_kind: null }), NOW).sla).toBeNull();
  });

  it('maps the row with ISO date strings and the contact fields', () => {
    expect(mapInboxRow(inboxRow({ score_source: 'manual', qualification_status: 'qualified' }), NOW)).toEqual({
      id: 'lead-1',
      name: 'Jane Doe',
      email: 'jane@example.com',
      phone: '+1 555 123 4567',
      source: LeadSource.Web,
      stage: LeadStage.New,
      score: 42,
      scoreSource: ScoreSource.Manual,
      qualificationStatus: QualificationStatus.Qualified,
      assignee: null,
      needsReply: true,
      overdue: true,
      waitingSince: '2026-11-26T10:45:00.000Z',
      overdueSeconds: 3600,
      slaDueAt: '2026-11-26T11:00:00.000Z',
      sla: null,
      version: 3,
      lastActivityAt: '2026-11-26T07:51:24.000Z',
      createdAt: '2026-11-25T09:00:00.000Z',
    });
  });

  it('gives null for a missing deadline', () => {
    expect(mapInboxRow(inboxRow({ sla_due_at: null }), NOW).slaDueAt).toBeNull();
  });

  it('gives the assignee as id and name, or null when unassigned', () => {
    expect(mapInboxRow(inboxRow({ assignee_id: 'user-1', assignee_name: 'Ann Agent' }), NOW).assignee).toEqual({ id: 'user-1', name: 'Ann Agent' });
    expect(mapInboxRow(inboxRow({ assignee_id: 'user-9', assignee_name: null }), NOW).assignee).toEqual({ id: 'user-9', name: '' });
    expect(mapInboxRow(inboxRow({ assignee_id: null, assignee_name: 'stale' }), NOW).assignee).toBeNull();
  });

  it('judges overdue against the clock it is given', () => {
    const row = inboxRow({ awaiting_reply_since: at(-5 * 60_000) });
    expect(mapInboxRow(row, NOW).overdue).toBe(false);
    expect(mapInboxRow(row, NOW + 2 * HOUR).overdue).toBe(true);
  });
});

describe('mapLeadDetail', () => {
  it('shows the breakdown of the current qualification', () => {
    const detail = mapLeadDetail(lead({ currentQualificationId: 'q-1', currentQualification: qualification }), [], [], [], NOW);
    expect(detail.scoreBreakdown).toEqual(breakdown);
  });

  it.each<[string, QualificationEntity | null | undefined]>([
    ['null', null],
    ['not loaded', undefined],
  ])('shows an empty breakdown when the current qualification is %s', (_case, currentQualification) => {
    expect(mapLeadDetail(lead({ currentQualification }), [], [], [], NOW).scoreBreakdown).toEqual([]);
  });

  it('gives the empty profile, in USD, for a lead without one', () => {
    const detail = mapLeadDetail(lead({ profile: undefined }), [], [], [], NOW);
    expect(detail.profile).toEqual({
      purpose: null,
      budgetMin: null,
      budgetMax: null,
      currency: 'USD',
      bedrooms: null,
      bathrooms: null,
      propertyTypes: [],
      locations: [],
      timeline: null,
      financing: null,
      pets: null,
      furnished: null,
      mustHaves: [],
      dislikes: [],
      evidence: {},
      updatedAt: null,
    });
    expect(mapProfile(null)).toEqual(detail.profile);
  });

  it('maps a stored profile with its evidence and an ISO updatedAt', () => {
    const evidence = { budgetMax: { value: 900000, messageId: 'm-1', confidence: 0.85, source: 'agent' as const, at: '2026-11-26T08:00:00.000Z' } };
    const profile: LeadProfileEntity = {
      leadId: 'lead-1',
      purpose: Purpose.Buy,
      budgetMin: 600000,
      budgetMax: 900000,
      dislikes: [],
      currency: 'AED',
      bedrooms: 3,
      bathrooms: 2.5,
      propertyTypes: ['condo'],
      locations: ['Dubai Marina'],
      timeline: Timeline.Within3Months,
      financing: Financing.Cash,
      pets: true,
      furnished: false,
      mustHaves: ['pool'],
      evidence,
      updatedAt: new Date('2026-11-26T08:00:00.000Z'),
    };
    expect(mapLeadDetail(lead({ profile }), [], [], [], NOW).profile).toEqual({
      purpose: Purpose.Buy,
      budgetMin: 600000,
      budgetMax: 900000,
      currency: 'AED',
      bedrooms: 3,
      bathrooms: 2.5,
      propertyTypes: ['condo'],
      locations: ['Dubai Marina'],
      timeline: Timeline.Within3Months,
      financing: Financing.Cash,
      pets: true,
      furnished: false,
      dislikes: [],
      mustHaves: ['pool'],
      evidence,
      updatedAt: '2026-11-26T08:00:00.000Z',
    });
  });

  it('names the people on the timeline, and no one for system entries', () => {
    const detail = mapLeadDetail(
      lead(),
      [
        activity({ id: 'a-3', actorId: 'user-1', actorName: 'Ann Agent', type: ActivityType.StageChanged }),
        activity({ id: 'a-2', actorId: 'user-gone', actorName: null }),
        activity({ id: 'a-1', actorId: null, actorName: null, type: ActivityType.LeadCreated }),
      ],
      [],
      [],
      NOW,
    );
    expect(detail.timeline.map((a) => [a.id, a.actor])).toEqual([
      ['a-3', { id: 'user-1', name: 'Ann Agent' }],
      ['a-2', { id: 'user-gone', name: '' }],
      ['a-1', null],
    ]);
  });

  it('maps the lead, its contact, assignee, reply state, tasks and score history', () => {
    const detail = mapLeadDetail(
      lead({ assigneeId: agent.id, assignee: agent, stage: LeadStage.Contacted, firstResponseAt: at(-2 * HOUR), awaitingReplySince: null }),
      [activity()],
      [task()],
      [{ ...qualification, authorName: null }],
      NOW,
    );
    expect(detail).toMatchObject({
      id: 'lead-1',
      source: LeadSource.Portal,
      sourceRef: 'zillow-123',
      stage: LeadStage.Contacted,
      score: 30,
      scoreSource: ScoreSource.Auto,
      qualificationStatus: QualificationStatus.Unqualified,
      needsReply: false,
      overdue: false,
      slaDueAt: '2026-11-26T11:00:00.000Z',
      firstResponseAt: '2026-11-26T10:00:00.000Z',
      lastActivityAt: '2026-11-26T07:51:24.000Z',
      createdAt: '2026-11-25T09:00:00.000Z',
      updatedAt: '2026-11-26T08:00:00.000Z',
    });
    expect(detail.contact).toEqual({
      id: 'contact-1',
      name: 'Jane Doe',
      email: 'jane@example.com',
      phone: '(555) 123-4567',
      phoneE164: '+15551234567',
      timezone: 'America/Chicago',
      preferredChannel: null,
      language: null,
      optedOutAt: null,
    });
    // Only the agent's id and name: never their email or password hash.
    expect(detail.assignee).toEqual({ id: 'user-1', name: 'Ann Agent' });
    expect(detail.timeline).toHaveLength(1);
    expect(detail.tasks.map((t) => t.id)).toEqual(['t-1']);
    expect(detail.qualifications.map((q) => q.id)).toEqual(['q-1']);
  });

  it('shows an unanswered new lead past its deadline as overdue, and an unassigned lead with no assignee', () => {
    const detail = mapLeadDetail(lead({ slaDueAt: PAST, firstResponseAt: null }), [], [], [], NOW);
    expect(detail.speedToLead).toEqual({ aiFirstResponseAt: null, aiSeconds: null, personFirstResponseAt: null, personSeconds: null });
    expect(detail).toMatchObject({ needsReply: true, overdue: true, firstResponseAt: null, assignee: null });
  });

  it('never asks to reply to a closed lead', () => {
    for (const stage of [LeadStage.Won, LeadStage.Lost]) {
      expect(mapLeadDetail(lead({ stage, slaDueAt: PAST }), [], [], [], NOW)).toMatchObject({ needsReply: false, overdue: false });
    }
  });

  it('gives the contact opt-out time as an ISO string', () => {
    const detail = mapLeadDetail(lead({ contact: { ...contact, optedOutAt: new Date('2026-11-20T10:00:00.000Z') } }), [], [], [], NOW);
    expect(detail.contact.optedOutAt).toBe('2026-11-20T10:00:00.000Z');
  });
});

describe('mapActivity', () => {
  it('maps a timeline row', () => {
    expect(
      mapActivity(
        activity({
          actorId: 'user-1',
          actorName: 'Ann Agent',
          type: ActivityType.Message,
          direction: 'outbound',
          summary: 'Sent 3 listings',
          data: { channel: 'whatsapp' },
        }),
      ),
    ).toEqual({
      id: 'a-1',
      type: ActivityType.Message,
      actor: { id: 'user-1', name: 'Ann Agent' },
      direction: 'outbound',
      summary: 'Sent 3 listings',
      data: { channel: 'whatsapp' },
      createdAt: '2026-11-26T08:00:00.000Z',
    });
  });

  it('gives an actor with an empty name for an entity without the joined name', () => {
    const entity: ActivityEntity = { id: 'a-1', leadId: 'lead-1', type: ActivityType.Note, actorId: 'user-1', direction: null, summary: 'Note', data: {}, createdAt: new Date() };
    expect(mapActivity(entity).actor).toEqual({ id: 'user-1', name: '' });
  });

  it('gives no actor for the system, the AI agent or the lead', () => {
    expect(mapActivity(activity({ actorId: null, direction: 'inbound' }))).toMatchObject({ actor: null, direction: 'inbound' });
  });
});

describe('mapTask', () => {
  it('maps an open task without a due date', () => {
    expect(mapTask(task())).toEqual({
      id: 't-1',
      leadId: 'lead-1',
      title: 'Send listings',
      type: 'follow_up',
      notes: null,
      dueAt: null,
      assigneeId: null,
      completedAt: null,
      createdAt: '2026-11-26T08:00:00.000Z',
    });
  });

  it('maps a due, assigned, completed task with ISO dates', () => {
    expect(
      mapTask(task({ notes: 'Condos only', dueAt: new Date('2026-11-27T15:00:00.000Z'), assigneeId: 'user-1', completedAt: new Date('2026-11-27T14:00:00.000Z'), completedById: 'user-1' })),
    ).toMatchObject({
      notes: 'Condos only',
      dueAt: '2026-11-27T15:00:00.000Z',
      assigneeId: 'user-1',
      completedAt: '2026-11-27T14:00:00.000Z',
    });
  });
});

describe('mapQualification', () => {
  it('maps an automatic score with its breakdown and no author', () => {
    expect(mapQualification({ ...qualification, authorName: null })).toEqual({
      id: 'q-1',
      score: 30,
      breakdown,
      status: QualificationStatus.Unqualified,
      source: ScoreSource.Auto,
      weightsVersion: 'w1',
      author: null,
      reason: null,
      createdAt: '2026-11-25T09:00:01.000Z',
    });
  });

  it.each<[string | null, string]>([
    ['Ann Agent', 'Ann Agent'],
    [null, ''],
  ])('names the author of a manual override (%p → %p)', (authorName, name) => {
    const row: QualificationRow = {
      ...qualification,
      score: 80,
      status: QualificationStatus.Qualified,
      source: ScoreSource.Manual,
      weightsVersion: null,
      authorId: 'user-1',
      authorName,
      reason: 'Pre-approved, viewing booked',
    };
    expect(mapQualification(row)).toMatchObject({
      score: 80,
      status: QualificationStatus.Qualified,
      source: ScoreSource.Manual,
      weightsVersion: null,
      author: { id: 'user-1', name },
      reason: 'Pre-approved, viewing booked',
    });
  });
});
