import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { WebhookSender } from './webhook-sender';

const SECRET = `whsec_${Buffer.from('a-test-secret-of-enough-bytes-123').toString('base64')}`;

describe('WebhookSender (a real HTTP receiver)', () => {
  let server: Server;
  let port: number;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        if (req.url === '/hang') return; // never answers
        res.writeHead(req.url === '/fail' ? 503 : 200, { 'content-type': 'text/plain' }).end(req.url === '/fail' ? 'x'.repeat(5000) : 'thanks');
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  });

  beforeEach(() => (received.length = 0));

  const request = (path: string, over: Partial<Parameters<WebhookSender['send']>[0]> = {}) => ({
    url: `http://127.0.0.1:${port}${path}`,
    secret: SECRET,
    messageId: 'evt_1',
    body: '{"type":"lead.created","timestamp":"2026-12-04T10:00:00.000Z","data":{"leadId":"l1"}}',
    allowPrivate: true,
    timeoutMs: 2000,
    ...over,
  });

  it('signs with Standard Webhooks: the receiver verifies the body with the secret', async () => {
    const outcome = await new WebhookSender().send(request('/ok'));
    expect(outcome).toMatchObject({ ok: true, statusCode: 200, error: null, responseExcerpt: 'thanks' });
    const [got] = received;
    expect(got.headers['webhook-id']).toBe('evt_1');
    expect(new Webhook(SECRET).verify(got.body, got.headers as Record<string, string>)).toEqual({ type: 'lead.created', timestamp: '2026-12-04T10:00:00.000Z', data: { leadId: 'l1' } });
    expect(() => new Webhook(SECRET).verify(got.body.replace('l1', 'l2'), got.headers as Record<string, string>)).toThrow();
  });

  it('a failing answer is reported with its code and the start of its body', async () => {
    const outcome = await new WebhookSender().send(request('/fail'));
    expect(outcome).toMatchObject({ ok: false, statusCode: 503, error: 'The receiver answered 503' });
    expect(outcome.responseExcerpt).toHaveLength(1000);
  });

  it('a receiver that never answers times out', async () => {
    const outcome = await new WebhookSender().send(request('/hang', { timeoutMs: 300 }));
    expect(outcome).toMatchObject({ ok: false, statusCode: null, error: 'No answer within 300 ms' });
  });

  it('a name that now resolves to loopback (DNS rebinding) is refused at send time, before connecting', async () => {
    const rebinding = new WebhookSender(() => Promise.resolve(['127.0.0.1']));
    const outcome = await rebinding.send(request('/ok', { url: `http://hooks.partner.example:${port}/ok`, allowPrivate: false }));
    expect(outcome).toMatchObject({ ok: false, statusCode: null });
    expect(outcome.error).toMatch(/Refused: hooks\.partner\.example resolves to a private/);
    expect(received).toHaveLength(0);
  });

  it('a private address literal is refused without allow-private', async () => {
    const outcome = await new WebhookSender().send(request('/ok', { allowPrivate: false }));
    expect(outcome.error).toMatch(/Refused: 127\.0\.0\.1/);
    expect(received).toHaveLength(0);
  });

  it('with allow-private, the same name reaching loopback is sent', async () => {
    const resolver = new WebhookSender(() => Promise.resolve(['127.0.0.1']));
    expect(await resolver.send(request('/ok', { url: `http://hooks.partner.example:${port}/ok`, allowPrivate: true }))).toMatchObject({ ok: true });
  });
});
