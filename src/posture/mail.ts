/**
 * Direct email of posture messages (survey invitations, board reports): the notify mailer's SMTP
 * settings and transport (src/notify/mailer.ts transportOptions, KYOJO_SMTP_*), without its
 * outbox — these messages carry their own once-only claim (board_report_sends) or are sent on
 * an operator's explicit action. Null when no SMTP server is configured.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { baseUrlOf, type HubConfig } from '../config.js';
import { defaultFrom } from '../notify/index.js';
import { transportOptions } from '../notify/mailer.js';

export interface PlainMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: Buffer | string; contentType: string }[];
}

export interface PostureMailer {
  send(m: PlainMail): Promise<void>;
  close(): void;
}

export type MailConfig = Pick<HubConfig, 'smtpUrl' | 'smtpFrom' | 'smtpRequireTls' | 'publicUrl' | 'host' | 'port'>;

export function postureMailer(config: MailConfig): PostureMailer | null {
  if (!config.smtpUrl) return null;
  const from = config.smtpFrom ?? defaultFrom(baseUrlOf(config));
  const transport: Transporter = nodemailer.createTransport(transportOptions({ url: config.smtpUrl, from, requireTls: config.smtpRequireTls, maxConnections: 2 }));
  return {
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, ...(m.html ? { html: m.html } : {}), ...(m.attachments ? { attachments: m.attachments } : {}) });
    },
    close() {
      transport.close();
    },
  };
}
