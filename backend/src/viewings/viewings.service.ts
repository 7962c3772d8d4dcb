import { Inject, Injectable, Optional } from '@nestjs/common';
import { CALENDAR_PUSH, type CalendarPush } from './calendar-push';
import { EntityManager } from 'typeorm';
import { ActivityType } from '../leads/lead.enums';
import { LeadRecordsService } from '../leads/lead-records.service';
import { AgentCalendar, agentsFreeAt, DEFAULT_HOURS, freeSlots, pickOffers, problemWith, Slot, SlotProblem, VIEWING_RULES } from './availability';
import { AvailabilityRepository } from './availability.repository';
import { scopeOf } from '../access/lead-access';
import type { AuthUser } from '../core/auth/auth-user';
import { DomainError, notFound } from '../core/http/domain-error';
import { ViewingEntity, ViewingStatus } from './viewing.entity';
import { CalendarViewingDto, mapCalendarViewing, mapViewing, ViewingCalendarQueryDto, ViewingConflictDto, ViewingDto } from './viewings.dto';
import { ViewingsRepository } from './viewings.repository';
import { timeZoneWords } from '../words/broker-words';
import { describeLocal, instantOf } from '../core/time/zoned-time';
import { AppConfig } from '../core/config/app-config';
import { feedIcs, inviteIcs, type InviteEvent } from './viewing-invite';
import type { InviteFacts } from './viewings.repository';

/** A viewing booked, moved or cancelled by a person, told to the lead and the agent: the words and the invite. */
export interface ViewingNotice {
  leadId: string;
  viewingId: string;
  event: 'booked' | 'moved' | 'cancelled';
  /** Street (if known), area, city. */
  address: string;
  /** The local time in the lead's zone, in words. */
  time: string;
  /** The name of the agent who shows it (or of the person who booked it). */
  agent: string;
  /** The person who did it; null: the assistant booked it in a conversation. */
  authorId: string | null;
  /** Who asked for it: a person (SPA, API) or the assistant (its schedule_viewing tool). */
  origin: 'person' | 'assistant';
  /** The conversation's channel when the assistant booked it there: its reply is the confirmation on that channel. */
  confirmedOn?: string | null;
  /** The invite's SEQUENCE after this change (keys of moves carry it: each move is its own message). */
  sequence: number;
  startsAt: Date;
  endsAt: Date;
  /** The iCalendar invite (REQUEST or CANCEL), mailed to the lead and the agent. */
  invite: { method: 'REQUEST' | 'CANCEL'; content: string };
  /** The showing agent's address, for their copy of the invite (null: nobody to send to). */
  agentEmail: string | null;
  unitTitle: string;
}

/**
 * Tells the lead about a viewing through the send-policy gate and the outbox, in the booking's
 * transaction; returns what hands the message to the workers after commit. The messaging module
 * registers itself (it depends on this module, not the other way round).
 */
export interface ViewingNotifier {
  queueViewingNotice(notice: ViewingNotice, tx: EntityManager): Promise<() => Promise<void>>;
}

/** A home's address for the lead: street if known, area, city. */
export function addressOf(u: { street?: string | null; area?: string | null; city: string }): string {
  return [u.street, u.area, u.city].filter((p) => p?.trim()).join(', ');
}

/** Nobody in particular: a brokerage without agents shows homes in the default hours. */
const NOBODY: AgentCalendar = { agentId: null, timezone: null, weekly: DEFAULT_HOURS, bufferMinutes: 0, timeOff: [], bookings: [] };

/** Who may show a lead's viewing: their own agent, or (unassigned) any active agent. */
export interface Showing {
  assigneeId: string | null;
  /** A viewing being moved: its own time does not block its new one. */
  exceptViewingId?: string;
  /** The lead it is for: times that overlap another of their viewings are not free for them. */
  leadId?: string;
}

/** Why a wanted start cannot be booked, in words (booking, moving and the conflict check say the same). */
export const SLOT_PROBLEMS: Record<SlotProblem, string> = {
  past: 'That time has passed',
  outside_hours: "Viewings start on the hour or half hour, within the agent's working hours and the home's viewing times",
  closed_day: 'No viewings that day',
  too_soon: 'That is less than two hours from now',
  too_far: 'That is more than 60 days ahead',
  taken: 'That time is already booked',
};

