import type { Command } from 'commander';
import { addPeer, removePeer } from '../../federation/peers.js';
import { FederationService, type SyncReport } from '../../federation/service.js';
import { peerStatusOf } from '../../federation/status.js';
import { CliError, type CliIO, line, readAllStdin, withStore } from '../context.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

interface AddOpts {
  url?: string; apiRoot?: string; collection?: string[]; community: string; direction: string; passive?: boolean;
  profile?: string; maxTlp?: string; tlp1?: boolean; asOrg?: string[]; caFile?: string; credentials: boolean;
}

function reportLine(r: SyncReport): string {
  if (r.busy) return `${r.peer}: another process is syncing it now (kyojo serve syncs continuously)`;
  const parts: string[] = [];
  if (r.pull) parts.push(`pulled ${r.pull.pulled} new, ${r.pull.present} already here, ${r.pull.refused} refused${r.pull.caughtUp ? '' : ' (more to pull)'}`);
  if (r.push) parts.push(`pushed ${r.push.pushed}, ${r.push.refused} refused by the peer, ${r.push.revocations} revocations${r.push.caughtUp ? '' : ' (more to push)'}`);
  return `${r.peer}: ${parts.join('; ')}`;
}

export function registerPeer(program: Command, io: CliIO): void {
  const peer = program.command('peer').description('federation peers: other hubs and TAXII 2.1 servers this hub exchanges with');
  peer
    .command('add <name>')
    .description('add a peer; its credentials (user:password for Basic, or a bearer token) are read from standard input and sealed with the hub key')
    .option('--url <url>', "the peer's TAXII server, e.g. https://isac.example.org (required unless --passive)")
    .option('--api-root <path>', 'the API root on that server, e.g. /taxii2/fin-isac/ (required unless --passive)')
    .option('--collection <id>', 'a collection id (repeat for several; push goes to the first; required unless --passive)', collect)
    .requiredOption('--community <slug>', 'the local community it feeds and is fed from')
    .requiredOption('--direction <d>', 'pull|push|both: what flows from the peer to this hub (pull), from this hub to it (push), or both')
    .option('--passive', 'the peer makes the requests: it pulls from this hub with its account here (push) or posts to it (pull)')
    .option('--profile <p>', 'kyojo (keeps the classification extension) | standard (plain STIX 2.1)', 'kyojo')
    .option('--max-tlp <tlp>', 'the widest TLP exchanged: clear|green|amber', 'green')
    .option('--tlp1', 'send the TLP 1.0 marking alongside the TLP 2.0 one (for old receivers)')
    .option('--as-org <slug>', 'an organization of this hub the peer stands for: TLP:AMBER addressed to it may go to the peer (repeatable)', collect)
    .option('--ca-file <path>', 'PEM file of a private CA the peer certificate chains to (TLS verification stays on)')
    .option('--no-credentials', 'do not read credentials from standard input')
    .action(async (name: string, o: AddOpts, cmd: Command) => {
      const credentials = o.credentials ? (await readAllStdin(io.stdin)).trim() : '';
      if (credentials.includes('\n')) throw new CliError('credentials must be one line: user:password or a bearer token');
      await withStore(cmd, io, async ({ store, config }) => {
        const p = await addPeer(store, config, {
          name, url: o.url, apiRoot: o.apiRoot, collections: o.collection ?? [], community: o.community, direction: o.direction, passive: o.passive === true,
          profile: o.profile, maxTlp: o.maxTlp, tlp1: o.tlp1 === true, asOrgs: o.asOrg ?? [], caFile: o.caFile ?? null, credentials,
        });
        line(io.stderr, `peer ${p.name} added (${p.direction}${p.passive ? ', passive' : ''}, profile ${p.profile}, max TLP:${p.maxTlp.toUpperCase()}${p.credentials ? ', credentials sealed' : ', no credentials'})`);
        line(io.stderr, `  it stands here as organization peer-${p.name}, a member of ${o.community}; its accounts on this hub: kyojo user add EMAIL --org peer-${p.name} --role analyst`);
      });
    });
  peer
    .command('list')
    .description('list peers with their status (tab-separated: name, direction, API root, collections, community, profile, max TLP, last success, lag, pulled, pushed, refused, revocations, last error)')
    .action(async (_o, cmd: Command) => {
      await withStore(cmd, io, async ({ store }) => {
        for (const s of await Promise.all((await store.peers.list()).map((p) => peerStatusOf(store, p)))) {
          line(io.stdout, [
            s.name, s.direction, s.api_root, s.collections.join(','), s.community ?? '?', s.profile, s.max_tlp,
            s.status.last_success_at ?? '-', s.status.lag_seconds === null ? '-' : `${s.status.lag_seconds}s`,
            String(s.status.pulled), String(s.status.pushed), String(s.status.refused), String(s.status.revocations),
            s.status.last_error ?? '-',
          ].join('\t'));
        }
      });
    });
  peer
    .command('remove <name>')
    .description("remove a peer: its configuration and cursors; its organization leaves the community, its accounts are disabled and their tokens revoked")
    .action(async (name: string, _o, cmd: Command) => {
      await withStore(cmd, io, async ({ store }) => {
        const p = await removePeer(store, name);
        line(io.stderr, `peer ${p.name} removed; organization peer-${p.name} is kept as the provider of what it delivered`);
      });
    });

  program
    .command('sync [name]')
    .description('sync one peer (or every peer) once now: pull, then push, as each direction says')
    .action(async (name: string | undefined, _o, cmd: Command) => {
      await withStore(cmd, io, async ({ store, config }) => {
        const names = name ? [name] : (await store.peers.list()).map((p) => p.name);
        if (names.length === 0) throw new CliError('no peers: add one with `kyojo peer add`');
        const service = new FederationService({ store, config });
        let failed = 0;
        for (const n of names) {
          try {
            line(io.stdout, reportLine(await service.syncOnce(n)));
          } catch (e) {
            failed++;
            line(io.stderr, `${n}: sync failed: ${(e as Error).message}`);
          }
        }
        if (failed > 0) throw new CliError(`${failed} of ${names.length} peers failed to sync`);
      });
    });
}
