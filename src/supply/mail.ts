/**
 * Supply-chain email: the invitation and the reminders, plain text in Japanese then English (the
 * recipient may not be on the hub yet, so its language is unknown). Sent over the hub's SMTP
 * server with the notify mailer's transport settings (src/posture/mail.ts); without one
 * (KYOJO_SMTP_URL unset) nothing is sent and nothing is marked sent, so a later round sends it.
 */
import type { HubConfig } from '../config.js';
import { postureMailer, type PostureMailer } from '../posture/mail.js';

export interface SupplyMail {
  to: string;
  subject: string;
  text: string;
}

export interface SupplyMailSender {
  send(m: SupplyMail): Promise<void>;
  close(): Promise<void>;
}

/**
 * A sender over the configured SMTP server (posture's direct mailer, opened at the first send
 * and kept until close), or null when email is paused.
 */
export function smtpSupplyMailer(config: HubConfig): SupplyMailSender | null {
  if (!config.smtpUrl) return null;
  let mailer: PostureMailer | null = null;
  return {
    async send(m) {
      mailer ??= postureMailer(config);
      await mailer!.send(m);
    },
    async close() {
      mailer?.close();
      mailer = null;
    },
  };
}

export type NoticeKind = 'invite' | 'due-soon' | 'overdue' | 'expiry-soon';

export interface NoticeFacts {
  kind: NoticeKind;
  /** the buyer's name (invite, due-soon, overdue) */
  buyer?: string;
  level: { ja: string; en: string };
  dueDate?: string;
  expiresAt?: string;
  /** the buyer's note, quoted as it was written */
  message?: string | null;
  /** whether the recipient's organization is on the hub already */
  onHub: boolean;
  /** the portal page to open */
  link: string;
}

const quote = (s: string): string => s.split(/\r?\n/).map((l) => `> ${l}`).join('\n');

export function renderNotice(f: NoticeFacts): { subject: string; text: string } {
  const day = f.expiresAt?.slice(0, 10);
  const ja: Record<NoticeKind, [string, string]> = {
    'invite': [`${f.buyer} からサプライチェーン評価の依頼が届いています`,
      `${f.buyer} から、Kyojo を通じてサプライチェーン・セキュリティ評価（${f.level.ja}）への回答依頼が届いています。回答期限は ${f.dueDate} です。`],
    'due-soon': [`サプライチェーン評価の回答期限が近づいています（${f.dueDate}）`,
      `${f.buyer} から依頼されたサプライチェーン・セキュリティ評価（${f.level.ja}）の回答期限は ${f.dueDate} です。まだ回答が共有されていません。`],
    'overdue': [`サプライチェーン評価の回答期限を過ぎています（${f.dueDate}）`,
      `${f.buyer} から依頼されたサプライチェーン・セキュリティ評価（${f.level.ja}）は、回答期限 ${f.dueDate} を過ぎましたが、まだ回答が共有されていません。`],
    'expiry-soon': [`サプライチェーン評価の有効期限が近づいています（${day}）`,
      `貴社が提出したサプライチェーン・セキュリティ評価（${f.level.ja}）は ${day} に有効期限を迎えます。取引先への共有を続けるには、新しい評価を提出してください。`],
  };
  const en: Record<NoticeKind, [string, string]> = {
    'invite': [`${f.buyer} asks you for a supply-chain assessment`,
      `${f.buyer} asks you, through Kyojo, to answer a supply-chain security assessment (${f.level.en}) by ${f.dueDate}.`],
    'due-soon': [`Supply-chain assessment due on ${f.dueDate}`,
      `The supply-chain security assessment (${f.level.en}) ${f.buyer} asked you for is due on ${f.dueDate}, and no answer has been shared yet.`],
    'overdue': [`Supply-chain assessment overdue since ${f.dueDate}`,
      `The supply-chain security assessment (${f.level.en}) ${f.buyer} asked you for was due on ${f.dueDate}, and no answer has been shared yet.`],
    'expiry-soon': [`Your supply-chain assessment expires on ${day}`,
      `The supply-chain security assessment (${f.level.en}) your organization submitted expires on ${day}. Submit a new one to keep your customers informed.`],
  };
  const joinJa = f.onHub
    ? `ポータルで依頼を開いてください: ${f.link}`
    : `貴社はまだ Kyojo に登録されていません。このメールアドレスで利用者登録をするよう、ハブの運営者に依頼してください。登録後にサインインすると、この依頼が表示されます: ${f.link}`;
  const joinEn = f.onHub
    ? `Open the request in the portal: ${f.link}`
    : `Your organization is not on Kyojo yet: ask the hub's operators to register you with this email address. Once you sign in, the request is waiting for you: ${f.link}`;
  const note = f.message && f.kind === 'invite' ? `\n\n${quote(f.message)}` : '';
  const text = [
    `${ja[f.kind][1]}${note}\n\n${joinJa}`,
    '----',
    `${en[f.kind][1]}${note}\n\n${joinEn}`,
    '----',
    'Kyojo — このメールは送信専用です / this message was sent automatically.',
  ].join('\n\n');
  return { subject: `[Kyojo] ${ja[f.kind][0]} / ${en[f.kind][0]}`, text };
}
