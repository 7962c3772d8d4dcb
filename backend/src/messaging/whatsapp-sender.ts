import { Injectable } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config';
import { ChannelSender, SendError } from './channel-sender';
import type { OutboxMessageEntity } from './outbox.entity';

export { SendError };

/** WhatsApp's limit on a text message body. */
export const WHATSAPP_TEXT_LIMIT = 4096;

// Meta's WhatsApp error codes, handled as its error-code reference says:
// 131047 re-engagement: more than 24 h since the customer last wrote; only a template may go. Not retried.
// 131026 message undeliverable (not a WhatsApp user, old app, not accepted terms). Not retried.
// 130429 throughput limit, 80007 account rate limit, 131056 pair rate limit, 4/17/613: back off, retry.
// 190 access token expired or invalid: every send fails until an admin renews WHATSAPP_TOKEN; retried with back-off.
// 1, 2, 131000, 131016 and HTTP 5xx: transient; retried.
const RATE_LIMITS = new Set([130429, 80007, 131056, 4, 17, 32, 613]);
const TRANSIENT = new Set([1, 2, 131000, 131016]);

/** The Graph request body for an outbox row (Cloud API `messages` endpoint). */
export function graphBody(row: Pick<OutboxMessageEntity, 'recipient' | 'kind' | 'payload' | 'idempotencyKey'>): Record<string, unknown> {
  const base = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: row.recipient,
    // Echoed back by Meta in every status webhook for this message: how an in-doubt send is recognised.
    biz_opaque_callback_data: row.idempotencyKey,
  };
  if (row.kind === 'template' && row.payload.template) {
    const t = row.payload.template;
    return {
      ...base,
      type: 'template',
      template: { name: t.name, language: { code: t.language }, components: t.parameters.length ? [{ type: 'body', parameters: t.parameters.map((text) => ({ type: 'text', text })) }] : [] },
    };
  }
  if (row.kind === 'interactive' && row.payload.interactive) return { ...base, type: 'interactive', interactive: row.payload.interactive };
  return { ...base, type: 'text', text: { body: row.payload.text ?? '', preview_url: true } };
}

/** Sends WhatsApp messages through the Cloud API (or the local stand-in at META_GRAPH_URL). */
@Injectable()
export class WhatsAppSender implements ChannelSender {
  readonly channel = 'whatsapp' as const;
  readonly mode = 'send' as const;

  constructor(private readonly config: AppConfig) {}

  get configured(): boolean {
    return Boolean(this.config.env.WHATSAPP_TOKEN && this.config.env.WHATSAPP_PHONE_NUMBER_ID);
  }

