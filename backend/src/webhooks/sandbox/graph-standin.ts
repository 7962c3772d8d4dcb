import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphLead } from '../graph-client';

/** What the stand-in does with the next request for a lead: an HTTP failure, a slow answer, or the lead. */
export type Trouble = 500 | 429 | 'rate_limit_code' | 'expired_token' | { slowMs: number };

/**
 * What the stand-in does with the next WhatsApp send: an HTTP failure or one of Meta's error codes
 * (nothing reaches the phone), or a slow answer (the message reaches the phone, the answer comes late).
 */
export type SendTrouble = 500 | 429 | 130429 | 80007 | 131047 | 131026 | 190 | { slowMs: number };

/** A message as it reached the lead's phone. */
export interface PhoneMessage {
  wamid: string;
  to: string;
  type: string;
  text: string;
  /** `biz_opaque_callback_data`: our idempotency key, echoed in the statuses. */
  key: string | null;
  body: Record<string, unknown>;
}

/**
 * A local stand-in for the part of Meta's Graph API this app calls: `GET /{version}/{leadgen_id}`
 * with a Bearer page access token. Answers with Graph's error shapes (code 100/33 for a lead that
 * does not exist, 190 for a bad token, 4/17 for rate limits). Used by `npm run simulate:meta` and
 * by the tests, over real HTTP. It is not Meta: see the README for what was never run against Meta.
 */
export class GraphStandIn {
  private server: Server | null = null;
  private readonly leads = new Map<string, GraphLead>();
  private readonly trouble = new Map<string, Trouble[]>();
  /** Every lead request received: leadgen id and what was answered. */
  readonly calls: { leadgenId: string; status: number }[] = [];
  /** Every WhatsApp message that reached a phone, in order. */
  readonly phone: PhoneMessage[] = [];
  /** Every WhatsApp send request and what was answered. */
  readonly sendCalls: { to: string; key: string | null; status: number; code?: number }[] = [];
  private readonly sendTrouble: SendTrouble[] = [];
  private seq = 0;
  /** Called for every message that reaches a phone (the sandbox prints it). */
  onPhone: ((m: PhoneMessage) => void) | null = null;

  /** `whatsappToken`: the token the messages endpoint accepts (defaults to the page token). */
  constructor(
    private readonly token: string,
    private readonly whatsappToken = token,
  ) {}

  /** The next WhatsApp sends meet these troubles, in order; then they are accepted. */
  troubleForSends(...troubles: SendTrouble[]): void {
    this.sendTrouble.push(...troubles);
  }

  /** The `sent` status Meta would post for a message on the phone (with our key echoed). */
  sentStatus(m: PhoneMessage): Record<string, unknown> {
    return { id: m.wamid, status: 'sent', timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: m.to, ...(m.key ? { biz_opaque_callback_data: m.key } : {}) };
  }

  get url(): string {
    const addr = this.server?.address() as AddressInfo | null;
    if (!addr) throw new Error('stand-in not started');
    return `http://127.0.0.1:${addr.port}`;
  }

  addLead(lead: GraphLead): void {
    this.leads.set(lead.id, lead);
  }

