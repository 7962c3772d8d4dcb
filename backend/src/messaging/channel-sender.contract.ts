import { ChannelSender, OutboundRow, SendError } from './channel-sender';

/** What reached the far end of a channel (a phone, a mail server), as the lead would get it. */
export interface Arrived {
  to: string;
  text: string;
  /** The idempotency key the message carried (WhatsApp's callback data, the email's Message-ID). */
  key: string;
}

export interface ChannelSenderHarness {
  sender: ChannelSender;
  /** An outbox row for this channel to `recipient` (a row of the channel's own kind). */
  row(key: string, text: string, recipient: string): OutboundRow;
  /** A recipient address of the channel's kind; `n` makes distinct ones. */
  recipient(n: number): string;
  /** Senders that hand messages on: what reached the far end so far. */
  arrived?: () => Arrived[];
  /** Senders that hand messages on: the far end is unreachable until `end()`. */
  outage?: { start(): Promise<void>; end(): Promise<void> };
  close?(): Promise<void>;
}

/**
 * The contract every ChannelSender passes (WhatsApp, SMTP email, kept email). Usage:
 *   describeChannelSenderContract('SmtpEmailSender', async () => ({ sender, row, recipient, arrived, outage }));
 * A sender in `send` mode must bring `arrived` and `outage`; a `keep` sender hands nothing on.
 */
export function describeChannelSenderContract(name: string, make: () => Promise<ChannelSenderHarness>): void {
  describe(`${name} (ChannelSender contract)`, () => {
    let h: ChannelSenderHarness;
    beforeAll(async () => {
      h = await make();
    });
    afterAll(async () => {
      await h?.close?.();
    });

    it('names its channel and mode', () => {
      expect(['whatsapp', 'email']).toContain(h.sender.channel);
      expect(['send', 'keep']).toContain(h.sender.mode);
      if (h.sender.mode === 'send') expect(h.arrived && h.outage).toBeTruthy();
    });

    it('returns the channel’s id for a message: non-empty, storable, different for different messages', async () => {
      const a = await h.sender.send(h.row('contract-id-a', 'First message', h.recipient(1)));
      const b = await h.sender.send(h.row('contract-id-b', 'Second message', h.recipient(1)));
      for (const id of [a, b]) {
        expect(id).toMatch(/\S/);
        expect(id.length).toBeLessThanOrEqual(200);
      }
      expect(a).not.toBe(b);
    });

    it('a retried send of the same row is recognisable as the same message', async () => {
      const row = h.row('contract-retry-1', 'Are you free on Saturday?', h.recipient(2));
      const first = await h.sender.send(row);
      const second = await h.sender.send(row);
      if (h.sender.mode === 'keep') expect(second).toBe(first);
      else {
        const got = h.arrived!().filter((m) => m.to === h.recipient(2));
        expect(got).toHaveLength(2);
        expect(new Set(got.map((m) => m.key))).toEqual(new Set(['contract-retry-1']));
      }
    });

    it('what arrives is what the lead reads, at the lead’s address, once per send', async () => {
      const before = h.arrived?.().length ?? 0;
      await h.sender.send(h.row('contract-text-1', 'The Ballard condo has two parking spaces.', h.recipient(3)));
      if (h.sender.mode === 'keep') return expect(h.arrived?.() ?? []).toHaveLength(0); // nothing leaves the machine
      const arrived = h.arrived!();
      expect(arrived).toHaveLength(before + 1);
      expect(arrived.at(-1)).toEqual({ to: h.recipient(3), text: 'The Ballard condo has two parking spaces.', key: 'contract-text-1' });
    });

    it('an unreachable channel is a SendError to retry, and nothing arrives; once it is back the same row goes through', async () => {
      if (!h.outage) return expect(h.sender.mode).toBe('keep'); // a keep sender has no far end to lose
      const row = h.row('contract-outage-1', 'Still interested?', h.recipient(4));
      await h.outage.start();
      let error: unknown = null;
      try {
        await h.sender.send(row);
      } catch (e) {
        error = e;
      } finally {
        await h.outage.end();
      }
      expect(error).toBeInstanceOf(SendError);
      expect((error as SendError).retry).toBe(true);
      expect(h.arrived!().filter((m) => m.to === h.recipient(4))).toHaveLength(0);
      await h.sender.send(row);
      expect(h.arrived!().filter((m) => m.to === h.recipient(4))).toHaveLength(1);
    });
  });
}
