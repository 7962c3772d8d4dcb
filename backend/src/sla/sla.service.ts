import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { DataSource, EntityManager } from 'typeorm';
import { AuditTrail, settingsChange } from '../core/audit/audit-trail';
import type { AuthUser } from '../core/auth/auth-user';
import { DomainError } from '../core/http/domain-error';
import { JobQueue } from '../core/queue/job-queue';
import { type BusinessHours, businessHoursProblem, businessMinutesFit } from '../core/time/business-time';
import { Clock } from '../core/time/clock';
import { ActivityType, LeadStage, type SlaClockKind, TaskType } from '../leads/lead.enums';
import { LeadRecordsService } from '../leads/lead-records.service';
import { LeadRoutingService } from '../leads/lead-routing.service';
import { STAGE_LABELS } from '../words/broker-words';
import { ReplaceSlaSettingsDto, SlaSettingsDto } from './sla.dto';
import { type LockedLead, SlaRepository } from './sla.repository';
import type { SlaRuleEntity } from './sla-rule.entity';
import { type SlaLeadFacts, type SlaTimer, timerFor, timerPhase, timersFor } from './sla-timers';
import { breachTaskTitle, duration, slaRuleText } from './sla-words';

/** The longest SLA an admin may set: 60 days. */
const MAX_MINUTES = 60 * 1440;
const RECONCILE_PAGE = 1000;
export const slaJobId = (leadId: string, ruleId: string) => `sla-${leadId}-${ruleId}`;

/** What a reschedule writes: the leads' clocks, then their timer jobs (and the leads whose timers were remembered as placed). */
interface PlannedTimers {
  clocks: { leadId: string; kind: SlaClockKind | null; dueAt: Date | null }[];
  jobs: { jobId: string; payload: { leadId: string; ruleId: string }; runAt: number; fresh?: boolean }[];
  cancel: string[];
  placed: string[];
}

const bad = (code: string, message: string, field: string) => new DomainError('invalid', code, message, [{ field, errors: [code] }]);

/**
 * SLA timers (issue 16 point 3): admins set them per stage; each running timer is one delayed job
 * (`sla-timer`, id `sla-<lead>-<rule>`), put in place again whenever the lead changes in a way that
 * matters (stage, a message in or out, assignee: `reschedule`), re-created on worker start
 * (`reconcile`), and re-checked against the lead when it fires (`fire`): a stale job does nothing.
 * All times come from the injected `Clock`.
 */
@Injectable()
export class SlaService {
  /**
   * The timers this process last put in place for each lead (`rule@runAt`, soonest first), so a
   * change notice that leaves a lead's timers as they are (a message in while it already waits, a
   * move between stages with the same timers) costs no queue writes. Forgotten by every sweep.
   */
  private readonly placed = new LRUCache<string, string>({ max: 100_000, ttl: 15 * 60_000 });
  /** The queue writes handed on by `rescheduleClocks`, chained in order. */
  private queueWrites: Promise<void> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: SlaRepository,
    private readonly records: LeadRecordsService,
    private readonly routing: LeadRoutingService,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async settings(): Promise<SlaSettingsDto> {
    const [hours, rules] = await Promise.all([this.repo.hours(), this.repo.rules()]);
    return { businessHours: hours, rules: rules.map((r) => ({ id: r.id, kind: r.kind, stage: r.stage, minutes: r.minutes, businessHoursOnly: r.businessHoursOnly, warnPercent: r.warnPercent, escalation: r.escalation, enabled: r.enabled, text: slaRuleText(r) })) };
  }