export type { Slot };

/**
 * Two viewings of one lead closer than this (end of one to start of the other) leave no time to
 * get from one home to the other: a warning; overlapping ones are refused.
 */
export const LEAD_GAP_MINUTES = 30;

/** The longest range the calendar reads at once (a month view and a bit). */
const CALENDAR_MAX_DAYS = 62;

const HOUR = 3_600_000;

export type SlotCheck = { ok: true; slot: Slot } | { ok: false; problem: SlotProblem; alternatives: Slot[] };

/**
 * Why a lead may not have a viewing, whoever books it (a person in the SPA or the API, or the
 * assistant): the same home twice, or a time overlapping another of their viewings.
 */
export interface LeadRefusal {
  code: 'viewing_already_booked' | 'viewing_lead_busy';
  /** In words, for a person. */
  message: string;
  /** The lead's viewing in the way. */
  clash: { viewingId: string; unitId: string; unitTitle: string; startsAt: Date; endsAt: Date; timezone: string };
}

/** The outcome of a booking: the viewing, or why not (`refused` null: the home's start or every agent was taken meanwhile). */
export type BookOutcome = { ok: true; viewing: ViewingEntity } | { ok: false; refused: LeadRefusal | null };

/** Whether a viewing overlaps [s, e) (epoch ms): the lead cannot be at two homes at once. */
const overlaps = (v: { startsAt: Date; endsAt: Date }, s: number, e: number) => v.startsAt.getTime() < e && v.endsAt.getTime() > s;

/** The start and end of a viewing at a wall-clock date and time in a zone. */
export function viewingSpan(date: string, time: string, timeZone: string): { startsAt: Date; endsAt: Date } {
  const startsAt = instantOf(date, time, timeZone);
  return { startsAt, endsAt: new Date(startsAt.getTime() + VIEWING_RULES.minutes * 60_000) };
}

/** Viewing times: which are free, and booking one. */
@Injectable()
export class ViewingsService {
  constructor(
    private readonly viewings: ViewingsRepository,
    private readonly leads: LeadRecordsService,
    private readonly availability: AvailabilityRepository,
    private readonly config: AppConfig,
    @Optional() @Inject(CALENDAR_PUSH) private readonly push: CalendarPush | null = null,
  ) {}

  /** Whether viewings are pushed into an external calendar (Google Calendar configured). */
  get pushesToCalendar(): boolean {
    return !!this.push;
  }

  /**
   * Brings the external calendar in line with the viewing as it is now (created, moved or
   * removed). Idempotent: a retried job pushes the same state again.
   */
  async pushToCalendar(viewingId: string): Promise<string> {
    if (!this.push) return 'off: no calendar configured';
    const f = await this.viewings.inviteFacts(viewingId);
    if (!f || f.status !== ViewingStatus.Booked) {
      await this.push.remove(viewingId);
      return 'removed';
    }
    await this.push.upsert(this.inviteEvent(f));
    return 'pushed';
  }

  private notifier: ViewingNotifier | null = null;

  /** Called once by the messaging module at start-up. */
  useNotifier(notifier: ViewingNotifier): void {
    this.notifier = notifier;
  }

  /** Queues the lead's confirmation or cancellation notice in `tx`; the returned function dispatches it after commit. */
  async notifyLead(notice: ViewingNotice, tx: EntityManager): Promise<() => Promise<void>> {
    return this.notifier ? this.notifier.queueViewingNotice(notice, tx) : async () => {};
  }

  /** The calendars a slot computation needs (one statement): the home's and those of the agents who may show it. */
  private async calendars(unitId: string, showing: Showing, from: Date, to: Date, now: Date, tx?: EntityManager) {
    const found = await this.availability.slotCalendars(unitId, showing.assigneeId ? [showing.assigneeId] : null, from, to, now, tx, showing.exceptViewingId);
    if (!found) throw new DomainError('not_found', 'unit_not_found', 'Unit not found', [{ field: 'unitId', errors: ['Unit not found'] }]);
    return { agents: found.agents.length ? found.agents : [NOBODY], unit: found.unit };
  }

