import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What a path answers: a status (after `delayMs`), or 'hang' (never answers). */
export type Behaviour = { status: number; delayMs?: number } | 'hang';

/**
 * An integrator's endpoint, in-process: a real HTTP server that records every POST and answers
 * each path as told (a queue of answers per path, then a default).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly plans = new Map<string, Behaviour[]>();
  private readonly defaults = new Map<string, Behaviour>();
  private server: Server | null = null;
  port = 0;

  /** `path` answers these, one per request, then `then` (default 200). */
  plan(path: string, answers: Behaviour[], then: Behaviour = { status: 200 }): void {
    this.plans.set(path, [...answers]);
    this.defaults.set(path, then);
  }

  url(path: string, host = '127.0.0.1'): string {
    return `http://${host}:${this.port}${path}`;
  }

  at(path: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.path === path);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.received.push({ path, headers: req.headers, body });
        const behaviour = this.plans.get(path)?.shift() ?? this.defaults.get(path) ?? { status: 200 };
        if (behaviour === 'hang') return;
        const answer = () => res.writeHead(behaviour.status, { 'content-type': 'application/json' }).end(JSON.stringify({ answered: behaviour.status }));
        if (behaviour.delayMs) setTimeout(answer, behaviour.delayMs);
        else answer();
      });
    });
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((ok) => this.server?.close(ok));
  }
}
