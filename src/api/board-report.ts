/**
 * The board report (docs/api/posture.md "Board report"): its data as JSON, the report as one
 * self-contained HTML document under its own CSP (no scripts), as PDF (headless Chromium; 503
 * when no browser exists), and emailing it now to the organization's executives.
 */
import type { FastifyInstance } from 'fastify';
import { boardReportData } from '../board-report/data.js';
import { REPORT_CSP, renderBoardReport } from '../board-report/html.js';
import { emailBoardReportNow } from '../board-report/mail.js';
import { BrowserUnavailable, renderPdf } from '../board-report/pdf.js';
import { canEmailBoardReport } from '../policy/posture-access.js';
import { postureMailer } from '../posture/mail.js';
import type { HubContext } from '../server/context.js';
import { forbidden } from './input.js';
import { postureCall } from './posture-problems.js';
import { ProblemError } from './problem.js';
import { langOf } from './survey.js';

type LangQuery = { Querystring: { lang?: string } };

export function registerBoardReportRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.get<LangQuery>('/board-report/data', async (request) => postureCall(() => boardReportData(ctx.store, request.principal!, langOf(request))));

  app.get<LangQuery>('/board-report', async (request, reply) => {
    const data = await postureCall(() => boardReportData(ctx.store, request.principal!, langOf(request)));
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', REPORT_CSP)
      .header('cache-control', 'no-store')
      .send(renderBoardReport(data));
  });

  app.get<LangQuery>('/board-report.pdf', async (request, reply) => {
    const lang = langOf(request);
    const data = await postureCall(() => boardReportData(ctx.store, request.principal!, lang));
    let pdf: Buffer;
    try {
      pdf = await renderPdf(renderBoardReport(data));
    } catch (e) {
      if (!(e instanceof BrowserUnavailable)) throw e;
      throw new ProblemError({ title: 'Service unavailable', status: 503, detail: `The PDF cannot be rendered: ${e.message}.` });
    }
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="board-report-${data.organization.slug}-${data.month}-${lang}.pdf"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });

  app.post<LangQuery>('/board-report/email', async (request) => {
    const p = request.principal!;
    if (!canEmailBoardReport(p, p.org.id)) throw forbidden('The board report is emailed by your organization\'s admins and executives.');
    const sent = await postureCall(() => emailBoardReportNow({ store: ctx.store, identity: ctx.identity, mailer: () => postureMailer(ctx.config), log: ctx.log }, p, langOf(request)));
    if (sent === null) throw new ProblemError({ title: 'Service unavailable', status: 503, detail: 'No SMTP server is configured (KYOJO_SMTP_URL), so the report cannot be emailed; open or download it instead.' });
    request.log.info({ user: p.user.id, recipients: sent.length }, 'api: board report emailed');
    return { sent: sent.length, recipients: sent };
  });
}
