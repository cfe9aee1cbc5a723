/**
 * Push walks date_added in steps, recording what was sent after each; what is revoked must follow
 * what the peer was sent. One pass with one version per step: a version sent in one step and
 * narrowed by a newer version in the next step of the same pass is revoked in that pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRows, indicator, link, share, startNamedHub, type Hub } from './helpers.js';

describe('push in small steps', () => {
  let a: Hub;
  let b: Hub;
  beforeAll(async () => {
    a = await startNamedHub('a', 'sqlite', { push: { stepRows: 1, batchObjects: 1 } }) as Hub;
    b = await startNamedHub('b') as Hub;
    await link(a, b, { how: 'push' });
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('a version sent in one step and narrowed in the next is revoked in the same pass', async () => {
    const o = indicator('narrowed in the next step');
    const others = [indicator('other 1'), indicator('other 2')];
    await share(a, { tlp: 'green' }, [o]);
    await share(a, { tlp: 'green' }, others);
    await share(a, { tlp: 'amber' }, [{ ...o, modified: '2026-03-05T00:00:00.000Z', description: 'now amber' }]);
    const r = await a.service.syncOnce('b');
    expect(r.push).toMatchObject({ caughtUp: true, revocations: 1, refused: 0 });
    const atB = await allRows(b.store);
    for (const x of others) expect(atB.some((row) => row.id === x.id)).toBe(true);
    const versions = atB.filter((row) => row.id === o.id).map((row) => JSON.parse(row.json) as Record<string, unknown>);
    expect(versions.map((v) => v.revoked ?? false).sort()).toEqual([false, true]);
    expect(versions.some((v) => v.description === 'now amber')).toBe(false);
    // nothing left to do
    expect((await a.service.syncOnce('b')).push).toMatchObject({ pushed: 0, revocations: 0, caughtUp: true });
  }, 60_000);
});
