import { HttpErrorResponse } from '@angular/common/http';
import { inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { claimLead } from '../api/fn/leads/claim-lead';
import { listLeads } from '../api/fn/leads/list-leads';
import { LeadSummaryDto } from '../api/models/lead-summary-dto';
import { errorMessage } from '../core/api-error';

/** What happened to the last claim, in words for the page. */
export type ClaimOutcome = { kind: 'mine'; lead: { id: string; name: string } } | { kind: 'taken'; name: string };

/**
 * The pond: leads nobody holds (no routing rule gave them to an agent), open ones only, those
 * waiting longest for a reply first. Any agent may claim one; the first claim wins and a later one
 * is told, in words, that someone else was quicker (the API's 409).
 */
@Injectable()
export class PondStore {
  private readonly api = inject(Api);
  readonly leads = signal<LeadSummaryDto[] | null>(null);
  readonly error = signal<string | null>(null);
  readonly busyId = signal<string | null>(null);
  readonly outcome = signal<ClaimOutcome | null>(null);

  async load(): Promise<void> {
    this.error.set(null);
    try {
      const page = await this.api.invoke(listLeads, { assignee: 'unassigned', sort: 'attention', pageSize: 100 });
      this.leads.set(page.items.filter((l) => l.stage !== 'won' && l.stage !== 'lost'));
    } catch (e) {
      this.error.set(errorMessage(e, 'Could not load the pond'));
    }
  }

  async claim(lead: LeadSummaryDto): Promise<void> {
    this.busyId.set(lead.id);
    this.error.set(null);
    this.outcome.set(null);
    try {
      await this.api.invoke(claimLead, { id: lead.id });
      this.outcome.set({ kind: 'mine', lead: { id: lead.id, name: lead.name } });
      this.drop(lead.id);
    } catch (e) {
      // 409: someone claimed it first; 404: it is no longer ours to see (someone has it). Either way it left the pond.
      if (e instanceof HttpErrorResponse && (e.status === 409 || e.status === 404)) {
        this.outcome.set({ kind: 'taken', name: lead.name });
        this.drop(lead.id);
      } else {
        this.error.set(errorMessage(e, `Could not claim ${lead.name}`));
      }
    } finally {
      this.busyId.set(null);
    }
  }

  private drop(id: string): void {
    this.leads.update((ls) => (ls ?? []).filter((l) => l.id !== id));
  }
}
