import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { ingestObjects } from '../../sharing/ingest.js';
import { readStixFile } from '../../stix/index.js';
import { TrustService } from '../../identity/trust.js';
import type { Community, Store } from '../../store/types.js';
import { actingUser, CliError, type CliIO, line, withStore } from '../context.js';

const BATCH = 1000;
const MAX_REPORTED_REFUSALS = 20;

async function targetCommunity(store: Store, communitySlug: string | undefined): Promise<Community> {
  const communities = await store.identity.listCommunities();
  let community = communitySlug ? communities.find((c) => c.slug === communitySlug) : undefined;
  if (communitySlug && !community) throw new CliError(`no community '${communitySlug}'`);
  if (!community) {
    if (communities.length !== 1) {
      throw new CliError(
        communities.length === 0
          ? 'no community yet: create one with `kyojo community add`'
          : `name the community to import into with --community (one of: ${communities.map((c) => c.slug).join(', ')})`,
      );
    }
    community = communities[0]!;
  }
  return community;
}

export function registerImport(program: Command, io: CliIO): void {
  program
    .command('import <files...>')
    .description(
      'import STIX 2.1 bundles, TAXII envelopes or JSON lines, shared with a community: each object\'s envelope comes from ' +
        'its TLP marking (else KYOJO_DEFAULT_TLP) and the Kyojo sharing extension, as on TAXII POST',
    )
    .option('--community <slug>', 'the community to share with (the default audience; required when there are several)')
    .option('--as <email>', 'the publishing user, whose organization is the provider (default: the first operator)')
    .action(async (files: string[], opts: { community?: string; as?: string }, cmd: Command) => {
      await withStore(cmd, io, async (ctx) => {
        const { store } = ctx;
        const community = await targetCommunity(store, opts.community);
        const publisher = await actingUser(ctx, opts.as, 'import');
        const publication = { publisher, community, defaultTlp: ctx.config.defaultTlp, trust: new TrustService(store) };
        const target = { label: community.slug };
        const bar = io.stderr.isTTY
          ? new cliProgress.SingleBar(
              { stream: io.stderr, format: 'importing {file} | {value} objects | {rate}/s', hideCursor: true },
              cliProgress.Presets.shades_classic,
            )
          : undefined;
        const totals = { added: 0, identical: 0, replaced: 0, refused: 0 };
        const refusals: string[] = [];
        const started = Date.now();
        bar?.start(0, 0, { file: '', rate: 0 });
        let done = 0;
        const flush = async (batch: unknown[]) => {
          for (const item of await ingestObjects(store, publication, batch)) {
            if (item.ok) totals[item.outcome]++;
            else {
              totals.refused++;
              if (refusals.length < MAX_REPORTED_REFUSALS) refusals.push(item.reason);
            }
          }
          done += batch.length;
          bar?.setTotal(done);
          bar?.update(done, { rate: Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)) });
        };
        for (const file of files) {
          bar?.update(done, { file });
          let batch: unknown[] = [];
          try {
            for await (const obj of readStixFile(file)) {
              batch.push(obj);
              if (batch.length >= BATCH) {
                await flush(batch);
                batch = [];
              }
            }
          } catch (e) {
            bar?.stop();
            throw new CliError(`${file}: ${(e as Error).message}`);
          }
          if (batch.length > 0) await flush(batch);
        }
        bar?.stop();
        for (const r of refusals) line(io.stderr, `refused: ${r}`);
        if (totals.refused > refusals.length) line(io.stderr, `... and ${totals.refused - refusals.length} more refused`);
        line(
          io.stderr,
          `imported into ${target.label}: ${totals.added} added, ${totals.replaced} replaced, ${totals.identical} already present, ${totals.refused} refused`,
        );
        if (totals.refused > 0 && totals.added + totals.identical + totals.replaced === 0) {
          throw new CliError('nothing was imported');
        }
      });
    });
}
