import type { Command } from 'commander';
import { type CliIO, line, withStore } from '../context.js';

export function registerOrg(program: Command, io: CliIO): void {
  const org = program.command('org').description('organizations');
  org
    .command('add <slug>')
    .description('add an organization')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--kind <kind>', 'company|sme|government|isac|vendor|research')
    .requiredOption('--sector <sector>', 'finance, ict, energy, transport, healthcare, ...')
    .option('--country <cc>', 'ISO 3166-1 alpha-2 country code')
    .action(async (slug: string, opts: { name: string; kind: string; sector: string; country?: string }, cmd: Command) => {
      await withStore(cmd, io, async ({ identity }) => {
        const o = await identity.addOrganization({ slug, ...opts });
        line(io.stderr, `organization ${o.slug} added`);
      });
    });
  org
    .command('list')
    .description('list organizations (tab-separated: slug, kind, sector, country, name)')
    .action(async (_o, cmd: Command) => {
      await withStore(cmd, io, async ({ store }) => {
        for (const o of await store.identity.listOrganizations()) {
          line(io.stdout, [o.slug, o.kind, o.sector, o.country ?? '-', o.name].join('\t'));
        }
      });
    });
}
