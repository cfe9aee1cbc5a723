/**
 * Emailing the board report to an organization's executive-tier members: monthly (once per
 * organization and month across all replicas: a board_report_sends row is claimed first and
 * given back when sending fails, so a later round retries) and on demand. Each recipient gets
 * the report built with their own viewer, so it never shows them a threat they may not see.
 */
import type { Lang } from '../assess/types.js';
import type { Principal } from '../identity/principal.js';
import type { IdentityService } from '../identity/service.js';
import { isBoardReportRecipient } from '../policy/posture-access.js';
import { auditPosture } from '../posture/audit.js';
import type { PostureMailer } from '../posture/mail.js';
import type { Store, User } from '../store/types.js';
import { boardReportData } from './data.js';
import { renderBoardReport } from './html.js';
import { BrowserUnavailable, renderPdf } from './pdf.js';
import { STRINGS } from './strings.js';

export interface ReportMailDeps {
  store: Store;
  identity: IdentityService;
  /** opens a mailer for one round; null when no SMTP server is configured */
  mailer: () => PostureMailer | null;
  log?: { warn(obj: unknown, msg: string): void; info(obj: unknown, msg: string): void };
  /** attach a PDF when a browser is available (default true) */
  pdf?: boolean;
}

async function sendTo(deps: ReportMailDeps, mailer: PostureMailer, user: User, lang: Lang, now: Date): Promise<boolean> {
  const p = await deps.identity.principalFor(user, null);
  if (!p) return false;
  const data = await boardReportData(deps.store, p, lang, now, 'email');
  const other: Lang = lang === 'ja' ? 'en' : 'ja';
  const html = renderBoardReport(data);
  const htmlOther = renderBoardReport({ ...data, lang: other });
  const attachments: { filename: string; content: Buffer | string; contentType: string }[] = [
    { filename: `board-report-${data.month}-${lang}.html`, content: html, contentType: 'text/html; charset=utf-8' },
    { filename: `board-report-${data.month}-${other}.html`, content: htmlOther, contentType: 'text/html; charset=utf-8' },
  ];
  if (deps.pdf !== false) {
    try {
      attachments.push({ filename: `board-report-${data.month}-${lang}.pdf`, content: await renderPdf(html), contentType: 'application/pdf' });
    } catch (e) {
      if (!(e instanceof BrowserUnavailable)) throw e;
    }
  }
  const ja = STRINGS.ja;
  const en = STRINGS.en;
  const scores = data.posture.map((x) => `- ${x.questionnaire.title.ja} / ${x.questionnaire.title.en}: ${x.score}`).join('\n') || '-';
  await mailer.send({
    to: user.email,
    subject: `[Kyojo] ${ja.title} ${ja.period(data.month)} / ${en.title}, ${en.period(data.month)} — ${data.organization.name}`,
    text: [`${data.organization.name}`, '', scores, '', `${ja.gapsTitle}: ${data.gaps.length} / ${en.gapsTitle}: ${data.gaps.length}`,
      '', '添付の報告書をご覧ください。 / The report is attached.'].join('\n'),
    html,
    attachments,
  });
  return true;
}

/** The enabled executive-tier members of an organization. */
export async function recipientsOf(store: Store, orgId: string): Promise<User[]> {
  return (await store.identity.listUsers(orgId)).filter((u) => isBoardReportRecipient(u, orgId));
}

/** On demand (POST /board-report/email): sends now to the organization's executives; no monthly claim. */
export async function emailBoardReportNow(deps: ReportMailDeps, p: Principal, lang: Lang, now = new Date()): Promise<string[] | null> {
  const mailer = deps.mailer();
  if (!mailer) return null;
  try {
    const sent: string[] = [];
    for (const u of await recipientsOf(deps.store, p.org.id)) if (await sendTo(deps, mailer, u, lang, now)) sent.push(u.email);
    await auditPosture(deps.store, p, 'board-report.email', p.org.slug, { recipients: sent.length }, now.toISOString());
    return sent;
  } finally {
    mailer.close();
  }
}

/**
 * One monthly round: every organization with executive-tier members and at least one submitted
 * assessment gets this month's report once. Returns how many organizations were sent to.
 */
export async function monthlyBoardReports(deps: ReportMailDeps, lang: Lang, now = new Date()): Promise<number> {
  const mailer = deps.mailer();
  if (!mailer) return 0;
  const month = now.toISOString().slice(0, 7);
  let orgsSent = 0;
  try {
    for (const org of await deps.store.identity.listOrganizations()) {
      const recipients = await recipientsOf(deps.store, org.id);
      if (recipients.length === 0) continue;
      if (!(await deps.store.posture.listAssessments(org.id)).some((a) => a.status === 'submitted')) continue;
      if (!(await deps.store.posture.claimBoardReport(org.id, month, now.toISOString()))) continue;
      try {
        for (const u of recipients) await sendTo(deps, mailer, u, lang, now);
        orgsSent++;
        deps.log?.info({ org: org.slug, month, recipients: recipients.length }, 'board report: monthly email sent');
      } catch (err) {
        await deps.store.posture.releaseBoardReport(org.id, month);
        deps.log?.warn({ err, org: org.slug, month }, 'board report: monthly email failed; a later round retries');
      }
    }
  } finally {
    mailer.close();
  }
  return orgsSent;
}

/** Runs a monthly round now and then every `intervalMs` (default an hour); returns a stop function. */
export function startMonthlyBoardReports(deps: ReportMailDeps, opts: { lang?: Lang; intervalMs?: number } = {}): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    running = monthlyBoardReports(deps, opts.lang ?? 'ja').catch((err: unknown) => deps.log?.warn({ err }, 'board report: monthly round failed'));
  };
  const timer = setInterval(tick, opts.intervalMs ?? 3_600_000);
  timer.unref();
  tick();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
