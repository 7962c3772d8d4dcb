import { inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { createLead } from '../api/fn/leads/create-lead';
import { possibleDuplicates } from '../api/fn/leads/possible-duplicates';
import { PossibleDuplicateDto } from '../api/models/possible-duplicate-dto';
import { CreateLeadDto } from '../api/models/create-lead-dto';
import { errorMessage } from '../core/api-error';

/** Creates a lead typed in by hand (a walk-in, a call); the API reuses a known contact. */
@Injectable()
export class NewLeadStore {
  private readonly api = inject(Api);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  /** The refusal as thrown, so the form can show it on the field it names. */
  readonly failure = signal<unknown>(null);
  /** Leads the user can already see whose person has the email or phone typed so far. */
  readonly duplicates = signal<PossibleDuplicateDto[]>([]);
  private duplicateSeq = 0;

  /**
   * Asks which visible leads share the email or phone typed; only the latest answer counts. A
   * failed check shows nothing: it is a hint, and saving still attaches to a known person.
   */
  async checkDuplicates(typed: { email: string; phone: string; name: string }): Promise<void> {
    const seq = ++this.duplicateSeq;
    const email = looksLikeEmail(typed.email) ? typed.email.trim() : '';
    const phone = typed.phone.replace(/\D/g, '').length >= 7 ? typed.phone.trim() : '';
    if (!email && !phone) {
      this.duplicates.set([]);
      return;
    }
    try {
      const found = await this.api.invoke(possibleDuplicates, { ...(email ? { email } : {}), ...(phone ? { phone } : {}), ...(typed.name.trim() ? { name: typed.name.trim() } : {}) });
      if (seq === this.duplicateSeq) this.duplicates.set(found);
    } catch {
      if (seq === this.duplicateSeq) this.duplicates.set([]);
    }
  }

  /** Resolves to the new lead's id, or null (error and failure set) when the server refuses. */
  async create(body: CreateLeadDto): Promise<string | null> {
    this.busy.set(true);
    this.error.set(null);
    this.failure.set(null);
    try {
      return (await this.api.invoke(createLead, { body })).id;
    } catch (e) {
      this.error.set(errorMessage(e, 'The lead was not saved'));
      this.failure.set(e);
      return null;
    } finally {
      this.busy.set(false);
    }
  }
}

const looksLikeEmail = (s: string) => /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(s.trim());
