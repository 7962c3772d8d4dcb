import { IsOptional, Matches } from 'class-validator';
import { InventoryService } from '../../inventory/inventory.service';
import { UnitStatus } from '../../inventory/unit.enums';
import type { Slot } from '../../viewings/availability';
import { ViewingsService, viewingSpan } from '../../viewings/viewings.service';
import type { TurnState } from '../turn-state';
import { timeZoneWords } from '../../words/broker-words';
import { describeLocal } from '../../core/time/zoned-time';
import type { AgentTool, ToolResult } from './agent-tool';

export class ScheduleViewingArgs {
  // Any UUID, whatever its version bits: imported inventories bring their own ids.
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'unitId must be a UUID' })
  unitId: string;

  /** YYYY-MM-DD in the lead's time zone. */
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'date must be YYYY-MM-DD' })
  date?: string;

  /** HH:MM (24 h) in the lead's time zone. */
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'time must be HH:MM' })
  time?: string;
}

/** Who shows a home: the lead's own agent (a lead nobody holds is routed when the booking is written). */
export interface ShowingAgents {
  agentFor(assigneeId: string | null): Promise<{ id: string; name: string } | null>;
}

/** Where a home is, as far as the listing says (imported listings carry no street address). */
export interface UnitPlace {
  area: string | null;
  city: string;
  zip: string | null;
  lat: number | null;
  lng: number | null;
}

const PROBLEMS = {
  past: 'that time has passed',
  outside_hours: "viewings start on the hour or half hour, within the agent's working hours and the home's viewing times",
  closed_day: 'no viewings that day',
  too_soon: 'that is less than two hours from now',
  too_far: 'that is more than 60 days ahead',
  taken: 'that time is already booked',
};

/**
 * Offers free viewing times for a home, or books one. Times are the lead's wall-clock times in
 * their own zone. With a date and a time that are free, it books (written when the turn ends);
 * otherwise it returns the nearest free slots to offer.
 */
export class ScheduleViewingTool implements AgentTool<ScheduleViewingArgs> {
  readonly argsType = ScheduleViewingArgs;
  readonly spec = {
    name: 'schedule_viewing',
    description:
      "Viewings for a home. Give unitId alone (or with a date) to get free slots to offer; give unitId, date and time (the lead's own time zone) to book — only once the lead chose that time or said yes to it. If that time is not free, or the lead already has another viewing then (reason lead_busy, with the clash), the nearest free slots come back instead. A lead is never booked twice for one home; a lead without a name and a phone or email is not booked yet: the time is held and you ask for them, then call again.",
    parameters: {
      type: 'object',
      properties: { unitId: { type: 'string' }, date: { type: 'string', description: 'YYYY-MM-DD' }, time: { type: 'string', description: 'HH:MM, 24-hour' } },
      required: ['unitId'],
      additionalProperties: false,
    },
  };

  constructor(
    private readonly inventory: InventoryService,
    private readonly viewings: ViewingsService,
    private readonly agents: ShowingAgents,
  ) {}

