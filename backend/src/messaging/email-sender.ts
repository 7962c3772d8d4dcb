import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, type SendMailOptions, type Transporter } from 'nodemailer';
import { AppConfig } from '../core/config/app-config';
import { ChannelSender, OutboundRow, SendError } from './channel-sender';

/** `Name <address>` or `address` → its parts. MAIL_FROM is validated at boot to be one of them. */
export function parseMailbox(value: string): { name: string | null; address: string } {
  const m = /^\s*([^<>]*?)\s*<([^<>]+)>\s*$/.exec(value);
  if (m) return { name: m[1].replace(/^"|"$/g, '').trim() || null, address: m[2].trim() };
  return { name: null, address: value.trim() };
}

/**
 * The Message-ID of an outbox row: its idempotency key, so a retried send carries the same id and
 * a receiving server (or a person reading headers) can tell it is the same message. Characters a
 * Message-ID may not hold are written `=XX` (hex): two different keys never get one id.
 */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  const local = Array.from(Buffer.from(idempotencyKey, 'utf8'))
    .map((b) => (/[A-Za-z0-9_-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
  return `<${local}@${domain}>`;
}

/** The idempotency key a Message-ID of ours carries (the inverse of messageIdFor), or null for another's. */
export function keyFromMessageId(messageId: string): string | null {
  const m = /^<([A-Za-z0-9_=-]+)@[^<>@\s]+>$/.exec(messageId.trim());
  if (!m) return null;
  const bytes: number[] = [];
  for (let i = 0; i < m[1].length; i++) {
    if (m[1][i] === '=') {
      bytes.push(parseInt(m[1].slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(m[1].charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The domain our Message-IDs end in: MAIL_FROM's. */
export function mailDomain(config: AppConfig): string {
  return parseMailbox(config.env.MAIL_FROM).address.split('@')[1] ?? 'openhouse.local';
}

/**
 * The email for an outbox row: from MAIL_FROM (shown as "<person> via <brokerage>" when a person
 * wrote it), to the lead, with the thread's headers when it answers a mail of theirs.
 */
export function composeMail(row: OutboundRow, config: AppConfig): SendMailOptions & { messageId: string } {
  const from = parseMailbox(config.env.MAIL_FROM);
  const email = row.payload.email;
  const fromName = email?.fromName ? (from.name ? `${email.fromName} via ${from.name}` : email.fromName) : from.name;
  return {
    from: fromName ? { name: fromName, address: from.address } : from.address,
    to: row.recipient,
    subject: email?.subject ?? '',
    text: row.payload.text ?? '',
    messageId: messageIdFor(row.idempotencyKey, mailDomain(config)),
    ...(email?.inReplyTo ? { inReplyTo: email.inReplyTo } : {}),
    ...(email?.references?.length ? { references: email.references } : {}),
    headers: { 'X-Openhouse-Key': row.idempotencyKey },
    // A calendar app reads the text/calendar part (with its METHOD) as an invite; invite.ics is the same, for the rest.
    ...(email?.invite
      ? {
          icalEvent: { method: email.invite.method, filename: 'invite.ics', content: email.invite.content },
          attachments: [{ filename: 'invite.ics', content: email.invite.content, contentType: `text/calendar; charset=utf-8; method=${email.invite.method}` }],
        }
      : {}),
  };
}

/** How nodemailer's failures are retried: a server or network that may come back is; a refusal of the message is not. */
export function smtpError(e: unknown): SendError {
  const err = e as { code?: string; responseCode?: number; response?: string; message?: string };
  const title = (err.response ?? err.message ?? 'The mail server refused the message').slice(0, 500);
  const code = err.responseCode ? String(err.responseCode) : (err.code ?? 'smtp');
  // Authentication refused: every mail fails until an admin fixes SMTP_URL; retried slowly.
  if (err.code === 'EAUTH' || err.code === 'ENOAUTH') return new SendError(code, `${title} (check the user and password in SMTP_URL)`, true, true);
  // 4xx: temporary (greylisting, mailbox busy, too many connections).
  if (err.responseCode && err.responseCode >= 400 && err.responseCode < 500) return new SendError(code, title, true, err.responseCode === 421 || err.responseCode === 450);
  // 5xx: the server will not take this message (unknown recipient, refused content).
  if (err.responseCode && err.responseCode >= 500) return new SendError(code, title, false);
  // No answer, refused connection, TLS or DNS trouble: the server may be back later. SMTP has no
  // later status to settle a send whose answer was lost, so a retry may deliver twice; it carries
  // the same Message-ID, which is how a receiver recognises it.
  return new SendError(code, err.code === 'ECONNECTION' || err.code === 'ESOCKET' ? `The mail server could not be reached (${err.message ?? code})`.slice(0, 500) : title, true);
}

/** Sends email through the SMTP server at SMTP_URL (nodemailer). */
@Injectable()
export class SmtpEmailSender implements ChannelSender, OnModuleDestroy {
  readonly channel = 'email' as const;
  readonly mode = 'send' as const;
  private readonly transport: Transporter;

  constructor(private readonly config: AppConfig) {
    if (!config.env.SMTP_URL) throw new Error('SmtpEmailSender needs SMTP_URL');
    this.transport = createTransport({ url: config.env.SMTP_URL, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  }

  async send(row: OutboundRow): Promise<string> {
    const mail = composeMail(row, this.config);
    try {
      await this.transport.sendMail(mail);
    } catch (e) {
      throw smtpError(e);
    }
    return mail.messageId;
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}

/**
 * The zero-setup email sender (no SMTP_URL): nothing leaves the machine. The mail is kept, whole,
 * in the outbox (status `kept`) and listed in Admin → Sent mail, so nothing is silently dropped.
 */
@Injectable()
export class KeptEmailSender implements ChannelSender {
  readonly channel = 'email' as const;
  readonly mode = 'keep' as const;

  constructor(private readonly config: AppConfig) {}

  send(row: OutboundRow): Promise<string> {
    if (!row.recipient) return Promise.reject(new SendError('no_address', 'The lead has no email address', false));
    return Promise.resolve(composeMail(row, this.config).messageId);
  }
}

/** Nest token for the email adapter chosen by SMTP_URL. */
export const EMAIL_SENDER = Symbol('EMAIL_SENDER');

export function emailSenderFor(config: AppConfig): ChannelSender {
  return config.env.SMTP_URL ? new SmtpEmailSender(config) : new KeptEmailSender(config);
}
