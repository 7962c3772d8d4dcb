import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ActivityType } from '../leads/lead.enums';
import { LeadRecordsService } from '../leads/lead-records.service';
import { offerSlots, problemWith, Slot, slotAt, SlotProblem, VIEWING_HOURS } from './viewing-hours';
import { scopeOf } from '../access/lead-access';
import type { AuthUser } from '../core/auth/auth-user';
import { DomainError, notFound } from '../core/http/domain-error';
import { ViewingEntity, ViewingStatus } from './viewing.entity';
import { mapViewing, ViewingDto } from './viewings.dto';
import { ViewingsRepository } from './viewings.repository';
import { timeZoneWords } from '../words/broker-words';
import { instantOf } from '../core/time/zoned-time';

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

export type SlotCheck = { ok: true; slot: Slot } | { ok: false; problem: SlotProblem; alternatives: Slot[] };

/** Viewing times: which are free, and booking one. */
@Injectable()
export class ViewingsService {
  constructor(
    private readonly viewings: ViewingsRepository,
    private readonly leads: LeadRecordsService,
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

  /** Free times for a unit near the wanted date/time (or the earliest), in the lead's zone. */
  async freeSlots(unitId: string, timeZone: string, now: Date, wanted: { date?: string | null; time?: string | null } = {}, count = 3): Promise<Slot[]> {
    const booked = await this.viewings.bookedStarts(unitId, now, new Date(now.getTime() + (VIEWING_HOURS.horizonDays + 1) * 86_400_000));
    return offerSlots({ timeZone, now, booked, date: wanted.date, time: wanted.time, count });
  }

  /** The lead's upcoming booked viewing of a unit: a lead is never booked twice for one home. */
  upcomingFor(leadId: string, unitId: string, now: Date): Promise<ViewingEntity | null> {
    return this.viewings.upcomingFor(leadId, unitId, now);
  }

  /** Whether the wanted start is bookable now; with alternatives when it is not. */
  async check(unitId: string, date: string, time: string, timeZone: string, now: Date): Promise<SlotCheck> {
    const problem = problemWith(date, time, timeZone, now);
    const startsAt = instantOf(date, time, timeZone);
    if (!problem) {
      const booked = await this.viewings.bookedStarts(unitId, startsAt, new Date(startsAt.getTime() + 1));
      if (!booked.length) return { ok: true, slot: slotAt(startsAt, timeZone) };
    }
    return { ok: false, problem: problem ?? 'taken', alternatives: await this.freeSlots(unitId, timeZone, now, { date, time }) };
  }

  /**
   * Books a checked slot inside the caller's transaction and puts it on the timeline. Null when
   * another lead took it in the meantime.
   */
  async book(leadId: string, unitId: string, slot: Slot, timeZone: string, bookedBy: string, unitTitle: string, tx: EntityManager): Promise<ViewingEntity | null> {
    const v = await this.viewings.insertIfFree({ leadId, unitId, startsAt: slot.startsAt, endsAt: slot.endsAt, timezone: timeZone, bookedBy }, tx);
    if (!v) return null;
    await this.leads.appendTimeline(leadId, { type: ActivityType.Viewing, summary: `Viewing booked: ${unitTitle}, ${slot.local} (${timeZoneWords(timeZone)})`, data: { viewingId: v.id, unitId, startsAt: slot.startsAt.toISOString(), timezone: timeZone, bookedBy } }, tx);
    return v;
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
      const when = `${slotAt(v.startsAt, v.timezone).local} (${timeZoneWords(v.timezone)})`;
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
