import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';

/**
 * What a feature moved when two leads were merged, keyed by its own table names, as its undo needs
 * it (JSON: the merge's snapshot keeps it for 30 days). Usually the ids of the rows moved.
 */
export type MovedLeadRows = Record<string, unknown>;

/**
 * Port: a feature whose rows belong to a lead (a timeline, tasks, score history, conversations,
 * viewings, matches, outbound messages, channel events) moves them to the surviving lead when two
 * leads are merged, and puts them back when the merge is undone. Each feature implements it in the
 * repository that writes those rows (the tables' one writer) and marks that class with
 * `@MovesLeadRows()`; the dedup feature finds every marked provider (Nest's DiscoveryService) and
 * calls each one in the merge's single transaction (`tx`). Nobody else moves a feature's rows.
 */
export interface LeadMergeParticipant {
  /** Moves every row of `fromLeadId` to `toLeadId`; returns what `restore` needs, keyed by table. */
  moveToSurvivor(tx: EntityManager, fromLeadId: string, toLeadId: string): Promise<MovedLeadRows>;
  /**
   * Undo: puts back on `restoredId` what `moveToSurvivor` moved from it (`moved` holds every
   * participant's tables; take your own). What was added to `survivorId` since stays there.
   */
  restore(tx: EntityManager, moved: MovedLeadRows, survivorId: string, restoredId: string): Promise<void>;
}

/** Marks a provider implementing `LeadMergeParticipant` (found by the dedup feature at start-up). */
export const MovesLeadRows = DiscoveryService.createDecorator<void>();
