import type { Slot } from '../viewings/viewings.service';
import type { ProfileChange } from './events';
import type { LlmToolCall } from './llm-provider';
import type { TurnFacts, UnitCard } from './turn-facts';

export interface ContactChange {
  field: 'email' | 'phone' | 'name';
  value: string;
  evidence: ProfileChange['evidence'];
}

/**
 * What a turn has decided so far. Tools change only this: nothing reaches the database until the
 * turn ends and the service writes it all in one transaction — so a provider failure or a dropped
 * connection never leaves half a turn behind.
 */
export class TurnState {
  /** Profile changes in the order they were made; a later change of a field replaces an earlier one. */
  readonly profileChanges = new Map<string, ProfileChange>();
  readonly contactChanges = new Map<string, ContactChange>();
  /** A viewing booked this turn, with the agent who shows the home (assigned to the lead when it has none). */
  viewing: { unitId: string; unitTitle: string; slot: Slot; agent: { id: string; name: string } | null } | null = null;
  readonly tasks: { title: string; dueAt: Date | null; notes: string | null }[] = [];
  handoff: { reason: string } | null = null;
  readonly toolCalls: { call: LlmToolCall; ok: boolean; summary: string; data: unknown }[] = [];

  constructor(
    readonly leadId: string,
    readonly sessionId: string,
    /** The working copy the tools read and update. */
    readonly facts: TurnFacts,
    /** This lead's own messages by id: the only ones evidence may point at. */
    readonly leadMessages: ReadonlyMap<string, string>,
  ) {}

  called(name: string): boolean {
    return this.toolCalls.some((t) => t.call.name === name);
  }

  showResults(units: UnitCard[]): void {
    this.facts.lastResults = units;
    this.facts.turn.showedResults = true;
  }
}
