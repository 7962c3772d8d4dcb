import { ChangeDetectionStrategy, Component, effect, ElementRef, inject, input, untracked, viewChild } from '@angular/core';
import { DatePipe } from '@angular/common';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { ASSISTANT_NAME } from '@words/broker-words';
import { AuthStore } from '../core/auth-store';
import { EmptyState } from '../shared/ui/empty-state';
import { ErrorBanner } from '../shared/ui/error-banner';
import { SkeletonRows } from '../shared/ui/skeleton-rows';
import { ChatStore } from './chat-store';
import { LabelPipe } from '../shared/ui/label-pipe';
import { ToolPill } from './tool-pill';

@Component({
  selector: 'oh-chat-page',
  imports: [LabelPipe, DatePipe, FormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatProgressBarModule, EmptyState, ErrorBanner, SkeletonRows, ToolPill],
  providers: [ChatStore],
  templateUrl: './chat-page.html',
  styleUrl: './chat-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChatPage {
  protected readonly store = inject(ChatStore);
  protected readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  /** Query parameters: the conversation to open, or the lead to open (or start) one for. */
  readonly session = input<string>();
  readonly leadId = input<string>();
  protected draft = '';
  protected readonly assistantName = ASSISTANT_NAME;
  private readonly log = viewChild<ElementRef<HTMLElement>>('log');

  constructor() {
    effect(() => {
      const session = this.session();
      const leadId = this.leadId();
      untracked(() => void this.route(session, leadId));
    });
    // Who holds the conversation can change from another screen: keep following it.
    this.store.follow();
    // Keep the newest message in view as tokens arrive.
    effect(() => {
      this.store.bubbles();
      const el = this.log()?.nativeElement;
      if (el) queueMicrotask(() => (el.scrollTop = el.scrollHeight));
    });
  }

  protected async startWebChat(): Promise<void> {
    const id = await this.store.openForLead(undefined);
    if (id) await this.router.navigate([], { queryParams: { session: id }, replaceUrl: true });
  }

  protected async startAnother(): Promise<void> {
    const id = await this.store.startAnother();
    if (id) await this.router.navigate([], { queryParams: { session: id, leadId: this.store.session()?.leadId }, replaceUrl: false });
  }

  protected async send(): Promise<void> {
    const text = this.draft.trim();
    if (!text) return;
    this.draft = '';
    if (this.store.heldByMe()) {
      if (!(await this.store.replyAsHuman(text))) this.draft = text;
    } else {
      await this.store.sendAsLead(text);
    }
  }

  protected onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void this.send();
    }
  }

  private async route(session: string | undefined, leadId: string | undefined): Promise<void> {
    if (session) {
      if (this.store.session()?.id !== session) await this.store.open(session);
      return;
    }
    if (leadId) {
      const id = await this.store.openForLead(leadId);
      if (id) await this.router.navigate([], { queryParams: { session: id, leadId }, replaceUrl: true });
    }
  }
}
