import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { UnitCardDto } from '../agent/agent.dto';
import { AgentSessionsService } from '../agent/sessions.service';
import type { AuthUser } from '../core/auth/auth-user';
import { AppConfig } from '../core/config/app-config';
import { DomainError } from '../core/http/domain-error';
import { JobQueue } from '../core/queue/job-queue';
import { describeLocal } from '../core/time/zoned-time';
import { normalizeEmail } from '../leads/contact-normalizers';
import { ActivityType } from '../leads/lead.enums';
import { LeadsService } from '../leads/leads.service';
import type { ViewingNotice, ViewingNotifier } from '../viewings/viewings.service';
import { ViewingsService } from '../viewings/viewings.service';
import { ViewingFeedbackService } from '../viewings/viewing-feedback.service';
import { ViewingStatus } from '../viewings/viewing.entity';
import { formatMoney, timeZoneWords } from '../words/broker-words';
import { ChannelSender } from './channel-sender';
import { EMAIL_SENDER, parseMailbox } from './email-sender';
import { mapOutbox, mapSentMail, OutboundOptionsDto, SendMessageDto, SendResultDto, SentMailPageDto, SentMailQueryDto } from './messaging.dto';
import { MessagingRepository } from './messaging.repository';
import { OutboxChannel, OutboxKind, OutboxMessageEntity, OutboxOrigin, OutboxPayload, OutboxStatus } from './outbox.entity';
import { SendDecision, SendPolicy, whatsappWindow } from './send-policy';
import { fillTemplate, parseTemplates, TemplateSpec } from './templates';
import { SendError, splitText, SuggestedUnit, unitList, WhatsAppSender } from './whatsapp-sender';

/** An outbound message, before the gate. Build it with `prepare` (a bad template is a 400 there, before any write). */
/** Reminders before a viewing: a day ahead and two hours ahead. */
const VIEWING_REMINDERS = [
  { name: '24h', ms: 24 * 3600_000 },
  { name: '2h', ms: 2 * 3600_000 },
] as const;

export interface OutboundMessage {
  leadId: string;
  channel: OutboxChannel;
  origin: OutboxOrigin;
  authorId: string | null;
  kind: OutboxKind;
  /** What the lead reads (template filled in). */
  text: string;
  template?: { name: string; language: string; parameters: string[] };
  interactive?: Record<string, unknown>;
  /** Email: the subject and thread headers (the body is `text`). */
  email?: NonNullable<OutboxPayload['email']>;
  /** The idempotency key: the same key is never queued or sent twice. */
  key: string;
  overrideReason?: string | null;
  /** A notice a person's action produced: held through quiet hours rather than refused (see SendIntent). */
  waitsOutQuietHours?: boolean;
  /** Already in the conversation and on the timeline (the assistant's turn wrote it): only the decision and the outbox rows are added. */
  messageId?: string;
}

export interface Queued {
  decision: SendDecision;
  outboxIds: string[];
}

/**
 * The only way a message leaves the product. `queue` runs the send-policy gate, records its
 * decision on the lead's timeline and writes the outbox rows, all in the caller's transaction;
 * `dispatch` (after commit) hands them to the workers; `deliver` (in a worker) sends one row.
 */
@Injectable()
export class MessagingService implements ViewingNotifier {
  private readonly logger = new Logger(MessagingService.name);
  readonly templates: TemplateSpec[];
  /** One sender per channel, all behind the ChannelSender port. */
  private readonly senders: Map<OutboxChannel, ChannelSender>;

  constructor(
    private readonly repo: MessagingRepository,
    private readonly policy: SendPolicy,
    whatsapp: WhatsAppSender,
    @Inject(EMAIL_SENDER) email: ChannelSender,
    private readonly leads: LeadsService,
    private readonly agent: AgentSessionsService,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    private readonly viewings: ViewingsService,
    private readonly feedback: ViewingFeedbackService,
  ) {
    this.templates = parseTemplates(config.env.WHATSAPP_TEMPLATES);
    this.senders = new Map<OutboxChannel, ChannelSender>([whatsapp, email].map((sender) => [sender.channel, sender]));
    // A person's reply in a WhatsApp conversation (the SPA chat) comes here too.
    agent.useChannelSender(this);
    // A person booking or cancelling a viewing: the lead is told through here.
    viewings.useNotifier(this);
  }

