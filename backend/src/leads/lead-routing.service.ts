import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../core/auth/auth-user';
import { AuditTrail, settingsChange } from '../core/audit/audit-trail';
import { DomainError, notFound } from '../core/http/domain-error';
import { LeadsRepository } from './leads.repository';
import { TimelineRepository } from './timeline.repository';
import { normalizeLanguage } from './contact-normalizers';
import type { NewActivity } from './activity.entity';
import { ActivityType } from './lead.enums';
import type { RoutingAgent, RoutingRuleEntity } from './routing-rule.entity';
import { AgentOpenLeadsDto, RedistributionDto, ReplaceRoutingRulesDto, RoutingDto } from './routing.dto';
import { RoutingRepository } from './routing.repository';
import { nextInTurn, ruleMatches, takesEveryLead, type RoutingFacts } from './routing-rules';

export type { RoutingFacts };

export interface RouteOptions {
  /** People who may not get the lead (the agent it is taken from). */
  exclude?: string[];
  /** The enabled rules, when the caller already read them (an import reads them once per batch). */
  rules?: RoutingRuleEntity[];
}

/** Who a new lead went to, and the timeline entry that says which rule fired. */
export interface RoutingDecision {
  assigneeId: string | null;
  /** The agent's name (null for the pond). */
  assigneeName?: string | null;
  ruleId: string | null;
  activity: NewActivity;
}

const bad = (i: number, field: string, code: string, message: string) =>
  new DomainError('invalid', code, `Rule ${i + 1}: ${message}`, [{ field: `rules.${i}.${field}`, errors: [code] }]);

/**
 * Routing: THE way a new lead gets its agent, for every source (API, webhooks, website form and
 * widget, email, CSV import). Rules are tried in order; the first whose conditions hold and that
 * has an agent with room takes the lead, round robin weighted by capacity. A lead no rule takes
 * goes to the pond (unassigned, flagged) for agents to claim, and admins are warned.
 */
@Injectable()
export class LeadRoutingService {
  private readonly logger = new Logger(LeadRoutingService.name);

  constructor(
    private readonly rules: RoutingRepository,
    private readonly leads: LeadsRepository,
    private readonly timeline: TimelineRepository,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * Routes a new lead inside the caller's transaction (the lead is inserted with the answer, then
   * `markPond` if it went to the pond). `exclude`: people who may not get it (the agent a lead is
   * taken from), skipped like an inactive agent.
   */
  async route(facts: RoutingFacts, tx: EntityManager, options: RouteOptions = {}): Promise<RoutingDecision> {
    const excluded = new Set(options.exclude ?? []);
    const rules = (options.rules ?? (await this.enabledRules(tx))).filter((r) => ruleMatches(r, facts));
    const full: string[] = [];
    for (const rule of rules) {
      if (rule.target === 'pond') return this.pond(`Put in the pond by the routing rule "${rule.name}"`, rule, false);
      const state = await this.rules.lockCursor(rule.id, tx);
      if (!state) continue; // deleted since it was read
      const agents = rule.target === 'everyone' ? (await this.rules.allActiveAgentIds(tx)).map((userId) => ({ userId, capacity: rule.capacity ?? 1 })) : rule.agents;
      const loads = new Map((await this.rules.activeAgentLoads(agents.map((a) => a.userId), tx)).map((l) => [l.id, l]));
      const eligible = agents.filter((a) => !excluded.has(a.userId) && loads.has(a.userId) && loads.get(a.userId)!.open < a.capacity);
      const turn = nextInTurn(eligible, state);
      if (!turn) {
        full.push(rule.name);
        continue;
      }
      await this.rules.saveCursor(rule.id, { ...state, ...turn.state }, tx);
      const agent = loads.get(turn.userId)!;
      return {
        assigneeId: agent.id,
        assigneeName: agent.name,
        ruleId: rule.id,
        activity: { type: ActivityType.Assigned, summary: `Assigned to ${agent.name} by the routing rule "${rule.name}"`, data: { from: null, to: agent.id, ruleId: rule.id, rule: rule.name } },
      };
    }
    if (full.length) {
      this.logger.warn(`Routing: rule(s) ${full.map((n) => `"${n}"`).join(', ')} matched a new lead but none of their agents is active with room; the lead went to the pond`);
      return this.pond(`Put in the pond: the routing rule "${full[0]}" matched but none of its agents is active with room`, null, true);
    }
    return this.pond('Put in the pond: no routing rule takes this lead', null, false);
  }

  /**
   * The enabled rules in order, read once for many leads routed in one transaction (an import's
   * batch): hand them to `route` instead of reading them again for every row. Round-robin cursors
   * are still locked and moved per lead.
   */
  async enabledRules(tx: EntityManager): Promise<RoutingRuleEntity[]> {
    return (await this.rules.list(tx)).filter((r) => r.enabled);
  }