  /** The next requests for this lead meet these troubles, in order; then it is answered. */
  troubleFor(leadgenId: string, ...troubles: Trouble[]): void {
    this.trouble.set(leadgenId, [...(this.trouble.get(leadgenId) ?? []), ...troubles]);
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((ok) => this.server!.listen(port, '127.0.0.1', ok));
    return this.url;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((ok) => s.close(() => ok()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://standin');
    const m = /^\/v\d{1,2}\.\d\/(\d{1,40})$/.exec(url.pathname);
    const send = (status: number, body: unknown, leadgenId?: string) => {
      if (leadgenId) this.calls.push({ leadgenId, status });
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const wa = /^\/v\d{1,2}\.\d\/(\d{1,30})\/messages$/.exec(url.pathname);
    if (req.method === 'POST' && wa) return this.handleSend(req, res);
    // Not Graph: what the phones received so far, as a phone shows it (the sandbox's window on them).
    if (req.method === 'GET' && url.pathname === '/phone') {
      const to = url.searchParams.get('to');
      return send(200, this.phone.filter((p) => !to || p.to === to).map((p) => ({ wamid: p.wamid, to: p.to, type: p.type, shows: phoneView(p) })));
    }
    if (req.method !== 'GET' || !m) return send(400, graphError('Unsupported request', 'GraphMethodException', 100));
    const leadgenId = m[1];
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : url.searchParams.get('access_token');
    if (token !== this.token) return send(400, graphError('Error validating access token: Session has expired.', 'OAuthException', 190, 463), leadgenId);
    const next = this.trouble.get(leadgenId)?.shift();
    if (next === 500) return send(500, graphError('An unexpected error has occurred. Please retry your request later.', 'OAuthException', 2), leadgenId);
    if (next === 429) return send(429, graphError('Too many calls', 'OAuthException', 4), leadgenId);
    if (next === 'rate_limit_code') return send(400, graphError('User request limit reached', 'OAuthException', 17), leadgenId);
    if (next === 'expired_token') return send(400, graphError('Error validating access token: Session has expired.', 'OAuthException', 190, 463), leadgenId);
    if (next && typeof next === 'object') await new Promise((r) => setTimeout(r, next.slowMs));
    const lead = this.leads.get(leadgenId);
    if (!lead) return send(404, graphError(`Unsupported get request. Object with ID '${leadgenId}' does not exist`, 'GraphMethodException', 100, 33), leadgenId);
    return send(200, lead, leadgenId);
  }

  private async handleSend(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      body = {};
    }
    const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
    const to = str(body.to);
    const key = typeof body.biz_opaque_callback_data === 'string' ? body.biz_opaque_callback_data : null;
    const answer = (status: number, payload: unknown, code?: number) => {
      this.sendCalls.push({ to, key, status, ...(code ? { code } : {}) });
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    };
    const auth = req.headers.authorization ?? '';
    if (auth !== `Bearer ${this.whatsappToken}`) return answer(401, waError(190, 'Access token has expired', 'Error validating access token: Session has expired.'), 190);
    if (body.messaging_product !== 'whatsapp' || !/^\d{6,20}$/.test(to)) return answer(400, waError(100, 'Invalid parameter', 'to or messaging_product is missing or wrong'), 100);
    const type = str(body.type) || 'text';
    const text = type === 'text' ? str((body.text as { body?: unknown } | undefined)?.body) : type === 'template' ? `template:${str((body.template as { name?: unknown } | undefined)?.name)}` : type;
    if (type === 'text' && Array.from(text).length > 4096) return answer(400, waError(100, 'Invalid parameter', 'text.body is longer than 4096 characters'), 100);
    const next = this.sendTrouble.shift();
    if (next === 500) return answer(500, waError(131000, 'Something went wrong', 'Unknown error'), 131000);
    if (next === 429) return answer(429, waError(130429, 'Rate limit hit', 'Cloud API message throughput has been reached.'), 130429);
    if (typeof next === 'number') {
      const [status, title, details] = SEND_ERRORS[next];
      return answer(status, waError(next, title, details), next);
    }
    const wamid = `wamid.STANDIN${String(++this.seq).padStart(8, '0')}${Math.random().toString(36).slice(2, 8)}`;
    // Meta has the message from here on, whether or not its answer reaches the caller.
    const onPhone: PhoneMessage = { wamid, to, type, text, key, body };
    this.phone.push(onPhone);
    this.onPhone?.(onPhone);
    // unref: a stopped stand-in never keeps the process alive for a slow answer nobody waits for.
    if (next && typeof next === 'object') await new Promise((r) => setTimeout(r, next.slowMs).unref());
    return answer(200, { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id: wamid, message_status: 'accepted' }] });
  }
}

/**
 * A message as the lead's phone shows it: the text; for a list, its text, the button and the rows;
 * for reply buttons, the buttons; for a template, its name and parameters.
 */
export function phoneView(m: Pick<PhoneMessage, 'type' | 'text' | 'body'>): string {
  type Interactive = { type?: string; body?: { text?: string }; action?: { button?: string; buttons?: { reply?: { title?: string } }[]; sections?: { title?: string; rows?: { title?: string; description?: string }[] }[] } };
  if (m.type === 'interactive') {
    const i = (m.body.interactive ?? {}) as Interactive;
    const lines = [i.body?.text ?? ''];
    if (i.type === 'list') {
      lines.push(`[ ${i.action?.button ?? 'Choose'} ]`);
      for (const s of i.action?.sections ?? []) for (const r of s.rows ?? []) lines.push(`  • ${r.title ?? ''}${r.description ? ` — ${r.description}` : ''}`);
    } else if (i.type === 'button') {
      lines.push((i.action?.buttons ?? []).map((b) => `[ ${b.reply?.title ?? ''} ]`).join(' '));
    }
    return lines.filter(Boolean).join('\n');
  }
  if (m.type === 'template') {
    const t = (m.body.template ?? {}) as { name?: string; components?: { parameters?: { text?: string }[] }[] };
    const params = (t.components ?? []).flatMap((c) => (c.parameters ?? []).map((p) => p.text ?? ''));
    return `(template ${t.name ?? ''}${params.length ? `: ${params.join(', ')}` : ''})`;
  }
  return m.text;
}

/** Meta's error body for a WhatsApp send (code, title in the message, details). */
function waError(code: number, title: string, details: string) {
  return { error: { message: `(#${code}) ${title}`, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details }, fbtrace_id: 'AStandInTrace' } };
}

const SEND_ERRORS: Record<number, [number, string, string]> = {
  130429: [400, 'Rate limit hit', 'Cloud API message throughput has been reached.'],
  80007: [400, 'Rate limit issues', 'The WhatsApp Business Account has reached its rate limit.'],
  131047: [400, 'Re-engagement message', 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.'],
  131026: [400, 'Message undeliverable', 'Unable to deliver message.'],
  190: [401, 'Access token has expired', 'Error validating access token: Session has expired.'],
};

function graphError(message: string, type: string, code: number, subcode?: number) {
  return { error: { message, type, code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'AStandInTrace' } };
}
