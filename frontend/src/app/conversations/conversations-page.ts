import { ChangeDetectionStrategy, Component, computed, effect, inject, input, OnDestroy, OnInit, untracked, viewChild } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { ConversationSummaryDto } from '../api/models/conversation-summary-dto';
import { RefusedMessageDto } from '../api/models/refused-message-dto';
import { SendMessageDto } from '../api/models/send-message-dto';
import { ThreadMessageDto } from '../api/models/thread-message-dto';
import { AuthStore } from '../core/auth-store';
import { MessageComposer } from '../lead-detail/message-composer';
import { EmptyState } from '../shared/ui/empty-state';
import { ErrorBanner } from '../shared/ui/error-banner';
import { LabelPipe } from '../shared/ui/label-pipe';
import { TimeAgoPipe } from '../shared/ui/time-ago-pipe';
import { ConversationFilters, ConversationsStore } from './conversations-store';
import { TemplatePicker } from './template-picker';

export type ThreadEntry = { kind: 'message'; at: string; message: ThreadMessageDto } | { kind: 'refused'; at: string; refused: RefusedMessageDto };

/** Messages and refusals in the order they happened. */
export const threadEntries = (messages: ThreadMessageDto[], refused: RefusedMessageDto[]): ThreadEntry[] =>
  [...messages.map((m) => ({ kind: 'message' as const, at: m.at, message: m })), ...refused.map((r) => ({ kind: 'refused' as const, at: r.at, refused: r }))].sort((a, b) =>
    a.at.localeCompare(b.at),
  );

const time = new Intl.DateTimeFormat('en-US', { weekday: 'short', hour: 'numeric', minute: '2-digit' });

/**
 * Every conversation with a lead on every channel, newest first, with what is unread and who owes
 * an answer; one thread open beside the list, live as messages and ticks arrive.
 */
@Component({
  selector: 'oh-conversations-page',
  imports: [
    FormsModule,
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    ErrorBanner,
    EmptyState,
    LabelPipe,
    TimeAgoPipe,
    MessageComposer,
    TemplatePicker,
  ],
  providers: [ConversationsStore],
  host: { '(document:visibilitychange)': 'onVisibility()' },
  templateUrl: './conversations-page.html',
  styleUrl: './conversations-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationsPage implements OnInit, OnDestroy {
  protected readonly store = inject(ConversationsStore);
  private readonly auth = inject(AuthStore);
  /** The open conversation (the `open` query parameter). */
  readonly open = input<string | undefined>();

  private readonly composer = viewChild(MessageComposer);
  private readonly picker = viewChild(TemplatePicker);

  protected readonly channels = ['web', 'widget', 'whatsapp', 'email'] as const;
  protected readonly thread = this.store.thread;
  protected readonly conversation = computed(() => this.thread()?.conversation ?? null);
  protected readonly entries = computed(() => {
    const t = this.thread();
    return t ? threadEntries(t.messages, t.refused) : [];
  });
  protected readonly heldByMe = computed(() => {
    const c = this.conversation();
    return c?.mode === 'human' && c.heldBy?.id === this.auth.user()?.id;
  });
  protected replyText = '';

  constructor() {
    effect(() => {
      const id = this.open() ?? null;
      untracked(() => void this.store.select(id));
    });
  }

  ngOnInit(): void {
    void this.store.load();
    this.store.connect();
  }

  /** Back on this tab: what arrived in the open thread meanwhile is read now. */
  protected onVisibility(): void {
    if (document.visibilityState === 'visible') void this.store.seen();
  }

  ngOnDestroy(): void {
    this.store.disconnect();
  }

  protected filter(patch: Partial<ConversationFilters>): void {
    void this.store.setFilters(patch);
  }

  /** "You", "Assistant", the lead's or a colleague's name. */
  protected author(m: ThreadMessageDto): string {
    if (m.from === 'lead') return this.conversation()?.leadName ?? 'Lead';
    if (m.from === 'assistant') return 'Assistant';
    return m.authorName && m.authorName !== this.auth.user()?.name ? m.authorName : 'You';
  }

  /** What the list shows before the last message: who wrote it. */
  protected lastWriter(c: ConversationSummaryDto): string {
    const from = c.lastMessage?.from;
    return from === 'lead' ? '' : from === 'assistant' ? 'Assistant: ' : 'Team: ';
  }

  protected who(c: ConversationSummaryDto): string {
    if (c.mode === 'ai') return 'Assistant answering';
    return c.heldBy?.id === this.auth.user()?.id ? 'Held by you' : `Held by ${c.heldBy?.name ?? 'a person'}`;
  }

  protected at(iso: string | null | undefined): string {
    return iso ? time.format(new Date(iso)) : '';
  }

  protected tickIcon(delivery: string | null | undefined): string {
    return delivery === 'failed' ? 'error' : delivery === 'sent' ? 'done' : 'done_all';
  }

  protected async takeOver(): Promise<void> {
    await this.store.takeOver();
  }

  protected async release(): Promise<void> {
    await this.store.release();
  }

  protected async reply(): Promise<void> {
    if (!this.replyText.trim()) return;
    if (await this.store.reply(this.replyText)) this.replyText = '';
  }

  protected async send(body: SendMessageDto): Promise<void> {
    if (await this.store.send(body)) this.composer()?.reset();
  }

  protected async sendTemplate(t: { name: string; parameters: Record<string, string> }): Promise<void> {
    if (await this.store.send({ channel: 'whatsapp', template: t, idempotencyKey: `spa-${crypto.randomUUID()}` })) this.picker()?.reset();
  }
}
