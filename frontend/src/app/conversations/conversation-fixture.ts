import { ConversationSummaryDto } from '../api/models/conversation-summary-dto';

/** A conversation as the list gives it, for the page's and the store's tests. */
export const conversation = (overrides: Partial<ConversationSummaryDto> = {}): ConversationSummaryDto => ({
  id: 's1',
  leadId: 'l1',
  leadName: 'Dana Diaz',
  channel: 'whatsapp',
  mode: 'ai',
  heldBy: null,
  assignee: null,
  lastMessageAt: '2026-12-04T10:00:00Z',
  lastMessage: { from: 'lead', preview: 'Is it still available?', delivery: null },
  unread: 2,
  waiting: true,
  readAt: null,
  ...overrides,
});
