import { Injectable, Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import addressparser from 'nodemailer/lib/addressparser';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { AppConfig } from '../../core/config/app-config';
import { DomainError } from '../../core/http/domain-error';
import { normalizeEmail } from '../../leads/contact-normalizers';
import { webhookRejections } from '../webhook-metrics';
import { WebhookEventStatus, WebhookProvider } from '../webhook-event.entity';
import type { DeliveryAcceptedDto } from '../webhooks.dto';
import { WebhooksService } from '../webhooks.service';
import { InboundMailDto } from './inbound-mail.dto';

/** What an email event carries into the inbox (read and checked at receipt). */
export interface InboundMailPayload {
  from: { name: string | null; address: string };
  to: string;
  subject: string;
  text: string;
  messageId: string;
  /** In-Reply-To first, then References newest first: the Message-IDs that may name our email. */
  thread: string[];
  references: string[];
  inReplyTo: string | null;
  date: string | null;
}

const MESSAGE_IDS = /<[^<>\s]+>/g;

/**
 * The inbound-mail webhook: an email reply, parsed to JSON by the mail provider and signed with
 * Standard Webhooks (INBOUND_MAIL_SECRET). Verified on the exact bytes, stored once per
 * Message-ID in the webhook inbox before the 200, applied by the workers (InboundMailHandler).
 */
@Injectable()
export class InboundMailService {
  private readonly log = new Logger('InboundMail');

  constructor(
    private readonly config: AppConfig,
    private readonly inbox: WebhooksService,
  ) {}

  async receive(body: unknown, headers: Record<string, string | string[] | undefined>, requestId: string): Promise<DeliveryAcceptedDto> {
    const secret = this.config.env.INBOUND_MAIL_SECRET;
    if (!secret) throw new DomainError('unavailable', 'inbound_mail_not_configured', 'Email replies are not set up on this server (INBOUND_MAIL_SECRET is not set)');
    if (!Buffer.isBuffer(body)) throw new DomainError('unsupported_media', 'unsupported_content_type', 'Send the delivery as application/json');
    const webhookId = typeof headers['webhook-id'] === 'string' ? headers['webhook-id'] : '';
    try {
      new Webhook(secret).verify(body, { 'webhook-id': webhookId, 'webhook-timestamp': String(headers['webhook-timestamp'] ?? ''), 'webhook-signature': String(headers['webhook-signature'] ?? '') }, { jsonParse: false });
    } catch (e) {
      if (!(e instanceof WebhookVerificationError)) throw e;
      const stale = /too old|too new/.test(e.message);
      const reason = stale ? 'stale_timestamp' : 'invalid_signature';
      webhookRejections.inc({ provider: WebhookProvider.Email, reason });
      this.log.warn({ reason, requestId, bytes: body.length }, 'inbound mail refused');
      throw stale
        ? new DomainError('unauthorized', 'stale_timestamp', 'The webhook-timestamp is more than 5 minutes from now')
        : new DomainError('unauthorized', 'invalid_signature', 'The webhook-id, webhook-timestamp or webhook-signature header is missing or does not match the body');
    }
    const mail = this.read(body);
    const payload = this.payloadOf(mail);
    return this.inbox.ingest(WebhookProvider.Email, body, [
      // The Message-ID is the provider's id: a redelivery, or the same mail posted again under another webhook-id, is one message.
      { kind: 'email', externalId: mail.messageId, payload: payload as unknown as Record<string, unknown>, status: WebhookEventStatus.Received, note: null },
    ]);
  }

  /** Parses and validates the JSON: a bad field is a 400 naming it, and nothing is stored. */
  private read(body: Buffer): InboundMailDto {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new DomainError('invalid', 'invalid_json', 'The body is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new DomainError('invalid', 'invalid_payload', 'The body must be a JSON object');
    const dto = plainToInstance(InboundMailDto, parsed);
    const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: false });
    if (errors.length) {
      const details = errors.map((e) => ({ field: e.property, errors: Object.values(e.constraints ?? {}) }));
      throw new DomainError('invalid', 'invalid_mail', `Not a readable email: ${details.map((d) => d.field).join(', ')}`, details);
    }
    return dto;
  }

  private payloadOf(mail: InboundMailDto): InboundMailPayload {
    const sender = addressparser(mail.from, { flatten: true })[0];
    const address = sender?.address?.trim() ?? '';
    if (!normalizeEmail(address)) throw new DomainError('invalid', 'invalid_mail', 'from is not an email address', [{ field: 'from', errors: ['from must be an email address, or Name <address>'] }]);
    const inReplyTo = mail.inReplyTo?.match(MESSAGE_IDS)?.[0] ?? null;
    const references = (mail.references ?? []).flatMap((r) => r.match(MESSAGE_IDS) ?? []).slice(-50);
    return {
      from: { name: sender.name?.trim() || null, address },
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId,
      thread: [...(inReplyTo ? [inReplyTo] : []), ...[...references].reverse()],
      references,
      inReplyTo,
      date: mail.date ?? null,
    };
  }
}
