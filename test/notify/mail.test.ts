/**
 * Email delivery end to end: a real hub (SQLite) publishes over HTTP, the dispatcher and the
 * mailer deliver to a real SMTP server on a loopback port (smtp-server), and what arrived is
 * parsed (mailparser): headers, language, the TLP label, who got what — and that nobody
 * unentitled got anything — bursts, an SMTP outage, and an envelope narrowed before sending.
 *
 * Each test's subscriptions filter on a keyword its items carry, so the tests share one hub.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR, TrustService } from '../../src/identity/trust.js';
import { hubKeyFor } from '../../src/notify/secret-box.js';
import { startTestHub, USERS, type TestHub } from '../support/hub.js';
import { eventually, SmtpSink } from '../support/smtp-sink.js';
import { flash, malwareNamed, NO_FILTERS, routine, settled, share, subscribe } from './helpers.js';

const RETRY = { baseMs: 100, maxMs: 1000, giveUpAfterMs: 10 * 60_000 };
const WINDOW_S = 8;
const DELIVERY = { retry: RETRY, pollMs: 100, dispatchPollMs: 200 };
const mailbox = (m: { to: string[] }) => m.to.join(',');

describe('email delivery', () => {
  const sink = new SmtpSink();
  let hub: TestHub;

  beforeAll(async () => {
    await sink.start();
    hub = await startTestHub({
      config: { smtpUrl: sink.url, smtpFrom: 'Kyojo <kyojo@kyojo.test>', mailCoalesceSeconds: WINDOW_S },
      delivery: DELIVERY,
    });
  });
  afterAll(async () => {
    await hub?.close();
    await sink.stop();
  });

  it('a publication reaches the subscribed members who may see it, in their language, with list headers and the TLP label first', async () => {
    const tag = 'kw-first';
    const filters = { ...NO_FILTERS, keywords: [tag] };
    const subs = {
      acmeReader: await subscribe(hub, { user: 'acmeReader' }, { filters, language: 'ja' }),
      bankAnalyst: await subscribe(hub, { user: 'bankAnalyst' }, { filters, language: 'en' }),
      powerAnalyst: await subscribe(hub, { user: 'powerAnalyst' }, { filters, language: 'en' }),
    };
    const team = await subscribe(hub, { org: 'bank', email: 'soc@bank.example' }, { filters });
    // AMBER to the community (alone first, so its message is a one-item message)
    const [toFin] = await share(hub, 'acmeAnalyst', [malwareNamed(tag, 'community')], { tlp: 'amber', audience: { communities: ['fin-isac'] }, classification: flash() });
    await settled(hub, [toFin!.id]);
    // AMBER+STRICT to acme only; RED to bank's analyst by name
    const [toAcme] = await share(hub, 'acmeAnalyst', [malwareNamed(tag, 'strict')], { tlp: 'amber+strict', audience: { organizations: ['acme'] }, classification: flash() });
    const [toNamed] = await share(hub, 'acmeAnalyst', [malwareNamed(tag, 'named')], { tlp: 'red', audience: { users: [USERS.bankAnalyst.email] }, classification: flash() });
    await settled(hub, [toAcme!.id, toNamed!.id]);

    const got = sink.mails.filter((m) => m.text.includes(tag));
    const pairs = got.flatMap((m) => ['community', 'strict', 'named'].filter((n) => m.text.includes(`${tag} ${n}`)).map((n) => `${mailbox(m)} ${n}`)).sort();
    expect(pairs).toEqual([
      `${USERS.acmeReader.email} community`,
      `${USERS.acmeReader.email} strict`,
      `${USERS.bankAnalyst.email} community`,
      `${USERS.bankAnalyst.email} named`,
      'soc@bank.example community',
    ].sort());
    // nobody else: not the outsider community's analyst, not the RED item to the provider's colleague or a team address
    expect(sink.to(USERS.powerAnalyst.email)).toEqual([]);

    const [en] = sink.to(USERS.bankAnalyst.email).filter((m) => m.subject.includes('community'));
    expect(en!.subject).toMatch(/^\[TLP:AMBER\] \[Flash\] Kyojo: malware: kw-first community$/);
    expect(en!.text.split('\n')[0]).toMatch(/^TLP:AMBER — /);
    expect(en!.text).toContain('New on Kyojo');
    expect(en!.html).toContain('TLP:AMBER');
    expect(en!.html).not.toContain('<script>');
    expect(en!.text).toContain(`${hub.url}/objects/${toFin!.id}`);
    const host = '127.0.0.1';
    expect(en!.headers.get('list-id')).toBe(`Kyojo <kyojo.${host}>`);
    expect(en!.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const unsub = /^<(.+)>$/.exec(en!.headers.get('list-unsubscribe') ?? '')?.[1];
    expect(unsub).toMatch(new RegExp(`^${hub.url}/api/v1/unsubscribe/`));
    expect(hubKeyFor(hub.ctx.config).verifyUnsubscribeToken(decodeURIComponent(unsub!.split('/').pop()!))).toBe(subs.bankAnalyst.id);
    expect(en!.messageId).toMatch(/^<[0-9a-f-]{36}@kyojo\.127\.0\.0\.1>$/);

    const red = sink.to(USERS.bankAnalyst.email).find((m) => m.text.includes(`${tag} named`))!;
    expect(red.subject.startsWith('[TLP:RED] ')).toBe(true);
    expect(red.text.split('\n')[0]).toMatch(/^TLP:RED — For the named recipients only/);

    const [ja] = sink.to(USERS.acmeReader.email).filter((m) => m.subject.includes('community'));
    expect(ja!.subject).toBe('[TLP:AMBER] [速報] Kyojo: マルウェア: kw-first community');
    expect(ja!.text.split('\n')[0]).toBe('TLP:AMBER — 受信組織とその顧客内で、知る必要のある範囲に限って共有できます。');
    expect(ja!.text).toContain('Kyojo の新着情報（1 件）');
    expect(ja!.text).toContain('類型: 脅威情報');
    expect(ja!.html).toContain('lang="ja"');
    const strict = sink.to(USERS.acmeReader.email).find((m) => m.text.includes(`${tag} strict`))!;
    expect(strict.subject.startsWith('[TLP:AMBER+STRICT] ')).toBe(true);
    expect(team.id).toBeTruthy();
    expect(subs.powerAnalyst.id).toBeTruthy();
  });

  it('one-click unsubscribe from the List-Unsubscribe header: no more mail for that subscription', async () => {
    const tag = 'kw-unsub';
    const filters = { ...NO_FILTERS, keywords: [tag] };
    await subscribe(hub, { user: 'bankAnalyst' }, { filters });
    await subscribe(hub, { user: 'acmeReader' }, { filters });
    const [first] = await share(hub, 'acmeAnalyst', [malwareNamed(tag, 'before')], { tlp: 'green', audience: { communities: ['fin-isac'] }, classification: flash() });
    await settled(hub, [first!.id]);
    const mail = sink.to(USERS.bankAnalyst.email).find((m) => m.text.includes(`${tag} before`))!;
    const link = /^<(.+)>$/.exec(mail.headers.get('list-unsubscribe')!)![1]!;
    const res = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status, await res.text()).toBe(200);
    const [second] = await share(hub, 'acmeAnalyst', [malwareNamed(tag, 'after')], { tlp: 'green', audience: { communities: ['fin-isac'] }, classification: flash() });
    await settled(hub, [second!.id]);
    expect(sink.mails.filter((m) => m.text.includes(`${tag} after`)).map(mailbox)).toEqual([USERS.acmeReader.email]);
  });

  it('a version with a clearance condition goes only to the cleared (grant and facility approval read when deciding and sending)', async () => {
    const tag = 'kw-cleared';
    const filters = { ...NO_FILTERS, keywords: [tag] };
    await subscribe(hub, { user: 'bankAnalyst' }, { filters });
    await subscribe(hub, { user: 'acmeReader' }, { filters });
    const trust = new TrustService(hub.ctx.store);
    await trust.approveOrg('bank', '2099-12-31', CLI_ACTOR);
    await trust.grant(USERS.bankAnalyst.email, 2, '2099-12-31', null, CLI_ACTOR);
    const [p] = await share(hub, 'powerAnalyst', [malwareNamed(tag)], { tlp: 'amber', audience: { communities: ['fin-isac'] }, min_clearance: 2, classification: flash() });
    await settled(hub, [p!.id]);
    expect(sink.mails.filter((m) => m.text.includes(tag)).map(mailbox)).toEqual([USERS.bankAnalyst.email]);
  });

  it('a burst of items for one recipient becomes one message listing them', async () => {
    const tag = 'kw-burst';
    await subscribe(hub, { user: 'bankAnalyst' }, { filters: { ...NO_FILTERS, keywords: [tag] } });
    const ids: string[] = [];
    for (const n of ['one', 'two', 'three']) {
      const [p] = await share(hub, 'acmeAnalyst', [malwareNamed(tag, n)], { tlp: 'green', audience: { communities: ['fin-isac'] }, classification: routine() });
      ids.push(p!.id);
    }
    await settled(hub, ids);
    const got = sink.to(USERS.bankAnalyst.email).filter((m) => m.text.includes(tag));
    expect(got).toHaveLength(1);
    expect(got[0]!.subject).toBe('[TLP:GREEN] Kyojo: 3 new items');
    for (const n of ['one', 'two', 'three']) expect(got[0]!.text).toContain(`${tag} ${n}`);
  });

  it('an item whose envelope was narrowed before sending is not sent to those it no longer reaches', async () => {
    const tag = 'kw-narrowed';
    const filters = { ...NO_FILTERS, keywords: [tag] };
    await subscribe(hub, { user: 'bankAnalyst' }, { filters });
    await subscribe(hub, { user: 'acmeReader' }, { filters });
    const obj = malwareNamed(tag, 'narrowed');
    await share(hub, 'acmeAnalyst', [obj], { tlp: 'amber', audience: { communities: ['fin-isac'] }, classification: routine() });
    // queued (held in the burst window) for both members
    await eventually('the item to be queued', async () => (await hub.ctx.store.notify.countByStatus()).pending >= 2);
    // the provider narrows the same version to its own organization
    await share(hub, 'acmeAnalyst', [obj], { tlp: 'amber', audience: { organizations: ['acme'] }, classification: routine() });
    await settled(hub, [obj.id]);
    expect(sink.mails.filter((m) => m.text.includes(tag)).map(mailbox)).toEqual([USERS.acmeReader.email]);
  });
});

describe('email delivery through an SMTP outage', () => {
  const sink = new SmtpSink();
  let hub: TestHub;

  beforeAll(async () => {
    await sink.start();
    await sink.stop(); // the port is known; nothing listens on it yet
    hub = await startTestHub({ config: { smtpUrl: sink.url, smtpFrom: 'kyojo@kyojo.test', mailCoalesceSeconds: 1 }, delivery: DELIVERY });
  });
  afterAll(async () => {
    await hub?.close();
    await sink.stop();
  });

  it('every message arrives exactly once after the server was down, then refusing, then back', async () => {
    const tag = 'kw-outage';
    const members = ['acmeReader', 'bankAnalyst', 'acmeAnalyst'] as const;
    for (const m of members) await subscribe(hub, { user: m }, { filters: { ...NO_FILTERS, keywords: [tag] } });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const [p] = await share(hub, 'bankAnalyst', [malwareNamed(tag, `n${i}`)], { tlp: 'green', audience: { communities: ['fin-isac'] }, classification: flash() });
      ids.push(p!.id);
    }
    // down: connections refused, messages retry
    await eventually('failed attempts while the server is down', async () => (await hub.ctx.store.notify.listProblems(50)).some((m) => m.lastError !== null && m.status !== 'sent'));
    // up but refusing with 451 (temporary)
    sink.mode = 'tempfail';
    await sink.start();
    await eventually('refusals', () => sink.refused >= 2);
    // back to normal
    sink.mode = 'accept';
    await settled(hub, ids);

    const got = sink.mails.filter((m) => m.text.includes(tag));
    const byId = new Map<string, number>();
    for (const m of got) byId.set(m.messageId, (byId.get(m.messageId) ?? 0) + 1);
    expect([...byId.values()].every((n) => n === 1)).toBe(true);
    // each member received each item exactly once, whatever the grouping
    for (const m of members) {
      const text = sink.to(USERS[m].email).map((x) => x.text).join('\n');
      for (let i = 0; i < 4; i++) expect(text.split(`${tag} n${i}`).length - 1, `${m} n${i}`).toBe(1);
    }
    const counts = await hub.ctx.store.notify.countByStatus();
    expect(counts.failed).toBe(0);
    expect(counts.sent).toBe(got.length);
  });
});
