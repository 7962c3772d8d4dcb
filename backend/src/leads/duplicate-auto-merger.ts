import type { EntityManager } from 'typeorm';

/** A duplicate the detector found for a new lead (the fields auto-merge decides on). */
export interface AutoMergeCandidate {
  leadId: string | null;
  visible: boolean;
  exact: boolean;
  confidence: number;
  evidence: string[];
}

/**
 * Port: merge a new lead into an existing lead of the same person when detection is sure enough
 * (exact identity, visible to whoever brought the lead in, confidence at or above the configured
 * threshold). Implemented by the dedup feature; the leads feature calls it after creating a lead,
 * inside the same transaction. Returns the lead it merged into, or null (off by default).
 */
export abstract class DuplicateAutoMerger {
  abstract mergeNewLead(newLeadId: string, candidates: AutoMergeCandidate[], tx: EntityManager): Promise<string | null>;
}
