import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { scopeOf, type LeadScope } from '../access/lead-access';
import type { AuthUser } from '../core/auth/auth-user';
import { AppConfig } from '../core/config/app-config';
import { DomainError, notFound } from '../core/http/domain-error';
import { JobQueue } from '../core/queue/job-queue';
import { describeLocal } from '../core/time/zoned-time';
import { InventoryService } from '../inventory/inventory.service';
import type { FieldEvidence } from '../leads/lead-profile.entity';
import { ActivityType } from '../leads/lead.enums';
import { LeadsService } from '../leads/leads.service';
import type { ProfileField } from '../leads/profile.dto';
import { formatMoney, PRICE_FEELING_LABELS } from '../words/broker-words';
import { PriceFeeling } from './viewing-feedback.entity';
import { FeedbackFormDto, HeldViewingDto, mapFeedback, ViewingFeedbackDto, ViewingFeedbackInputDto } from './viewing-feedback.dto';
import { ViewingFeedbackRepository } from './viewing-feedback.repository';
import { ViewingStatus } from './viewing.entity';
import type { InviteFacts } from './viewings.repository';
import { ViewingsRepository } from './viewings.repository';

/** How long a feedback link works after the viewing ends. */
const LINK_DAYS = 30;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ANYONE: LeadScope = { userId: '', all: true };

/**
 * After a viewing: the link the lead gets, the page behind it, and what an answer changes. One
 * answer per viewing (the lead's or the agent's); a second is refused with 409, so what the
 * profile learned from it is never learned twice or contradicted behind the agent's back.
 */
@Injectable()
export class ViewingFeedbackService {
  constructor(
    private readonly viewings: ViewingsRepository,
    private readonly feedback: ViewingFeedbackRepository,
    private readonly leads: LeadsService,
    private readonly inventory: InventoryService,
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
  ) {}

  /**
   * The feedback-request job at a viewing's end: the viewing (re-read now) is marked done and the
   * link returned; null when the job is stale (cancelled, moved since) or the lead answered already.
   */
  async requestFor(viewingId: string, endsAt: string, now = new Date()): Promise<{ facts: InviteFacts; link: string } | null> {
    const f = await this.viewings.inviteFacts(viewingId);
    if (!f || f.status === ViewingStatus.Cancelled || f.endsAt.toISOString() !== endsAt || f.endsAt > now) return null;
    await this.viewings.markDone(viewingId, now);
    if (await this.feedback.findByViewing(viewingId)) return null;
    return { facts: f, link: this.linkFor(f.id, f.endsAt) };
  }

  /** The feedback page's address for a viewing: signed, for this viewing (so this lead) only, expiring 30 days after it ends. */
  linkFor(viewingId: string, endsAt: Date): string {
    const base = (this.config.env.PUBLIC_URL ?? `http://localhost:${this.config.env.PORT}`).replace(/\/+$/, '');
    return `${base}/feedback/${this.tokenFor(viewingId, endsAt)}`;
  }

  /** `<viewing id>~<expiry, base 36 seconds>~<signature>`: no dot, so the SPA's host never takes the address for a file. */
  tokenFor(viewingId: string, endsAt: Date): string {
    const body = `${viewingId}~${(Math.floor(endsAt.getTime() / 1000) + LINK_DAYS * 86_400).toString(36)}`;
    return `${body}~${this.sign(body)}`;
  }

  /** The public page: what to ask about. A bad or expired link is 404; a cancelled viewing 409. */
  async form(token: string, now = new Date()): Promise<FeedbackFormDto> {
    const f = await this.factsOf(token, now);
    if (f.status === ViewingStatus.Cancelled) throw cancelled();
    const unit = await this.inventory.findUnit(f.unitId);
    if (!unit) throw invalidLink();
    return {
      firstName: f.leadName.trim().split(/\s+/)[0] ?? '',
      unitTitle: f.unitTitle,
      address: f.address,
      features: unit.features,
      price: formatMoney(unit.price, unit.currency),
      when: describeLocal(f.startsAt, f.timezone),
      answered: !!(await this.feedback.findByViewing(f.id)),
    };
  }

