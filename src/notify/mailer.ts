/**
 * Email delivery (docs/notify.md "Sending"): claims due email messages, re-reads their items
 * through the recipient's predicate now (a version narrowed after queueing is not sent),
 * renders them in the subscription's language (templates/mail.ts) and sends them with
 * nodemailer over the configured SMTP server. Without one (KYOJO_SMTP_URL unset) the channel is
 * paused: messages wait in the outbox and `paused` says why.
 *
 * Headers: `List-Id: Kyojo <kyojo.HOST>`, `List-Unsubscribe: <…/api/v1/unsubscribe/TOKEN>` and
 * `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 2919, RFC 8058), and a `Message-ID`
 * made from the outbox id, so a resend after a crash between the server's acceptance and
 * `markSent` carries the same id. An SMTP 5xx reply is permanent (failed for good); anything
 * else (no connection, 4xx, timeouts, authentication) is retried with backoff.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { OutboxMessage } from '../store/notify-types.js';
import { parsePayload } from './payload.js';
import type { SendRound } from './send-round.js';
import { OutboxSender, type Outcome, type SenderOptions } from './sender.js';
import { renderMail } from './templates/mail.js';

export interface SmtpSettings {
  /** smtp://[user:pass@]host[:port] (STARTTLS when offered) or smtps:// (implicit TLS) */
  url: string;
  from: string;
  /** refuse to send unless STARTTLS succeeds (smtp://) */
  requireTls: boolean;
  /** extra TLS options (tests: a self-signed certificate) */
  tls?: { rejectUnauthorized?: boolean };
  /** pooled connections; default 4 */
  maxConnections?: number;
}

export interface MailerOptions extends Omit<SenderOptions, 'channel'> {
  /** null: the email channel is paused */
  smtp: SmtpSettings | null;
  unsubscribeUrl(subscriptionId: string): string;
}

/** nodemailer's transport options from the settings. */
export function transportOptions(s: SmtpSettings): SMTPPool.Options {
  const u = new URL(s.url);
  const secure = u.protocol === 'smtps:';
  return {
    pool: true,
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    requireTLS: !secure && s.requireTls,
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
    maxConnections: s.maxConnections ?? 4,
    maxMessages: Infinity,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    ...(s.tls ? { tls: s.tls } : {}),
  };
}

/** Whether an SMTP failure is permanent: a 5xx reply (never an authentication failure: that is the hub's configuration). */
export function isPermanent(e: unknown): boolean {
  const err = e as { responseCode?: number; code?: string };
  return typeof err.responseCode === 'number' && err.responseCode >= 500 && err.responseCode < 600 && err.code !== 'EAUTH';
}

const EMAIL_PAUSED = 'paused: no SMTP server is configured (KYOJO_SMTP_URL); email waits in the outbox';

export class Mailer extends OutboxSender {
  private transport: Transporter | null = null;
  private readonly host: string;

  constructor(private readonly mail: MailerOptions) {
    super({ ...mail, channel: 'email' });
    this.host = new URL(mail.baseUrl).hostname.replace(/^\[|\]$/g, '') || 'localhost';
  }

  get paused(): string | null {
    return this.mail.smtp === null ? EMAIL_PAUSED : null;
  }

  private transporter(): Transporter {
    if (!this.transport) this.transport = nodemailer.createTransport(transportOptions(this.mail.smtp!));
    return this.transport;
  }

  protected override async close(): Promise<void> {
    this.transport?.close();
    this.transport = null;
  }

  /** `<outbox id>@kyojo.HOST`: one id per outbox message, the same on a resend. */
  messageIdOf(outboxId: string): string {
    return `<${outboxId}@kyojo.${this.host}>`;
  }

  protected async attempt(msg: OutboxMessage, round: SendRound): Promise<Outcome> {
    const payload = parsePayload(msg.payload);
    if (!payload) return { ok: false, error: 'the message payload is unreadable', permanent: true };
    const sub = round.subscription(msg.subscriptionId);
    if (!sub) return { ok: true, skipped: 'the subscription is disabled or gone' };
    const who = await round.viewer(sub, round.needsTrust(payload.items));
    if (!who) return { ok: true, skipped: 'the subscriber is disabled or gone' };
    const to = who.user ? who.user.email : (sub.email ?? msg.recipient);
    const items = round.items(who.viewer, payload.items, 'email');
    if (items.length === 0) return { ok: true, skipped: 'no item is still visible to the recipient' };
    const unsubscribe = this.mail.unsubscribeUrl(sub.id);
    const rendered = renderMail({
      language: sub.language,
      kind: payload.kind,
      ...(payload.digest ? { digest: payload.digest } : {}),
      items,
      subscriptionName: sub.name,
      unsubscribeUrl: unsubscribe,
    });
    try {
      await this.transporter().sendMail({
        from: this.mail.smtp!.from,
        to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId: this.messageIdOf(msg.id),
        headers: {
          'List-Id': `Kyojo <kyojo.${this.host}>`,
          'List-Unsubscribe': `<${unsubscribe}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'Auto-Submitted': 'auto-generated',
          'X-Kyojo-TLP': rendered.tlp.toUpperCase(),
        },
      });
      return { ok: true };
    } catch (e) {
      const err = e as Error & { responseCode?: number; code?: string; response?: string };
      const what = err.response ?? err.message;
      return { ok: false, error: `SMTP${err.responseCode ? ` ${err.responseCode}` : ''}: ${what}`, permanent: isPermanent(err) };
    }
  }
}
