import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KYOJO_SHARING_EXTENSION_ID } from '../../src/policy/extensions.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const TAXII = 'application/taxii+json;version=2.1';
const ID = 'indicator--7d1f3a9e-0f52-4a8e-9a37-2b6f1c0d4e11';
let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub();
  const indicator = {
    type: 'indicator', spec_version: '2.1', id: ID, created: '2026-03-01T00:00:00.000Z', modified: '2026-03-01T00:00:00.000Z',
    pattern: "[ipv4-addr:value = '203.0.113.50']", pattern_type: 'stix', valid_from: '2026-03-01T00:00:00Z',
    object_marking_refs: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'],
    extensions: { [KYOJO_SHARING_EXTENSION_ID]: { extension_type: 'property-extension', attribution: 'none' } },
  };
  const res = await fetch(`${hub.url}/taxii2/fin-isac/collections/${hub.collections.finIsac}/objects/`, {
    method: 'POST', headers: { authorization: `Bearer ${hub.tokens.acmeAnalyst}`, accept: TAXII, 'content-type': TAXII },
    body: JSON.stringify({ objects: [indicator] }),
  });
  expect(((await res.json()) as { success_count: number }).success_count).toBe(1);
});
afterAll(async () => hub?.close());

const lookUp = (token: string, id = ID) => fetch(`${hub.url}/api/v1/objects/${id}/provider`, { headers: { authorization: `Bearer ${token}` } });

describe('REST API provider look-up', () => {
  it('tells an operator who provided an anonymous object, and audits the look first', async () => {
    const before = await hub.ctx.store.trust.listAudit({ limit: 100 });
    const res = await lookUp(hub.tokens.operator);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: ID, attribution: 'none', provider: { organization: { slug: 'acme', name: expect.any(String) }, user: 'analyst@acme.example' } });
    const after = await hub.ctx.store.trust.listAudit({ limit: 100 });
    const added = after.filter((e) => !before.some((b) => b.seq === e.seq));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ action: 'provider.lookup', subject: ID, actor: 'op@hub-op.example' });
  });

  it('refuses everyone else with 403, revealing nothing, and audits nothing', async () => {
    const before = (await hub.ctx.store.trust.listAudit({ limit: 100 })).length;
    for (const token of [hub.tokens.bankAnalyst, hub.tokens.acmeAnalyst, hub.tokens.acmeReader]) {
      const res = await lookUp(token);
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain('acme.example');
    }
    expect((await hub.ctx.store.trust.listAudit({ limit: 100 })).length).toBe(before);
  });

  it('answers 404 for an unknown object and 400 for a malformed id', async () => {
    expect((await lookUp(hub.tokens.operator, 'indicator--00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await lookUp(hub.tokens.operator, 'not-an-id')).status).toBe(400);
  });
});
