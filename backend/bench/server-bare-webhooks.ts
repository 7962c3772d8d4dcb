import Fastify from 'fastify';
import { Pool } from 'pg';
import { preparedQuery } from '../src/core/database/prepared';
import { checkMetaSignature } from '../src/webhooks/meta-signature';
import { parseDelivery, whatsAppEvents } from '../src/webhooks/meta-payloads';
import { WebhookProvider } from '../src/webhooks/webhook-event.entity';
import { INSERT_DELIVERY, insertDeliveryParams } from '../src/webhooks/webhooks.repository';

/**
 * The webhook baseline: plain Fastify + pg doing the same work a delivery needs before its 200 —
 * the HMAC check on the raw bytes, splitting the events, and the same one-statement insert — with
 * no Nest, guards, rate limit, logging or enqueue. What the real route costs is the gap to this.
 */
async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE ?? 10) });
  const query = preparedQuery(pool);
  const secret = process.env.META_APP_SECRET ?? '';
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.post('/api/webhooks/whatsapp', async (req, reply) => {
    const raw = req.body as Buffer;
    if (checkMetaSignature(secret, raw, req.headers['x-hub-signature-256']) !== 'ok') return reply.code(401).send({ statusCode: 401 });
    const events = whatsAppEvents(parseDelivery(raw));
    const rows = await query<unknown[]>(INSERT_DELIVERY, insertDeliveryParams(WebhookProvider.WhatsApp, raw, events));
    return { received: events.length, duplicates: events.length - rows.length };
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  process.send?.('ready');
}

void main();
