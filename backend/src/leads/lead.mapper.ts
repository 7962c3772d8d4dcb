import type { ActivityEntity } from './activity.entity';
import type { ContactEntity } from './contact.entity';
import type { InboxRow } from './inbox-query';
import type { LeadEntity } from './lead.entity';
import { LeadStage, QualificationStatus, ScoreSource, type SlaClockKind } from './lead.enums';
import { needsReply } from './needs-reply';
import type { QualificationRow } from './lead-scoring';
import type { TimelineRow } from './leads.repository';
import { ActivityDto, ContactDto, LeadDetailDto, LeadSummaryDto, QualificationDto, SlaClockDto, TaskDto } from './leads.dto';
import { mapProfile } from './profile.dto';
import type { TaskEntity } from './task.entity';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** How long a lead may wait for an answer before the inbox flags it overdue. */
export const REPLY_DUE_MS = 15 * 60 * 1000;

/** "Needs reply": open, and the lead's last message (or its arrival) has no answer yet; overdue once the wait passes REPLY_DUE_MS. */
export function replyState(stage: LeadStage, awaitingSince: Date | null, now: number) {
  const waiting = needsReply(stage, awaitingSince);
  const late = waiting ? now - awaitingSince.getTime() - REPLY_DUE_MS : 0;
  return { needsReply: waiting, overdue: late > 0, waitingSince: waiting ? awaitingSince.toISOString() : null, overdueSeconds: late > 0 ? Math.floor(late / 1000) : 0 };
}

/** The lead's SLA clock as the screens show it ("Reply due in 4 min", "Overdue by 12 min"). */
export const slaClock = (kind: SlaClockKind | null, dueAt: Date | null): SlaClockDto | null => (kind && dueAt ? { kind, dueAt: dueAt.toISOString() } : null);

const secondsBetween = (from: Date, to: Date | null) => (to ? Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000)) : null);

export function mapInboxRow(r: InboxRow, now = Date.now()): LeadSummaryDto {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    source: r.source,
    stage: r.stage,
    score: r.score,
    scoreSource: r.score_source as ScoreSource,
    qualificationStatus: r.qualification_status as QualificationStatus,
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? '' } : null,
    ...replyState(r.stage, r.awaiting_reply_since, now),
    slaDueAt: iso(r.sla_due_at),
    sla: slaClock(r.sla_kind, r.sla_due_at),
    version: r.version,
    lastActivityAt: r.last_activity_at.toISOString(),
    createdAt: r.created_at.toISOString(),
  };
}

export const mapContact = (c: ContactEntity): ContactDto => ({
  id: c.id,
  name: c.name,
  email: c.email,
  phone: c.phone,
  phoneE164: c.phoneE164,
  timezone: c.timezone,
  preferredChannel: (c.preferredChannel as ContactDto['preferredChannel']) ?? null,
  language: c.language ?? null,
  optedOutAt: iso(c.optedOutAt),
});

export const mapActivity = (a: TimelineRow | ActivityEntity): ActivityDto => ({
  id: a.id,
  type: a.type,
  actor: a.actorId ? { id: a.actorId, name: ('actorName' in a ? a.actorName : null) ?? '' } : null,
  direction: a.direction,
  summary: a.summary,
  data: a.data,
  createdAt: a.createdAt.toISOString(),
});

export const mapTask = (t: TaskEntity): TaskDto => ({
  id: t.id,
  leadId: t.leadId,
  title: t.title,
  type: t.type,
  notes: t.notes,
  dueAt: iso(t.dueAt),
  assigneeId: t.assigneeId,
  completedAt: iso(t.completedAt),
  createdAt: t.createdAt.toISOString(),
});

export const mapQualification = (q: QualificationRow): QualificationDto => ({
  id: q.id,
  score: q.score,
  breakdown: q.breakdown,
  status: q.status,
  source: q.source,
  weightsVersion: q.weightsVersion,
  author: q.authorId ? { id: q.authorId, name: q.authorName ?? '' } : null,
  reason: q.reason,
  createdAt: q.createdAt.toISOString(),
});

export function mapLeadDetail(
  lead: LeadEntity & { contact: ContactEntity },
  timeline: TimelineRow[],
  tasks: TaskEntity[],
  qualifications: QualificationRow[],
  now = Date.now(),
): LeadDetailDto {
  return {
    id: lead.id,
    contact: mapContact(lead.contact),
    source: lead.source,
    sourceRef: lead.sourceRef,
    stage: lead.stage,
    assignee: lead.assignee ? { id: lead.assignee.id, name: lead.assignee.name } : null,
    score: lead.score,
    scoreSource: lead.scoreSource,
    scoreBreakdown: lead.currentQualification?.breakdown ?? [],
    qualificationStatus: lead.qualificationStatus,
    ...replyState(lead.stage, lead.awaitingReplySince, now),
    slaDueAt: iso(lead.slaDueAt),
    sla: slaClock(lead.slaKind, lead.slaDueAt),
    firstResponseAt: iso(lead.firstResponseAt),
    speedToLead: {
      aiFirstResponseAt: iso(lead.firstAiResponseAt),
      aiSeconds: secondsBetween(lead.createdAt, lead.firstAiResponseAt),
      personFirstResponseAt: iso(lead.firstHumanResponseAt),
      personSeconds: secondsBetween(lead.createdAt, lead.firstHumanResponseAt),
    },
    version: lead.version,
    lostReason: lead.lostReason,
    wonUnitId: lead.wonUnitId,
    wonPrice: lead.wonPrice === null ? null : Number(lead.wonPrice),
    lastActivityAt: lead.lastActivityAt.toISOString(),
    createdAt: lead.createdAt.toISOString(),
    updatedAt: lead.updatedAt.toISOString(),
    mergedIntoId: lead.mergedIntoId ?? null,
    profile: mapProfile(lead.profile),
    timeline: timeline.map(mapActivity),
    tasks: tasks.map(mapTask),
    qualifications: qualifications.map(mapQualification),
  };
}
