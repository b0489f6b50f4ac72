/**
 * A real SMTP server for tests (smtp-server, mailparser) on a random local port: Keycloak delivers to it with the
 * realm's `smtpServer` settings, and a test awaits the next message to an address.
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One delivered message. */
export interface SinkMessage {
  /** Envelope recipients, lower-case. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  receivedAt: number;
}

interface Waiter {
  address: string;
  after: number;
  resolve: (message: SinkMessage) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** A running sink; {@link startSmtpSink} starts one. */
export interface SmtpSink {
  host: string;
  port: number;
  /** Every message received so far, oldest first. */
  readonly messages: readonly SinkMessage[];
  /**
   * The next message to `address` received after `after` (epoch ms; default: now), waiting up to `timeoutMs`. A
   * message that arrived before the call but after `after` counts.
   */
  nextMessage(address: string, options?: { after?: number; timeoutMs?: number }): Promise<SinkMessage>;
  /** The `smtpServer` block of a realm representation that delivers here. */
  realmSmtpServer(from?: string): Record<string, string>;
  stop(): Promise<void>;
}

/** Starts an SMTP sink on 127.0.0.1 and a random port. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const waiters = new Set<Waiter>();
  const deliver = (message: SinkMessage) => {
    messages.push(message);
    for (const waiter of waiters) {
      if (message.to.includes(waiter.address) && message.receivedAt >= waiter.after) {
        waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.resolve(message);
      }
    }
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase());
      const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      simpleParser(stream)
        .then((parsed: ParsedMail) => {
          deliver({
            to,
            from,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            receivedAt: Date.now(),
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    host: '127.0.0.1',
    port,
    messages,
    nextMessage(address, options = {}) {
      const wanted = address.toLowerCase();
      const after = options.after ?? Date.now();
      const arrived = messages.find((message) => message.to.includes(wanted) && message.receivedAt >= after);
      if (arrived) return Promise.resolve(arrived);
      const timeoutMs = options.timeoutMs ?? 15_000;
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          address: wanted,
          after,
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.delete(waiter);
            reject(new Error(`No message to ${address} within ${timeoutMs} ms`));
          }, timeoutMs),
        };
        waiters.add(waiter);
      });
    },
    realmSmtpServer(from = 'keyward@example.test') {
      return { host: '127.0.0.1', port: String(port), from, fromDisplayName: 'Keyward test', auth: 'false' };
    },
    async stop() {
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error('The SMTP sink stopped'));
      }
      waiters.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