  private pond(summary: string, rule: RoutingRuleEntity | null, noAgent: boolean): RoutingDecision {
    return { assigneeId: null, ruleId: rule?.id ?? null, activity: { type: ActivityType.Assigned, summary, data: { from: null, to: null, pond: true, ruleId: rule?.id ?? null, rule: rule?.name ?? null, noAgentAvailable: noAgent } } };
  }

  /**
   * Gives a lead that already exists to an agent by the same rules as a new one (the assistant's
   * handover of a lead nobody holds, a redistribution, an SLA breach passing the lead on), inside
   * the caller's transaction: the assignee is written (version + 1), the timeline says which rule
   * fired and why routing ran (`why`, e.g. "on handover"), and a lead no rule takes goes to the pond.
   */
  async routeExisting(leadId: string, why: string, tx: EntityManager, options: RouteOptions & { actorId?: string | null } = {}): Promise<RoutingDecision> {
    const facts = await this.rules.factsOf(leadId, tx);
    if (!facts) throw notFound('Lead');
    const current = await this.rules.lockOpenLead(leadId, tx);
    const decision = await this.route(facts, tx, options);
    const from = current?.assigneeId ?? null;
    if (decision.assigneeId !== from) await this.leads.updateLead(leadId, { assigneeId: decision.assigneeId }, tx);
    const activity = { ...decision.activity, actorId: options.actorId ?? null, summary: `${decision.activity.summary} (${why})`, data: { ...decision.activity.data, from, why } };
    await this.timeline.append(leadId, activity, tx);
    await this.markPond(leadId, decision, tx);
    return { ...decision, activity };
  }

  /** How many open leads a person holds (Admin → Users asks before deactivating them). */
  async openLeadsOf(userId: string): Promise<AgentOpenLeadsDto> {
    const [user] = await this.rules.userNames([userId]);
    if (!user) throw notFound('User');
    return { userId, name: user.name, openLeads: (await this.rules.openLeadIdsOf(userId)).length };
  }

  /**
   * Hands a person's open leads on by the routing rules (when an admin deactivates them): each lead
   * is routed as if it were new, never back to that person, in a transaction of its own (leads
   * arriving meanwhile take turns with it); each timeline says which rule fired, and a lead no rule
   * takes goes to the pond. Audited. Safe to repeat: a lead already moved is no longer theirs.
   */
  async redistribute(userId: string, actor: AuthUser): Promise<RedistributionDto> {
    const [user] = await this.rules.userNames([userId]);
    if (!user) throw notFound('User');
    const ids = await this.rules.openLeadIdsOf(userId);
    const byAgent = new Map<string, { id: string; name: string; leads: number }>();
    let pond = 0;
    for (const id of ids) {
      const decision = await this.leads.transaction(async (tx) => {
        const lead = await this.rules.lockOpenLead(id, tx);
        if (lead?.assigneeId !== userId) return undefined; // closed, merged or moved meanwhile
        return this.routeExisting(id, `redistributed from ${user.name} by ${actor.name}`, tx, { exclude: [userId], actorId: actor.id });
      });
      if (decision === undefined) continue;
      if (decision.assigneeId === null) pond += 1;
      else {
        const seen = byAgent.get(decision.assigneeId) ?? { id: decision.assigneeId, name: decision.assigneeName ?? '', leads: 0 };
        seen.leads += 1;
        byAgent.set(decision.assigneeId, seen);
      }
    }
    const assigned = [...byAgent.values()].reduce((n, a) => n + a.leads, 0);
    await this.audit.record({ action: 'leads.redistributed', actorId: actor.id, apiKeyId: actor.apiKeyId, targetType: 'user', targetId: userId, changes: { from: user.name, assigned, pond, to: [...byAgent.values()].map((a) => ({ id: a.id, leads: a.leads })) } });
    return { userId, assigned, pond, agents: [...byAgent.values()] };
  }

  /** Flags a lead that went to the pond (after it was inserted, in the same transaction). */
  async markPond(leadId: string, decision: RoutingDecision, tx: EntityManager): Promise<void> {
    if (decision.assigneeId === null) await this.leads.markInPond(leadId, tx);
  }