  /**
   * Every free start of a home in [from, to), in `timeZone`: the one computation behind the
   * slots API, the listing page and the assistant.
   */
  async slotsBetween(unitId: string, timeZone: string, showing: Showing, from: Date, to: Date, now: Date): Promise<Slot[]> {
    const [{ agents, unit }, leadBusy] = await Promise.all([
      this.calendars(unitId, showing, from, to, now),
      showing.leadId ? this.viewings.list({ leadId: showing.leadId, bookedOnly: true, exceptId: showing.exceptViewingId, from: new Date(from.getTime() - 4 * HOUR), to }) : Promise.resolve([]),
    ]);
    const free = freeSlots({ unit, agents, timeZone, from, to, now });
    // The lead's own viewings elsewhere: a time they are already booked is not free for them.
    return leadBusy.length ? free.filter((s) => !leadBusy.some((v) => overlaps(v, s.startsAt.getTime(), s.endsAt.getTime()))) : free;
  }

  /** Free times for a unit near the wanted date/time (or the earliest), in the lead's zone. */
  async freeSlots(unitId: string, timeZone: string, now: Date, wanted: { date?: string | null; time?: string | null } = {}, count = 3, showing: Showing = { assigneeId: null }): Promise<Slot[]> {
    const free = await this.slotsBetween(unitId, timeZone, showing, now, new Date(now.getTime() + VIEWING_RULES.offerDays * 86_400_000), now);
    return pickOffers(free, timeZone, wanted, count);
  }

  /** The lead's upcoming booked viewing of a unit: a lead is never booked twice for one home. */
  upcomingFor(leadId: string, unitId: string, now: Date): Promise<ViewingEntity | null> {
    return this.viewings.upcomingFor(leadId, unitId, now);
  }

  /** Whether the wanted start is bookable now (some agent free for it); with alternatives when it is not. */
  async check(unitId: string, date: string, time: string, timeZone: string, now: Date, showing: Showing = { assigneeId: null }): Promise<SlotCheck> {
    const startsAt = instantOf(date, time, timeZone);
    const onGrid = Number(time.slice(3)) % VIEWING_RULES.stepMinutes === 0;
    const dayFrom = new Date(startsAt.getTime() - 86_400_000);
    const dayTo = new Date(startsAt.getTime() + 86_400_000);
    const { agents, unit } = await this.calendars(unitId, showing, dayFrom, dayTo, now);
    const problem = problemWith({ unit, agents, timeZone, now }, startsAt, onGrid);
    if (!problem) {
      const agentIds = agentsFreeAt({ unit, agents, timeZone, now }, startsAt);
      return { ok: true, slot: { startsAt, endsAt: new Date(startsAt.getTime() + VIEWING_RULES.minutes * 60_000), local: describeLocal(startsAt, timeZone), agentIds } };
    }
    return { ok: false, problem, alternatives: await this.freeSlots(unitId, timeZone, now, { date, time }, 3, showing) };
  }

  /**
   * The lead's other booked viewings too close to [startsAt, endsAt): the one rule behind the
   * warning shown before saving and the refusal of a booking or move (the overlapping ones).
   */
  async leadConflicts(leadId: string, startsAt: Date, endsAt: Date, exceptViewingId?: string): Promise<ViewingConflictDto[]> {
    const s = startsAt.getTime();
    const e = endsAt.getTime();
    return (await this.leadNear(leadId, s, e, exceptViewingId)).map((o) => {
      const blocking = overlaps(o, s, e);
      const when = `${o.unitTitle}, ${describeLocal(o.startsAt, o.timezone)} (${timeZoneWords(o.timezone)})`;
      return {
        kind: 'lead' as const,
        blocking,
        message: blocking ? `${o.leadName} already has a viewing at that time: ${when}.` : `${o.leadName} has another viewing less than ${LEAD_GAP_MINUTES} minutes before or after: ${when}.`,
      };
    });
  }

  /** The lead's other booked viewings within the gap of [s, e) (epoch ms). */
  private async leadNear(leadId: string, s: number, e: number, exceptViewingId?: string, tx?: EntityManager) {
    const gap = LEAD_GAP_MINUTES * 60_000;
    const near = await this.viewings.list({ leadId, bookedOnly: true, exceptId: exceptViewingId, from: new Date(s - 4 * HOUR), to: new Date(e + gap) }, tx);
    return near.filter((o) => o.endsAt.getTime() + gap > s && o.startsAt.getTime() < e + gap);
  }