  /** The lead answers through their link. */
  async submitByLead(token: string, input: ViewingFeedbackInputDto, now = new Date()): Promise<ViewingFeedbackDto> {
    const f = await this.factsOf(token, now);
    return this.record(f.id, input, ANYONE, null, now);
  }

  /** An agent records what the lead told them (a viewing of a lead they may see). */
  recordByAgent(viewingId: string, input: ViewingFeedbackInputDto, user: AuthUser, now = new Date()): Promise<ViewingFeedbackDto> {
    return this.record(viewingId, input, scopeOf(user), user, now);
  }

  /** The lead's viewings that took place, each with its feedback (the lead page). */
  async heldViewings(leadId: string, user: AuthUser, now = new Date()): Promise<HeldViewingDto[]> {
    await this.leads.assertVisible(leadId, user);
    const rows = await this.viewings.heldByLead(leadId, now);
    const answers = await this.feedback.forViewings(rows.map((r) => r.id));
    return rows.map((r) => {
      const a = answers.get(r.id);
      return { viewingId: r.id, unitId: r.unit_id, unitTitle: r.unit_title, address: r.address, startsAt: new Date(r.starts_at).toISOString(), features: r.features, feedback: a ? mapFeedback(a) : null };
    });
  }

  /**
   * Stores the answer and, in the same transaction, what it teaches about the lead: disliked
   * features join the profile's dislikes (similar homes rank lower in their matches), a price felt
   * too high lowers the top of their budget below this home's price; each with the evidence
   * "viewing feedback, <address>"; the score is recomputed. Matches follow in the worker.
   */
  private async record(viewingId: string, input: ViewingFeedbackInputDto, scope: LeadScope, user: AuthUser | null, now: Date): Promise<ViewingFeedbackDto> {
    const { dto, leadId } = await this.viewings.transaction(async (tx) => {
      const v = await this.viewings.findVisibleForUpdate(viewingId, scope, tx);
      if (!v) throw notFound('Viewing');
      if (v.status === ViewingStatus.Cancelled) throw cancelled();
      if (v.startsAt > now) throw new DomainError('conflict', 'viewing_not_held', `This viewing has not taken place yet (it is on ${describeLocal(v.startsAt, v.timezone)}): feedback can be given once it has`);
      const unit = await this.inventory.findUnit(v.unitId);
      if (!unit) throw notFound('Unit');
      const liked = ownFeatures(input.likedFeatures ?? [], unit.features, 'likedFeatures');
      const disliked = ownFeatures(input.dislikedFeatures ?? [], unit.features, 'dislikedFeatures');
      const both = liked.find((f) => disliked.includes(f));
      if (both) throw new DomainError('unprocessable', 'feature_liked_and_disliked', `“${both}” cannot be both liked and disliked`, [{ field: 'dislikedFeatures', errors: [`“${both}” is also liked`] }]);
      const saved = await this.feedback.insertIfNone(
        { viewingId: v.id, unitId: v.unitId, leadId: v.leadId, liked: input.liked, likedFeatures: liked, dislikedFeatures: disliked, priceFeeling: input.priceFeeling ?? null, comment: input.comment?.trim() || null, source: user ? 'agent' : 'lead', recordedBy: user?.id ?? null },
        tx,
      );
      if (!saved) throw new DomainError('conflict', 'feedback_already_given', 'Feedback for this viewing has already been given, thank you; it cannot be given twice');
      await this.viewings.markDone(v.id, now, tx);
      const by = user ? `recorded by ${user.name}` : 'from the lead';
      const said = [input.liked ? 'liked it' : 'did not like it', liked.length ? `liked ${liked.join(', ')}` : '', disliked.length ? `disliked ${disliked.join(', ')}` : '', saved.priceFeeling ? `price: ${PRICE_FEELING_LABELS[saved.priceFeeling].toLowerCase()}` : ''].filter(Boolean).join('; ');
      await this.leads.noteFromSystem(v.leadId, { type: ActivityType.Viewing, actorId: user?.id ?? null, summary: `Viewing feedback (${by}) on ${v.unitTitle}: ${said}${saved.comment ? ` – “${saved.comment.slice(0, 200)}”` : ''}`, data: { viewingId: v.id, unitId: v.unitId, feedbackId: saved.id } }, tx);
      const profile = await this.leads.profileOf(v.leadId);
      const changes: Partial<Record<ProfileField, unknown>> = {};
      const current = profile?.dislikes ?? [];
      const added = disliked.filter((d) => !current.some((c) => c.toLowerCase() === d.toLowerCase()));
      if (added.length) changes.dislikes = [...current, ...added].slice(-20);
      if (saved.priceFeeling === PriceFeeling.TooHigh && (profile?.currency ?? unit.currency) === unit.currency) {
        const ceiling = Math.floor(unit.price * 0.95);
        if ((profile?.budgetMax == null || profile.budgetMax > ceiling) && (profile?.budgetMin == null || profile.budgetMin <= ceiling)) changes.budgetMax = ceiling;
      }
      const at = now.toISOString();
      const evidence: Partial<Record<ProfileField, FieldEvidence>> = {};
      for (const [field, value] of Object.entries(changes) as [ProfileField, unknown][]) {
        evidence[field] = { value, messageId: null, quote: `viewing feedback, ${v.address}`, confidence: user ? 0.9 : 1, source: user ? 'user' : 'webhook', at };
      }
      await this.leads.recordSourceFacts(v.leadId, changes, evidence, `Profile from viewing feedback, ${v.address}: ${Object.keys(changes).join(', ')}`, tx);
      return { dto: mapFeedback(saved), leadId: v.leadId };
    });
    // Score is current already; the stored matches follow the new dislikes in the worker.
    await this.jobs.enqueueOrDefer('refresh-lead', { leadId, reason: 'viewing feedback' });
    return dto;
  }

