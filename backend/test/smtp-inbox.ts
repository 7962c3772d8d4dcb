import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail as it reached the SMTP server: the envelope and the parsed message. */
export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  mail: ParsedMail;
  raw: string;
}

/**
 * A real SMTP server (the smtp-server package) on a local port, for tests: every accepted mail is
 * parsed with mailparser and kept in `received`. `down()` closes the port (connections refused),
 * `up()` opens the same port again; `refuseNext(code)` answers the next mails with an SMTP error.
 */
export class SmtpInbox {
  readonly received: ReceivedMail[] = [];
  private server: SMTPServer | null = null;
  private port = 0;
  private readonly refusals: number[] = [];

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async up(): Promise<string> {
    const server = new SMTPServer({
      // Plain SMTP on loopback: no STARTTLS (nodemailer would otherwise upgrade to a self-signed certificate) and no login.
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const refusal = this.refusals.shift();
          if (refusal) return callback(Object.assign(new Error(refusal >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: refusal }));
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((mail) => {
              const to = (session.envelope.rcptTo ?? []).map((r) => r.address);
              this.received.push({ envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to }, mail, raw });
              callback();
            })
            .catch((e: Error) => callback(e));
        });
      },
    });
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(this.port, '127.0.0.1', () => ok());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
    return this.url;
  }

  /** Closes the port: a send now meets a refused connection. */
  async down(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((ok) => s.close(() => ok()));
  }

  refuseNext(...codes: number[]): void {
    this.refusals.push(...codes);
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((r) => r.envelope.to.includes(address));
  }
}