  /**
   * A viewing confirmation, move or cancellation notice, in the booking's transaction, once per
   * viewing, event and channel (the keys). WhatsApp when the lead has it: free text inside the
   * 24-hour window, the approved template outside it. Email when the lead has an address, with the
   * iCalendar invite (REQUEST or CANCEL) attached. The showing agent gets the invite by email too
   * (staff mail: the lead's gate does not apply). Neither channel: the timeline says no notice
   * could be sent. After commit: the messages go to the workers and the reminders are
   * (re)scheduled or removed.
   */
  async queueViewingNotice(n: ViewingNotice, tx: EntityManager): Promise<() => Promise<void>> {
    const key = n.event === 'moved' ? `viewing:${n.viewingId}:moved:${n.sequence}` : `viewing:${n.viewingId}:${n.event}`;
    const reminders = () => this.scheduleViewingJobs(n);
    const lead = await this.repo.leadContext(n.leadId, tx);
    if (!lead) return reminders;
    const what = { booked: 'confirmation', moved: 'change notice', cancelled: 'cancellation notice' }[n.event];
    const first = lead.name.trim().split(/\s+/)[0] || lead.name;
    const text = {
      booked: `Hi ${first}, your viewing at ${n.address} is booked for ${n.time}. ${n.agent} will meet you there.`,
      moved: `Hi ${first}, your viewing at ${n.address} has moved to ${n.time}. ${n.agent} will meet you there.`,
      cancelled: `Hi ${first}, your viewing at ${n.address} on ${n.time} is cancelled. ${n.agent} will be in touch about another time.`,
    }[n.event];
    const subject = { booked: `Your viewing: ${n.time}`, moved: `Viewing moved: ${n.time}`, cancelled: `Viewing cancelled: ${n.time}` }[n.event];
    const template = { booked: 'viewing_confirmation', moved: 'viewing_moved', cancelled: 'viewing_cancelled' }[n.event];
    const queued: Queued[] = [];
    let why = `${lead.name} has no WhatsApp number or email`;
    // Booked by the assistant in a WhatsApp conversation: its reply there was the confirmation.
    if ((lead.whatsappId || lead.phoneE164) && n.confirmedOn !== 'whatsapp') {
      const base = { leadId: n.leadId, origin: n.origin, authorId: n.authorId, key };
      let msg: OutboundMessage | null = null;
      if (whatsappWindow(lead.lastWhatsAppInboundAt).open) msg = { ...base, channel: 'whatsapp', kind: 'text', text };
      else if (this.templates.some((t) => t.name === template)) msg = this.templateMessage(base, template, { name: first, address: n.address, time: n.time, agent: n.agent });
      else why = `there is no approved WhatsApp template called ${template}`;
      if (msg && !(await this.repo.findByKey(key, tx))) queued.push(await this.queue({ ...msg, waitsOutQuietHours: true }, tx));
    }
    if (lead.email) {
      const emailKey = `${key}:email`;
      if (!(await this.repo.findByKey(emailKey, tx))) {
        const msg = await this.emailMessage({ leadId: n.leadId, origin: n.origin, authorId: n.authorId, key: emailKey }, text, subject, n.agent, tx);
        queued.push(await this.queue({ ...msg, email: { ...msg.email!, invite: n.invite }, waitsOutQuietHours: true }, tx));
      }
    }
    if (!queued.length && !(lead.whatsappId || lead.phoneE164 || lead.email)) {
      await this.leads.noteFromSystem(n.leadId, { type: ActivityType.SendDecision, actorId: n.authorId, summary: `No viewing ${what} could be sent: ${why}`, data: { verdict: 'deny', rule: 'no_address', key, viewingId: n.viewingId } }, tx);
    } else if (!queued.length && !lead.email && why !== `${lead.name} has no WhatsApp number or email`) {
      await this.leads.noteFromSystem(n.leadId, { type: ActivityType.SendDecision, actorId: n.authorId, summary: `No viewing ${what} could be sent: ${why}`, data: { verdict: 'deny', rule: 'no_template', key, viewingId: n.viewingId } }, tx);
    }
    const staff = n.agentEmail ? await this.queueStaffInvite(n, key, subject, tx) : [];
    return async () => {
      for (const q of queued) await this.dispatch(q);
      for (const id of staff) await this.enqueue(id);
      await reminders();
      if (this.viewings.pushesToCalendar) {
        await this.jobs.enqueueOrDefer('push-viewing-calendar', { viewingId: n.viewingId }, { jobId: `push-calendar-${n.viewingId}-${n.sequence}-${n.event}`, attempts: 5, backoff: { type: 'exponential', delay: 30_000 } });
      }
    };
  }

