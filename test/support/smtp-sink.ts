/**
 * A real SMTP server for tests (smtp-server on a loopback port, messages parsed with mailparser):
 * what the hub's mailer sends arrives here. It can be stopped and started again on the same
 * port (an outage) and told to refuse recipients with a temporary or permanent reply.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  messageId: string;
  subject: string;
  text: string;
  html: string;
  /** header name (lower case) → value as text */
  headers: Map<string, string>;
  parsed: ParsedMail;
}

export type SinkMode = 'accept' | 'tempfail' | 'permfail';


export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  mode: SinkMode = 'accept';
  /** RCPT TO attempts refused (tempfail/permfail) */
  refused = 0;
  port = 0;
  private server: SMTPServer | null = null;

  /** Listens on `port` (0: any free one). */
  async start(port = this.port): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 50,
      size: 20 * 1024 * 1024,
      onRcptTo: (address, _session, cb) => {
        if (this.mode === 'accept') return cb();
        this.refused++;
        const err = Object.assign(new Error(this.mode === 'tempfail' ? 'Try again later' : 'No such user'), { responseCode: this.mode === 'tempfail' ? 451 : 550 });
        cb(err);
      },
      onData: (stream, session, cb) => {
        simpleParser(stream).then((parsed) => {
          const headers = new Map<string, string>();
          // the raw lines (unfolded): mailparser turns List-* headers into objects
          for (const h of parsed.headerLines) headers.set(h.key.toLowerCase(), h.line.slice(h.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
          this.mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            messageId: parsed.messageId ?? '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            headers,
            parsed,
          });
          cb();
        }, (e: Error) => cb(e));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const addr = server.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : port;
    this.server = server;
    return this;
  }

  /** Stops listening and drops open connections (the port can be listened on again). */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): ReceivedMail[] {
    return this.mails.filter((m) => m.to.includes(address));
  }
}

/** Waits until `check` returns a truthy value (polling); throws with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => T | Promise<T>, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