  /**
   * The one rule of what a lead may book, applied on every path (the API and the SPA through
   * `ViewingBookingService`, the assistant's `schedule_viewing`, and inside `book` itself under
   * the lead's lock): never the same home twice (an upcoming viewing of it stands; a person moves
   * it), and never a time overlapping another of the lead's viewings, at any home. Null: allowed.
   */
  async leadRefusal(leadId: string, unitId: string, span: { startsAt: Date; endsAt: Date }, now: Date, opts: { exceptViewingId?: string; tx?: EntityManager } = {}): Promise<LeadRefusal | null> {
    const same = await this.viewings.upcomingFor(leadId, unitId, now, opts.tx, opts.exceptViewingId);
    if (same) {
      const unitTitle = (await this.viewings.inviteFacts(same.id, opts.tx))?.unitTitle ?? 'this home';
      return { code: 'viewing_already_booked', message: 'This lead already has a viewing of this home booked', clash: { viewingId: same.id, unitId, unitTitle, startsAt: same.startsAt, endsAt: same.endsAt, timezone: same.timezone } };
    }
    const s = span.startsAt.getTime();
    const e = span.endsAt.getTime();
    const o = (await this.leadNear(leadId, s, e, opts.exceptViewingId, opts.tx)).find((v) => overlaps(v, s, e));
    if (!o) return null;
    return {
      code: 'viewing_lead_busy',
      message: `${o.leadName} already has a viewing at that time: ${o.unitTitle}, ${describeLocal(o.startsAt, o.timezone)} (${timeZoneWords(o.timezone)}).`,
      clash: { viewingId: o.id, unitId: o.unitId, unitTitle: o.unitTitle, startsAt: o.startsAt, endsAt: o.endsAt, timezone: o.timezone },
    };
  }

  /**
   * Why the showing agent (or the home, or the time) cannot take this start, in words: the same
   * check a booking makes, told as the agent's nearest viewing when they are busy.
   */
  async agentConflicts(unitId: string, date: string, time: string, timeZone: string, showing: Showing, now: Date): Promise<ViewingConflictDto[]> {
    const check = await this.check(unitId, date, time, timeZone, now, showing);
    if (check.ok) return [];
    if (check.problem !== 'taken') return [{ kind: 'time', blocking: true, message: `${SLOT_PROBLEMS[check.problem]}.` }];
    const s = instantOf(date, time, timeZone).getTime();
    const sameHome = await this.viewings.list({ unitId, bookedOnly: true, exceptId: showing.exceptViewingId, from: new Date(s), to: new Date(s + 1) });
    if (sameHome.length) return [{ kind: 'time', blocking: true, message: `The home is already booked at that time (${sameHome[0].leadName}).` }];
    if (!showing.assigneeId) return [{ kind: 'agent', blocking: true, message: 'No agent is free to show it at that time.' }];
    const near = await this.viewings.list({ agentId: showing.assigneeId, bookedOnly: true, exceptId: showing.exceptViewingId, from: new Date(s - 4 * HOUR), to: new Date(s + 4 * HOUR) });
    const nearest = near.sort((a, b) => Math.abs(a.startsAt.getTime() - s) - Math.abs(b.startsAt.getTime() - s))[0];
    if (!nearest) return [{ kind: 'agent', blocking: true, message: 'The agent is not available at that time (time off).' }];
    return [{ kind: 'agent', blocking: true, message: `${nearest.agentName ?? 'The agent'} is busy at that time: a viewing of ${nearest.unitTitle} at ${describeLocal(nearest.startsAt, timeZone)} (${timeZoneWords(timeZone)}), with the buffer and travel between the homes.` }];
  }

  /** The viewings in a range: those I show, or (`team`) those of every lead I may see. */
  async calendar(q: ViewingCalendarQueryDto, user: AuthUser): Promise<CalendarViewingDto[]> {
    const from = new Date(q.from);
    const to = new Date(q.to);
    if (to <= from) throw new DomainError('invalid', 'range_reversed', 'The end is before the start', [{ field: 'to', errors: ['The end is before the start'] }]);
    if (to.getTime() - from.getTime() > CALENDAR_MAX_DAYS * 86_400_000) throw new DomainError('invalid', 'range_too_long', `At most ${CALENDAR_MAX_DAYS} days at a time`, [{ field: 'to', errors: [`At most ${CALENDAR_MAX_DAYS} days at a time`] }]);
    const rows = await this.viewings.list(q.scope === 'team' ? { from, to, scope: scopeOf(user) } : { from, to, agentId: user.id });
    return rows.map(mapCalendarViewing);
  }