  /** Replaces the business hours and the rules; settings that make no sense are refused (400) and change nothing. Every timer is then recomputed. */
  async replace(dto: ReplaceSlaSettingsDto, user: AuthUser): Promise<SlaSettingsDto> {
    const before = await this.settings();
    const hours: BusinessHours = { timeZone: dto.businessHours.timeZone.trim(), days: dto.businessHours.days.map((d) => ({ weekday: d.weekday, start: d.start, end: d.end })) };
    const problem = businessHoursProblem(hours);
    if (problem) throw bad('bad_business_hours', `Business hours: ${problem}`, 'businessHours');
    const existing = new Set((await this.repo.rules()).map((r) => r.id));
    const seen = new Map<string, number>();
    const rows = dto.rules.map((r, i) => {
      const n = `Rule ${i + 1}`;
      if (r.minutes < 0) throw bad('negative_time', `${n}: the time can't be negative`, `rules.${i}.minutes`);
      if (r.minutes < 1 || r.minutes > MAX_MINUTES) throw bad('bad_time', `${n}: the time must be from 1 minute to 60 days`, `rules.${i}.minutes`);
      if (r.warnPercent != null && (r.warnPercent < 1 || r.warnPercent > 99)) throw bad('bad_warning', `${n}: warn between 1 % and 99 % of the time, or not at all`, `rules.${i}.warnPercent`);
      if (r.stage === LeadStage.Won || r.stage === LeadStage.Lost) throw bad('closed_stage', `${n}: ${STAGE_LABELS[r.stage]} is a closed stage; no timer runs there`, `rules.${i}.stage`);
      if (r.businessHoursOnly && hours.days.length === 0) throw bad('no_business_hours', `${n} counts business hours, but the business hours have no open day: the timer would never run out`, `rules.${i}.businessHoursOnly`);
      if (r.businessHoursOnly && !businessMinutesFit(r.minutes, hours)) throw bad('hours_too_short', `${n}: with these business hours, ${r.minutes} minutes of business time would take more than ten years`, `rules.${i}.minutes`);
      if (r.id && !existing.has(r.id)) throw bad('unknown_rule', `${n}: no such rule (it was removed meanwhile); reload and try again`, `rules.${i}.id`);
      const key = `${r.kind}:${r.stage}`;
      if (seen.has(key)) throw bad('duplicate_rule', `${n} repeats rule ${seen.get(key)! + 1}: one timer of a kind per stage`, `rules.${i}`);
      seen.set(key, i);
      return { ...(r.id ? { id: r.id } : {}), kind: r.kind, stage: r.stage, minutes: r.minutes, businessHoursOnly: r.businessHoursOnly, warnPercent: r.warnPercent ?? null, escalation: r.escalation, enabled: r.enabled, position: i + 1, updatedById: user.id };
    });
    await this.repo.save(hours, rows, user.id);
    await this.jobs.enqueueOrDefer('sla-reconcile', { force: true }, { jobId: `sla-reconcile-${this.clock.now().getTime()}` });
    const after = await this.settings();
    const inWords = (d: SlaSettingsDto) => ({ businessHours: d.businessHours, rules: d.rules.map((r) => (r.enabled ? r.text : `${r.text} (off)`)) });
    const entry = settingsChange(user, 'sla', inWords(before), inWords(after));
    if (entry) await this.audit.record(entry);
    return after;
  }

  /**
   * Puts the leads' timers in place as the leads are now (their jobs and their clocks on screen).
   * `fresh`: leads just inserted, which have no timer job yet: nothing of theirs is removed first.
   */
  async reschedule(leadIds: string[], fresh: ReadonlySet<string> = new Set()): Promise<void> {
    await (await this.rescheduleClocks(leadIds, fresh)).jobs;
  }

  /**
   * `reschedule` in two steps, for the change notices: resolves once the leads' clocks are written
   * (and boards told); `jobs` settles when their timer jobs are in place too. Queue writes go one
   * after another in this process, in the order the clocks were written, so a lead's later timers
   * are never overtaken by its earlier ones; if they fail the caller sweeps (the leads hold the truth).
   */
  async rescheduleClocks(leadIds: string[], fresh: ReadonlySet<string> = new Set()): Promise<{ jobs: Promise<void> }> {
    if (!leadIds.length) return { jobs: Promise.resolve() };
    const [{ rules, hours }, leads] = await Promise.all([this.repo.current(), this.repo.leadFacts(leadIds)]);
    const planned = this.plan(rules, leads, hours, 'all', fresh);
    await this.records.setSlaClocks(planned.clocks);
    const jobs = this.queueWrites.then(() => this.writeJobs(planned));
    // The next batch's queue writes wait for these, whether they succeed or not.
    this.queueWrites = jobs.catch(() => undefined);
    return { jobs };
  }

  /** Resolves when every queue write handed on by `rescheduleClocks` so far has settled (shutdown). */
  settled(): Promise<void> {
    return this.queueWrites;
  }