  /** The showing agent's copy of the invite: an email to them, kept or sent like any other, outside the lead's gate. */
  private async queueStaffInvite(n: ViewingNotice, key: string, subject: string, tx: EntityManager): Promise<string[]> {
    const what = { booked: 'booked', moved: 'moved', cancelled: 'cancelled' }[n.event];
    return this.repo.insert(
      [
        {
          id: randomUUID(),
          leadId: n.leadId,
          idempotencyKey: `${key}:agent`,
          channel: 'email',
          kind: 'email',
          origin: n.origin,
          recipient: n.agentEmail!,
          payload: { text: `Viewing ${what}: ${n.unitTitle}, ${n.address}, ${n.time}. The invite is attached.`, email: { subject: `${subject} – ${n.unitTitle}`, invite: n.invite } },
          messageId: null,
          authorId: n.authorId,
          status: OutboxStatus.Queued,
          notBefore: null,
        },
      ],
      tx,
    );
  }

  /**
   * Reminders 24 h and 2 h before a booked viewing and the feedback request at its end, as delayed
   * jobs (kept in Redis: they survive restarts). One job id per viewing and job: a move replaces
   * them, a cancellation removes them; each re-reads the viewing when it fires.
   */
  private async scheduleViewingJobs(n: Pick<ViewingNotice, 'viewingId' | 'event' | 'startsAt' | 'endsAt'>): Promise<void> {
    const queue = this.jobs.queueFor('viewing-reminder');
    for (const before of VIEWING_REMINDERS) {
      const jobId = `viewing-reminder-${n.viewingId}-${before.name}`;
      await queue.remove(jobId).catch(() => 0);
      const due = n.startsAt.getTime() - before.ms;
      if (n.event === 'cancelled' || due <= Date.now()) continue;
      await this.jobs.enqueueOrDefer('viewing-reminder', { viewingId: n.viewingId, before: before.name, startsAt: n.startsAt.toISOString() }, { jobId, delay: due - Date.now(), attempts: 3, backoff: { type: 'exponential', delay: 60_000 } });
    }
    const feedbackJobId = `viewing-feedback-${n.viewingId}`;
    await this.jobs.queueFor('viewing-feedback-request').remove(feedbackJobId).catch(() => 0);
    if (n.event === 'cancelled') return;
    await this.jobs.enqueueOrDefer('viewing-feedback-request', { viewingId: n.viewingId, endsAt: n.endsAt.toISOString() }, { jobId: feedbackJobId, delay: Math.max(0, n.endsAt.getTime() - Date.now()), attempts: 3, backoff: { type: 'exponential', delay: 60_000 } });
  }

  /**
   * The feedback-request job, at a viewing's end: the viewings feature checks it was held (not
   * cancelled, not moved since the job was set) and marks it done; the lead gets a short request
   * with the link to the feedback page: WhatsApp text inside the 24-hour window, else the
   * `viewing_feedback` template; email with the link. Through the gate, once per viewing (keys).
   */
  async sendViewingFeedbackRequest(job: { viewingId: string; endsAt: string }): Promise<string> {
    const request = await this.feedback.requestFor(job.viewingId, job.endsAt);
    if (!request) return 'stale: the viewing was moved, cancelled or already answered';
    const { facts: f, link } = request;
    const key = `viewing:${f.id}:feedback-request`;
    const queued = await this.repo.transaction(async (tx) => {
      const lead = await this.repo.leadContext(f.leadId, tx);
      if (!lead) return [];
      const first = lead.name.trim().split(/\s+/)[0] || lead.name;
      const text = `Hi ${first}, thank you for viewing ${f.address}. How did you find it? Tell us in a minute: ${link}`;
      const out: Queued[] = [];
      if ((lead.whatsappId || lead.phoneE164) && !(await this.repo.findByKey(key, tx))) {
        const base = { leadId: f.leadId, origin: 'system' as const, authorId: null, key };
        const msg: OutboundMessage | null = whatsappWindow(lead.lastWhatsAppInboundAt).open
          ? { ...base, channel: 'whatsapp', kind: 'text', text }
          : this.templates.some((t) => t.name === 'viewing_feedback')
            ? this.templateMessage(base, 'viewing_feedback', { name: first, address: f.address, link })
            : null;
        if (msg) out.push(await this.queue({ ...msg, waitsOutQuietHours: true }, tx));
      }
      if (lead.email && !(await this.repo.findByKey(`${key}:email`, tx))) {
        const msg = await this.emailMessage({ leadId: f.leadId, origin: 'system', authorId: null, key: `${key}:email` }, text, `How was your viewing at ${f.address}?`, f.agentName, tx);
        out.push(await this.queue({ ...msg, waitsOutQuietHours: true }, tx));
      }
      return out;
    });
    for (const q of queued) await this.dispatch(q);
    return `feedback requested (${queued.length} message${queued.length === 1 ? '' : 's'})`;
  }

