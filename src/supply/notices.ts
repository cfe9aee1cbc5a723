/**
 * The invitation and the reminders of supplier assessments, each sent once across every replica:
 * a row in `supply_notices` keyed by what the email is (`invite:<request>`, `due-soon:<request>`,
 * `overdue:<request>`, `expiry-soon:<assessment>`) is claimed before sending — only one process
 * wins the claim — and given back if the send fails, so a later round retries it. A crash between
 * claiming and sending loses that one email rather than risking a duplicate.
 *
 * A round (runOnce) walks the open requests and the assessments close to expiry:
 * - the invitation, when it has not gone out yet (the invite route tries at once; this retries);
 * - 7 days before the due date, and once it has passed, while the request is not fulfilled;
 * - 30 days before a submitted assessment expires, to the person who submitted it.
 * It also attaches requests to the supplier's organization once a user with the invited address
 * exists. With no SMTP server configured nothing is claimed.
 */
import type { Logger } from 'pino';
import type { HubConfig } from '../config.js';
import { getQuestionnaire } from '../assess/index.js';
import type { SupplyRequest } from '../store/supply-types.js';
import type { Store } from '../store/types.js';
import { dueEnd, requestState, supplierFacts } from './facts.js';
import { renderNotice, smtpSupplyMailer, type NoticeFacts, type NoticeKind, type SupplyMailSender } from './mail.js';

const DAY = 86_400_000;
export const DUE_SOON_DAYS = 7;
export const EXPIRY_SOON_DAYS = 30;

export interface SupplyNoticesOptions {
  store: Store;
  log: Pick<Logger, 'warn' | 'info'>;
  /** null: email is paused */
  mailer: SupplyMailSender | null;
  /** the portal's address, for links */
  baseUrl: string;
}

export class SupplyNotices {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: SupplyNoticesOptions) {}

  /** Send one request's invitation now (the invite route); false when it was sent already, or could not be. */
  async invite(r: SupplyRequest, now = new Date()): Promise<boolean> {
    const buyer = await this.o.store.identity.getOrganization({ id: r.buyerOrgId });
    return this.send(`invite:${r.id}`, 'invite', r.supplierEmail, {
      kind: 'invite', buyer: buyer?.name ?? '', level: levelTitle(r.questionnaireId, r.level), dueDate: r.dueDate, message: r.message,
      onHub: await this.onHub(r), link: `${this.o.baseUrl}/supply/inbox`,
    }, now);
  }

  /** Whether the addressee can sign in here (the email's wording); only the addressee learns it. */
  private async onHub(r: SupplyRequest): Promise<boolean> {
    if (r.supplierOrgId !== null) return true;
    const user = await this.o.store.identity.getUser({ email: r.supplierEmail });
    return user !== undefined && !user.disabled;
  }

  /** One round over every open request and the assessments about to expire; returns the keys sent. */
  async runOnce(now = new Date()): Promise<string[]> {
    if (!this.o.mailer) return [];
    const sent: string[] = [];
    const { store } = this.o;
    const open = await store.supply.listOpenRequests();
    const facts = await supplierFacts(store, open.flatMap((r) => (r.supplierOrgId ? [r.supplierOrgId] : [])));
    for (const r of open) {
      if (await this.invite(r, now)) sent.push(`invite:${r.id}`);
      const { fulfilled } = requestState(r, facts, now);
      if (fulfilled) continue;
      const end = dueEnd(r.dueDate).getTime();
      const stage: NoticeKind | null = now.getTime() > end ? 'overdue' : now.getTime() >= end - DUE_SOON_DAYS * DAY ? 'due-soon' : null;
      if (!stage) continue;
      const buyer = await store.identity.getOrganization({ id: r.buyerOrgId });
      const key = `${stage}:${r.id}`;
      const ok = await this.send(key, stage, r.supplierEmail, {
        kind: stage, buyer: buyer?.name ?? '', level: levelTitle(r.questionnaireId, r.level), dueDate: r.dueDate,
        onHub: await this.onHub(r), link: `${this.o.baseUrl}/supply/inbox`,
      }, now);
      if (ok) sent.push(key);
    }
    const expiring = await store.supply.listExpiring(now.toISOString(), new Date(now.getTime() + EXPIRY_SOON_DAYS * DAY).toISOString());
    for (const a of expiring) {
      const user = a.submittedBy ? await store.identity.getUser({ id: a.submittedBy }) : undefined;
      if (!user || user.disabled) continue;
      const key = `expiry-soon:${a.id}`;
      const ok = await this.send(key, 'expiry-soon', user.email, {
        kind: 'expiry-soon', level: levelTitle(a.questionnaireId, a.level), expiresAt: a.expiresAt!, onHub: true,
        link: `${this.o.baseUrl}/supply/assessments/${a.id}`,
      }, now);
      if (ok) sent.push(key);
    }
    return sent;
  }

  /** Rounds every `intervalMs` (default 10 minutes) until stop. */
  start(intervalMs = 600_000): void {
    const tick = () => {
      this.running = this.runOnce().catch((e: unknown) => this.o.log.warn({ err: e }, 'supply: reminder round failed'));
      void this.running.finally(() => {
        if (this.timer) this.timer = setTimeout(tick, intervalMs);
      });
    };
    this.timer = setTimeout(tick, 1000);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    await this.o.mailer?.close();
  }

  private async send(key: string, kind: NoticeKind, to: string, facts: NoticeFacts, now: Date): Promise<boolean> {
    const mailer = this.o.mailer;
    if (!mailer) return false;
    if (!(await this.o.store.supply.claimNotice(key, kind, to, now.toISOString()))) return false;
    try {
      await mailer.send({ to, ...renderNotice(facts) });
      return true;
    } catch (e) {
      await this.o.store.supply.releaseNotice(key);
      this.o.log.warn({ err: e, key }, 'supply: email not sent; it will be retried');
      return false;
    }
  }
}

function levelTitle(questionnaireId: string, level: string): { ja: string; en: string } {
  return getQuestionnaire(questionnaireId)?.levels?.find((l) => l.id === level)?.title ?? { ja: level, en: level };
}

/** The reminder rounds of a running hub (src/server/serve.ts): every 10 minutes, over the configured SMTP server. */
export function startSupplyReminders(ctx: { store: Store; config: HubConfig; log: Logger }, baseUrl: string, intervalMs?: number): SupplyNotices {
  const notices = new SupplyNotices({ store: ctx.store, log: ctx.log, baseUrl, mailer: smtpSupplyMailer(ctx.config) });
  notices.start(intervalMs);
  return notices;
}
