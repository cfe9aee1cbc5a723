/**
 * Trends on a real store: a rising indicator (and its malware family and the reporting sector) is
 * flagged, a flat one is not, nor one behind fewer than 5 organizations; flash notes go to the
 * community once per window and are read by its members only; `kyojo trends`.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/identity/principal.js';
import { reportSighting } from '../../src/match/sightings.js';
import { computeTrends, publishTrends, trendNoteId, type Trend } from '../../src/match/trends.js';
import { predicateFor } from '../../src/policy/predicate.js';
import { userViewer } from '../../src/policy/viewer.js';
import { TrustService } from '../../src/identity/trust.js';
import { ingestWithEnvelope } from '../../src/sharing/ingest.js';
import { runCli } from '../support/cli.js';
import { BACKENDS, startTestHub, type TestHub } from '../support/hub.js';
import { call, indicator, malware } from '../taxii/helpers.js';

const DAY = 86_400_000;

describe.each(BACKENDS)('trends [%s]', (backend) => {
  let hub: TestHub;
  let skipped: string | undefined;
  let now: Date;
  const reporters: Principal[] = [];
  const ids = { rising: '', flat: '', few: '', family: '' };

  async function principal(email: string): Promise<Principal> {
    const user = (await hub.ctx.store.identity.getUser({ email }))!;
    return (await hub.ctx.identity.principalFor(user, null))!;
  }

  async function sight(p: Principal, indicatorId: string, daysAgo: number, count: number): Promise<void> {
    const at = new Date(now.getTime() - daysAgo * DAY - 3_600_000).toISOString();
    const viewer = userViewer(p, await new TrustService(hub.ctx.store).trustOf(p.user));
    const r = await reportSighting(hub.ctx.store, p, predicateFor(viewer, new Date()), {
      indicatorId, count, firstSeen: at, lastSeen: at, observedValues: [], attribution: 'none', communities: ['fin-isac'], tlp: 'green',
    });
    expect(r.ok, JSON.stringify(r)).toBe(true);
  }

  beforeAll(async () => {
    const h = await startTestHub({ backend });
    if ('skip' in h) {
      skipped = h.skip;
      return;
    }
    hub = h;
    now = new Date();
    const { identity } = hub.ctx;
    for (let i = 0; i < 6; i++) {
      await identity.addOrganization({ slug: `rep${i}`, name: `Reporter ${i}`, kind: 'company', sector: 'finance', country: 'JP' });
      await identity.joinCommunity('fin-isac', `rep${i}`);
      await identity.addUser({ email: `a@rep${i}.example`, org: `rep${i}`, role: 'analyst' });
      reporters.push(await principal(`a@rep${i}.example`));
    }
    const rising = indicator({ value: '203.0.113.101' });
    const flat = indicator({ value: '203.0.113.102' });
    const few = indicator({ value: '203.0.113.103' });
    const mw = { ...malware(), name: 'RisingBot', is_family: true };
    const rel = { type: 'relationship', spec_version: '2.1', id: `relationship--${randomUUID()}`, created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', relationship_type: 'indicates', source_ref: rising.id, target_ref: mw.id };
    const acme = await principal('analyst@acme.example');
    const publish = (tlp: 'green' | 'amber', objects: Record<string, unknown>[]) => ingestWithEnvelope(hub.ctx.store,
      { publisher: acme, defaultCommunitySlug: null, trust: new TrustService(hub.ctx.store) }, { tlp, audience: { communities: ['fin-isac'] } }, objects);
    // the family is AMBER: a note quoting its name is AMBER too, though every sighting is GREEN
    for (const r of [await publish('amber', [mw]), await publish('green', [rising, flat, few, rel])]) expect(r.ok && r.items.every((i) => i.ok)).toBe(true);
    Object.assign(ids, { rising: rising.id, flat: flat.id, few: few.id, family: mw.id });
    // baseline: 14 days; rising: one sighting a day, flat: five a day from all organizations in turn
    for (let d = 1; d <= 14; d++) {
      await sight(reporters[d % 6]!, rising.id, d, 1);
      await sight(reporters[(d + 1) % 6]!, flat.id, d, 5);
      await sight(reporters[d % 3]!, few.id, d, 1);
    }
    // the last 24 hours: rising from 6 organizations (18), flat as usual, few from 3 organizations (30)
    for (const p of reporters) await sight(p, rising.id, 0, 3);
    await sight(reporters[0]!, flat.id, 0, 5);
    for (const p of reporters.slice(0, 3)) await sight(p, few.id, 0, 10);
  });
  afterAll(async () => {
    await hub?.close();
  });

  describe('trends', () => {
    let trends: Trend[];
    beforeEach((ctx) => {
      if (skipped !== undefined) ctx.skip();
    });
    it('flags what rises above mean + k·stddev of its baseline, per indicator, malware family and sector', async () => {
      trends = await computeTrends(hub.ctx.store, { now });
      const keys = trends.map((t) => `${t.community.slug} ${t.dimension} ${t.signal} ${t.key}`).sort();
      expect(keys).toEqual([
        `fin-isac indicator sightings ${ids.rising}`,
        `fin-isac malware sightings ${ids.family}`,
        'fin-isac sector sightings finance',
      ].sort());
      const rising = trends.find((t) => t.dimension === 'indicator')!;
      expect(rising).toMatchObject({ current: 18, organizations: 6, baselineMean: 1, baselineStddev: 0, threshold: 5 });
      expect(trends.find((t) => t.dimension === 'malware')).toMatchObject({ label: 'RisingBot', current: 18, refs: [ids.family] });
      // finance as a whole: 18 + 5 + 30 = 53 against a baseline of 7 a day
      expect(trends.find((t) => t.dimension === 'sector')).toMatchObject({ current: 53, baselineMean: 7, organizations: 6 });
    });

    it('does not flag a flat series, nor a rise behind fewer than 5 organizations', () => {
      expect(trends.some((t) => t.key === ids.flat)).toBe(false);
      expect(trends.some((t) => t.key === ids.few)).toBe(false);
      // nothing in energy-isac: it sees none of this
      expect(trends.some((t) => t.community.slug === 'energy-isac')).toBe(false);
    });

    it('publishes one flash note per trend to its community, once per window, read by its members only', async () => {
      const { published } = await publishTrends(hub.ctx.store, trends);
      expect(published.sort()).toEqual(trends.map(trendNoteId).sort());
      expect((await publishTrends(hub.ctx.store, trends)).published).toEqual([]);
      const noteId = trendNoteId(trends.find((t) => t.dimension === 'indicator')!);
      const page = await call(hub, `/api/v1/objects/${noteId}`, { accept: 'application/json', as: 'bankAnalyst' });
      expect(page.status, page.text).toBe(200);
      const body = page.json as { object: Record<string, unknown>; summary: { classification: Record<string, unknown>; tlp: string } };
      expect(body.object).toMatchObject({ type: 'note', object_refs: [ids.rising], labels: ['kyojo-trend', 'trend-indicator', 'trend-sightings'] });
      expect(String(body.object.content)).toContain('18 sightings');
      expect(body.summary).toMatchObject({ tlp: 'green', classification: { timing: 'flash', info_type: 'threat' } });
      expect((await call(hub, `/api/v1/objects/${noteId}`, { accept: 'application/json', as: 'powerAnalyst' })).status).toBe(404);
      const family = await call(hub, `/api/v1/objects/${trendNoteId(trends.find((t) => t.dimension === 'malware')!)}`, { accept: 'application/json', as: 'bankAnalyst' });
      expect(family.json).toMatchObject({ object: { content: expect.stringContaining('RisingBot') }, summary: { tlp: 'amber' } });
    });

    it('kyojo trends lists them and publishes nothing twice', async () => {
      const where = ['--data', hub.ctx.config.dataDir, ...(hub.ctx.config.databaseUrl ? ['--database-url', hub.ctx.config.databaseUrl] : [])];
      const r = await runCli([...where, 'trends', '--json', '--community', 'fin-isac', '--publish']);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { dimension: string; current: number });
      expect(lines.map((l) => l.dimension).sort()).toEqual(['indicator', 'malware', 'sector']);
      expect(r.stderr).toContain('3 rising trends');
      expect(r.stderr).toContain('published 0 flash notes (3 already published in this window)');
      expect((await runCli([...where, 'trends', '--k', 'x'])).stderr).toContain('--k must be a number');
    });
  });
});
