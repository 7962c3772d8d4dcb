import { inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { createLead } from '../api/fn/leads/create-lead';
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
