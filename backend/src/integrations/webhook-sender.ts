import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { hostOf, isPrivateAddress, Resolver, systemResolver } from './url-guard';

export interface WebhookRequest {
  url: string;
  secret: string;
  /** The Standard Webhooks message id (`webhook-id`): the event's id, the same on every attempt. */
  messageId: string;
  body: string;
  allowPrivate: boolean;
  timeoutMs: number;
}

export interface WebhookOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  responseExcerpt: string | null;
}

const EXCERPT_CHARS = 1000;

/** Thrown from the connection's lookup: the host resolved to an address it may not reach. */
class RefusedAddress extends Error {}

/**
 * Signs and POSTs one webhook (Standard Webhooks: `webhook-id`, `webhook-timestamp`,
 * `webhook-signature` over `id.timestamp.body`, signed by the `standardwebhooks` library) and
 * reports what happened; it never throws. node:http rather than fetch, because only its `lookup`
 * hook lets the guard see the very address the socket connects to (no gap for DNS rebinding).
 * Redirects are not followed.
 */
export class WebhookSender {
  constructor(private readonly resolve: Resolver = systemResolver) {}

  async send(req: WebhookRequest): Promise<WebhookOutcome> {
    const started = performance.now();
    const done = (o: Omit<WebhookOutcome, 'latencyMs'>): WebhookOutcome => ({ ...o, latencyMs: Math.round(performance.now() - started) });
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return done({ ok: false, statusCode: null, error: 'The address is not a valid web address', responseExcerpt: null });
    }
    const host = hostOf(url);
    if (!req.allowPrivate && isIP(host) && isPrivateAddress(host)) {
      return done({ ok: false, statusCode: null, error: `Refused: ${host} is a private, loopback or reserved address`, responseExcerpt: null });
    }
    const timestamp = new Date();
    const signature = new Webhook(req.secret).sign(req.messageId, timestamp, req.body);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Openhouse-Webhooks/1',
      'webhook-id': req.messageId,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
      'content-length': String(Buffer.byteLength(req.body)),
    };
    const lookup: LookupFunction = (hostname, options, callback) => {
      this.resolve(hostname).then(
        (addrs) => {
          const allowed = req.allowPrivate ? addrs : addrs.filter((a) => !isPrivateAddress(a));
          if (!allowed.length || allowed.length !== addrs.length) {
            callback(new RefusedAddress(`Refused: ${hostname} resolves to a private, loopback or reserved address`), '', 4);
            return;
          }
          if (options.all) callback(null, allowed.map((a) => ({ address: a, family: isIP(a) })));
          else callback(null, allowed[0], isIP(allowed[0]));
        },
        (err: Error) => callback(err as NodeJS.ErrnoException, '', 4),
      );
    };
    const signal = AbortSignal.timeout(req.timeoutMs);
    try {
      const res = await new Promise<IncomingMessage>((ok, fail) => {
        const r = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method: 'POST', headers, lookup, signal, agent: false }, ok);
        r.on('error', fail);
        r.end(req.body);
      });
      const excerpt = await readExcerpt(res, signal);
      const code = res.statusCode ?? 0;
      const ok = code >= 200 && code < 300;
      return done({ ok, statusCode: code, error: ok ? null : `The receiver answered ${code}`, responseExcerpt: excerpt });
    } catch (e) {
      const err = e as Error & { code?: string };
      const message =
        e instanceof RefusedAddress
          ? e.message
          : signal.aborted
            ? `No answer within ${req.timeoutMs} ms`
            : err.code === 'ENOTFOUND'
              ? `${host} could not be found (DNS)`
              : `Could not connect: ${err.code ?? err.message}`;
      return done({ ok: false, statusCode: null, error: message.slice(0, 500), responseExcerpt: null });
    }
  }
}

/** The first characters of the answer; the rest is not read (a receiver can answer with anything). */
async function readExcerpt(res: IncomingMessage, signal: AbortSignal): Promise<string | null> {
  let text = '';
  try {
    for await (const chunk of res) {
      text += (chunk as Buffer).toString('utf8');
      if (text.length >= EXCERPT_CHARS || signal.aborted) break;
    }
  } catch {
    // A body cut short (timeout, reset) still leaves the status code, which is what counts.
  } finally {
    res.destroy();
  }
  return text ? text.slice(0, EXCERPT_CHARS) : null;
}
