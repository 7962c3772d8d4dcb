import { inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { getFeedbackForm } from '../api/fn/public/get-feedback-form';
import { submitViewingFeedback } from '../api/fn/public/submit-viewing-feedback';
import { FeedbackFormDto } from '../api/models/feedback-form-dto';
import { ViewingFeedbackInputDto } from '../api/models/viewing-feedback-input-dto';
import { errorMessage } from '../core/api-error';

/** The lead's feedback page: what it asks about, and sending the answer (the link's token is the only credential). */
@Injectable()
export class FeedbackStore {
  private readonly api = inject(Api);
  readonly form = signal<FeedbackFormDto | null>(null);
  readonly error = signal<string | null>(null);
  readonly sendError = signal<string | null>(null);
  readonly sent = signal(false);
  readonly busy = signal(false);

  async load(token: string): Promise<void> {
    this.error.set(null);
    try {
      this.form.set(await this.api.invoke(getFeedbackForm, { token }));
    } catch (e) {
      this.error.set(errorMessage(e, 'This feedback page could not be opened'));
    }
  }

  async send(token: string, body: ViewingFeedbackInputDto): Promise<void> {
    this.busy.set(true);
    this.sendError.set(null);
    try {
      await this.api.invoke(submitViewingFeedback, { token, body });
      this.sent.set(true);
    } catch (e) {
      this.sendError.set(errorMessage(e, 'Your answer could not be sent; please try again'));
    } finally {
      this.busy.set(false);
    }
  }
}
