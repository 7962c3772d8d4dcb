import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Google Calendar API v3 events endpoints (insert, patch, delete, get),
 * over real HTTP, for tests: bearer token checked, client-chosen ids validated (base32hex, 5–1024),
 * 409 on a duplicate insert, 404 for an unknown event, 410 for one deleted before. Written from the
 * API reference; it is not Google.
 */
export class GoogleCalendarStandIn {
  readonly events = new Map<string, Record<string, unknown> & { status: string }>();
  readonly requests: { method: string; path: string }[] = [];
  private server: Server | null = null;
  /** Answers to the next inserts, held this long after the event is stored (`holdNextInsert`). */
  private readonly insertHolds: number[] = [];

  constructor(private readonly token: string) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/calendar/v3`;
  }

  /**
   * The next insert is stored at once but answered only after `ms` (Google took it, the answer is
   * slow): a caller killed meanwhile never hears that it succeeded.
   */
  holdNextInsert(ms: number): void {
    this.insertHolds.push(ms);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
  }

  async stop(): Promise<void> {
    await new Promise<void>((ok) => this.server?.close(() => ok()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, body ? { 'content-type': 'application/json' } : {});
      res.end(body ? JSON.stringify(body) : undefined);
    };
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    this.requests.push({ method: req.method ?? '', path });
    if (req.headers.authorization !== `Bearer ${this.token}`) return send(401, { error: { code: 401, message: 'Invalid Credentials' } });
    const m = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(path);
    if (!m) return send(404, { error: { code: 404, message: 'Not Found' } });
    const key = (id: string) => `${decodeURIComponent(m[1])}/${id}`;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    if (req.method === 'POST' && !m[2]) {
      const id = typeof body.id === 'string' ? body.id : '';
      if (!/^[a-v0-9]{5,1024}$/.test(id)) return send(400, { error: { code: 400, message: 'Invalid resource id value.' } });
      if (this.events.has(key(id))) return send(409, { error: { code: 409, message: 'The requested identifier already exists.' } });
      if (!body.start || !body.end) return send(400, { error: { code: 400, message: 'Missing time.' } });
      const ev = { status: 'confirmed', ...body, id };
      this.events.set(key(id), ev);
      const hold = this.insertHolds.shift();
      if (hold) return void setTimeout(() => !res.destroyed && send(200, ev), hold).unref();
      return send(200, ev);
    }
    const existing = m[2] ? this.events.get(key(m[2])) : undefined;
    if (!existing) return send(404, { error: { code: 404, message: 'Not Found' } });
    if (req.method === 'GET') return send(200, existing);
    if (req.method === 'PATCH') {
      if (existing.status === 'cancelled' && body.status !== 'confirmed') return send(410, { error: { code: 410, message: 'Resource has been deleted' } });
      Object.assign(existing, body);
      return send(200, existing);
    }
    if (req.method === 'DELETE') {
      if (existing.status === 'cancelled') return send(410, { error: { code: 410, message: 'Resource has been deleted' } });
      existing.status = 'cancelled';
      return send(204);
    }
    return send(405, { error: { code: 405, message: 'Method not allowed' } });
  }
}