  /** Every viewing of a lead (the caller has checked they may see it), past and upcoming. */
  async ofLead(leadId: string): Promise<CalendarViewingDto[]> {
    return (await this.viewings.list({ leadId })).map(mapCalendarViewing);
  }

  /** A refusal as the API answers it (409), with free times for the lead to pick instead. */
  refusalError(r: LeadRefusal, alternatives: unknown[] = []): DomainError {
    return new DomainError('conflict', r.code, r.message, [{ field: r.code === 'viewing_already_booked' ? 'unitId' : 'time', errors: [r.message], ...(alternatives.length ? { alternatives } : {}) }]);
  }

  /**
   * Books a checked slot inside the caller's transaction and puts it on the timeline: with the
   * lead's viewings locked, the lead rule (`leadRefusal`) is checked as committed now; then the
   * first of the slot's agents still free once their calendar is locked shows it. Not ok when the
   * lead rule refuses it, or (`refused` null) another booking took the home's start or every such
   * agent in the meantime.
   */
  async book(leadId: string, unitId: string, slot: Slot, timeZone: string, bookedBy: string, unitTitle: string, tx: EntityManager, now = new Date()): Promise<BookOutcome> {
    await this.viewings.lockLead(leadId, tx);
    const refused = await this.leadRefusal(leadId, unitId, slot, now, { tx });
    if (refused) return { ok: false, refused };
    for (const agentId of slot.agentIds.length ? slot.agentIds : [null]) {
      if (!(await this.stillFree(agentId, unitId, slot, timeZone, tx))) continue;
      const v = await this.viewings.insertIfFree({ leadId, unitId, agentId, startsAt: slot.startsAt, endsAt: slot.endsAt, timezone: timeZone, bookedBy }, tx);
      if (!v) return { ok: false, refused: null }; // the home's start is taken (unique index)
      await this.leads.appendTimeline(leadId, { type: ActivityType.Viewing, summary: `Viewing booked: ${unitTitle}, ${slot.local} (${timeZoneWords(timeZone)})`, data: { viewingId: v.id, unitId, agentId, startsAt: slot.startsAt.toISOString(), timezone: timeZone, bookedBy } }, tx);
      return { ok: true, viewing: v };
    }
    return { ok: false, refused: null };
  }

  /**
   * The one booking path for people and the assistant: books the checked slot in `tx` (see `book`)
   * and queues the lead's confirmation with its invite, the agent's copy, the reminders and the
   * feedback request (`notifyLead`). Returns the viewing and what hands the messages to the
   * workers after commit; not ok when the lead rule refuses it or the slot was taken meanwhile.
   */
  async bookAndConfirm(
    input: { leadId: string; unitId: string; slot: Slot; timeZone: string; unitTitle: string },
    booker: { id: string | null; name: string; confirmedOn?: string | null },
    tx: EntityManager,
    now = new Date(),
  ): Promise<{ ok: true; viewing: ViewingEntity; dispatch: () => Promise<void> } | { ok: false; refused: LeadRefusal | null }> {
    const booked = await this.book(input.leadId, input.unitId, input.slot, input.timeZone, booker.id ?? 'ai', input.unitTitle, tx, now);
    if (!booked.ok) return booked;
    const notice = await this.noticeFor(booked.viewing.id, 'booked', booker, tx);
    return { ok: true, viewing: booked.viewing, dispatch: await this.notifyLead({ ...notice, confirmedOn: booker.confirmedOn ?? null }, tx) };
  }