  async list(): Promise<RoutingDto> {
    const rows = await this.rules.list();
    const ids = [...new Set(rows.flatMap((r) => r.agents.map((a) => a.userId)))];
    const loads = new Map((await this.rules.activeAgentLoads(ids)).map((l) => [l.id, l]));
    const names = new Map((await this.rules.userNames(ids)).map((u) => [u.id, u.name]));
    const warnings: string[] = [];
    if (!rows.some((r) => r.enabled && r.target !== 'pond')) warnings.push('No rule gives leads to agents: every new lead goes to the pond.');
    for (const r of rows) {
      if (!r.enabled || r.target !== 'agents') continue;
      if (!r.agents.some((a) => loads.has(a.userId))) warnings.push(`"${r.name}": none of its agents is active, so its leads go to the pond.`);
      else if (!r.agents.some((a) => (loads.get(a.userId)?.open ?? Infinity) < a.capacity)) warnings.push(`"${r.name}": every agent is at capacity, so its leads go to the pond.`);
    }
    const pondSize = await this.rules.pondSize();
    if (pondSize) warnings.push(`${pondSize} lead${pondSize === 1 ? '' : 's'} wait${pondSize === 1 ? 's' : ''} in the pond for an agent to claim.`);
    return {
      rules: rows.map((r) => ({
        id: r.id, name: r.name, enabled: r.enabled, sources: r.sources, areas: r.areas, languages: r.languages, priceMin: r.priceMin, priceMax: r.priceMax, target: r.target,
        agents: r.agents.map((a) => ({ ...a, name: names.get(a.userId) ?? '', open: loads.get(a.userId)?.open ?? 0, available: loads.has(a.userId) })),
        capacity: r.capacity,
      })),
      pondSize,
      warnings,
    };
  }

  /** Replaces the rule set, in the order given; a set that makes no sense is refused whole (400). */
  async replace(dto: ReplaceRoutingRulesDto, user: AuthUser): Promise<RoutingDto> {
    const before = await this.list();
    const ids = [...new Set(dto.rules.flatMap((r) => (r.agents ?? []).map((a) => a.userId)))];
    const staff = new Set((await this.rules.activeAgentLoads(ids)).map((l) => l.id));
    const rows = dto.rules.map((r, i) => {
      const priceMin = r.priceMin ?? null;
      const priceMax = r.priceMax ?? null;
      if (priceMin !== null && priceMax !== null && priceMin > priceMax) throw bad(i, 'priceMax', 'price_band_reversed', 'the lowest price is above the highest');
      const agents: RoutingAgent[] = (r.agents ?? []).map((a) => ({ userId: a.userId, capacity: a.capacity }));
      if (r.target === 'agents' && !agents.length) throw bad(i, 'agents', 'no_agents', 'name at least one agent to share its leads');
      if (r.target === 'everyone' && agents.length) throw bad(i, 'agents', 'everyone_with_agents', 'a rule for every agent names no agents (give each one the same capacity instead)');
      if (r.target === 'everyone' && !r.capacity) throw bad(i, 'capacity', 'no_capacity', 'say how many open leads each agent may hold');
      if (r.target === 'pond' && agents.length) throw bad(i, 'agents', 'pond_with_agents', 'a rule that sends leads to the pond names no agents');
      if (new Set(agents.map((a) => a.userId)).size !== agents.length) throw bad(i, 'agents', 'agent_twice', 'an agent is listed twice');
      const gone = agents.find((a) => !staff.has(a.userId));
      if (gone) throw bad(i, 'agents', 'agent_unavailable', 'every agent must be an active agent or team lead');
      const areas = [...new Set((r.areas ?? []).map((x) => x.trim()).filter(Boolean))];
      const languages = (r.languages ?? []).map((x) => ({ raw: x, tag: normalizeLanguage(x) }));
      const unread = languages.find((l) => !l.tag);
      if (unread) throw bad(i, 'languages', 'invalid_language', `"${unread.raw}" is not a language tag we can read (e.g. "es" or "zh-TW")`);
      return { name: r.name.trim(), enabled: r.enabled, sources: [...new Set(r.sources ?? [])], areas, languages: [...new Set(languages.map((l) => l.tag!))], priceMin, priceMax, target: r.target, agents, capacity: r.target === 'everyone' ? (r.capacity ?? null) : null, position: i + 1, updatedById: user.id };
    });
    // An agents rule that takes every lead may still pass leads on when its agents are full; a pond rule never does.
    const catchAll = rows.findIndex((r) => r.enabled && r.target === 'pond' && takesEveryLead(r));
    const after = rows.findIndex((r, i) => i > catchAll && r.enabled);
    if (catchAll >= 0 && after >= 0) throw bad(after, 'name', 'unreachable', `it can never fire: rule ${catchAll + 1} ("${rows[catchAll].name}") sends every lead to the pond before it`);
    await this.rules.replaceAll(rows);
    const now = await this.list();
    const asSet = (d: RoutingDto) => d.rules.map(({ id: _id, agents, ...r }) => ({ ...r, agents: agents.map((a) => ({ name: a.name, capacity: a.capacity })) }));
    const entry = settingsChange(user, 'routing_rules', asSet(before), asSet(now));
    if (entry) await this.audit.record(entry);
    return now;
  }
}
