/**
 * Hub B of the federation benchmark (bench/federation.ts), in a process of its own so that the
 * two hubs do not share one event loop (as two real hubs would not). It starts a seeded test hub
 * and answers the parent's commands over the fork IPC channel; it also serves the parent in the
 * `--in-process` mode through the same functions (`peerCommands`).
 */
import { randomBytes } from 'node:crypto';
import { addPeer } from '../src/federation/peers.js';
import { FederationService } from '../src/federation/service.js';
import type { VisibilityPredicate } from '../src/store/types.js';
import { startTestHub, type TestHub } from '../test/support/hub.js';

const ALL: VisibilityPredicate = { seesAll: true, ownOrgId: null, keys: [], clearance: 0, sector: null, acceptedTerms: [], nowUs: Number.MAX_SAFE_INTEGER };

export type PeerCommand =
  | { cmd: 'accept-push' }
  | { cmd: 'count' }
  | { cmd: 'pull'; url: string; token: string; collection: string }
  | { cmd: 'wait'; id: string }
  | { cmd: 'close' };

export async function startPeerHub(backend: 'sqlite' | 'postgres'): Promise<TestHub> {
  const h = await startTestHub({ backend, config: { secretKey: randomBytes(32) } });
  if ('skip' in h) throw new Error(h.skip);
  return h;
}

/** The commands, over one hub B. */
export function peerCommands(b: TestHub): (c: PeerCommand) => Promise<Record<string, unknown>> {
  return async (c) => {
    switch (c.cmd) {
      case 'accept-push': {
        // A is a passive peer here (it posts to B); its account's token goes to A
        await addPeer(b.ctx.store, b.ctx.config, { name: 'a', direction: 'pull', passive: true, community: 'fin-isac', maxTlp: 'amber' });
        const email = 'a@peers.bench';
        await b.ctx.identity.addUser({ email, org: 'peer-a', role: 'analyst' });
        return { token: (await b.ctx.identity.addToken(email, 'bench')).secret, collection: b.collections.finIsac };
      }
      case 'count':
        return { count: await b.ctx.store.shared.count() };
      case 'pull': {
        const before = await b.ctx.store.shared.count();
        await addPeer(b.ctx.store, b.ctx.config, { name: 'a', direction: 'pull', url: c.url, apiRoot: '/taxii2/hub/', collections: [c.collection], community: 'fin-isac', credentials: c.token, maxTlp: 'amber' });
        const service = new FederationService({ store: b.ctx.store, config: b.ctx.config });
        const t0 = performance.now();
        for (;;) {
          const r = await service.syncOnce('a');
          if (r.pull?.caughtUp ?? true) break;
        }
        const seconds = (performance.now() - t0) / 1000;
        return { seconds, arrived: (await b.ctx.store.shared.count()) - before };
      }
      case 'wait': {
        for (;;) {
          const page = await b.ctx.store.shared.query({ scope: { kind: 'all' }, predicate: ALL, ids: [c.id], limit: 1 });
          if (page.rows.length > 0) return { held: true };
          await new Promise((r) => setTimeout(r, 2));
        }
      }
      case 'close':
        await b.close();
        return {};
    }
  };
}

// as a forked child: start B, say where it listens, then answer commands until told to close
if (process.send !== undefined && process.argv[2] === '--child') {
  const backend = (process.argv[3] ?? 'sqlite') as 'sqlite' | 'postgres';
  const b = await startPeerHub(backend);
  const run = peerCommands(b);
  process.on('message', (m: { seq: number; command: PeerCommand }) => {
    run(m.command).then(
      (result) => {
        process.send!({ seq: m.seq, result });
        if (m.command.cmd === 'close') process.disconnect();
      },
      (e: unknown) => process.send!({ seq: m.seq, error: e instanceof Error ? e.message : String(e) }),
    );
  });
  process.send({ ready: b.url });
}
