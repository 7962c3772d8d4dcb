import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AppConfig } from '../core/config/app-config';
import type { LeadSendContext } from './messaging.repository';
import type { OutboxChannel, OutboxKind, OutboxOrigin } from './outbox.entity';

/** The fair-housing screen on outbound text: the protected characteristic a text steers by, or null. */
export interface OutboundTextScreen {
  protectedCharacteristicIn(text: string): string | null;
}
export const OUTBOUND_TEXT_SCREEN = Symbol('OUTBOUND_TEXT_SCREEN');

export type Verdict = 'allow' | 'deny' | 'hold';
export type PolicyRule = 'opted_out' | 'fair_housing' | 'whatsapp_window' | 'frequency_cap' | 'quiet_hours' | 'quiet_hours_override' | 'no_address' | 'ok';

export interface SendIntent {
  channel: OutboxChannel;
  kind: OutboxKind;
  origin: OutboxOrigin;
  /** What the lead will read (the template filled in, for templates). */
  text: string;
  /** A person sending during quiet hours says why. */
  overrideReason?: string | null;
  /** A notice a person's action produced (a viewing confirmation): nobody is at hand to override quiet hours, so it waits for morning. */
  waitsOutQuietHours?: boolean;
}

export interface SendDecision {
  verdict: Verdict;
  rule: PolicyRule;
  /** In a broker's words, for the timeline and the error. */
  reason: string;
  /** Held: sent at this time. */
  notBefore: Date | null;
  inputs: Record<string, unknown>;
}

/** A reply to a message the lead sent this recently is a conversation, not an intrusion: never held. */
export const REPLY_GRACE_MS = 15 * 60_000;
/** WhatsApp's customer-service window. */
export const WHATSAPP_WINDOW_MS = 24 * 3600_000;

/** Whether free text may go out on WhatsApp now (the lead wrote there within 24 hours), and until when. */
export function whatsappWindow(lastWhatsAppInboundAt: Date | null, now = new Date()): { open: boolean; closesAt: Date | null } {
  if (!lastWhatsAppInboundAt) return { open: false, closesAt: null };
  const closesAt = new Date(lastWhatsAppInboundAt.getTime() + WHATSAPP_WINDOW_MS);
  return { open: now.getTime() <= closesAt.getTime(), closesAt };
}

/**
 * The one send-policy gate: every outbound message on every channel is decided here before it is
 * queued. Rules in order: opted out, fair-housing screen, WhatsApp's 24-hour window, the
 * automated-message cap, quiet hours in the lead's time zone. Pure given its inputs and the clock.
 */
@Injectable()
export class SendPolicy {
  private readonly quiet: { start: number; end: number };

  constructor(
    config: AppConfig,
    @Inject(OUTBOUND_TEXT_SCREEN) private readonly screen: OutboundTextScreen,
  ) {
    const [s, e] = config.env.QUIET_HOURS.split('-').map((hm) => {
      const [h, m] = hm.split(':').map(Number);
      return h * 60 + m;
    });
    this.quiet = { start: s, end: e };
    this.cap = config.env.AUTOMATED_MESSAGES_PER_DAY;
  }

  private readonly cap: number;

  decide(lead: LeadSendContext, intent: SendIntent, now = new Date()): SendDecision {
    const automated = intent.origin !== 'person';
    const sinceInbound = lead.lastInboundAt ? now.getTime() - lead.lastInboundAt.getTime() : null;
    const isReply = sinceInbound !== null && sinceInbound <= REPLY_GRACE_MS;
    const local = DateTime.fromJSDate(now).setZone(lead.timezone);
    const zone = local.isValid ? lead.timezone : 'UTC';
    const localNow = local.isValid ? local : DateTime.fromJSDate(now).setZone('UTC');
    const inputs: Record<string, unknown> = {
      channel: intent.channel,
      kind: intent.kind,
      origin: intent.origin,
      optedOut: Boolean(lead.optedOutAt),
      lastInboundAt: lead.lastInboundAt?.toISOString() ?? null,
      lastWhatsAppInboundAt: lead.lastWhatsAppInboundAt?.toISOString() ?? null,
      leadLocalTime: localNow.toFormat('HH:mm'),
      timezone: zone,
      automatedLastDay: lead.automatedLastDay,
    };
    const d = (verdict: Verdict, rule: PolicyRule, reason: string, notBefore: Date | null = null): SendDecision => ({ verdict, rule, reason, notBefore, inputs });
    const channelWord = intent.channel === 'whatsapp' ? 'WhatsApp' : 'email';

    if (lead.optedOutAt) return d('deny', 'opted_out', `Not sent on ${channelWord}: ${lead.name} asked not to be contacted`);
    if (intent.channel === 'whatsapp' && !lead.whatsappId && !lead.phoneE164) return d('deny', 'no_address', `Not sent: ${lead.name} has no WhatsApp number`);
    if (intent.channel === 'email' && !lead.email) return d('deny', 'no_address', `Not sent: ${lead.name} has no email address`);
    const steering = intent.text ? this.screen.protectedCharacteristicIn(intent.text) : null;
    if (steering) {
      inputs.characteristic = steering;
      return d('deny', 'fair_housing', `Not sent: the message steers by ${steering}, which fair-housing rules forbid`);
    }
    if (intent.channel === 'whatsapp' && intent.kind !== 'template') {
      if (!whatsappWindow(lead.lastWhatsAppInboundAt, now).open) {
        return d('deny', 'whatsapp_window', `Not sent: ${lead.name} has not written on WhatsApp in the last 24 hours, so only an approved template can go out`);
      }
    }
    if (automated && !isReply && lead.automatedLastDay >= this.cap) {
      return d('deny', 'frequency_cap', `Not sent: ${lead.name} already had ${lead.automatedLastDay} automatic messages in the last 24 hours (limit ${this.cap})`);
    }
    const minute = localNow.hour * 60 + localNow.minute;
    const { start, end } = this.quiet;
    const quiet = start === end ? false : start < end ? minute >= start && minute < end : minute >= start || minute < end;
    if (quiet && !isReply) {
      const endsAt = this.quietEnd(localNow);
      const window = `${fmt(start)}–${fmt(end)}`;
      if (automated || intent.waitsOutQuietHours) return d('hold', 'quiet_hours', `Held until ${endsAt.toFormat('HH:mm')} ${lead.name}'s time: quiet hours (${window}) in ${zone}`, endsAt.toJSDate());
      if (!intent.overrideReason?.trim()) return d('deny', 'quiet_hours', `Not sent: it is ${localNow.toFormat('HH:mm')} for ${lead.name} (quiet hours ${window}); send anyway with a reason, or later`);
      inputs.overrideReason = intent.overrideReason.trim();
      return d('allow', 'quiet_hours_override', `Sent during quiet hours (${localNow.toFormat('HH:mm')} for ${lead.name}): ${intent.overrideReason.trim()}`);
    }
    return d('allow', 'ok', isReply ? `Sent on ${channelWord}: a reply to ${lead.name}'s message` : `Sent on ${channelWord}`);
  }

  private quietEnd(localNow: DateTime): DateTime {
    const end = this.quiet.end;
    let at = localNow.set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 });
    if (at <= localNow) at = at.plus({ days: 1 });
    return at;
  }
}

const fmt = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
