/**
 * Two replicas: two real `kyojo serve` processes on one PostgreSQL database and one NATS
 * JetStream stream. A publication through either reaches live-stream clients of both, each
 * version once, and every version was announced on NATS once.
 *
 * Needs PostgreSQL and NATS; skips with the reason when either is missing, except in CI
 * (KYOJO_REQUIRE_POSTGRES=1, KYOJO_REQUIRE_NATS=1), where that is a failure.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityService } from '../../src/identity/service.js';
import { freshNatsStream } from '../../src/notify/test-nats.js';
import { openStore } from '../../src/store/open.js';
import { freshPostgresUrl } from '../../src/store/postgres/test-db.js';
import { startServeProcess } from '../support/cli.js';
import { SseClient } from '../support/sse.js';

type Server = Awaited<ReturnType<typeof startServeProcess>>;

async function seed(databaseUrl: string): Promise<Record<'acme' | 'bank' | 'power', string>> {
  const store = await openStore({ databaseUrl });
  try {
    const identity = new IdentityService(store);
    for (const [slug, sector] of [['acme', 'finance'], ['bank', 'finance'], ['power', 'energy']] as const) {
      await identity.addOrganization({ slug, name: slug, kind: 'company', sector });
    }
    await identity.addCommunity({ slug: 'fin-isac', name: 'Financials ISAC', kind: 'isac', sector: 'finance' });
    await identity.addCommunity({ slug: 'energy-isac', name: 'Energy ISAC', kind: 'isac', sector: 'energy' });
    await identity.joinCommunity('fin-isac', 'acme');
    await identity.joinCommunity('fin-isac', 'bank');
    await identity.joinCommunity('energy-isac', 'power');
    const tokens = {} as Record<'acme' | 'bank' | 'power', string>;
    for (const org of ['acme', 'bank', 'power'] as const) {
      await identity.addUser({ email: `analyst@${org}.example`, org, role: 'analyst' });
      tokens[org] = (await identity.addToken(`analyst@${org}.example`, 'replicas')).secret;
    }
    return tokens;
  } finally {
    await store.close();
  }
}

const indicator = () => ({
  type: 'indicator', spec_version: '2.1', id: `indicator--${randomUUID()}`, created: '2026-03-01T00:00:00.000Z',
  modified: '2026-03-01T00:00:00.000Z', pattern: "[ipv4-addr:value = '198.51.100.7']", pattern_type: 'stix', valid_from: '2026-03-01T00:00:00Z',
});

async function share(server: Server, token: string, community: string): Promise<string> {
  const obj = indicator();
  const res = await fetch(`${server.url}/api/v1/shares`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ objects: [obj], envelope: { tlp: 'amber', audience: { communities: [community] } } }),
  });
  const body = (await res.json()) as { stored: { id: string }[] };
  expect(res.status, JSON.stringify(body)).toBe(200);
  expect(body.stored.map((s) => s.id)).toEqual([obj.id]);
  return obj.id;
}

const stop = async (s: Server | undefined) => {
  if (!s || s.child.exitCode !== null || s.child.signalCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
};

describe('two replicas on PostgreSQL and NATS', () => {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  let skip: string | undefined;
  let a: Server | undefined;
  let b: Server | undefined;
  let tokens: Record<'acme' | 'bank' | 'power', string>;
  let natsUrl = '';
  let stream = '';

  beforeAll(async () => {
    const db = await freshPostgresUrl();
    if ('skip' in db) {
      skip = db.skip;
      return;
    }
    cleanups.push(() => db.drop());
    const nats = await freshNatsStream();
    if ('skip' in nats) {
      skip = nats.skip;
      return;
    }
    cleanups.push(() => nats.drop());
    natsUrl = nats.url;
    stream = nats.stream;
    tokens = await seed(db.url);
    const key = randomBytes(32).toString('base64'); // every replica holds the same hub key
    const env = (dir: string) => ({ DATABASE_URL: db.url, KYOJO_DATA: dir, KYOJO_NATS_URL: nats.url, KYOJO_NATS_STREAM: nats.stream, KYOJO_SECRET_KEY: key });
    const dirs = [mkdtempSync(join(tmpdir(), 'kyojo-replica-a-')), mkdtempSync(join(tmpdir(), 'kyojo-replica-b-'))];
    cleanups.push(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
    [a, b] = await Promise.all(dirs.map((d) => startServeProcess([], env(d))));
    cleanups.push(() => stop(a), () => stop(b));
  }, 180_000);

  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  }, 60_000);

  it('delivers a publication through either replica to stream clients of both, each version once', async (t) => {
    if (skip !== undefined) {
      console.warn(`skipping the two-replica test: ${skip}`);
      return t.skip(skip);
    }
    const open = (server: Server, token: string) => SseClient.open(`${server.url}/api/v1/stream`, { authorization: `Bearer ${token}` });
    const bankOnB = await open(b!, tokens.bank);
    const bankOnA = await open(a!, tokens.bank);
    const powerOnB = await open(b!, tokens.power);
    const clients = [bankOnB, bankOnA, powerOnB];
    try {
      const viaA = await share(a!, tokens.acme, 'fin-isac');
      await bankOnB.waitForObject(viaA);
      await bankOnA.waitForObject(viaA);
      const viaB = await share(b!, tokens.acme, 'fin-isac');
      await bankOnA.waitForObject(viaB);
      await bankOnB.waitForObject(viaB);
      const burst = [];
      for (let i = 0; i < 10; i++) burst.push(await share(i % 2 === 0 ? a! : b!, tokens.acme, 'fin-isac'));
      const energy = await share(a!, tokens.power, 'energy-isac');
      // the outsider's version comes after every fin-isac one: its arrival shows those were passed over
      await powerOnB.waitForObject(energy);
      const fin = [viaA, viaB, ...burst];
      for (const c of [bankOnA, bankOnB]) {
        await c.waitForObject(fin.at(-1)!);
        expect(c.objects().map((o) => o.id)).toEqual(fin);
      }
      expect(powerOnB.objects().map((o) => o.id)).toEqual([energy]);
      // every version went through NATS once (12 fin-isac and 1 energy-isac shares, one version each)
      const nc = await connect({ servers: natsUrl });
      try {
        const info = await (await nc.jetstreamManager()).streams.info(stream);
        expect(info.state.messages).toBe(fin.length + 1);
      } finally {
        await nc.close();
      }
    } finally {
      clients.forEach((c) => c.close());
    }
  }, 180_000);
});
