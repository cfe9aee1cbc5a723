import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { TrustService } from '../../identity/trust.js';
import { CliError, type CliIO, line, withStore } from '../context.js';

export function registerTerms(program: Command, io: CliIO): void {
  const terms = program.command('terms').description('terms of use that conditions on shared information can require');
  terms
    .command('add <slug>')
    .description('add terms from a file; they never change afterwards (publish revisions under a new slug)')
    .requiredOption('--title <title>', 'title shown to users')
    .requiredOption('--file <file>', 'the terms text (Markdown, UTF-8)')
    .action(async (slug: string, opts: { title: string; file: string }, cmd: Command) => {
      let body: string;
      try {
        body = await readFile(opts.file, 'utf8');
      } catch (e) {
        throw new CliError(`cannot read terms file ${opts.file}: ${(e as Error).message}`);
      }
      await withStore(cmd, io, async ({ store }) => {
        const t = await new TrustService(store).addTerms(slug, opts.title, body);
        line(io.stderr, `terms ${t.slug} added (sha256 ${t.sha256})`);
      });
    });
  terms
    .command('accept <email> <slug>')
    .description('record that a user accepted terms (users can also accept them in the API and portal)')
    .action(async (email: string, slug: string, _o, cmd: Command) => {
      await withStore(cmd, io, async ({ store }) => {
        const fresh = await new TrustService(store).acceptTerms(email, slug);
        line(io.stderr, fresh ? `${email} accepted terms ${slug}` : `${email} had already accepted terms ${slug}`);
      });
    });
  terms
    .command('list')
    .description('list terms (tab-separated: slug, title, sha256, created)')
    .action(async (_o, cmd: Command) => {
      await withStore(cmd, io, async ({ store }) => {
        for (const t of await store.trust.listTerms()) line(io.stdout, [t.slug, t.title, t.sha256, t.createdAt].join('\t'));
      });
    });
}
