import { inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { listHeldViewings } from '../api/fn/viewings/list-held-viewings';
import { recordViewingFeedback } from '../api/fn/viewings/record-viewing-feedback';
import { HeldViewingDto } from '../api/models/held-viewing-dto';
import { ViewingFeedbackInputDto } from '../api/models/viewing-feedback-input-dto';
import { errorMessage } from '../core/api-error';

/** A lead's viewings that took place, and the feedback an agent records by hand. */
@Injectable()
export class HeldViewingsStore {
  private readonly api = inject(Api);
  readonly viewings = signal<HeldViewingDto[] | null>(null);
  readonly error = signal<string | null>(null);
  readonly busy = signal(false);

  async load(leadId: string): Promise<void> {
    try {
      this.viewings.set(await this.api.invoke(listHeldViewings, { id: leadId }));
    } catch (e) {
      this.error.set(errorMessage(e, 'Viewings could not be loaded'));
    }
  }

  /** True when saved (the lead's profile and score may have changed: the page reloads the lead). */
  async record(leadId: string, viewingId: string, body: ViewingFeedbackInputDto): Promise<boolean> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.api.invoke(recordViewingFeedback, { id: viewingId, body });
      await this.load(leadId);
      return true;
    } catch (e) {
      this.error.set(errorMessage(e, 'The feedback could not be saved'));
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}