  /** Locks the agent's calendar for the rest of `tx` and checks the slot against it as committed now. */
  private async stillFree(agentId: string | null, unitId: string, slot: Slot, timeZone: string, tx: EntityManager, exceptViewingId?: string): Promise<boolean> {
    if (!agentId) return true;
    await this.availability.lockAgent(agentId, tx);
    // Read after the lock: a booking committed by whoever held it is seen now.
    const found = await this.availability.slotCalendars(unitId, [agentId], slot.startsAt, slot.endsAt, slot.startsAt, tx, exceptViewingId);
    return !!found && agentsFreeAt({ unit: { ...found.unit, bookedStarts: [] }, agents: found.agents, timeZone, now: slot.startsAt }, slot.startsAt).length > 0;
  }

  /**
   * Moves a booked viewing (of a lead `user` may see) to another free start in the lead's zone:
   * the invite's sequence goes up, the lead and the agent get the new invite, reminders follow.
   */
  async move(viewingId: string, date: string, time: string, user: AuthUser, now = new Date()): Promise<ViewingDto> {
    const current = await this.viewings.transaction((tx) => this.viewings.findVisibleForUpdate(viewingId, scopeOf(user), tx));
    if (!current) throw notFound('Viewing');
    if (current.status !== ViewingStatus.Booked) throw new DomainError('conflict', 'viewing_not_booked', `This viewing is already ${current.status}`);
    const tz = current.timezone;
    const check = await this.check(current.unitId, date, time, tz, now, { assigneeId: current.agentId, exceptViewingId: current.id });
    if (!check.ok) {
      const alternatives = check.alternatives.map((s) => ({ startsAt: s.startsAt.toISOString(), local: s.local }));
      throw new DomainError(check.problem === 'taken' ? 'conflict' : 'invalid', `viewing_${check.problem}`, SLOT_PROBLEMS[check.problem], [{ field: 'time', errors: [SLOT_PROBLEMS[check.problem]], alternatives }]);
    }
    const refused = await this.leadRefusal(current.leadId, current.unitId, check.slot, now, { exceptViewingId: current.id });
    if (refused) throw this.refusalError(refused);
    const { dto, dispatch } = await this.viewings.transaction(async (tx) => {
      const v = await this.viewings.findVisibleForUpdate(viewingId, scopeOf(user), tx);
      if (!v || v.status !== ViewingStatus.Booked) throw new DomainError('conflict', 'viewing_not_booked', 'This viewing is no longer booked');
      // The lead rule again as committed now, with the lead's viewings locked (as a booking does).
      await this.viewings.lockLead(v.leadId, tx);
      const stillRefused = await this.leadRefusal(v.leadId, v.unitId, check.slot, now, { exceptViewingId: v.id, tx });
      if (stillRefused) throw this.refusalError(stillRefused);
      let agentId: string | null | undefined;
      for (const id of check.slot.agentIds.length ? check.slot.agentIds : [null]) {
        if (await this.stillFree(id, v.unitId, check.slot, tz, tx, v.id)) {
          agentId = id;
          break;
        }
      }
      if (agentId === undefined || !(await this.viewings.moveTo(v.id, { startsAt: check.slot.startsAt, endsAt: check.slot.endsAt, agentId }, tx))) {
        throw new DomainError('conflict', 'viewing_taken', SLOT_PROBLEMS.taken, [{ field: 'time', errors: [SLOT_PROBLEMS.taken] }]);
      }
      const from = describeLocal(v.startsAt, tz);
      await this.leads.appendTimeline(
        v.leadId,
        { type: ActivityType.Viewing, actorId: user.id, summary: `Viewing moved by ${user.name}: ${v.unitTitle}, ${from} → ${check.slot.local} (${timeZoneWords(tz)})`, data: { viewingId: v.id, unitId: v.unitId, from: v.startsAt.toISOString(), startsAt: check.slot.startsAt.toISOString(), timezone: tz, agentId } },
        tx,
      );
      const notice = await this.noticeFor(v.id, 'moved', user, tx);
      return { dto: mapViewing({ ...v, agentId, startsAt: check.slot.startsAt, endsAt: check.slot.endsAt }), dispatch: await this.notifyLead(notice, tx) };
    });
    await dispatch();
    return dto;
  }

