/**
 * Webhook delivery end to end: a real hub publishes, the dispatcher queues, the webhook sender
 * POSTs to an HTTP receiver on a loopback port. The signature verifies with the scheme the
 * README documents; 500s are retried until success; a webhook failing persistently is disabled
 * with the reason, and its message fails for good.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubKeyFor } from '../../src/notify/secret-box.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { eventually } from '../support/smtp-sink.js';
import { flash, malwareNamed, NO_FILTERS, settled, share, subscribe } from './helpers.js';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  status: number;
}

/** An HTTP receiver answering each request with the next status of `plan` (the last one repeats). */
class Receiver {
  readonly requests: Received[] = [];
  plan: number[] = [200];
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const status = this.plan.length > 1 ? this.plan.shift()! : this.plan[0]!;
        this.requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
        res.writeHead(status, status === 302 ? { location: 'http://127.0.0.1:1/' } : {}).end();
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    const addr = this.server.address();
    this.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/hook`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

/** Verification as the README documents it: HMAC-SHA256(secret, "<t>.<raw body>"), hex, in v1; t recent. */
function verify(secret: string, header: string, rawBody: string, toleranceS = 300): boolean {
  const parts = new Map(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceS) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const DISABLE_AFTER = 3;

describe('webhook delivery', () => {
  const receiver = new Receiver();
  let hub: TestHub;

  beforeAll(async () => {
    await receiver.start();
    hub = await startTestHub({
      config: { webhookDisableAfter: DISABLE_AFTER },
      delivery: { retry: { baseMs: 100, maxMs: 400, giveUpAfterMs: 10 * 60_000 }, pollMs: 100, dispatchPollMs: 200 },
    });
  });
  afterAll(async () => {
    await hub?.close();
    await receiver.stop();
  });

  async function webhookFor(org: string, secret: string): Promise<string> {
    const o = (await hub.ctx.store.identity.getOrganization({ slug: org }))!;
    const id = randomUUID();
    await hub.ctx.store.notify.createWebhook({
      id, orgId: o.id, url: receiver.url, secretEncrypted: hubKeyFor(hub.ctx.config).seal(secret),
      createdAt: new Date().toISOString(), consecutiveFailures: 0, disabledAt: null, disabledReason: null,
    });
    return id;
  }

  it('POSTs the items signed as documented; retries after 500s until it succeeds', async () => {
    const tag = 'kw-hook';
    const secret = 'whsec_test-secret';
    const hookId = await webhookFor('bank', secret);
    await subscribe(hub, { org: 'bank' }, { channels: ['webhook'], webhookId: hookId, filters: { ...NO_FILTERS, keywords: [tag] } });
    receiver.plan = [500, 500, 200];
    const [p] = await share(hub, 'acmeAnalyst', [malwareNamed(tag)], { tlp: 'amber', audience: { communities: ['fin-isac'] }, classification: flash('threat', ['portal', 'api']) });
    await settled(hub, [p!.id]);

    const reqs = receiver.requests.filter((r) => r.body.includes(tag));
    expect(reqs.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(new Set(reqs.map((r) => r.headers['kyojo-delivery'])).size).toBe(1); // the same delivery, retried
    for (const r of reqs) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(verify(secret, String(r.headers['kyojo-signature']), r.body)).toBe(true);
      expect(verify('another secret', String(r.headers['kyojo-signature']), r.body)).toBe(false);
      expect(verify(secret, String(r.headers['kyojo-signature']), r.body.replace(tag, 'kw-hooK'))).toBe(false);
    }
    const body = JSON.parse(reqs[2]!.body) as { items: { id: string; tlp: string; object: { name: string }; classification: { timing: string } }[] };
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ id: p!.id, version: '2026-01-01T00:00:00.000Z', tlp: 'amber', object: { name: `${tag} loader` }, classification: { timing: 'flash' } });
    const hook = await hub.ctx.store.notify.getWebhook(hookId);
    expect(hook).toMatchObject({ consecutiveFailures: 0, disabledAt: null });
  });

  it('an item whose channels do not include api goes to no webhook', async () => {
    const tag = 'kw-nohook';
    const hookId = await webhookFor('bank', 'whsec_x');
    await subscribe(hub, { org: 'bank' }, { channels: ['webhook'], webhookId: hookId, filters: { ...NO_FILTERS, keywords: [tag] } });
    receiver.plan = [200];
    const [p] = await share(hub, 'acmeAnalyst', [malwareNamed(tag)], { tlp: 'green', audience: { communities: ['fin-isac'] }, classification: flash('threat', ['portal', 'email']) });
    await settled(hub, [p!.id]);
    expect(receiver.requests.filter((r) => r.body.includes(tag))).toEqual([]);
  });

  it('is disabled after persistent failure, with the reason; its message fails for good', async () => {
    const tag = 'kw-broken';
    const hookId = await webhookFor('bank', 'whsec_y');
    const sub = await subscribe(hub, { org: 'bank' }, { channels: ['webhook'], webhookId: hookId, filters: { ...NO_FILTERS, keywords: [tag] } });
    receiver.plan = [503];
    const [p] = await share(hub, 'acmeAnalyst', [malwareNamed(tag)], { tlp: 'green', audience: { communities: ['fin-isac'] }, classification: flash() });
    const hook = (await eventually('the webhook to be disabled', async () => {
      const h = await hub.ctx.store.notify.getWebhook(hookId);
      return h?.disabledAt ? h : null;
    }))!;
    expect(hook.consecutiveFailures).toBe(DISABLE_AFTER);
    expect(hook.disabledReason).toBe(`${DISABLE_AFTER} deliveries in a row failed; the last: HTTP 503`);
    await settled(hub, [p!.id]);
    expect(receiver.requests.filter((r) => r.body.includes(tag))).toHaveLength(DISABLE_AFTER);
    const problems = (await hub.ctx.store.notify.listProblems(20)).filter((m) => m.subscriptionId === sub.id);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ status: 'failed', attempts: DISABLE_AFTER });
    expect(problems[0]!.lastError).toContain('HTTP 503; the webhook is now disabled');
  });
});
