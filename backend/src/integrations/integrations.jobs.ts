import { defineJobs } from '../core/queue/jobs';

declare module '../core/queue/jobs' {
  interface JobPayloads {
    /** First attempts of one event's outbound webhook deliveries, side by side (one queue round trip for all its subscribers); failures go on as `deliver-integration-webhook` retries. */
    'deliver-integration-event': { deliveryIds: string[] };
    /** Send one outbound webhook delivery (one event to one subscription). Claimed first: one answered 2xx is never sent again unless `manual`. */
    'deliver-integration-webhook': { deliveryId: string; manual?: boolean };
    /** Fan out integration events never fanned out; enqueue deliveries that fell out of the queue. */
    'sweep-integration-events': Record<string, never>;
  }
}

/** The jobs this feature's worker runs, and their queue. */
export const INTEGRATION_JOBS = defineJobs('integrations', ['deliver-integration-event', 'deliver-integration-webhook', 'sweep-integration-events']);