  /** The calendar-push job: the viewings feature does the work (its adapter, its facts). */
  pushViewingToCalendar(viewingId: string): Promise<string> {
    return this.viewings.pushToCalendar(viewingId);
  }

  /**
   * A reminder job: tells the lead (WhatsApp template or text, email with the current invite),
   * unless the viewing was cancelled or moved since (the job's start is no longer the viewing's).
   * Idempotent: one key per viewing, reminder and start.
   */
  async sendViewingReminder(job: { viewingId: string; before: '24h' | '2h'; startsAt: string }): Promise<string> {
    const f = await this.viewings.inviteFacts(job.viewingId);
    if (!f || f.status !== ViewingStatus.Booked || f.startsAt.toISOString() !== job.startsAt) return 'stale: the viewing was moved or cancelled';
    const key = `viewing:${f.id}:reminder-${job.before}:${job.startsAt}`;
    const queued = await this.repo.transaction(async (tx) => {
      const lead = await this.repo.leadContext(f.leadId, tx);
      if (!lead) return [];
      const time = `${describeLocal(f.startsAt, f.timezone)} (${timeZoneWords(f.timezone)})`;
      const first = lead.name.trim().split(/\s+/)[0] || lead.name;
      const text = `Hi ${first}, a reminder of your viewing at ${f.address} on ${time}.${f.agentName ? ` ${f.agentName} will meet you there.` : ''}`;
      const out: Queued[] = [];
      if ((lead.whatsappId || lead.phoneE164) && !(await this.repo.findByKey(key, tx))) {
        const base = { leadId: f.leadId, origin: 'system' as const, authorId: null, key };
        const msg: OutboundMessage | null = whatsappWindow(lead.lastWhatsAppInboundAt).open
          ? { ...base, channel: 'whatsapp', kind: 'text', text }
          : this.templates.some((t) => t.name === 'viewing_reminder')
            ? this.templateMessage(base, 'viewing_reminder', { name: first, address: f.address, time })
            : null;
        if (msg) out.push(await this.queue({ ...msg, waitsOutQuietHours: true }, tx));
      }
      if (lead.email && !(await this.repo.findByKey(`${key}:email`, tx))) {
        const msg = await this.emailMessage({ leadId: f.leadId, origin: 'system', authorId: null, key: `${key}:email` }, text, `Reminder: your viewing ${time}`, f.agentName, tx);
        out.push(await this.queue({ ...msg, email: { ...msg.email!, invite: this.viewings.inviteOf(f) }, waitsOutQuietHours: true }, tx));
      }
      return out;
    });
    for (const q of queued) await this.dispatch(q);
    return `reminded (${queued.length} message${queued.length === 1 ? '' : 's'})`;
  }

  /** A template message from the catalogue; unknown template or missing parameter: 400, nothing written. */
  templateMessage(base: Pick<OutboundMessage, 'leadId' | 'origin' | 'authorId' | 'key' | 'overrideReason'>, name: string, values: Record<string, string | undefined>): OutboundMessage {
    const filled = fillTemplate(this.templates, name, values);
    return { ...base, channel: 'whatsapp', kind: 'template', text: filled.preview, template: { name, language: filled.spec.language, parameters: filled.parameters } };
  }

  /** The assistant's unit suggestions as an interactive list. */
  unitSuggestions(base: Pick<OutboundMessage, 'leadId' | 'origin' | 'authorId' | 'key'>, intro: string, units: SuggestedUnit[]): OutboundMessage {
    return { ...base, channel: 'whatsapp', kind: 'interactive', text: intro, interactive: unitList(intro, units) };
  }