  async run(args: ScheduleViewingArgs, state: TurnState): Promise<ToolResult> {
    const unit = await this.inventory.get(args.unitId).catch(() => null);
    if (!unit || unit.status !== UnitStatus.Available) return { ok: false, summary: 'That home is not available for viewings', data: null };
    const { timezone: tz, now } = state.facts;
    state.facts.focusUnitId = unit.id;
    const place: UnitPlace = { area: unit.area, city: unit.city, zip: unit.zip, lat: unit.lat, lng: unit.lng };
    // Never twice for one home: the lead's booking stands (a person reschedules it).
    const already = state.viewing?.unitId === unit.id ? { startsAt: state.viewing.slot.startsAt, local: state.viewing.slot.local } : await this.viewings.upcomingFor(state.leadId, unit.id, now).then((v) => (v ? { startsAt: v.startsAt, local: describeLocal(v.startsAt, tz) } : null));
    if (already) {
      return { ok: true, summary: `Already booked: ${unit.title}, ${already.local} (${timeZoneWords(tz)}); not booked again`, data: { booked: false, already: { unitId: unit.id, startsAt: already.startsAt.toISOString(), local: already.local, timezone: tz, unitTitle: unit.title, place } } };
    }
    if (args.time && !args.date) return { ok: false, summary: 'A time needs a date', data: null };
    // Offers leave out times the lead is already booked elsewhere.
    const showing = { assigneeId: state.facts.assigneeId, leadId: state.leadId };
    if (args.date && args.time) {
      // The lead rule every booking follows (never at two homes at once) comes first, said in words
      // with other times for this home: "you already have a viewing then" tells the lead more than
      // "that time is taken" (their own agent is busy at it, showing them the other home).
      const refused = await this.leadClash(state, unit.id, viewingSpan(args.date, args.time, tz), now);
      if (refused) {
        const free = await this.viewings.freeSlots(unit.id, tz, now, { date: args.date, time: args.time }, 3, showing);
        const slots = free.filter((s) => !(state.viewing && overlap(state.viewing.slot, s))).map((s) => ({ unitId: unit.id, startsAt: s.startsAt.toISOString(), local: s.local }));
        state.facts.offeredSlots = slots;
        state.facts.turn.offeredSlots = true;
        const clash = { unitId: refused.unitId, unitTitle: refused.unitTitle, startsAt: refused.startsAt.toISOString(), local: describeLocal(refused.startsAt, tz) };
        return {
          ok: true,
          summary: `Not booked: the lead already has a viewing then (${clash.unitTitle}, ${clash.local}); offered ${slots.map((s) => s.local).join(', ') || 'no other time'}`,
          data: { booked: false, reason: 'lead_busy', clash, slots, timezone: tz, unitTitle: unit.title },
        };
      }
      const check = await this.viewings.check(unit.id, args.date, args.time, tz, now, showing);
      if (check.ok) {
        // Whoever comes to a viewing must be reachable: an anonymous visitor gives a name and a
        // phone or email first; the time is held meanwhile (and booked once they do).
        const needs = [...(state.facts.leadName ? [] : ['name']), ...(state.facts.contact.email || state.facts.contact.phone ? [] : ['phone or email'])];
        if (needs.length) {
          const held = { unitId: unit.id, date: args.date, time: args.time, local: check.slot.local, unitTitle: unit.title };
          state.facts.pendingViewing = held;
          return { ok: true, summary: `Not booked yet: ${unit.title}, ${check.slot.local} is held until the lead gives ${needs.join(' and ')}`, data: { booked: false, held, needs, timezone: tz } };
        }
        // The lead's own agent shows it when free then; a lead nobody holds gets its agent from the
        // routing rules when the booking is written (so the reply names no one yet).
        const agent = await this.agents.agentFor(state.facts.assigneeId ?? null);
        const agentIds = agent ? [agent.id, ...check.slot.agentIds.filter((id) => id !== agent.id)] : check.slot.agentIds;
        state.viewing = { unitId: unit.id, unitTitle: unit.title, slot: { ...check.slot, agentIds }, agent };
        const booked = { unitId: unit.id, startsAt: check.slot.startsAt.toISOString(), local: check.slot.local };
        state.facts.bookedViewing = booked;
        state.facts.pendingViewing = null;
        return {
          ok: true,
          summary: `Viewing booked: ${unit.title}, ${check.slot.local} (${timeZoneWords(tz)})${agent ? ` with ${agent.name}` : ''}`,
          data: { booked: true, viewing: { ...booked, timezone: tz, unitTitle: unit.title, place, agentName: agent?.name ?? null } },
        };
      }
      const slots = check.alternatives.map((s) => ({ unitId: unit.id, startsAt: s.startsAt.toISOString(), local: s.local }));
      state.facts.offeredSlots = slots;
      state.facts.turn.offeredSlots = true;
      return { ok: true, summary: `Not booked: ${PROBLEMS[check.problem]}; offered ${slots.map((s) => s.local).join(', ')}`, data: { booked: false, reason: check.problem, slots, timezone: tz, unitTitle: unit.title } };
    }
    const free = await this.viewings.freeSlots(unit.id, tz, now, { date: args.date ?? null }, 3, showing);
    const slots = free.map((s) => ({ unitId: unit.id, startsAt: s.startsAt.toISOString(), local: s.local }));
    state.facts.offeredSlots = slots;
    state.facts.turn.offeredSlots = true;
    return { ok: true, summary: `Free times for ${unit.title}: ${slots.map((s) => s.local).join(', ')}`, data: { booked: false, slots, timezone: tz, unitTitle: unit.title } };
  }

  /** The lead's viewing in the way of this one: one already booked (the booking service's rule), or one agreed earlier in this turn. */
  private async leadClash(state: TurnState, unitId: string, slot: Pick<Slot, 'startsAt' | 'endsAt'>, now: Date): Promise<{ unitId: string; unitTitle: string; startsAt: Date } | null> {
    if (state.viewing && state.viewing.unitId !== unitId && overlap(state.viewing.slot, slot)) return { unitId: state.viewing.unitId, unitTitle: state.viewing.unitTitle, startsAt: state.viewing.slot.startsAt };
    const refused = await this.viewings.leadRefusal(state.leadId, unitId, slot, now);
    return refused ? refused.clash : null;
  }
}

const overlap = (a: Pick<Slot, 'startsAt' | 'endsAt'>, b: Pick<Slot, 'startsAt' | 'endsAt'>) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;