  /** Returns Graph's message id (wamid) or throws a SendError. */
  async send(row: Pick<OutboxMessageEntity, 'recipient' | 'kind' | 'payload' | 'idempotencyKey'>): Promise<string> {
    const env = this.config.env;
    if (!this.configured) throw new SendError('not_configured', 'WhatsApp sending is not set up (WHATSAPP_TOKEN, WHATSAPP_PHONE_NUMBER_ID)', true, true);
    const url = `${env.META_GRAPH_URL.replace(/\/+$/, '')}/${env.META_GRAPH_VERSION}/${env.WHATSAPP_PHONE_NUMBER_ID}/messages`;
    let res: Response;
    // An explicit timer rather than AbortSignal.timeout: the same behaviour in every runtime (Jest's VM included).
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new DOMException('timed out', 'TimeoutError')), env.META_GRAPH_TIMEOUT_MS);
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${env.WHATSAPP_TOKEN}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(graphBody(row)),
        signal: abort.signal,
      });
    } catch {
      clearTimeout(timer);
      // Our timer aborted it (not a refused connection): the request may have reached WhatsApp.
      const timeout = abort.signal.aborted;
      throw new SendError(timeout ? 'timeout' : 'network', timeout ? `WhatsApp did not answer within ${env.META_GRAPH_TIMEOUT_MS} ms` : 'WhatsApp could not be reached', true, false, timeout);
    }
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      /* not JSON: judged by the status alone */
    } finally {
      clearTimeout(timer);
    }
    const id = (body as { messages?: { id?: unknown }[] } | null)?.messages?.[0]?.id;
    if (res.ok && typeof id === 'string' && id) return id;
    const error = (body as { error?: { code?: number; message?: string; error_data?: { details?: string } } } | null)?.error;
    const code = error?.code;
    const title = (error?.message ?? `HTTP ${res.status}`).slice(0, 500);
    if (code === 131047) throw new SendError('131047', title, false);
    if (code === 131026) throw new SendError('131026', title, false);
    if (code === 190 || res.status === 401) throw new SendError('190', `${title} (renew WHATSAPP_TOKEN)`, true, true);
    if (res.status === 429 || (code !== undefined && RATE_LIMITS.has(code))) throw new SendError(String(code ?? 429), title, true, true);
    if (res.status >= 500 || (code !== undefined && TRANSIENT.has(code))) throw new SendError(String(code ?? res.status), title, true);
    if (res.ok) throw new SendError('bad_answer', 'WhatsApp answered without a message id', true);
    throw new SendError(String(code ?? res.status), title, false);
  }
}

/**
 * Splits text into parts of at most `limit` characters (code points, so no emoji is cut in
 * half), preferring a paragraph, line or word boundary in the last fifth of each part.
 */
export function splitText(text: string, limit = WHATSAPP_TEXT_LIMIT): string[] {
  const chars = Array.from(text);
  if (chars.length <= limit) return [text];
  const parts: string[] = [];
  let start = 0;
  while (start < chars.length) {
    if (chars.length - start <= limit) {
      parts.push(chars.slice(start).join(''));
      break;
    }
    let cut = start + limit;
    const floor = start + Math.floor(limit * 0.8);
    for (const sep of ['\n\n', '\n', ' ']) {
      let found = -1;
      for (let i = cut; i > floor; i--) {
        if (chars.slice(i - sep.length, i).join('') === sep) {
          found = i;
          break;
        }
      }
      if (found > 0) {
        cut = found;
        break;
      }
    }
    parts.push(chars.slice(start, cut).join('').trimEnd());
    start = cut;
    while (start < chars.length && /\s/.test(chars[start])) start++;
  }
  return parts.filter((p) => p.length > 0);
}

/** A unit the assistant suggests, as an interactive list row. */
export interface SuggestedUnit {
  id: string;
  title: string;
  description?: string;
  /** Where the lead can see the home (none when no listing site is configured). */
  url?: string;
}

/**
 * The assistant's unit suggestions as a WhatsApp interactive list: at most 10 rows, row titles
 * at most 24 characters, descriptions 72, and a link to each unit in the body (list rows carry no
 * links).
 */
export function unitList(intro: string, units: SuggestedUnit[]): Record<string, unknown> {
  const shown = units.slice(0, 10);
  const cut = (s: string, n: number) => (Array.from(s).length <= n ? s : `${Array.from(s).slice(0, n - 1).join('')}…`);
  const links = shown.map((u, i) => `${i + 1}. ${cut(u.title, 60)}${u.url ? `: ${u.url}` : ''}`).join('\n');
  return {
    type: 'list',
    // Without links the rows say it all: the body is the intro alone.
    body: { text: cut(shown.some((u) => u.url) ? `${intro}\n\n${links}` : intro, 1024) },
    action: {
      button: 'See homes',
      // The row's id carries its place in the list: a tapped row reads as "option 2" to the assistant.
      sections: [{ title: 'Suggested homes', rows: shown.map((u, i) => ({ id: `unit:${i + 1}:${u.id}`, title: cut(u.title, 24), ...(u.description ? { description: cut(u.description, 72) } : {}) })) }],
    },
  };
}
