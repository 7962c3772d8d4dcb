import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphLead } from '../graph-client';

/** What the stand-in does with the next request for a lead: an HTTP failure, a slow answer, or the lead. */
export type Trouble = 500 | 429 | 'rate_limit_code' | 'expired_token' | { slowMs: number };

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

  constructor(private readonly token: string) {}

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
}

function graphError(message: string, type: string, code: number, subcode?: number) {
  return { error: { message, type, code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'AStandInTrace' } };
}
