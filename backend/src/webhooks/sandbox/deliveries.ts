import { metaSignature } from '../meta-signature';
import type { GraphLead } from '../graph-client';

/**
 * Realistic Meta deliveries (the shapes Meta documents for Lead Ads and the WhatsApp Cloud API),
 * and signing them the way Meta does. Shared by `npm run simulate:meta`, the tests and the bench.
 */

export const signatureFor = (secret: string, raw: string | Buffer) => `sha256=${metaSignature(secret, raw)}`;

export interface LeadgenChange {
  leadgenId: string | number;
  formId?: string | number;
  pageId?: string | number;
  /** Absent for organic leads and the testing tool's. */
  adId?: string | number;
  adgroupId?: string | number;
  createdTime?: number;
}

export function leadgenDelivery(changes: LeadgenChange[], pageId: string | number = '102938475610293'): Record<string, unknown> {
  return {
    object: 'page',
    entry: changes.map((c) => ({
      id: String(c.pageId ?? pageId),
      time: c.createdTime ?? 1796400000,
      changes: [
        {
          field: 'leadgen',
          value: {
            ...(c.adId !== undefined ? { ad_id: c.adId } : {}),
            form_id: c.formId ?? '998877665544332',
            leadgen_id: c.leadgenId,
            created_time: c.createdTime ?? 1796400000,
            page_id: c.pageId ?? pageId,
            ...(c.adgroupId !== undefined ? { adgroup_id: c.adgroupId } : {}),
          },
        },
      ],
    })),
  };
}

/** A lead as the Graph API gives it, with the usual standard questions and a brokerage's custom ones. */
export function graphLead(id: string, answers: Record<string, string>, extra: Partial<GraphLead> = {}): GraphLead {
  return {
    id,
    created_time: '2026-12-04T10:00:00+0000',
    form_id: '998877665544332',
    field_data: Object.entries(answers).map(([name, value]) => ({ name, values: [value] })),
    ...extra,
  };
}

export interface WaMessageOpts {
  from: string;
  id: string;
  name?: string;
  timestamp?: number;
}

/** A WhatsApp message of any type: `body` is the type's own object (text → {body}, interactive → {...}). */
export function waMessage(o: WaMessageOpts, type: string, body: unknown): Record<string, unknown> {
  return { from: o.from, id: o.id, timestamp: String(o.timestamp ?? 1796400000), type, [type]: body };
}

export function whatsappDelivery(messages: Record<string, unknown>[], opts: { names?: Record<string, string>; statuses?: Record<string, unknown>[] } = {}): Record<string, unknown> {
  const senders = [...new Set(messages.map((m) => String(m.from)))];
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '1122334455667788',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001111', phone_number_id: '106540352242922' },
              ...(senders.length ? { contacts: senders.map((wa) => ({ profile: { name: opts.names?.[wa] ?? 'WhatsApp user' }, wa_id: wa })) } : {}),
              ...(messages.length ? { messages } : {}),
              ...(opts.statuses ? { statuses: opts.statuses } : {}),
            },
          },
        ],
      },
    ],
  };
}

export function waStatus(messageId: string, status: 'sent' | 'delivered' | 'read' | 'failed', recipient: string, timestamp = 1796400100): Record<string, unknown> {
  return {
    id: messageId,
    status,
    timestamp: String(timestamp),
    recipient_id: recipient,
    ...(status === 'failed' ? { errors: [{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' } }] } : {}),
    ...(status !== 'failed' ? { conversation: { id: 'CONVERSATION_ID', origin: { type: 'service' } }, pricing: { billable: true, pricing_model: 'PMP', category: 'service' } } : {}),
  };
}

/** POSTs a delivery signed with `secret`, as Meta would (the signature over the exact bytes sent). */
export async function postSigned(baseUrl: string, path: string, secret: string, payload: unknown): Promise<{ status: number; body: unknown }> {
  const raw = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureFor(secret, raw) }, body: raw });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body };
}
