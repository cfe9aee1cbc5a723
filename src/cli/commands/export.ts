import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Command } from 'commander';
import type { Store } from '../../store/types.js';
import { type CliIO, line, withStore } from '../context.js';

async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function collectionIdsFor(store: Store, communitySlug: string | undefined, requireCommunity: (s: string) => Promise<{ id: string }>): Promise<string[] | undefined> {
  if (!communitySlug) return undefined;
  const community = await requireCommunity(communitySlug);
  return (await store.collections.listByCommunity(community.id)).map((c) => c.id);
}

export function registerExport(program: Command, io: CliIO): void {
  program
    .command('export')
    .description('write the latest version of every stored object as one STIX 2.1 bundle on stdout')
    .option('--community <slug>', 'only what was shared with this community')
    .option('--type <type...>', 'only these STIX types')
    .action(async (opts: { community?: string; type?: string[] }, cmd: Command) => {
      await withStore(cmd, io, async ({ store, identity }) => {
        const collectionIds = await collectionIdsFor(store, opts.community, (s) => identity.requireCommunity(s));
        // The same version can sit in several collections; a bundle carries it once.
        const seen = new Set<string>();
        let count = 0;
        await write(io.stdout, `{"type":"bundle","id":"bundle--${randomUUID()}","objects":[`);
        for await (const batch of store.objects.scan({ collectionIds, types: opts.type, batchSize: 1000 })) {
          const parts: string[] = [];
          for (const row of batch) {
            const key = `${row.id}\u0000${row.versionKey}`;
            if (seen.has(key)) continue;
            seen.add(key);
            parts.push(row.json);
          }
          if (parts.length === 0) continue;
          await write(io.stdout, (count > 0 ? ',' : '') + parts.join(','));
          count += parts.length;
        }
        await write(io.stdout, ']}\n');
        line(io.stderr, `exported ${count} objects`);
      });
    });
}
