import type { OutboxChannel, OutboxMessageEntity } from './outbox.entity';

/** What a sender needs of an outbox row. */
export type OutboundRow = Pick<OutboxMessageEntity, 'id' | 'recipient' | 'kind' | 'payload' | 'idempotencyKey'>;

/**
 * The port every channel adapter implements (WhatsApp Cloud API, SMTP, the kept-mail default).
 * MessagingService is its only caller: rows reach a sender only after the send-policy gate and
 * the outbox. The contract every adapter passes is `channel-sender.contract.ts`.
 */
export interface ChannelSender {
  readonly channel: OutboxChannel;
  /**
   * `send`: the message leaves the product. `keep`: the zero-setup default for a channel with no
   * server configured: the message stays in the outbox for people to read (status `kept`).
   */
  readonly mode: 'send' | 'keep';
  /**
   * Sends one row and returns the channel's id for it (a WhatsApp wamid, an email Message-ID).
   * The row's idempotency key travels with the message, so a retried send is recognisable.
   * Throws a `SendError` (`retry` says whether a later attempt may succeed).
   */
  send(row: OutboundRow): Promise<string>;
}

/** Nest token for the list of senders (one per channel). */
export const CHANNEL_SENDERS = Symbol('CHANNEL_SENDERS');

/**
 * A send the channel did not accept. `retry`: try again later (server error, timeout, rate limit,
 * expired token once it is renewed); otherwise the message can never go as it is (outside the
 * 24-hour window, undeliverable number, a request Graph refuses).
 */
export class SendError extends Error {
  constructor(
    readonly code: string,
    readonly title: string,
    readonly retry: boolean,
    /** A longer wait before the next attempt (rate limits). */
    readonly slowDown = false,
    /** No answer: WhatsApp may have taken the message. Not sent again before its status has had time to arrive. */
    readonly inDoubt = false,
  ) {
    super(title);
  }
}
