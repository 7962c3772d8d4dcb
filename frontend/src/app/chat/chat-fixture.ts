import { MessageDto } from '../api/models/message-dto';

/** A stored message as GET /api/agent/sessions/:id returns it, for tests; give what the test is about. */
export const storedMessage = (m: Partial<MessageDto> & Pick<MessageDto, 'id' | 'role' | 'content'>): MessageDto => ({
  authorId: null,
  createdAt: '2026-11-26T10:00:00Z',
  data: null,
  status: 'delivered',
  toolCallId: null,
  toolCalls: null,
  toolName: null,
  usage: null,
  ...m,
});