  /**
   * Re-creates the timers of every open lead from the leads as they are: after a worker start
   * (a job lost with a queue that was wiped, a change notice missed while no worker listened).
   * `force` replaces every job (the rules or the clock changed); otherwise only missing ones are added.
   */
  async reconcile(force: boolean): Promise<number> {
    this.placed.clear();
    const [rules, hours] = await Promise.all([this.repo.rules(), this.repo.hours()]);
    const stages = [...new Set(rules.filter((r) => r.enabled).map((r) => r.stage))];
    const present = force ? null : new Set((await this.jobs.queueFor('sla-timer').getJobs(['delayed', 'waiting', 'active', 'prioritized'])).map((j) => j.id));
    let after: string | null = null;
    let count = 0;
    for (;;) {
      const page: SlaLeadFacts[] = stages.length ? await this.repo.leadsIn(stages, after, RECONCILE_PAGE) : [];
      if (!page.length) break;
      count += await this.apply(rules, hours, page, present);
      after = page[page.length - 1].id;
    }
    await this.records.clearSlaClocksOutside(stages);
    return count;
  }

  /**
   * A timer's job: re-checks the timer against the lead now, in one transaction holding the lead.
   * Answers when to run again (the warning is sent and the breach is next), or null (done, or stale).
   */
  async fire(leadId: string, ruleId: string): Promise<Date | null> {
    return this.db.transaction(async (tx) => {
      const lead = await this.repo.lockLead(leadId, tx);
      const rule = (await this.repo.rules(tx)).find((r) => r.id === ruleId);
      if (!lead || !rule) return null;
      const timer = timerFor(rule, lead, await this.repo.hours(tx));
      if (!timer) return null; // answered, moved on, closed, merged, or the rule was turned off
      const now = this.clock.now();
      const phase = timerPhase(timer, now);
      if (phase.phase === 'wait') return phase.at;
      const alert = { leadId, ruleId, startedAt: timer.startedAt, dueAt: timer.dueAt };
      if (phase.phase === 'warn') {
        if (await this.repo.recordAlert({ ...alert, kind: 'warning' }, tx)) {
          await this.repo.notify(lead.assigneeId ? [lead.assigneeId] : [], 'sla_warning', leadId, `${breachTaskTitle(rule, lead.name)}: due ${this.inWords(timer.dueAt, now)}`, tx);
        }
        return phase.at;
      }
      if (await this.repo.recordAlert({ ...alert, kind: 'breach' }, tx)) await this.breach(lead, rule, timer, now, tx);
      return null;
    });
  }

  private async breach(lead: LockedLead, rule: SlaRuleEntity, timer: SlaTimer, now: Date, tx: EntityManager): Promise<void> {
    const text = slaRuleText(rule);
    let assigneeId = lead.assigneeId;
    let escalation: Record<string, unknown>;
    let teamNotified: string[] = [];
    const passed = rule.escalation === 'reassign' ? await this.passOn(lead, tx) : null;
    if (passed) {
      assigneeId = passed.id;
      escalation = { kind: 'reassign', from: lead.assigneeId, to: passed.id, toName: passed.name, routingRule: passed.rule };
    } else {
      const targets = await this.repo.escalationTargets(lead.assigneeId, tx);
      teamNotified = targets.ids;
      escalation = { kind: 'notify_team_lead', notified: targets.who, userIds: targets.ids, ...(rule.escalation === 'reassign' ? { reason: 'no other agent with room' } : {}) };
    }
    const task = await this.records.addTask({ leadId: lead.id, title: breachTaskTitle(rule, lead.name).slice(0, 200), notes: `Time limit missed: ${text}.`, type: rule.kind === 'first_response' ? TaskType.FollowUp : TaskType.Call, dueAt: now, assigneeId, createdById: null }, tx);
    const late = duration(Math.max(1, Math.round((now.getTime() - timer.dueAt.getTime()) / 60_000)));
    const who = passed ? `; handed to ${passed.name} by the routing rules` : teamNotified.length ? `; ${escalation.notified === 'team_lead' ? 'the team lead was' : 'the admins were'} told` : '';
    await this.records.appendTimeline(
      lead.id,
      {
        type: ActivityType.SlaBreached,
        summary: `Time limit missed — ${text} (due ${timer.dueAt.toISOString()}, ${late} ago)${who}. Task "${task.title}" created.`,
        data: { rule: { id: rule.id, kind: rule.kind, minutes: rule.minutes, businessHoursOnly: rule.businessHoursOnly, text }, stage: lead.stage, startedAt: timer.startedAt.toISOString(), dueAt: timer.dueAt.toISOString(), breachedAt: now.toISOString(), escalation, taskId: task.id },
      },
      tx,
    );
    await this.repo.notify([...new Set([...(assigneeId ? [assigneeId] : []), ...(lead.assigneeId && passed ? [lead.assigneeId] : []), ...teamNotified])], 'sla_breached', lead.id, `Time limit missed: ${breachTaskTitle(rule, lead.name)}`, tx);
  }

