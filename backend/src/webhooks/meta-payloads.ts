import { createHash } from 'node:crypto';
import { WebhookEventStatus, WebhookProvider } from './webhook-event.entity';

/** One event split out of a delivery, ready for the inbox. */
export interface InboundEvent {
  kind: string;
  externalId: string;
  payload: Record<string, unknown>;
  /** `ignored` for what needs no work (an unknown field, a malformed change), with why. */
  status: WebhookEventStatus.Received | WebhookEventStatus.Ignored;
  note: string | null;
}

/** Why a delivery as a whole cannot be taken (a 4xx; nothing is stored). */
export class UnreadableDelivery extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const fieldName = (v: unknown): string => (typeof v === 'string' && v ? v.slice(0, 40) : 'unknown');

/** Graph ids arrive as JSON strings or numbers; both become the same string. */
export function graphId(v: unknown): string | null {
  if (typeof v === 'string' && /^\d{1,40}$/.test(v.trim())) return v.trim();
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return String(v);
  return null;
}

/** A key for an event the provider gave no id to: the same content gives the same key, so a replay still has one row. */
const contentKey = (prefix: string, v: unknown) => `${prefix}:${createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 40)}`;

/**
 * Parses the body. Graph ids sent as JSON numbers can exceed 2^53; the reviver keeps such numbers
 * as their source text so no digit is lost (JSON.parse source text access, Node ≥ 21).
 */
export function parseDelivery(raw: Buffer): Json {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'), (_k, v: unknown, ctx?: { source?: string }) => (typeof v === 'number' && !Number.isSafeInteger(v) && ctx?.source && /^\d+$/.test(ctx.source) ? ctx.source : v));
  } catch {
    throw new UnreadableDelivery('invalid_json', 'The body is not valid JSON');
  }
  if (!isObject(body)) throw new UnreadableDelivery('invalid_payload', 'The body must be a JSON object');
  if (!Array.isArray(body.entry)) throw new UnreadableDelivery('invalid_payload', 'The body has no entry[] list');
  return body;
}

const ignored = (kind: string, externalId: string, payload: Json, note: string): InboundEvent => ({ kind, externalId, payload, status: WebhookEventStatus.Ignored, note });

/** Lead Ads: `object: page`, `changes[].field = leadgen`; one event per leadgen_id. */
export function leadAdsEvents(body: Json): InboundEvent[] {
  if (body.object !== 'page') throw new UnreadableDelivery('unknown_object', `Lead Ads deliveries are for object "page", not ${JSON.stringify(body.object)}`);
  const out: InboundEvent[] = [];
  for (const entry of asArray(body.entry)) {
    if (!isObject(entry)) continue;
    for (const change of asArray(entry.changes)) {
      if (!isObject(change)) continue;
      const value = isObject(change.value) ? change.value : {};
      const payload = { entryId: entry.id ?? null, entryTime: entry.time ?? null, field: change.field ?? null, value };
      if (change.field !== 'leadgen') {
        out.push(ignored(fieldName(change.field), contentKey(`field-${fieldName(change.field)}`, payload), payload, `no handler for field ${JSON.stringify(change.field)}`));
        continue;
      }
      const leadgenId = graphId(value.leadgen_id);
      if (!leadgenId) {
        out.push(ignored('leadgen', contentKey('malformed', payload), payload, 'leadgen change without a usable leadgen_id'));
        continue;
      }
      out.push({ kind: 'leadgen', externalId: leadgenId, payload, status: WebhookEventStatus.Received, note: null });
    }
  }
  return out;
}

/**
 * WhatsApp Cloud API: `object: whatsapp_business_account`, `changes[].field = messages`, whose
 * value has `messages[]` (one event per message id) and/or `statuses[]` (one per message id and
 * status: sent, delivered, read and failed of one message are four events).
 */
export function whatsAppEvents(body: Json): InboundEvent[] {
  if (body.object !== 'whatsapp_business_account') throw new UnreadableDelivery('unknown_object', `WhatsApp deliveries are for object "whatsapp_business_account", not ${JSON.stringify(body.object)}`);
  const out: InboundEvent[] = [];
  for (const entry of asArray(body.entry)) {
    if (!isObject(entry)) continue;
    for (const change of asArray(entry.changes)) {
      if (!isObject(change)) continue;
      const value = isObject(change.value) ? change.value : {};
      if (change.field !== 'messages') {
        const payload = { entryId: entry.id ?? null, field: change.field ?? null, value };
        out.push(ignored(fieldName(change.field), contentKey(`field-${fieldName(change.field)}`, payload), payload, `no handler for field ${JSON.stringify(change.field)}`));
        continue;
      }
      const metadata = isObject(value.metadata) ? value.metadata : {};
      const contacts = asArray(value.contacts).filter(isObject);
      for (const message of asArray(value.messages)) {
        if (!isObject(message)) continue;
        const contact = contacts.find((c) => c.wa_id === message.from) ?? (contacts.length === 1 ? contacts[0] : null);
        const payload = { entryId: entry.id ?? null, metadata, contact, message };
        const id = typeof message.id === 'string' && message.id.length > 0 && message.id.length <= 200 ? message.id : null;
        if (!id || typeof message.from !== 'string') out.push(ignored('message', contentKey('malformed', payload), payload, 'message without an id or a sender'));
        else out.push({ kind: 'message', externalId: id, payload, status: WebhookEventStatus.Received, note: null });
      }
      for (const status of asArray(value.statuses)) {
        if (!isObject(status)) continue;
        const payload = { entryId: entry.id ?? null, metadata, status };
        const id = typeof status.id === 'string' && status.id.length > 0 && status.id.length <= 200 ? status.id : null;
        const state = typeof status.status === 'string' && /^[a-z_]{1,20}$/.test(status.status) ? status.status : null;
        if (!id || !state) out.push(ignored('status', contentKey('malformed', payload), payload, 'status without a message id or a state'));
        else out.push({ kind: 'status', externalId: `${id}:${state}`, payload, status: WebhookEventStatus.Received, note: null });
      }
    }
  }
  return out;
}

export type MetaProvider = WebhookProvider.LeadAds | WebhookProvider.WhatsApp;

export const EVENTS_OF: Record<MetaProvider, (body: Json) => InboundEvent[]> = {
  [WebhookProvider.LeadAds]: leadAdsEvents,
  [WebhookProvider.WhatsApp]: whatsAppEvents,
};
