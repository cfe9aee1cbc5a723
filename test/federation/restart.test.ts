/**
 * A peer killed (kill -9) and restarted mid-sync (issue 5): a `kyojo serve` process pulling from a
 * hub is killed while it pages, and one receiving a hub's pushes is killed while batches arrive.
 * After a restart on the same data (and port), every version is there exactly once: cursors move
 * only after what they cover was committed on the receiving side.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeer } from '../../src/federation/peers.js';
import { HUB_COLLECTION } from '../../src/taxii/access.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { runCli, startServeProcess } from '../support/cli.js';
import { allRows, indicator, peerAccount, share, startNamedHub, type Hub } from './helpers.js';

const N = 1500;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function until(what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const killed = async (child: import('node:child_process').ChildProcess) => {
  child.kill('SIGKILL');
  if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
};

describe('federation: peers killed and restarted mid-sync', () => {
  let a: Hub;
  const dirs: string[] = [];
  const published: string[] = [];
  beforeAll(async () => {
    a = await startNamedHub('a') as Hub;
    for (let i = 0; i < N; i += 500) {
      const batch = Array.from({ length: Math.min(500, N - i) }, (_, j) => indicator(`bulk ${i + j}`));
      await share(a, { tlp: 'green' }, batch);
      published.push(...batch.map((o) => String(o.id)));
    }
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const newDir = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'kyojo-peer-'));
    dirs.push(d);
    return d;
  };
  const setUp = async (dir: string, peerArgs: string[], stdin: string) => {
    for (const args of [['community', 'add', 'fin-isac', '--name', 'Fin', '--kind', 'isac', '--sector', 'finance'], [...peerArgs]]) {
      const r = await runCli(['--data', dir, ...args], args[0] === 'peer' ? stdin : '');
      if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
    }
  };
  const heldFromA = async (store: Store) => {
    const ids = new Set((await allRows(store)).map((r) => r.id));
    return published.filter((id) => ids.has(id)).length;
  };

  it('a puller killed mid-pull resumes from its cursor after a restart and holds everything once', async () => {
    const dir = newDir();
    await addPeer(a.store, a.hub.ctx.config, { name: 'b', direction: 'push', passive: true, community: 'fin-isac' });
    const token = await peerAccount(a, 'b');
    await setUp(dir, ['peer', 'add', 'a', '--url', a.hub.url, '--api-root', '/taxii2/hub/', '--collection', HUB_COLLECTION.id, '--community', 'fin-isac', '--direction', 'pull', '--max-tlp', 'amber'], token);
    const env = { KYOJO_FEDERATION_PAGE: '25', KYOJO_FEDERATION_POLL_MS: '100' };
    const watch = await openStore({ dataDir: dir });
    try {
      const b1 = await startServeProcess(['--data', dir], env);
      await until('the first pulled pages', async () => (await heldFromA(watch)) >= 100);
      await killed(b1.child);
      const atKill = await heldFromA(watch);
      expect(atKill).toBeLessThan(N); // killed mid-sync
      const b2 = await startServeProcess(['--data', dir], env);
      try {
        await until('everything pulled', async () => (await heldFromA(watch)) === N, 120_000);
      } finally {
        await killed(b2.child);
      }
      const rows = (await allRows(watch)).filter((r) => published.includes(r.id));
      expect(rows).toHaveLength(N); // once each
      const peer = (await watch.peers.get({ name: 'a' }))!;
      expect((await watch.peers.state(peer.id))!.refused).toBe(0);
    } finally {
      await watch.close();
    }
  }, 240_000);

  it('a receiver killed mid-push gets everything once after a restart on the same port', async () => {
    const dir = newDir();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    await setUp(dir, ['peer', 'add', 'a', '--community', 'fin-isac', '--direction', 'pull', '--passive', '--max-tlp', 'amber'], '');
    const watch = await openStore({ dataDir: dir });
    try {
      // the account A uses on C, and C's collection
      const r1 = await runCli(['--data', dir, 'user', 'add', 'a-account@peers.example', '--org', 'peer-a', '--role', 'analyst']);
      expect(r1.code).toBe(0);
      const tok = await runCli(['--data', dir, 'token', 'add', 'a-account@peers.example']);
      const token = tok.stdout.trim().split(/\s+/).pop()!;
      const collection = (await watch.collections.list())[0]!.id;
      await addPeer(a.store, a.hub.ctx.config, {
        name: 'c', direction: 'push', url, apiRoot: '/taxii2/fin-isac/', collections: [collection], community: 'fin-isac', credentials: token, maxTlp: 'amber',
      });
      const c1 = await startServeProcess(['--data', dir, '--port', String(port)], {});
      const pushing = (async () => {
        // A syncs C in small batches (its own loop, as kyojo serve would), whatever happens to C
        const service = new (await import('../../src/federation/service.js')).FederationService(
          { store: a.store, config: a.hub.ctx.config }, { pollMs: 50, baseBackoffMs: 50, maxBackoffMs: 300, push: { batchObjects: 25 }, timeoutMs: 5000 });
        service.start();
        return service;
      })();
      const service = await pushing;
      try {
        await until('the first pushed batches', async () => (await heldFromA(watch)) >= 100);
        await killed(c1.child);
        expect(await heldFromA(watch)).toBeLessThan(N);
        const c2 = await startServeProcess(['--data', dir, '--port', String(port)], {});
        try {
          await until('everything pushed', async () => (await heldFromA(watch)) === N, 120_000);
          const peer = (await a.store.peers.get({ name: 'c' }))!;
          await until('A caught up', async () => (await a.store.peers.state(peer.id))!.consecutiveFailures === 0);
        } finally {
          await killed(c2.child);
        }
      } finally {
        await service.stop();
      }
      expect((await allRows(watch)).filter((r) => published.includes(r.id))).toHaveLength(N);
    } finally {
      await watch.close();
    }
  }, 240_000);
});
