import type { FairHousingScreen } from '../compliance/fair-housing';
import type { UnitCardDto } from './agent.dto';
import type { LeadProfileDto } from '../leads/profile.dto';
import type { AskableField, Understanding } from './local/understanding';

/** A home as the agent shows it: enough to describe it in a sentence and a card (the API's UnitCardDto). */
export type UnitCard = UnitCardDto;

export interface OfferedSlot {
  unitId: string;
  /** ISO instant. */
  startsAt: string;
  /** As the lead reads it, in their zone: "Sat 28 Nov, 11:00". */
  local: string;
}

export interface PendingViewing {
  unitId: string;
  /** YYYY-MM-DD and HH:MM in the lead's zone. */
  date: string;
  time: string;
  local: string;
  unitTitle: string;
}

/** Policy findings on the lead's message, made before any model sees it. */
export interface PolicyFindings {
  /** Legal, commission or a request for a person: the AI hands over. */
  handoffReason: string | null;
  /**
   * Fair housing, screened from the message as the lead wrote it: `steering` (choosing homes by who
   * lives there) is declined before any model runs, nothing from the steering words is recorded and
   * no search runs this turn; `lending_group` gets the neutral loan answer and financing is not recorded.
   */
  fairHousing: FairHousingScreen;
}

/**
 * Everything the agent knows going into a step, structured. The prompt is written from it; the
 * local provider reads it directly. `profile` is the working copy: tools update it as they run.
 */
export interface TurnFacts {
  now: Date;
  timezone: string;
  leadName: string | null;
  contact: { email: string | null; phone: string | null };
  profile: LeadProfileDto;
  /** The lead message this turn answers. */
  message: { id: string; text: string; /** What the local language rules read in it (the policies are screened from it too). */ read: Understanding };
  /** What the assistant asked at the end of the previous turn. */
  lastAsked: AskableField | null;
  /** How often each field was asked in the recent turns: never nag. */
  askedCounts: Partial<Record<AskableField, number>>;
  /** The homes shown most recently (this lead, any session). */
  lastResults: UnitCard[];
  /** Viewing times offered most recently. */
  offeredSlots: OfferedSlot[];
  /** A viewing already booked (this turn or before). */
  bookedViewing: OfferedSlot | null;
  /** A time the lead chose, held until an anonymous lead gives a name and a phone or email. */
  pendingViewing: PendingViewing | null;
  /** The home the conversation is about ("is it furnished?"): the last one asked about or offered for a viewing. */
  focusUnitId: string | null;
  /** The lead's agent, if assigned. */
  assigneeId: string | null;
  policy: PolicyFindings;
  /** Set by tools as the turn runs: what this turn has done so far. */
  turn: { handedOff: boolean; showedResults: boolean; offeredSlots: boolean };
  /** Lower-cased names of the brokerage's places (cities, areas, zips). */
  knownPlaces: ReadonlySet<string>;
}