  /**
   * The gate decides; the decision goes on the timeline; allowed and held messages become outbox
   * rows (text longer than WhatsApp's limit: one row per part) and a conversation message. All in `tx`.
   */
  async queue(msg: OutboundMessage, tx: EntityManager): Promise<Queued> {
    const lead = await this.repo.leadContext(msg.leadId, tx);
    if (!lead) throw new DomainError('not_found', 'lead_not_found', 'Lead not found');
    const decision = this.policy.decide(lead, { channel: msg.channel, kind: msg.kind, origin: msg.origin, text: msg.text, overrideReason: msg.overrideReason, waitsOutQuietHours: msg.waitsOutQuietHours });
    await this.noteDecision(msg, decision, tx);
    if (decision.verdict === 'deny') return { decision, outboxIds: [] };
    const recorded = msg.messageId
      ? { messageId: msg.messageId, sessionId: null }
      : await this.agent.recordOutboundMessage(
          { leadId: msg.leadId, channel: msg.channel, role: msg.origin === 'person' ? 'human' : 'assistant', content: msg.text, authorId: msg.authorId, data: { outboxKey: msg.key, kind: msg.kind, ...(msg.email ? { subject: msg.email.subject } : {}) } },
          tx,
        );
    const recipient = msg.channel === 'email' ? (lead.email ?? '') : (lead.whatsappId ?? lead.phoneE164 ?? '').replace(/\D/g, '');
    const payloads: { kind: OutboxKind; payload: OutboxPayload }[] =
      msg.channel === 'email'
        ? [{ kind: 'email', payload: { text: msg.text, email: msg.email ?? { subject: '' } } }]
        : msg.kind === 'template'
          ? [{ kind: 'template', payload: { template: msg.template } }]
          : msg.kind === 'interactive'
            ? [{ kind: 'interactive', payload: { interactive: msg.interactive, text: msg.text } }]
            : splitText(msg.text).map((text) => ({ kind: 'text' as const, payload: { text } }));
    const rows: Omit<Partial<OutboxMessageEntity>, 'lead'>[] = payloads.map((p, i) => ({
      id: randomUUID(),
      leadId: msg.leadId,
      idempotencyKey: payloads.length > 1 ? `${msg.key}:${i + 1}` : msg.key,
      channel: msg.channel,
      kind: p.kind,
      origin: msg.origin,
      recipient,
      payload: p.payload,
      // Statuses name the first part's id on the conversation message; the other parts are tracked in the outbox.
      messageId: i === 0 ? recorded.messageId : null,
      authorId: msg.authorId,
      status: OutboxStatus.Queued,
      notBefore: decision.notBefore,
    }));
    const outboxIds = await this.repo.insert(rows, tx);
    if (msg.messageId) return { decision, outboxIds };
    await this.leads.noteFromSystem(
      msg.leadId,
      { type: ActivityType.Message, actorId: msg.authorId, direction: 'outbound', summary: msg.text.slice(0, 2000), data: { channel: msg.channel, messageId: recorded.messageId, sessionId: recorded.sessionId, outboxIds, held: decision.verdict === 'hold' } },
      tx,
    );
    return { decision, outboxIds };
  }

  private noteDecision(msg: Pick<OutboundMessage, 'leadId' | 'authorId' | 'key' | 'text'>, decision: SendDecision, tx: EntityManager): Promise<unknown> {
    return this.leads.noteFromSystem(
      msg.leadId,
      { type: ActivityType.SendDecision, actorId: msg.authorId, summary: decision.reason, data: { verdict: decision.verdict, rule: decision.rule, inputs: decision.inputs, notBefore: decision.notBefore?.toISOString() ?? null, key: msg.key, text: msg.text.slice(0, 500) } },
      tx,
    );
  }

  /**
   * Before the assistant answers a lead on a channel (agent's ChannelSender): the gate on what does
   * not depend on the words (opted out, no address, the 24-hour window). A refusal is recorded on
   * the timeline like every decision; null lets the answer be written, and its text is decided when queued.
   */
  async refusesReply(leadId: string, channel: 'whatsapp', key: string, tx: EntityManager): Promise<{ rule: string; reason: string } | null> {
    const lead = await this.repo.leadContext(leadId, tx);
    if (!lead) return { rule: 'no_lead', reason: 'Lead not found' };
    const decision = this.policy.decide(lead, { channel, kind: 'text', origin: 'assistant', text: '' });
    if (decision.verdict !== 'deny') return null;
    await this.noteDecision({ leadId, authorId: null, key, text: '' }, decision, tx);
    return { rule: decision.rule, reason: decision.reason };
  }

  /**
   * The assistant's reply on a channel (agent's ChannelSender), already in the conversation: the
   * gate, then the outbox, in the turn's transaction. Homes it suggested go as a WhatsApp list.
   */
  async queueAssistantReply(
    reply: { leadId: string; channel: 'whatsapp'; messageId: string; text: string; units: UnitCardDto[]; key: string },
    tx: EntityManager,
  ): Promise<{ refused: { rule: string; reason: string } | null; dispatch: () => Promise<void> }> {
    const base = { leadId: reply.leadId, origin: 'assistant' as const, authorId: null, key: reply.key };
    const msg: OutboundMessage = reply.units.length
      ? { ...this.unitSuggestions(base, reply.text, reply.units.map((u) => this.suggested(u))), messageId: reply.messageId }
      : { ...base, channel: 'whatsapp', kind: 'text', text: reply.text, messageId: reply.messageId };
    const q = await this.queue(msg, tx);
    return { refused: q.decision.verdict === 'deny' ? { rule: q.decision.rule, reason: q.decision.reason } : null, dispatch: () => this.dispatch(q) };
  }

