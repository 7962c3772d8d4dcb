import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { DomainError, notFound } from '../../core/http/domain-error';
import type { InboundEvent } from '../meta-payloads';
import { webhookRejections } from '../webhook-metrics';
import { WebhookEventStatus, WebhookProvider } from '../webhook-event.entity';
import type { DeliveryAcceptedDto } from '../webhooks.dto';
import { WebhooksService } from '../webhooks.service';
import { applyMapping, hasContact, mappingProblem } from './field-mapping';
import { InboundSourceEntity, InboundSourceKind } from './inbound-source.entity';
import { InboundSourcesRepository } from './inbound-sources.repository';
import type { CreatedInboundSourceDto, CreateInboundSourceDto, InboundSourceDto } from './inbound-sources.dto';
import type { PublicLeadDto } from './public-leads.dto';

/** What a partner event carries into the inbox (the mapping is applied at receipt, so a later edit never changes a stored event). */
export interface PartnerEventPayload {
  sourceId: string;
  sourceName: string;
  webhookId: string;
  fields: Record<string, string>;
  body: unknown;
}

/** What a website form event carries into the inbox. */
export interface WebFormEventPayload {
  sourceId: string;
  sourceName: string;
  form: Omit<PublicLeadDto, 'siteKey' | 'website'>;
  consent: { text: string; at: string };
  /** The visitor's browser languages (the request's Accept-Language), when the form named none. */
  acceptLanguage?: string;
}

const MAX_WEBHOOK_ID = 200;

/**
 * Admin-defined inbound sources: partners posting JSON signed with Standard Webhooks, and the
 * brokerage's website forms. Both end in the same inbox as Meta's events and are applied by the
 * workers (PartnerHandler, WebFormHandler).
 */
@Injectable()
export class InboundSourcesService {
  private readonly log = new Logger('InboundSources');

  constructor(
    private readonly repo: InboundSourcesRepository,
    private readonly inbox: WebhooksService,
  ) {}

  async create(dto: CreateInboundSourceDto): Promise<CreatedInboundSourceDto> {
    const signed = dto.kind === InboundSourceKind.Signed;
    let mapping: Record<string, string> = {};
    if (signed) {
      if (!dto.key) throw new DomainError('invalid', 'key_required', 'A signed source needs a key (its URL is /api/webhooks/inbound/<key>)');
      const problem = mappingProblem(dto.mapping ?? {});
      if (problem) throw new DomainError('invalid', 'invalid_mapping', problem);
      mapping = dto.mapping ?? {};
    } else if (dto.mapping && Object.keys(dto.mapping).length) {
      throw new DomainError('invalid', 'invalid_mapping', 'A website form has fixed fields; it takes no mapping');
    }
    const secret = signed ? `whsec_${randomBytes(24).toString('base64')}` : null;
    const key = signed ? dto.key! : `pk_${randomBytes(16).toString('hex')}`;
    const saved = await this.repo.insert({ key, name: dto.name.trim(), kind: dto.kind, secret, mapping });
    if (!saved) throw new DomainError('conflict', 'source_key_taken', `A source with the key "${key}" already exists`);
    return { ...this.toDto(saved, null), secret };
  }

  async list(): Promise<InboundSourceDto[]> {
    const [sources, activity] = await Promise.all([this.repo.list(), this.repo.activity()]);
    const byId = new Map(activity.map((a) => [a.sourceId, a]));
    return sources.map((s) => this.toDto(s, byId.get(s.id) ?? null));
  }

  async setEnabled(id: string, enabled: boolean): Promise<InboundSourceDto> {
    if (!(await this.repo.findById(id))) throw notFound('Source');
    await this.repo.setDisabled(id, !enabled);
    return (await this.list()).find((s) => s.id === id)!;
  }

