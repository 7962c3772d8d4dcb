import { defineJobs } from '../core/queue/jobs';

declare module '../core/queue/jobs' {
  interface JobPayloads {
    /** Send one outbox row (WhatsApp or email). Idempotent: a row already sent is skipped, the channel id is kept. */
    'send-outbox': { outboxId: string };
    /** Enqueue outbox rows that are due and were never picked up (queue down at commit, held until after quiet hours). */
    'sweep-outbox': Record<string, never>;
    /** Remind a lead of a booked viewing (24 h or 2 h before). Stale (moved, cancelled) reminders do nothing; one message per viewing, reminder and start. */
    'viewing-reminder': { viewingId: string; before: '24h' | '2h'; startsAt: string };
    /** Ask the lead for feedback when a viewing has ended. Stale (moved, cancelled) requests do nothing; one message per viewing and channel. */
    'viewing-feedback-request': { viewingId: string; endsAt: string };
    /** Bring the external calendar (Google) in line with a viewing as it is now. Idempotent. */
    'push-viewing-calendar': { viewingId: string };
  }
}

/** The jobs this feature's worker runs, and their queue. */
export const MESSAGING_JOBS = defineJobs('messaging', ['send-outbox', 'sweep-outbox', 'viewing-reminder', 'viewing-feedback-request', 'push-viewing-calendar']);