  /** A home as a row of the suggestions list: its title, price, rooms and place, and its link when LISTING_URL is set. */
  private suggested(u: UnitCardDto): SuggestedUnit {
    const template = this.config.env.LISTING_URL;
    return {
      id: u.id,
      title: u.title,
      description: [formatMoney(u.price, u.currency), `${u.bedrooms} bd`, `${u.bathrooms} ba`, u.area ?? u.city].filter(Boolean).join(' · '),
      url: template ? template.replaceAll('{id}', encodeURIComponent(u.id)) : undefined,
    };
  }

  /** After commit: the rows go to the workers (a held one waits as a delayed job). A queue that is down leaves them to the sweep. */
  async dispatch(q: Queued): Promise<void> {
    const delay = q.decision.notBefore ? Math.max(0, q.decision.notBefore.getTime() - Date.now()) : 0;
    for (const id of q.outboxIds) await this.enqueue(id, delay);
  }

  private enqueue(outboxId: string, delay = 0, suffix = ''): Promise<boolean> {
    const env = this.config.env;
    return this.jobs.enqueueOrDefer('send-outbox', { outboxId }, { jobId: `send-${outboxId}${suffix}`, delay, attempts: env.OUTBOX_ATTEMPTS, backoff: { type: 'exponential', delay: env.OUTBOX_BACKOFF_MS } });
  }

  /**
   * An email to the lead. It answers their latest email when there is one: "Re: <their subject>"
   * unless a subject is given, and In-Reply-To/References so it joins their thread.
   */
  async emailMessage(base: Pick<OutboundMessage, 'leadId' | 'origin' | 'authorId' | 'key' | 'overrideReason'>, text: string, subject: string | undefined, fromName: string | null, tx?: EntityManager): Promise<OutboundMessage> {
    // In the caller's transaction when there is one: a booking holding an agent's lock must not wait for a second connection.
    const last = await this.repo.lastInboundEmail(base.leadId, tx);
    const theirs = last?.subject.trim() ?? '';
    const reply = theirs ? (/^re:/i.test(theirs) ? theirs : `Re: ${theirs}`) : null;
    const email = {
      subject: (subject?.trim() || reply || `A message from ${fromName ?? 'your agent'}`).slice(0, 300),
      fromName,
      inReplyTo: last?.messageId ?? null,
      references: last ? [...last.references, last.messageId].slice(-20) : [],
    };
    return { ...base, channel: 'email', kind: 'email', text, email };
  }

  /** A person sends on WhatsApp or by email from the app: gate, outbox, queue. Refused: 409 with the reason, and the refusal is on the timeline. */
  async sendFromPerson(leadId: string, dto: Pick<SendMessageDto, 'channel' | 'text' | 'template' | 'overrideReason' | 'idempotencyKey'> & { subject?: string }, user: AuthUser): Promise<SendResultDto> {
    await this.leads.get(leadId, user); // 404 unless the person may see the lead
    if (!dto.text === !dto.template) throw new DomainError('invalid', 'text_or_template', 'Send either a text or a template');
    if (dto.channel === 'email' && dto.template) throw new DomainError('invalid', 'template_whatsapp_only', 'Templates are for WhatsApp; write the email as text');
    if (dto.channel !== 'email' && dto.subject !== undefined) throw new DomainError('invalid', 'subject_email_only', 'A subject is only for email');
    const base = { leadId, origin: 'person' as const, authorId: user.id, key: dto.idempotencyKey ?? `person:${randomUUID()}`, overrideReason: dto.overrideReason ?? null };
    const msg: OutboundMessage =
      dto.channel === 'email'
        ? await this.emailMessage(base, dto.text!.trim(), dto.subject, user.name)
        : dto.template
          ? this.templateMessage(base, dto.template.name, dto.template.parameters)
          : { ...base, channel: 'whatsapp', kind: 'text', text: dto.text!.trim() };
    const existing = await this.repo.findByKey(splitText(msg.text).length > 1 && msg.kind === 'text' ? `${msg.key}:1` : msg.key);
    if (existing) return { decision: { verdict: 'allow', rule: 'ok', reason: 'Already queued with this key', notBefore: null }, messages: [mapOutbox(existing)] };
    const q = await this.repo.transaction((tx) => this.queue(msg, tx));
    if (q.decision.verdict === 'deny') throw new DomainError('conflict', 'send_refused', q.decision.reason, { rule: q.decision.rule });
    await this.dispatch(q);
    const rows = await Promise.all(q.outboxIds.map((id) => this.repo.find(id)));
    return { decision: { verdict: q.decision.verdict, rule: q.decision.rule, reason: q.decision.reason, notBefore: q.decision.notBefore?.toISOString() ?? null }, messages: rows.filter((r): r is OutboxMessageEntity => r !== null).map(mapOutbox) };
  }

