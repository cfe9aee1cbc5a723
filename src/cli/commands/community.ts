import type { Command } from 'commander';
import { type CliIO, line, withStore } from '../context.js';

export function registerCommunity(program: Command, io: CliIO): void {
  const community = program.command('community').description('communities (sharing venues; each is a TAXII API root)');
  community
    .command('add <slug>')
    .description('add a community and its default TAXII collection')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--kind <kind>', 'isac|isao|supply-chain|government|international')
    .option('--sector <sector>', 'the sector of an ISAC')
    .action(async (slug: string, opts: { name: string; kind: string; sector?: string }, cmd: Command) => {
      await withStore(cmd, io, async ({ identity }) => {
        const { community: c, collection } = await identity.addCommunity({ slug, ...opts });
        line(io.stderr, `community ${c.slug} added: API root /taxii2/${c.slug}/, collection ${collection.id}`);
      });
    });
  community
    .command('join <community> <org>')
    .description('make an organization a member of a community')
    .action(async (communitySlug: string, orgSlug: string, _o, cmd: Command) => {
      await withStore(cmd, io, async ({ identity }) => {
        await identity.joinCommunity(communitySlug, orgSlug);
        line(io.stderr, `${orgSlug} is a member of ${communitySlug}`);
      });
    });
  community
    .command('leave <community> <org>')
    .description('remove an organization from a community')
    .action(async (communitySlug: string, orgSlug: string, _o, cmd: Command) => {
      await withStore(cmd, io, async ({ identity }) => {
        await identity.leaveCommunity(communitySlug, orgSlug);
        line(io.stderr, `${orgSlug} left ${communitySlug}`);
      });
    });
  community
    .command('list')
    .description('list communities (tab-separated: slug, kind, sector, members, collection ids, name)')
    .action(async (_o, cmd: Command) => {
      await withStore(cmd, io, async ({ store }) => {
        for (const c of await store.identity.listCommunities()) {
          const members = await store.identity.membersOf(c.id);
          const collections = await store.collections.listByCommunity(c.id);
          line(io.stdout, [c.slug, c.kind, c.sector ?? '-', String(members.length), collections.map((x) => x.id).join(','), c.name].join('\t'));
        }
      });
    });
}