  /** The notice (words and invite) of a viewing as it stands in `tx`, after `event`. */
  async noticeFor(viewingId: string, event: ViewingNotice['event'], author: { id: string | null; name: string }, tx: EntityManager): Promise<ViewingNotice> {
    const f = await this.viewings.inviteFacts(viewingId, tx);
    if (!f) throw notFound('Viewing');
    return {
      leadId: f.leadId,
      viewingId: f.id,
      event,
      address: f.address,
      time: `${describeLocal(f.startsAt, f.timezone)} (${timeZoneWords(f.timezone)})`,
      agent: f.agentName ?? author.name,
      authorId: author.id,
      origin: author.id ? 'person' : 'assistant',
      sequence: f.sequence,
      startsAt: f.startsAt,
      endsAt: f.endsAt,
      invite: inviteIcs(this.inviteEvent(f), this.mailDomain()),
      agentEmail: f.agentEmail,
      unitTitle: f.unitTitle,
    };
  }

  /** A viewing's facts for its reminders (null: gone). */
  inviteFacts(viewingId: string): Promise<InviteFacts | null> {
    return this.viewings.inviteFacts(viewingId);
  }

  /** The current invite of a viewing (attached to reminders). */
  inviteOf(f: InviteFacts): { method: 'REQUEST' | 'CANCEL'; content: string } {
    return inviteIcs(this.inviteEvent(f), this.mailDomain());
  }

  /** An agent's viewings as an iCalendar feed. */
  async feedOf(agent: { userId: string; name: string }, now = new Date()): Promise<string> {
    const facts = await this.viewings.feedFacts(agent.userId, now);
    return feedIcs(`Viewings – ${agent.name}`, facts.map((f) => this.inviteEvent(f)), this.mailDomain());
  }

  private inviteEvent(f: InviteFacts): InviteEvent {
    const from = /<([^<>]+)>/.exec(this.config.env.MAIL_FROM)?.[1] ?? this.config.env.MAIL_FROM.trim();
    const brokerage = /^\s*([^<>]*?)\s*</.exec(this.config.env.MAIL_FROM)?.[1]?.replace(/^"|"$/g, '') || 'Openhouse';
    return {
      viewingId: f.id,
      sequence: f.sequence,
      startsAt: f.startsAt,
      endsAt: f.endsAt,
      cancelled: f.status === ViewingStatus.Cancelled,
      unitTitle: f.unitTitle,
      address: f.address,
      lead: { name: f.leadName, email: f.leadEmail },
      agent: f.agentName ? { name: f.agentName, email: f.agentEmail } : null,
      organizer: { name: f.agentName ? `${f.agentName} (${brokerage})` : brokerage, email: from },
    };
  }

  private mailDomain(): string {
    const m = /([^<>@\s]+@([^<>@\s]+))>?\s*$/.exec(this.config.env.MAIL_FROM);
    return m?.[2] ?? 'openhouse.local';
  }

  /**
   * Cancels a booked viewing of a lead `user` may see (another agent's lead answers 404), and puts
   * it on the lead's timeline in the same transaction (integrators hear `viewing.cancelled`).
   */
  async cancel(viewingId: string, user: AuthUser, reason: string | null): Promise<ViewingDto> {
    const { dto, dispatch } = await this.viewings.transaction(async (tx) => {
      const v = await this.viewings.findVisibleForUpdate(viewingId, scopeOf(user), tx);
      if (!v) throw notFound('Viewing');
      if (v.status !== ViewingStatus.Booked) throw new DomainError('conflict', 'viewing_not_booked', `This viewing is already ${v.status}`);
      await this.viewings.cancelled(v.id, tx);
      const when = `${describeLocal(v.startsAt, v.timezone)} (${timeZoneWords(v.timezone)})`;
      await this.leads.appendTimeline(
        v.leadId,
        { type: ActivityType.Viewing, actorId: user.id, summary: `Viewing cancelled by ${user.name}: ${v.unitTitle}, ${when}${reason ? `: ${reason}` : ''}`, data: { viewingId: v.id, unitId: v.unitId, startsAt: v.startsAt.toISOString(), timezone: v.timezone, cancelled: true, reason } },
        tx,
      );
      // The lead hears of it the same way as of the booking (gate, outbox), with the booking's transaction.
      const dispatch = await this.notifyLead(await this.noticeFor(v.id, 'cancelled', user, tx), tx);
      return { dto: mapViewing({ ...v, status: ViewingStatus.Cancelled }), dispatch };
    });
    await dispatch();
    return dto;
  }
}