  private async factsOf(token: string, now: Date): Promise<InviteFacts> {
    const id = this.read(token, now);
    const f = id ? await this.viewings.inviteFacts(id) : null;
    if (!f) throw invalidLink();
    return f;
  }

  /** The viewing a link is for; null when it is malformed, forged or expired. */
  private read(token: string, now: Date): string | null {
    const [id, exp, sig, extra] = token.split('~');
    if (extra !== undefined) return null;
    if (!id || !exp || !sig || !UUID.test(id) || !/^[0-9a-z]{1,12}$/.test(exp)) return null;
    const want = Buffer.from(this.sign(`${id}~${exp}`));
    const got = Buffer.from(sig);
    if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
    return parseInt(exp, 36) * 1000 > now.getTime() ? id : null;
  }

  private sign(body: string): string {
    const key = createHmac('sha256', this.config.jwtSecret).update('viewing-feedback-link').digest();
    return createHmac('sha256', key).update(body).digest('base64url');
  }
}

const invalidLink = () => new DomainError('not_found', 'feedback_link_invalid', 'This feedback link is not valid or has expired');
const cancelled = () => new DomainError('conflict', 'viewing_cancelled', 'This viewing was cancelled, so there is no feedback to give on it');

/** The named features in the home's own spelling; one it does not have is refused (422). */
function ownFeatures(named: string[], features: string[], field: string): string[] {
  const out: string[] = [];
  for (const n of named) {
    const own = features.find((f) => f.toLowerCase() === n.trim().toLowerCase());
    if (!own) throw new DomainError('unprocessable', 'unknown_feature', `“${n}” is not one of this home's features`, [{ field, errors: [`“${n}” is not one of this home's features`] }]);
    if (!out.includes(own)) out.push(own);
  }
  return out;
}
