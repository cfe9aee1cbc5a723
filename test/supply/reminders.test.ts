/**
 * Supply-chain email is sent once: the invitation, 7 days before the due date, once overdue, and
 * 30 days before an assessment expires — by two "replicas" (two stores on the same database, each
 * with its own SMTP connection) running their rounds at the same time, on both backends, to a
 * real SMTP server on loopback. A fulfilled request gets no reminder; a failed send is retried;
 * with email paused nothing is claimed.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrlOf } from '../../src/config.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { smtpSupplyMailer } from '../../src/supply/mail.js';
import { SupplyNotices } from '../../src/supply/notices.js';
import { supplyChainSummary } from '../../src/supply/summary.js';
import { BACKENDS } from '../support/hub.js';
import { eventually, SmtpSink } from '../support/smtp-sink.js';
import { answerAndSubmit, invite, share, startSupplyHub, VENDOR_EMAIL, type SupplyHub } from './helpers.js';

const DAY = 86_400_000;
const log = pino({ level: 'silent' });

describe.each(BACKENDS)('supply reminders (%s)', (backend) => {
  const sink = new SmtpSink();
  let s: SupplyHub | undefined;
  let skip = '';
  let second: Store;
  let replicas: SupplyNotices[] = [];
  const ids: Record<string, string> = {};
  const t0 = new Date();

  beforeAll(async () => {
    await sink.start();
    const started = await startSupplyHub(backend, { config: { smtpUrl: sink.url, smtpFrom: 'Kyojo <kyojo@kyojo.test>' } });
    if ('skip' in started) {
      skip = started.skip;
      return;
    }
    s = started;
    const { config } = s.hub.ctx;
    second = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
    const baseUrl = baseUrlOf(config);
    replicas = [s.hub.ctx.store, second].map((store) => new SupplyNotices({ store, log, baseUrl, mailer: smtpSupplyMailer(config) }));

    const due = (days: number) => new Date(t0.getTime() + days * DAY).toISOString().slice(0, 10);
    ids.acme = (await invite(s.hub, 'acmeAnalyst', VENDOR_EMAIL, { due_date: due(30) })).body.id;
    ids.bank = (await invite(s.hub, 'bankAnalyst', VENDOR_EMAIL, { due_date: due(30) })).body.id;
    ids.power = (await invite(s.hub, 'powerAnalyst', 'later@unknown.example', { due_date: due(10) })).body.id;
    // the vendor answers acme's request and shares with acme only: acme's is fulfilled, bank's is not
    const { id } = await answerAndSubmit(s, ids.acme!);
    ids.assessment = id;
    expect((await share(s, id, false, ['acme'])).status).toBe(200);
    await eventually('three invitations', () => sink.mails.length >= 3);
  }, 60_000);
  afterAll(async () => {
    for (const r of replicas) await r.stop();
    await second?.close();
    await s?.hub.close();
    await sink.stop();
  });

  /** Both replicas' rounds at once; the keys sent, sorted. */
  async function round(daysFromNow: number): Promise<string[]> {
    const now = new Date(t0.getTime() + daysFromNow * DAY);
    const sent = await Promise.all(replicas.map((r) => r.runOnce(now)));
    return sent.flat().sort();
  }

  const mailsTo = (to: string) => sink.mails.filter((m) => m.to.includes(to));

  it('the invitations went out once each, from the invite route; a round resends none', async (ctx) => {
    if (skip) return ctx.skip(skip);
    expect(mailsTo(VENDOR_EMAIL).length).toBe(2);
    expect(mailsTo('later@unknown.example').length).toBe(1);
    expect(await round(0)).toEqual([]);
    expect((await s!.hub.ctx.store.supply.listNotices('invite:')).length).toBe(3);
  });

  it('7 days before the due date and once overdue, to unfulfilled requests only, once across replicas', async (ctx) => {
    if (skip) return ctx.skip(skip);
    // day 25: acme's and bank's are due in 5 days (acme's is fulfilled); power's is overdue
    expect(await round(25)).toEqual([`due-soon:${ids.bank}`, `overdue:${ids.power}`]);
    expect(await round(25)).toEqual([]);
    expect(await round(26)).toEqual([]);
    // day 31: bank's is overdue now
    expect(await round(31)).toEqual([`overdue:${ids.bank}`]);
    expect(await round(31)).toEqual([]);

    const vendorMails = mailsTo(VENDOR_EMAIL);
    expect(vendorMails.length).toBe(4);
    const dueSoon = vendorMails.find((m) => m.subject.includes('due on'))!;
    expect(dueSoon.text).toContain('Example Bank');
    expect(dueSoon.text).toContain('回答期限');
    expect(vendorMails.filter((m) => m.text.includes('ACME Bank')).length).toBe(1); // the invitation only
    expect(mailsTo('later@unknown.example').map((m) => m.subject)).toEqual([
      expect.stringContaining('Power Co'), expect.stringContaining('overdue since'),
    ]);
    // the buyer's summary counts it as overdue from that day
    expect((await supplyChainSummary(s!.hub.ctx.store, s!.hub.users.bankAnalyst.orgId, new Date(t0.getTime() + 31 * DAY))).overdue).toBe(1);
    expect((await supplyChainSummary(s!.hub.ctx.store, s!.hub.users.acmeAnalyst.orgId, new Date(t0.getTime() + 31 * DAY))).overdue).toBe(0);
  });

  it('30 days before an assessment expires, to who submitted it, once', async (ctx) => {
    if (skip) return ctx.skip(skip);
    expect(await round(300)).toEqual([]);
    expect(await round(340)).toEqual([`expiry-soon:${ids.assessment}`]);
    expect(await round(350)).toEqual([]);
    const expiry = mailsTo(VENDOR_EMAIL).filter((m) => m.subject.includes('expires on'));
    expect(expiry.length).toBe(1);
    expect(expiry[0]!.text).toContain('有効期限');
    const acme = await supplyChainSummaryAt(s!, 'acmeAnalyst', 340);
    expect(acme).toMatchObject({ shared: 1, expiring_soon: 1, expired: 0 });
    expect(await supplyChainSummaryAt(s!, 'acmeAnalyst', 366)).toMatchObject({ shared: 0, expired: 1, overdue: 1 });
  });

  it('a failed send is given back and retried; with email paused nothing is claimed', async (ctx) => {
    if (skip) return ctx.skip(skip);
    sink.mode = 'tempfail';
    const refusedBefore = sink.refused;
    const late = await invite(s!.hub, 'acmeAnalyst', 'new@supplier.example');
    expect(late.status).toBe(201);
    await eventually('the refused invitation', () => sink.refused > refusedBefore);
    expect(await round(0)).toEqual([]);
    expect(await s!.hub.ctx.store.supply.listNotices(`invite:${late.body.id}`)).toEqual([]);
    sink.mode = 'accept';
    expect(await round(0)).toEqual([`invite:${late.body.id}`]);
    expect(mailsTo('new@supplier.example').length).toBe(1);

    const paused = new SupplyNotices({ store: s!.hub.ctx.store, log, baseUrl: 'https://kyojo.test', mailer: null });
    const before = (await s!.hub.ctx.store.supply.listNotices()).length;
    expect(await paused.runOnce(new Date(t0.getTime() + 29 * DAY))).toEqual([]);
    expect((await s!.hub.ctx.store.supply.listNotices()).length).toBe(before);
  });
});

async function supplyChainSummaryAt(s: SupplyHub, user: 'acmeAnalyst' | 'bankAnalyst', days: number) {
  return supplyChainSummary(s.hub.ctx.store, s.hub.users[user].orgId, new Date(Date.now() + days * DAY));
}
