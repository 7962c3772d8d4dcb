import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PgNotifications } from '../core/database/pg-notifications';
import { JobQueue } from '../core/queue/job-queue';
import { Clock } from '../core/time/clock';
import { SlaService } from './sla.service';

/**
 * The channel a trigger on `leads` notifies (at commit) when a stage, a wait for a reply, an assignee or a merge changes (migration `SlaTimers`):
 * the lead's id; a lead just inserted says `new:<id>` (migration `SlaNewLeadNotice`): it has no timer yet, so none is removed.
 */
export const SLA_CHANGED_CHANNEL = 'sla_changed';

/**
 * Keeps SLA timers in step with the leads, in worker processes: every change that matters, by any
 * path (board, lead page, API, the assistant, webhooks, messages in and out), reaches it through
 * the trigger's notice, so no path has to remember to call it. The notice is only a hint: on
 * start, and whenever notices may have been missed (the listening connection dropped) or the
 * clock jumped (tests), a reconcile sweep re-creates the timers from the leads themselves.
 */
@Injectable()
export class SlaScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly log = new Logger(SlaScheduler.name);
  /** Lead id → only ever notified as new (its timers need no removal first). */
  private pending = new Map<string, boolean>();
  private timer: NodeJS.Immediate | null = null;
  /** A reschedule is running: notices arriving meanwhile wait for it and go together in the next one. */
  private busy = false;
  private stopJumps: () => void = () => undefined;

  constructor(
    private readonly notifications: PgNotifications,
    private readonly sla: SlaService,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.notifications.listen(SLA_CHANGED_CHANNEL, {
      onMessage: (leadId) => this.changed(leadId),
      // Connected (first time, or again after a drop): notices sent meanwhile are lost; sweep.
      onGap: () => void this.requestReconcile(false),
    });
    this.stopJumps = this.clock.onJump(() => void this.requestReconcile(true));
  }

  /** Queue writes already handed on finish before the queues close (a lost one would wait for the next start's sweep). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.sla.settled();
  }

  onApplicationShutdown(): void {
    this.stopJumps();
    if (this.timer) clearImmediate(this.timer);
  }

  private changed(notice: string): void {
    const m = /^(new:)?([0-9a-f-]{36})$/.exec(notice);
    if (!m) return;
    // Any other notice (a change in the same burst) means the lead may have timers by now.
    this.pending.set(m[2], !!m[1] && this.pending.get(m[2]) !== false);
    this.kick();
  }

  /**
   * Reschedules at once (no fixed wait: the card's clock follows a move within a round trip or two);
   * a burst (an import, a bulk reassignment) still goes in a few statements, because the notices
   * that arrive while one reschedule runs are gathered for the next.
   */
  private kick(): void {
    if (this.busy || this.timer || !this.pending.size) return;
    this.timer = setImmediate(() => {
      this.timer = null;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const ids = [...this.pending.keys()];
    const fresh = new Set([...this.pending].filter(([, isNew]) => isNew).map(([id]) => id));
    this.pending = new Map();
    this.busy = true;
    try {
      // The next batch waits for these clocks only; the queue writes follow on their own, in order.
      const { jobs } = await this.sla.rescheduleClocks(ids, fresh);
      jobs.catch((err: unknown) => this.failed(ids, err));
    } catch (err: unknown) {
      this.failed(ids, err);
    } finally {
      this.busy = false;
      this.kick();
    }
  }

  /** The timers of these leads are re-created by the next reconcile sweep. */
  private failed(ids: string[], err: unknown): void {
    this.log.warn(`Could not reschedule SLA timers of ${ids.length} lead(s): ${err instanceof Error ? err.message : String(err)}`);
    void this.requestReconcile(false);
  }

  private async requestReconcile(force: boolean): Promise<void> {
    await this.jobs.enqueueOrDefer('sla-reconcile', { force }, { jobId: `sla-reconcile-${Date.now()}-${force ? 'f' : 'm'}` });
  }
}
