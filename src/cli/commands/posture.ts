/**
 * `kyojo questionnaires` and `kyojo board-report`: the shipped questionnaires, and an
 * organization's board report rendered from the command line as HTML or PDF, as one member sees
 * it (`--as EMAIL`: the threats listed are those that member may see; the policy decides).
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { listQuestionnaires, type Lang } from '../../assess/index.js';
import { boardReportData } from '../../board-report/data.js';
import { renderBoardReport } from '../../board-report/html.js';
import { BrowserUnavailable, renderPdf } from '../../board-report/pdf.js';
import { CliError, type CliIO, actingUser, line, withStore } from '../context.js';

export function registerPosture(program: Command, io: CliIO): void {
  program
    .command('questionnaires')
    .description('list the shipped questionnaires (id, version, kind, title)')
    .action(() => {
      for (const q of listQuestionnaires()) line(io.stdout, [q.id, `v${q.version}`, q.kind, q.title.en, q.title.ja].join('\t'));
    });

  program
    .command('board-report')
    .description("render an organization's board report as its member EMAIL sees it: HTML (default) or PDF (--out FILE.pdf, needs Chromium)")
    .requiredOption('--as <email>', 'the member whose view it is (its organization, and the threats it may see)')
    .option('--lang <lang>', 'ja or en', 'ja')
    .option('--out <file>', 'write to FILE (.pdf: PDF, else HTML); default: HTML on stdout')
    .action(async (opts: { as: string; lang: string; out?: string }, cmd: Command) => {
      if (opts.lang !== 'ja' && opts.lang !== 'en') throw new CliError(`--lang must be ja or en, not '${opts.lang}'`);
      const lang: Lang = opts.lang;
      await withStore(cmd, io, async (ctx) => {
        const p = await actingUser(ctx, opts.as, 'render the board report');
        const html = renderBoardReport(await boardReportData(ctx.store, p, lang));
        if (!opts.out) {
          io.stdout.write(html);
          return;
        }
        if (opts.out.toLowerCase().endsWith('.pdf')) {
          try {
            writeFileSync(opts.out, await renderPdf(html));
          } catch (e) {
            if (e instanceof BrowserUnavailable) throw new CliError(`cannot render a PDF: ${e.message}`);
            throw e;
          }
        } else writeFileSync(opts.out, html);
        line(io.stderr, `board report of ${p.org.slug} (${lang}) written to ${opts.out}`);
      });
    });
}
