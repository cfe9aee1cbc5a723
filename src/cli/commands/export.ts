import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Command } from 'commander';
import { TrustService } from '../../identity/trust.js';
import { attributionHiddenStored, communityKey, predicateFor } from '../../policy/predicate.js';
import { userViewer } from '../../policy/viewer.js';
import type { SharedScope } from '../../store/types.js';
import { actingUser, type CliIO, line, withStore } from '../context.js';

async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export function registerExport(program: Command, io: CliIO): void {
  program
    .command('export')
    .description(
      'write the latest version of every object a user may see as one STIX 2.1 bundle on stdout ' +
        '(default: the first operator\'s view — everything but other providers\' embargoes, anonymous providers hidden)',
    )
    .option('--community <slug>', 'only what was shared with this community')
    .option('--type <type...>', 'only these STIX types')
    .option('--as <email>', 'export what this user may see, as it would receive it (default: the first operator)')
    .action(async (opts: { community?: string; type?: string[]; as?: string }, cmd: Command) => {
      await withStore(cmd, io, async (ctx) => {
        const { store, identity } = ctx;
        const scope: SharedScope = opts.community
          ? { kind: 'audience', key: communityKey((await identity.requireCommunity(opts.community)).id) }
          : { kind: 'all' };
        const principal = await actingUser(ctx, opts.as, 'export');
        const viewer = userViewer(principal, await new TrustService(store).trustOf(principal.user));
        const predicate = predicateFor(viewer, new Date());
        let count = 0;
        await write(io.stdout, `{"type":"bundle","id":"bundle--${randomUUID()}","objects":[`);
        for await (const batch of store.shared.scan({ predicate, scope, types: opts.type, batchSize: 1000 })) {
          const parts = batch.map((r) => (attributionHiddenStored(r, viewer) && r.jsonAnonymous !== null ? r.jsonAnonymous : r.json));
          if (parts.length === 0) continue;
          await write(io.stdout, (count > 0 ? ',' : '') + parts.join(','));
          count += parts.length;
        }
        await write(io.stdout, ']}\n');
        line(io.stderr, `exported ${count} objects`);
      });
    });
}
