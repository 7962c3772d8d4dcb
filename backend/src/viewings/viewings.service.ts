import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ActivityType } from '../leads/lead.enums';
import { LeadRecordsService } from '../leads/lead-records.service';
import { AgentCalendar, agentsFreeAt, DEFAULT_HOURS, freeSlots, pickOffers, problemWith, Slot, SlotProblem, VIEWING_RULES } from './availability';
import { AvailabilityRepository } from './availability.repository';
import { scopeOf } from '../access/lead-access';
import type { AuthUser } from '../core/auth/auth-user';
import { DomainError, notFound } from '../core/http/domain-error';
import { ViewingEntity, ViewingStatus } from './viewing.entity';
import { mapViewing, ViewingDto } from './viewings.dto';
import { ViewingsRepository } from './viewings.repository';
import { timeZoneWords } from '../words/broker-words';
import { describeLocal, instantOf } from '../core/time/zoned-time';

/** A viewing booked or cancelled by a person, told to the lead: the words the message needs. */
export interface ViewingNotice {
  leadId: string;
  viewingId: string;
  event: 'booked' | 'cancelled';
  /** Street (if known), area, city. */
  address: string;
  /** The local time in the lead's zone, in words. */
  time: string;
  /** The agent's name. */
  agent: string;
  authorId: string;
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
}

export type SlotCheck = { ok: true; slot: Slot } | { ok: false; problem: SlotProblem; alternatives: Slot[] };

/** Viewing times: which are free, and booking one. */
@Injectable()
export class ViewingsService {
  constructor(
    private readonly viewings: ViewingsRepository,
    private readonly leads: LeadRecordsService,
    private readonly availability: AvailabilityRepository,
  ) {}

  private notifier: ViewingNotifier | null = null;

  /** Called once by the messaging module at start-up. */
  useNotifier(notifier: ViewingNotifier): void {
    this.notifier = notifier;
  }

  /** Queues the lead's confirmation or cancellation notice in `tx`; the returned function dispatches it after commit. */
  async notifyLead(notice: ViewingNotice, tx: EntityManager): Promise<() => Promise<void>> {
    return this.notifier ? this.notifier.queueViewingNotice(notice, tx) : async () => {};
  }

  /** The calendars a slot computation needs: the home's and those of the agents who may show it. */
  private async calendars(unitId: string, showing: Showing, from: Date, to: Date, now: Date, tx?: EntityManager) {
    const ids = showing.assigneeId ? [showing.assigneeId] : await this.availability.poolAgentIds(now);
    const [agents, unit] = await Promise.all([ids.length ? this.availability.agentCalendars(ids, from, to, tx) : Promise.resolve([NOBODY]), this.availability.unitCalendar(unitId, from, to, tx)]);
    if (!unit) throw new DomainError('not_found', 'unit_not_found', 'Unit not found', [{ field: 'unitId', errors: ['Unit not found'] }]);
    return { agents, unit };
  }

  /**
   * Every free start of a home in [from, to), in `timeZone`: the one computation behind the
   * slots API, the listing page and the assistant.
   */
  async slotsBetween(unitId: string, timeZone: string, showing: Showing, from: Date, to: Date, now: Date): Promise<Slot[]> {
    const { agents, unit } = await this.calendars(unitId, showing, from, to, now);
    return freeSlots({ unit, agents, timeZone, from, to, now });
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
   * Books a checked slot inside the caller's transaction and puts it on the timeline: the first
   * of the slot's agents still free once their calendar is locked shows it. Null when another
   * booking took the home's start or every such agent in the meantime.
   */
  async book(leadId: string, unitId: string, slot: Slot, timeZone: string, bookedBy: string, unitTitle: string, tx: EntityManager): Promise<ViewingEntity | null> {
    const candidates = slot.agentIds.length ? slot.agentIds : [null];
    for (const agentId of candidates) {
      if (agentId) {
        await this.availability.lockAgent(agentId, tx);
        // Read after the lock: a booking committed by whoever held it is seen now.
        const [agent] = await this.availability.agentCalendars([agentId], slot.startsAt, slot.endsAt, tx);
        const unit = await this.availability.unitCalendar(unitId, slot.startsAt, slot.endsAt, tx);
        if (!unit || !agentsFreeAt({ unit: { ...unit, bookedStarts: [] }, agents: [agent], timeZone, now: slot.startsAt }, slot.startsAt).length) continue;
      }
      const v = await this.viewings.insertIfFree({ leadId, unitId, agentId, startsAt: slot.startsAt, endsAt: slot.endsAt, timezone: timeZone, bookedBy }, tx);
      if (!v) return null; // the home's start is taken (unique index)
      await this.leads.appendTimeline(leadId, { type: ActivityType.Viewing, summary: `Viewing booked: ${unitTitle}, ${slot.local} (${timeZoneWords(timeZone)})`, data: { viewingId: v.id, unitId, agentId, startsAt: slot.startsAt.toISOString(), timezone: timeZone, bookedBy } }, tx);
      return v;
    }
    return null;
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
      await this.viewings.setStatus(v.id, ViewingStatus.Cancelled, tx);
      const when = `${describeLocal(v.startsAt, v.timezone)} (${timeZoneWords(v.timezone)})`;
      await this.leads.appendTimeline(
        v.leadId,
        { type: ActivityType.Viewing, actorId: user.id, summary: `Viewing cancelled by ${user.name}: ${v.unitTitle}, ${when}${reason ? `: ${reason}` : ''}`, data: { viewingId: v.id, unitId: v.unitId, startsAt: v.startsAt.toISOString(), timezone: v.timezone, cancelled: true, reason } },
        tx,
      );
      // The lead hears of it the same way as of the booking (gate, outbox), with the booking's transaction.
      const dispatch = await this.notifyLead({ leadId: v.leadId, viewingId: v.id, event: 'cancelled', address: v.address, time: when, agent: user.name, authorId: user.id }, tx);
      return { dto: mapViewing({ ...v, status: ViewingStatus.Cancelled }), dispatch };
    });
    await dispatch();
    return dto;
  }
}
