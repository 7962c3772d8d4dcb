import { defineJobs } from '../core/queue/jobs';

declare module '../core/queue/jobs' {
  interface JobPayloads {
    /** The assistant answers a channel conversation's pending messages (WhatsApp), if they are due. Idempotent: one claim per reply. */
    'answer-channel': { sessionId: string };
    /** Hand overdue channel replies (enqueue failed, worker died mid-turn) to the workers again. */
    'sweep-channel-replies': Record<string, never>;
  }
}

/** The jobs this feature's worker runs, and their queue. */
export const AGENT_JOBS = defineJobs('agent', ['answer-channel', 'sweep-channel-replies']);
