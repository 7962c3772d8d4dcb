import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import { type LeadMergeParticipant, type MovedLeadRows, MovesLeadRows } from '../leads/lead-merge-participant';

/**
 * Every feature's `LeadMergeParticipant` (the providers marked `@MovesLeadRows()`), called in the
 * merge's transaction: each feature moves its own rows and puts them back; dedup only keeps what
 * they answered in the merge's snapshot.
 */
@Injectable()
export class LeadRowMoves {
  private found: LeadMergeParticipant[] | null = null;

  constructor(private readonly discovery: DiscoveryService) {}

  /** The participants, once each (a provider listed by two modules is still one participant). */
  private get participants(): LeadMergeParticipant[] {
    if (!this.found) {
      const byClass = new Map<unknown, LeadMergeParticipant>();
      for (const w of this.discovery.getProviders({ metadataKey: MovesLeadRows.KEY })) {
        if (w.instance && !byClass.has(w.metatype)) byClass.set(w.metatype, w.instance as LeadMergeParticipant);
      }
      this.found = [...byClass.values()];
    }
    return this.found;
  }

  /** Every participant moves `fromLeadId`'s rows to `toLeadId`; what they moved, by table. */
  async moveToSurvivor(tx: EntityManager, fromLeadId: string, toLeadId: string): Promise<MovedLeadRows> {
    const moved: MovedLeadRows = {};
    for (const p of this.participants) {
      for (const [table, rows] of Object.entries(await p.moveToSurvivor(tx, fromLeadId, toLeadId))) {
        if (table in moved) throw new Error(`two features claim the rows of ${table}`);
        moved[table] = rows;
      }
    }
    return moved;
  }

  /** Undo: every participant puts back what it moved. */
  async restore(tx: EntityManager, moved: MovedLeadRows, survivorId: string, restoredId: string): Promise<void> {
    for (const p of this.participants) await p.restore(tx, moved, survivorId, restoredId);
  }
}
