import { AppConfig } from '../core/config/app-config';
import { validateEnv } from '../core/config/env';
import { GraphStandIn } from '../webhooks/sandbox/graph-standin';
import { SmtpInbox } from '../../test/smtp-inbox';
import { describeChannelSenderContract } from './channel-sender.contract';
import { keyFromMessageId, KeptEmailSender, messageIdFor, SmtpEmailSender } from './email-sender';
import { WhatsAppSender } from './whatsapp-sender';

const config = (env: Record<string, string>) => ({ env: validateEnv(env) }) as AppConfig;
const emailRow = (key: string, text: string, recipient: string) => ({ id: key, recipient, kind: 'email' as const, payload: { text, email: { subject: 'Your home search' } }, idempotencyKey: key });

describeChannelSenderContract('WhatsAppSender', async () => {
  const graph = new GraphStandIn('page-token', 'wa-token');
  await graph.start();
  const port = new URL(graph.url).port;
  const sender = new WhatsAppSender(config({ META_GRAPH_URL: graph.url, WHATSAPP_TOKEN: 'wa-token', WHATSAPP_PHONE_NUMBER_ID: '106540352242922', META_GRAPH_TIMEOUT_MS: '2000' }));
  return {
    sender,
    row: (key, text, recipient) => ({ id: key, recipient, kind: 'text', payload: { text }, idempotencyKey: key }),
    recipient: (n) => `1206555${String(n).padStart(4, '0')}`,
    arrived: () => graph.phone.map((m) => ({ to: m.to, text: m.text, key: m.key ?? '' })),
    outage: { start: () => graph.stop(), end: async () => void (await graph.start(Number(port))) },
    close: () => graph.stop(),
  };
});

describeChannelSenderContract('SmtpEmailSender (a real SMTP server)', async () => {
  const inbox = new SmtpInbox();
  await inbox.up();
  const sender = new SmtpEmailSender(config({ SMTP_URL: inbox.url, MAIL_FROM: 'Openhouse Realty <hello@openhouse.example>' }));
  return {
    sender,
    row: emailRow,
    recipient: (n) => `lead${n}@example.com`,
    arrived: () => inbox.received.map((r) => ({ to: r.envelope.to.join(','), text: (r.mail.text ?? '').trim(), key: keyFromMessageId(r.mail.messageId ?? '') ?? '' })),
    outage: { start: () => inbox.down(), end: async () => void (await inbox.up()) },
    close: async () => {
      sender.onModuleDestroy();
      await inbox.down();
    },
  };
});

describeChannelSenderContract('KeptEmailSender (no SMTP_URL)', () =>
  Promise.resolve({ sender: new KeptEmailSender(config({})), row: emailRow, recipient: (n: number) => `lead${n}@example.com` }),
);

describe('email Message-IDs', () => {
  it('carry the idempotency key, are valid Message-IDs, and never coincide for different keys', () => {
    const keys = ['person:6f1d0c7e-1111-4222-8333-944455556666', 'person-6f1d', 'a.b', 'a..b', 'a=3Ab', 'clé:é'];
    const ids = keys.map((k) => messageIdFor(k, 'openhouse.example'));
    for (const id of ids) expect(id).toMatch(/^<[A-Za-z0-9_=-]+@openhouse\.example>$/);
    expect(new Set(ids).size).toBe(keys.length);
    expect(ids.map(keyFromMessageId)).toEqual(keys);
    expect(keyFromMessageId('<CAF=abc@mail.gmail.com>')).not.toBeNull(); // someone else's id decodes to junk, never throws
  });
});
