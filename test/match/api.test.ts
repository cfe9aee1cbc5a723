/**
 * Early warning over HTTP: invalid patterns refused at publication (TAXII POST and /shares),
 * POST /api/v1/match (shapes, context, visibility: an invisible indicator answers exactly as a
 * value nobody flagged, freshness), input errors; on SQLite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TestHub, UserKey } from '../support/hub.js';
import { call, indicator, malware, perBackend, post, type Res } from '../taxii/helpers.js';

const fin = (hub: TestHub) => `/taxii2/fin-isac/collections/${hub.collections.finIsac}/`;
const JSON_CT = { accept: 'application/json', contentType: 'application/json' };

function share(hub: TestHub, objects: unknown[], envelope: unknown = { tlp: 'amber', audience: { communities: ['fin-isac'] } }, as: UserKey = 'acmeAnalyst'): Promise<Res> {
  return call(hub, '/api/v1/shares', { ...JSON_CT, body: { objects, envelope }, as });
}

function match(hub: TestHub, body: unknown, as: UserKey): Promise<Res> {
  return call(hub, '/api/v1/match', { ...JSON_CT, body: body as object, as });
}

type MatchResult = {
  hits: { observable: { type: string; value: string } | null; observation: number | null; match: string; term: string; indicator: Record<string, unknown>; tlp: string; classification: unknown; provider: unknown; context: { id: string; type: string; relationship_type: string | null }[] }[];
  summary: Record<string, number>;
};

const pattern = (p: string) => indicator({ extra: { pattern: p } });

perBackend('early warning: patterns at publication and POST /api/v1/match', (s) => {
  s.it('refuses an invalid pattern per object on TAXII POST and /shares, with the position and expectation', async (hub) => {
    const good = indicator({ value: '198.51.100.200' });
    const bad = pattern("[ipv4-addr:value = '198.51.100.1'");
    const status = await post(hub, fin(hub), [good, bad]);
    expect(status.success_count).toBe(1);
    expect(status.failures?.[0]).toMatchObject({ id: bad.id });
    expect(status.failures?.[0]?.message).toContain("property 'pattern': is not a valid STIX pattern: at 33: expected AND, OR or ']' but found the end of the pattern");
    const bad2 = pattern('[file:name = 5');
    const res = await share(hub, [bad2, indicator({ value: '198.51.100.201' })]);
    expect(res.status, res.text).toBe(200);
    const r = res.json as { stored: unknown[]; refused: { index: number; reason: string }[] };
    expect(r.stored).toHaveLength(1);
    expect(r.refused).toEqual([{ index: 0, id: bad2.id, reason: expect.stringMatching(/property 'pattern': is not a valid STIX pattern: at 14: expected/) }]);
  });

  s.it('matches every simple shape and serves the indicator with TLP, classification and visible context', async (hub) => {
    const ip = indicator({ value: '203.0.113.66' });
    const net = pattern("[ipv4-addr:value = '100.64.0.0/10']");
    const dom = pattern("[domain-name:value = 'c2.evil.example']");
    const url = pattern("[url:value = 'https://Phish.Example/login']");
    const hash = pattern("[file:hashes.'SHA-256' = 'AEC070645FE53EE3B3763059376134F058CC337247C978ADD178B6CCDFB0019F']");
    const mail = pattern("[email-addr:value = 'boss@phish.example']");
    const mw = { ...malware(), name: 'EvilBot', is_family: true };
    const rel = { type: 'relationship', spec_version: '2.1', id: `relationship--${randomUUID()}`, created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', relationship_type: 'indicates', source_ref: ip.id, target_ref: mw.id };
    const res = await share(hub, [ip, net, dom, url, hash, mail, mw, rel], { tlp: 'amber', audience: { communities: ['fin-isac'] }, classification: { info_type: 'threat', timing: 'flash' } });
    expect((res.json as { refused: unknown[] }).refused).toEqual([]);
    const m = await match(hub, {
      observables: [
        { type: 'ipv4-addr', value: '203.0.113.66' }, { type: 'ip', value: '100.100.1.1' }, { type: 'domain', value: 'x.C2.evil.example' },
        { type: 'url', value: 'HTTPS://phish.example:443/login' }, { type: 'sha256', value: 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' },
        { type: 'email', value: 'Boss@Phish.Example' }, { type: 'auto', value: '192.0.2.250' },
      ],
    }, 'bankAnalyst');
    expect(m.status, m.text).toBe(200);
    const r = m.json as MatchResult;
    expect(r.hits.map((h) => [h.observable?.value, h.indicator.id, h.match])).toEqual([
      ['203.0.113.66', ip.id, 'exact'], ['100.100.1.1', net.id, 'cidr'], ['x.C2.evil.example', dom.id, 'subdomain'],
      ['HTTPS://phish.example:443/login', url.id, 'exact'], ['aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f', hash.id, 'exact'],
      ['Boss@Phish.Example', mail.id, 'exact'],
    ]);
    expect(r.summary).toEqual({ observables: 7, observations: 0, hits: 6, indicators: 6 });
    const first = r.hits[0]!;
    expect(first).toMatchObject({ tlp: 'amber', classification: { info_type: 'threat', timing: 'flash' }, provider: { slug: 'acme' } });
    expect(first.context).toEqual([expect.objectContaining({ id: mw.id, type: 'malware', label: 'EvilBot', relationship_type: 'indicates' })]);
    expect(r.hits[1]!.context).toEqual([]);
  });

  s.it('never matches an indicator the caller may not see, and answers exactly as for a value nobody flagged', async (hub) => {
    const secret = indicator({ value: '198.18.7.7' });
    expect((await share(hub, [secret])).status).toBe(200);
    expect((await match(hub, { observables: [{ type: 'ipv4-addr', value: '198.18.7.7' }] }, 'bankAnalyst')).json).toMatchObject({ summary: { hits: 1 } });
    const invisible = await match(hub, { observables: [{ type: 'ipv4-addr', value: '198.18.7.7' }] }, 'powerAnalyst');
    const nobody = await match(hub, { observables: [{ type: 'ipv4-addr', value: '198.18.9.9' }] }, 'powerAnalyst');
    expect(invisible.status).toBe(200);
    expect(invisible.text).toBe(nobody.text);
    expect(invisible.json).toEqual({ hits: [], summary: { observables: 1, observations: 0, hits: 0, indicators: 0 } });
    // nor as SCOs, nor through a block or a parent domain
    const net = pattern("[ipv4-addr:value = '198.19.0.0/16' OR domain-name:value = 'fin-only.example']");
    await share(hub, [net]);
    const scos = await match(hub, { objects: [{ type: 'ipv4-addr', value: '198.19.1.1' }, { type: 'domain-name', value: 'a.fin-only.example' }] }, 'powerAnalyst');
    expect(scos.json).toEqual({ hits: [], summary: { observables: 2, observations: 1, hits: 0, indicators: 0 } });
  });

  s.it('sees a new indicator at once (the cached index is rebuilt when one the caller may see arrives)', async (hub) => {
    const obs = { observables: [{ type: 'ipv4-addr', value: '192.0.2.123' }] };
    expect((await match(hub, obs, 'bankAnalyst')).json).toMatchObject({ summary: { hits: 0 } });
    const late = indicator({ value: '192.0.2.123' });
    await share(hub, [late]);
    const r = (await match(hub, obs, 'bankAnalyst')).json as MatchResult;
    expect(r.hits.map((h) => h.indicator.id)).toEqual([late.id]);
  });

  s.it('evaluates other patterns over SCOs and observed-data, and skips expired indicators', async (hub) => {
    const like = pattern("[domain-name:value LIKE '%.dyn-evil.example']");
    const joined = pattern("[network-traffic:dst_port = 4444 AND network-traffic:dst_ref.value = '192.0.2.44']");
    const expired = indicator({ value: '192.0.2.45', extra: { valid_until: '2026-01-02T00:00:00Z' } });
    await share(hub, [like, joined, expired]);
    const od = {
      type: 'observed-data', spec_version: '2.1', id: `observed-data--${randomUUID()}`, created: '2026-03-01T00:00:00.000Z', modified: '2026-03-01T00:00:00.000Z',
      first_observed: '2026-03-01T00:00:00Z', last_observed: '2026-03-01T00:00:00Z', number_observed: 1, object_refs: ['ipv4-addr--1', 'network-traffic--1'],
    };
    const r = (await match(hub, {
      objects: [
        od,
        { type: 'ipv4-addr', id: 'ipv4-addr--1', value: '192.0.2.44' },
        { type: 'network-traffic', id: 'network-traffic--1', dst_ref: 'ipv4-addr--1', dst_port: 4444, protocols: ['tcp'] },
        { type: 'domain-name', value: 'host.dyn-evil.example' },
        { type: 'ipv4-addr', value: '192.0.2.45' },
      ],
    }, 'bankAnalyst')).json as MatchResult;
    expect(r.hits.map((h) => [h.indicator.id, h.match, h.observation])).toEqual([[joined.id, 'pattern', 0], [like.id, 'pattern', 1]]);
    expect(r.summary).toMatchObject({ observations: 2, hits: 2 });
  });

  s.it('answers 4xx with problem details for what it cannot match', async (hub) => {
    const problem = async (body: unknown, status: number, property?: string) => {
      const res = await call(hub, '/api/v1/match', { ...JSON_CT, body: body as object, as: 'bankAnalyst' });
      expect(res.status, res.text).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      if (property) expect((res.json as { errors: { property: string }[] }).errors.map((e) => e.property)).toContain(property);
    };
    await problem({ observables: [], objects: [] }, 422, 'observables');
    await problem({}, 422, 'objects');
    await problem({ observables: [] }, 422, 'observables');
    await problem({ observables: [{ type: 'mutex', value: 'x' }] }, 422, 'observables[0].type');
    await problem({ observables: [{ type: 'ipv4-addr', value: '' }] }, 422, 'observables[0].value');
    await problem({ observables: [{ type: 'ipv4-addr', value: '1.2.3.4', extra: 1 }] }, 422, 'observables[0].extra');
    await problem({ observables: Array.from({ length: 10_001 }, () => ({ type: 'ip', value: '1.2.3.4' })) }, 422, 'observables');
    await problem({ objects: [1] }, 422, 'objects[0]');
    await problem({ observables: [{ type: 'ip', value: '1.2.3.4' }], context: 'yes' }, 422, 'context');
    const notJson = await call(hub, '/api/v1/match', { accept: 'application/json', contentType: 'text/plain', body: 'x', as: 'bankAnalyst' });
    expect(notJson.status).toBe(415);
    const malformed = await call(hub, '/api/v1/match', { ...JSON_CT, body: '{"observables": [', as: 'bankAnalyst' });
    expect(malformed.status).toBe(400);
    expect((await call(hub, '/api/v1/match', { ...JSON_CT, body: { observables: [] }, as: null })).status).toBe(401);
  });
});
