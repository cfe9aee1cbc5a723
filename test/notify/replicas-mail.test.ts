/**
 * Mail from two replicas: two real `kyojo serve` processes on one PostgreSQL database (and one
 * NATS stream when a server is available), one SMTP server. Publications through either replica
 * reach each subscribed member by mail exactly once — one dispatcher holds the lease, both
 * senders claim — and an outsider gets nothing.
 *
 * Skips without PostgreSQL, except in CI (KYOJO_REQUIRE_POSTGRES=1); NATS is used when there.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityService } from '../../src/identity/service.js';
import { freshNatsStream } from '../../src/notify/test-nats.js';
import { openStore } from '../../src/store/open.js';
import { freshPostgresUrl } from '../../src/store/postgres/test-db.js';
import type { Store } from '../../src/store/types.js';
import { startServeProcess } from '../support/cli.js';
import { eventually, SmtpSink } from '../support/smtp-sink.js';
import { malwareNamed, NO_FILTERS } from './helpers.js';

type Server = Awaited<ReturnType<typeof startServeProcess>>;
const ORGS = ['acme', 'bank', 'power'] as const;

const stop = async (s: Server | undefined) => {
  if (!s || s.child.exitCode !== null || s.child.signalCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
};

describe('mail from two replicas on PostgreSQL', () => {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  const sink = new SmtpSink();
  let skip: string | undefined;
  let servers: Server[] = [];
  const tokens = {} as Record<(typeof ORGS)[number], string>;
  let store: Store;

  beforeAll(async () => {
    const db = await freshPostgresUrl();
    if ('skip' in db) {
      skip = db.skip;
      return;
    }
    cleanups.push(() => db.drop());
    const nats = await freshNatsStream();
    if (!('skip' in nats)) cleanups.push(() => nats.drop());
    await sink.start();
    cleanups.push(() => sink.stop());
    store = await openStore({ databaseUrl: db.url });
    cleanups.push(() => store.close());
    const identity = new IdentityService(store);
    for (const slug of ORGS) await identity.addOrganization({ slug, name: slug, kind: 'company', sector: slug === 'power' ? 'energy' : 'finance' });
    await identity.addCommunity({ slug: 'fin-isac', name: 'Financials ISAC', kind: 'isac', sector: 'finance' });
    await identity.addCommunity({ slug: 'energy-isac', name: 'Energy ISAC', kind: 'isac', sector: 'energy' });
    await identity.joinCommunity('fin-isac', 'acme');
    await identity.joinCommunity('fin-isac', 'bank');
    await identity.joinCommunity('energy-isac', 'power');
    for (const org of ORGS) {
      const user = await identity.addUser({ email: `analyst@${org}.example`, org, role: 'analyst' });
      tokens[org] = (await identity.addToken(user.email, 'replicas')).secret;
      await store.notify.createSubscription({
        id: randomUUID(), owner: 'user', userId: user.id, orgId: user.orgId, name: 'All', filters: NO_FILTERS, delivery: 'immediate',
        channels: ['email'], webhookId: null, email: null, language: 'en', createdAt: new Date().toISOString(), disabledAt: null,
      });
    }
    const key = randomBytes(32).toString('base64');
    const env = (dir: string) => ({
      DATABASE_URL: db.url, KYOJO_DATA: dir, KYOJO_SECRET_KEY: key, KYOJO_SMTP_URL: sink.url, KYOJO_SMTP_FROM: 'kyojo@kyojo.test',
      KYOJO_MAIL_COALESCE_SECONDS: '0', ...('skip' in nats ? {} : { KYOJO_NATS_URL: nats.url, KYOJO_NATS_STREAM: nats.stream }),
    });
    const dirs = [mkdtempSync(join(tmpdir(), 'kyojo-mail-a-')), mkdtempSync(join(tmpdir(), 'kyojo-mail-b-'))];
    cleanups.push(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
    servers = await Promise.all(dirs.map((d) => startServeProcess([], env(d))));
    cleanups.push(...servers.map((s) => () => stop(s)));
  }, 180_000);

  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  }, 60_000);

  it('each member gets each publication once, whichever replica it went through; the outsider none', async (t) => {
    if (skip !== undefined) {
      console.warn(`skipping the two-replica mail test: ${skip}`);
      return t.skip(skip);
    }
    const tag = 'kw-replicas';
    const names: string[] = [];
    for (let i = 0; i < 8; i++) {
      const obj = malwareNamed(tag, `r${i}`);
      names.push(obj.name);
      const res = await fetch(`${servers[i % 2]!.url}/api/v1/shares`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.acme}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ objects: [obj], envelope: { tlp: 'amber', audience: { communities: ['fin-isac'] }, classification: { timing: 'flash', info_type: 'threat' } } }),
      });
      expect(res.status, await res.text()).toBe(200);
    }
    const members = ['analyst@acme.example', 'analyst@bank.example'];
    const mentions = (to: string, name: string) => sink.to(to).filter((m) => m.text.includes(name)).length;
    await eventually('every member to have every item', () => members.every((to) => names.every((n) => mentions(to, n) >= 1)), 120_000, 200);
    await eventually('the outbox to drain', async () => {
      const c = await store.notify.countByStatus();
      return c.pending === 0 && c.sending === 0;
    }, 60_000, 200);
    for (const to of members) for (const n of names) expect(mentions(to, n), `${to} ${n}`).toBe(1);
    expect(sink.to('analyst@power.example')).toEqual([]);
    const ids = sink.mails.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  }, 180_000);
});