  /**
   * A partner's delivery: verified with Standard Webhooks over the exact bytes (5-minute
   * tolerance), then stored once per `webhook-id` (a reused id is a replay with no effect).
   */
  async receiveSigned(key: string, body: unknown, headers: Record<string, string | string[] | undefined>, requestId: string): Promise<DeliveryAcceptedDto> {
    const source = await this.repo.findEnabled(key, InboundSourceKind.Signed);
    if (!source?.secret) throw notFound('Source');
    if (!Buffer.isBuffer(body)) throw new DomainError('unsupported_media', 'unsupported_content_type', 'Send the delivery as application/json');
    const webhookId = typeof headers['webhook-id'] === 'string' ? headers['webhook-id'] : '';
    try {
      new Webhook(source.secret).verify(body, { 'webhook-id': webhookId, 'webhook-timestamp': String(headers['webhook-timestamp'] ?? ''), 'webhook-signature': String(headers['webhook-signature'] ?? '') }, { jsonParse: false });
    } catch (e) {
      if (!(e instanceof WebhookVerificationError)) throw e;
      const stale = /too old|too new/.test(e.message);
      const reason = stale ? 'stale_timestamp' : 'invalid_signature';
      webhookRejections.inc({ provider: WebhookProvider.Partner, reason });
      this.log.warn({ source: source.id, reason, requestId, bytes: body.length }, 'inbound delivery refused');
      throw stale
        ? new DomainError('unauthorized', 'stale_timestamp', 'The webhook-timestamp is more than 5 minutes from now')
        : new DomainError('unauthorized', 'invalid_signature', 'The webhook-id, webhook-timestamp or webhook-signature header is missing or does not match the body');
    }
    if (webhookId.length > MAX_WEBHOOK_ID) throw new DomainError('invalid', 'invalid_webhook_id', `webhook-id is longer than ${MAX_WEBHOOK_ID} characters`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new DomainError('invalid', 'invalid_json', 'The body is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null) throw new DomainError('invalid', 'invalid_payload', 'The body must be a JSON object or array');
    const fields = applyMapping(source.mapping, parsed);
    const payload: PartnerEventPayload = { sourceId: source.id, sourceName: source.name, webhookId, fields, body: parsed };
    const usable = hasContact(fields);
    const event: InboundEvent = {
      kind: 'partner_lead',
      externalId: `${source.id}:${webhookId}`,
      payload: payload as unknown as Record<string, unknown>,
      status: usable ? WebhookEventStatus.Received : WebhookEventStatus.Ignored,
      note: usable ? null : 'No name, email or phone at the mapped paths: check the source’s mapping',
    };
    return this.inbox.ingest(WebhookProvider.Partner, body, [event]);
  }

  /**
   * A website form. A filled honeypot is answered like a success (a bot learns nothing) and
   * nothing is stored. The same submission twice (a double click) is one lead.
   */
  async receiveWebForm(dto: PublicLeadDto, requestId: string, acceptLanguage?: string): Promise<{ accepted: boolean }> {
    const source = await this.repo.findEnabled(dto.siteKey, InboundSourceKind.WebForm);
    if (!source) throw new DomainError('not_found', 'site_not_found', 'Unknown or disabled site key');
    if (dto.website) {
      this.log.warn({ source: source.id, requestId }, 'web form submission dropped: honeypot filled');
      return { accepted: true };
    }
    if (!dto.name?.trim() && !dto.email && !dto.phone) throw new DomainError('invalid', 'contact_required', 'Give a name, an email or a phone number');
    const form: WebFormEventPayload['form'] = { name: dto.name, email: dto.email, phone: dto.phone, message: dto.message, consentText: dto.consentText, pageUrl: dto.pageUrl, submissionId: dto.submissionId, language: dto.language };
    const payload: WebFormEventPayload = { sourceId: source.id, sourceName: source.name, form, consent: { text: dto.consentText, at: new Date().toISOString() }, ...(acceptLanguage ? { acceptLanguage: acceptLanguage.slice(0, 200) } : {}) };
    const raw = Buffer.from(JSON.stringify(dto));
    const submission = dto.submissionId ?? createHash('sha256').update(JSON.stringify(form)).digest('hex').slice(0, 40);
    await this.inbox.ingest(WebhookProvider.Web, raw, [{ kind: 'web_form', externalId: `${source.id}:${submission}`, payload: payload as unknown as Record<string, unknown>, status: WebhookEventStatus.Received, note: null }]);
    return { accepted: true };
  }

  private toDto(s: InboundSourceEntity, activity: { lastDeliveryAt: Date | null; leads: number; failing: number } | null): InboundSourceDto {
    return {
      id: s.id,
      name: s.name,
      kind: s.kind,
      key: s.key,
      url: s.kind === InboundSourceKind.Signed ? `/api/webhooks/inbound/${s.key}` : '/api/public/leads',
      mapping: s.mapping,
      enabled: s.disabledAt === null,
      lastDeliveryAt: activity?.lastDeliveryAt?.toISOString() ?? null,
      leads: activity?.leads ?? 0,
      failing: activity?.failing ?? 0,
      createdAt: s.createdAt.toISOString(),
    };
  }
}