  /** Hands the lead to the next agent by the routing rules (not back to the same one); null when nobody else has room. */
  private async passOn(lead: LockedLead, tx: EntityManager): Promise<{ id: string; name: string; rule: string | null } | null> {
    const facts = { source: lead.source, areas: lead.areas, price: lead.price };
    // Two turns at most: the routing's round robin gives the same agent twice only when nobody else has room.
    for (let turn = 0; turn < 2; turn++) {
      const decision = await this.routing.route(facts, tx);
      if (!decision.assigneeId) return null;
      if (decision.assigneeId === lead.assigneeId) continue;
      const data = decision.activity.data as { to: string; rule?: string; ruleId?: string };
      const name = /^Assigned to (.+) by the routing rule/.exec(decision.activity.summary)?.[1] ?? 'the next agent';
      await this.records.updateLead(lead.id, { assigneeId: decision.assigneeId }, tx);
      await this.records.appendTimeline(
        lead.id,
        { type: ActivityType.Assigned, summary: `Reassigned to ${name}: the SLA time limit was missed${lead.assigneeName ? ` by ${lead.assigneeName}` : ''} (routing rule "${data.rule ?? ''}")`, data: { from: lead.assigneeId, to: decision.assigneeId, ruleId: data.ruleId ?? null, rule: data.rule ?? null, reason: 'sla_breached' } },
        tx,
      );
      return { id: decision.assigneeId, name, rule: data.rule ?? null };
    }
    return null;
  }

  /** Sets leads' clocks and their timer jobs; `present` (job ids already queued) limits it to the missing ones, 'all' replaces every one. */
  private async apply(rules: SlaRuleEntity[], hours: BusinessHours, leads: SlaLeadFacts[], present: Set<string | undefined> | null | 'all'): Promise<number> {
    const planned = this.plan(rules, leads, hours, present);
    await this.records.setSlaClocks(planned.clocks);
    await this.writeJobs(planned);
    return planned.jobs.length;
  }

  /**
   * Each lead's clock and the queue writes its timers need. With 'all', the timers are remembered
   * as placed at once (so a later notice is compared with them even before they are written);
   * `writeJobs` forgets them again if the queue refuses.
   */
  private plan(rules: SlaRuleEntity[], leads: SlaLeadFacts[], hours: BusinessHours, present: Set<string | undefined> | null | 'all', fresh: ReadonlySet<string> = new Set()): PlannedTimers {
    const jobs: PlannedTimers['jobs'] = [];
    const cancel: string[] = [];
    const placed: string[] = [];
    const clocks = leads.map((lead) => {
      const timers = timersFor(rules, lead, hours);
      const signature = timers.map((t) => `${t.ruleId}@${(t.warnAt ?? t.dueAt).getTime()}`).join(',');
      const clock = { leadId: lead.id, kind: timers[0]?.kind ?? null, dueAt: timers[0]?.dueAt ?? null };
      // A reschedule that changes nothing this process put in place writes nothing to the queue.
      if (present === 'all' && this.placed.get(lead.id) === signature) return clock;
      const running = new Set(timers.map((t) => t.ruleId));
      for (const t of timers) {
        const jobId = slaJobId(lead.id, t.ruleId);
        if (present === 'all' || present === null || !present.has(jobId)) jobs.push({ jobId, payload: { leadId: lead.id, ruleId: t.ruleId }, runAt: (t.warnAt ?? t.dueAt).getTime(), fresh: fresh.has(lead.id) });
      }
      if (present === 'all') {
        if (!fresh.has(lead.id)) for (const r of rules) if (!running.has(r.id)) cancel.push(slaJobId(lead.id, r.id));
        this.placed.set(lead.id, signature);
        placed.push(lead.id);
      }
      return clock;
    });
    return { clocks, jobs, cancel, placed };
  }

  private async writeJobs({ jobs, cancel, placed }: PlannedTimers): Promise<void> {
    if (!jobs.length && !cancel.length) return;
    try {
      await this.jobs.replaceDelayed('sla-timer', jobs, cancel, this.clock.now().getTime());
    } catch (e) {
      for (const leadId of placed) this.placed.delete(leadId);
      throw e;
    }
  }

  /** How far the app's clock is ahead of the machine's (0 but in browser tests): the queue delays in machine time. */
  clockSkew(): number {
    return this.clock.now().getTime() - Date.now();
  }

  private inWords(due: Date, now: Date): string {
    const minutes = Math.max(1, Math.round((due.getTime() - now.getTime()) / 60_000));
    return `in ${duration(minutes)}`;
  }
}