  /** Whether WhatsApp's 24-hour window is open for the lead, and the templates that may go out when it is not. */
  async outboundOptions(leadId: string, user: AuthUser): Promise<OutboundOptionsDto> {
    await this.leads.get(leadId, user);
    const window = whatsappWindow(await this.repo.lastWhatsAppInbound(leadId));
    return {
      whatsappWindow: { open: window.open, closesAt: window.closesAt?.toISOString() ?? null },
      templates: this.templates.map((t) => ({ name: t.name, parameters: t.parameters, preview: t.preview ?? null })),
    };
  }

  async listForLead(leadId: string, user: AuthUser) {
    await this.leads.get(leadId, user);
    return (await this.repo.listForLead(leadId)).map(mapOutbox);
  }

  /**
   * Sends one outbox row (the worker's job). Never sends a row twice: a row with a channel id is
   * done; a row another attempt left `sending` (the worker died after calling Graph) waits for
   * Meta's status webhook, which carries our key, before it is tried again.
   * Throws to have the job retried (transient errors), returns otherwise.
   */
  async deliver(outboxId: string, final: boolean): Promise<string> {
    const env = this.config.env;
    const claimed = await this.repo.claim(outboxId, env.OUTBOX_IN_DOUBT_MS);
    if (!claimed) {
      const row = await this.repo.find(outboxId);
      if (row?.status === OutboxStatus.Sending && !row.externalId) return this.awaitStatus(row);
      return row ? `nothing to do (${row.status})` : 'gone';
    }
    const { row, inDoubt } = claimed;
    if (inDoubt) this.logger.warn(`Outbox ${row.id}: no status arrived for an earlier attempt; sending again with the same key`);
    let externalId: string;
    let sender: ChannelSender | undefined;
    try {
      sender = this.senders.get(row.channel);
      if (!sender) throw new SendError('unsupported', `No sender for ${row.channel}`, false);
      externalId = await sender.send(row);
    } catch (e) {
      const err = e instanceof SendError ? e : new SendError('error', e instanceof Error ? e.message : String(e), true);
      // No answer: WhatsApp may have taken it. The row stays `sending` until its status names our key, or the wait is over.
      if (err.inDoubt) return this.awaitStatus({ ...row, claimedAt: new Date() });
      if (err.retry && !final) {
        await this.repo.requeue(row.id, err.code, err.title);
        throw err;
      }
      await this.repo.transaction((tx) => this.failed(row, err.code, err.title, tx));
      return `failed: ${err.code}`;
    }
    // No mail server (zero-setup email): the mail stays in the outbox for people to read; it never counts as sent.
    if (sender.mode === 'keep') return (await this.repo.markKept(row.id, externalId)) ? 'kept' : 'nothing to do (kept)';
    await this.repo.transaction(async (tx) => {
      if ((await this.repo.markSent(row.id, externalId, tx)) && row.messageId) await this.agent.setChannelId(row.messageId, externalId, tx);
    });
    return 'sent';
  }

  /** An attempt whose outcome is unknown: look again once Meta has had time to send the message's status. */
  private async awaitStatus(row: Pick<OutboxMessageEntity, 'id' | 'attempts' | 'claimedAt'>): Promise<string> {
    const since = row.claimedAt?.getTime() ?? Date.now();
    const wait = Math.max(0, since + this.config.env.OUTBOX_IN_DOUBT_MS - Date.now()) + 50;
    await this.enqueue(row.id, wait, `-doubt-${row.attempts}`);
    return 'in doubt: waiting for the status webhook';
  }

  /** A send that will never arrive: on the timeline with the channel's error title, and a task for the lead's agent. */
  private async failed(row: OutboxMessageEntity, code: string, title: string, tx: EntityManager): Promise<void> {
    await this.repo.markFailed(row.id, code, title, tx);
    await this.noteFailure(row, code, title, tx);
  }

  private async noteFailure(row: OutboxMessageEntity, code: string, title: string, tx: EntityManager): Promise<void> {
    const what = row.payload.email ? `the email “${row.payload.email.subject.slice(0, 80)}”` : row.payload.text ? `“${row.payload.text.slice(0, 80)}”` : row.payload.template ? `the template ${row.payload.template.name}` : 'a message';
    const hint = code === '131047' ? ' More than 24 hours since the lead last wrote: send an approved template.' : code === '131026' ? ' The number may not use WhatsApp.' : '';
    const channel = row.channel === 'email' ? { name: 'The mail server', message: 'Email' } : { name: 'WhatsApp', message: 'WhatsApp message' };
    await this.leads.noteFromSystem(row.leadId, { type: ActivityType.DeliveryFailed, summary: `${channel.name} could not deliver ${what}: ${title}`, data: { outboxId: row.id, code, title, channel: row.channel } }, tx);
    await this.leads.addSystemTask(row.leadId, { title: `${channel.message} not delivered: ${title}`.slice(0, 200), details: `${what} was not delivered (${code}).${hint}` }, tx);
  }

