import { inject, Injectable } from '@angular/core';
import { Api } from '../api/api';
import { ApiConfiguration } from '../api/api-configuration';
import { releaseSession } from '../api/fn/agent/release-session';
import { replyInSession } from '../api/fn/agent/reply-in-session';
import { takeOverSession } from '../api/fn/agent/take-over-session';
import { followConversations } from '../api/fn/conversations/follow-conversations';
import { getConversation } from '../api/fn/conversations/get-conversation';
import { listConversations, ListConversations$Params } from '../api/fn/conversations/list-conversations';
import { markConversationRead } from '../api/fn/conversations/mark-conversation-read';
import { getOutboundOptions } from '../api/fn/messaging/get-outbound-options';
import { sendLeadMessage } from '../api/fn/messaging/send-lead-message';
import { ConversationPageDto } from '../api/models/conversation-page-dto';
import { ConversationThreadDto } from '../api/models/conversation-thread-dto';
import { OutboundOptionsDto } from '../api/models/outbound-options-dto';
import { SendMessageDto } from '../api/models/send-message-dto';
import { AuthStore } from '../core/auth-store';
import { RawFrame, readFrames } from '../chat/event-stream';

export type ConversationQuery = ListConversations$Params;

/**
 * The endpoints the Conversations page uses, through the generated client — except the live feed:
 * it is a text/event-stream that never ends, which HttpClient (and so the generated function) only
 * hands over once complete, and EventSource cannot send the bearer token. It is read with fetch,
 * frame by frame, on the generated function's path.
 */
@Injectable({ providedIn: 'root' })
export class ConversationsApi {
  private readonly api = inject(Api);
  private readonly config = inject(ApiConfiguration);
  private readonly auth = inject(AuthStore);

  list(query: ConversationQuery): Promise<ConversationPageDto> {
    return this.api.invoke(listConversations, query);
  }

  thread(id: string): Promise<ConversationThreadDto> {
    return this.api.invoke(getConversation, { id });
  }

  markRead(id: string): Promise<void> {
    return this.api.invoke(markConversationRead, { id });
  }

  options(leadId: string): Promise<OutboundOptionsDto> {
    return this.api.invoke(getOutboundOptions, { id: leadId });
  }

  async takeOver(id: string): Promise<void> {
    await this.api.invoke(takeOverSession, { id });
  }

  async release(id: string): Promise<void> {
    await this.api.invoke(releaseSession, { id });
  }

  /** A person's reply in a web chat they hold. */
  async reply(id: string, message: string): Promise<void> {
    await this.api.invoke(replyInSession, { id, body: { message } });
  }

  /** A message on WhatsApp or by email, through the send rules. */
  async send(leadId: string, body: SendMessageDto): Promise<void> {
    await this.api.invoke(sendLeadMessage, { id: leadId, body });
  }

  /** The live feed's frames until the stream ends or `signal` aborts; throws when it cannot be opened. */
  async *follow(signal: AbortSignal): AsyncGenerator<RawFrame> {
    const token = this.auth.token();
    const res = await fetch(`${this.config.rootUrl}${followConversations.PATH}`, { headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) }, signal });
    if (!res.ok || !res.body) throw new Error(`Live updates are not available (HTTP ${res.status})`);
    yield* readFrames(res.body);
  }
}