  /**
   * A WhatsApp status from the inbound webhook, in its transaction. A status naming our key for a
   * row without an id (the worker died before storing Graph's answer) stores the id now, so the
   * row is never sent again. A `failed` status goes on the timeline and makes a task.
   * Returns whether the status was for a message of ours.
   */
  async applyWhatsAppStatus(input: { externalId: string; state: string; key: string | null; errors: unknown[] | null }, tx: EntityManager): Promise<boolean> {
    let row = await this.repo.findByExternalId(input.externalId, tx);
    if (!row && input.key) {
      const byKey = await this.repo.findByKey(input.key, tx);
      if (byKey && !byKey.externalId && (await this.repo.markSent(byKey.id, input.externalId, tx))) {
        if (byKey.messageId) await this.agent.setChannelId(byKey.messageId, input.externalId, tx);
        row = byKey;
      }
    }
    if (!row) return false;
    if (input.state === 'failed') {
      const first = (input.errors?.[0] ?? {}) as { code?: unknown; title?: unknown; message?: unknown };
      const code = typeof first.code === 'number' || typeof first.code === 'string' ? String(first.code) : 'failed';
      const title = typeof first.title === 'string' ? first.title : typeof first.message === 'string' ? first.message : 'Delivery failed';
      const changed = await this.repo.failSent(input.externalId, code, title, tx);
      if (changed) await this.noteFailure(changed, code, title, tx);
    }
    return true;
  }

  /** Admin → Sent mail: every email in the outbox, newest first, whatever became of it. */
  async listSentMail(query: SentMailQueryDto): Promise<SentMailPageDto> {
    const limit = query.limit ?? 50;
    const rows = await this.repo.listEmail({ status: query.status ? [query.status as OutboxStatus] : undefined, before: query.before ? new Date(query.before) : undefined, limit: limit + 1 });
    const items = rows.slice(0, limit).map(mapSentMail);
    return { items, nextBefore: rows.length > limit ? items[items.length - 1].createdAt : null, mailServer: this.senders.get('email')?.mode === 'send' };
  }

  /**
   * The lead an email of ours went to, by the Message-IDs a reply names (In-Reply-To, References),
   * when the reply comes from that lead's own address: a Message-ID is no secret, so it alone never
   * puts a message on someone's lead.
   */
  async leadForEmailReply(messageIds: string[], fromAddress: string, tx: EntityManager): Promise<string | null> {
    const leadId = await this.repo.leadOfEmail(messageIds, tx);
    if (!leadId) return null;
    const lead = await this.repo.leadContext(leadId, tx);
    const from = normalizeEmail(fromAddress);
    return lead?.email && from && normalizeEmail(lead.email) === from ? leadId : null;
  }

  /** Whether an address is our own sender (MAIL_FROM): mail from it coming back is not a lead writing in. */
  isOwnMailAddress(address: string): boolean {
    return parseMailbox(this.config.env.MAIL_FROM).address.toLowerCase() === address.trim().toLowerCase();
  }

  /** Rows due that no queue holds (queue down at commit, a hold that ended, an in-doubt wait over). */
  async sweep(): Promise<number> {
    const due = await this.repo.due(this.config.env.OUTBOX_IN_DOUBT_MS);
    for (const r of due) await this.enqueue(r.id, 0, `-sweep-${Date.now()}`);
    return due.length;
  }

  /** STOP / unsubscribe opts the lead out, START back in (in the inbound message's transaction). */
  async applyOptKeywords(leadId: string, channel: string, text: string, tx: EntityManager): Promise<'opted_out' | 'opted_in' | null> {
    const word = text.trim().toLowerCase().replace(/[.!]+$/, '');
    if (OPT_OUT.has(word)) return (await this.leads.setOptOutFromChannel(leadId, true, channel, tx)) ? 'opted_out' : null;
    if (OPT_IN.has(word)) return (await this.leads.setOptOutFromChannel(leadId, false, channel, tx)) ? 'opted_in' : null;
    return null;
  }
}

const OPT_OUT = new Set(['stop', 'stop all', 'unsubscribe', 'cancel', 'end', 'quit', 'opt out', 'optout']);
const OPT_IN = new Set(['start', 'unstop', 'subscribe', 'opt in']);
