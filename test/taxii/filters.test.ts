/**
 * Filtering (spec 3.4): every match field, every version keyword, timestamps, added_after,
 * and their combinations, checked against a model of the collection, on both backends.
 */
import { beforeAll, expect } from 'vitest';
import { canonicalJson, formatMicros, parseTimestampMicros } from '../../src/stix/index.js';
import type { TestHub } from '../support/hub.js';
import { call, freshCollection, indicator, ipv4, malware, perBackend, post, served } from './helpers.js';

interface Row {
  key: string;
  obj: Record<string, unknown> & { id: string; type: string };
  /** version order within its id: modified, or '' for unversioned */
  version: string;
  dateAdded?: string;
}

function dataset() {
  const A = indicator({ created: '2025-12-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z' });
  const B = malware({ modified: '2026-01-01T00:00:00.000Z' });
  const C = indicator({ value: '203.0.113.5' });
  const D = ipv4('198.51.100.1');
  const rows: Row[] = [
    { key: 'A1', obj: A, version: A.modified },
    { key: 'B1', obj: B, version: B.modified },
    { key: 'C1', obj: C, version: C.modified },
    { key: 'A2', obj: { ...A, modified: '2026-01-02T00:00:00.000Z', name: 'A2' }, version: '2026-01-02T00:00:00.000Z' },
    { key: 'D', obj: D, version: '' },
    { key: 'B2', obj: { ...B, modified: '2026-01-02T00:00:00.123Z', name: 'B2' }, version: '2026-01-02T00:00:00.123Z' },
    { key: 'A3', obj: { ...A, modified: '2026-01-03T00:00:00.000Z', name: 'A3' }, version: '2026-01-03T00:00:00.000Z' },
    // an older version added last: `first` follows modified, not date_added
    { key: 'A0', obj: { ...A, modified: '2025-12-31T00:00:00.000Z', name: 'A0' }, version: '2025-12-31T00:00:00.000Z' },
  ];
  return { A, B, C, D, rows };
}

/** The model: which rows a filter combination selects, in date_added order. */
function expected(rows: Row[], f: { versions?: string[]; types?: string[]; ids?: string[]; after?: number }): string[] {
  const byId = new Map<string, Row[]>();
  for (const r of rows) byId.set(r.obj.id, [...(byId.get(r.obj.id) ?? []), r]);
  const versions = f.versions ?? ['last'];
  return rows
    .filter((r, i) => {
      if (f.after !== undefined && i <= f.after) return false;
      if (f.types && !f.types.includes(r.obj.type)) return false;
      if (f.ids && !f.ids.includes(r.obj.id)) return false;
      const same = [...byId.get(r.obj.id)!].sort((a, b) => (a.version < b.version ? -1 : 1));
      return versions.some((v) =>
        v === 'all' ? true
          : v === 'last' ? same[same.length - 1] === r
            : v === 'first' ? same[0] === r
              : r.version !== '' && Date.parse(r.version) === Date.parse(v),
      );
    })
    .map((r) => r.key);
}

/** ids of the objects a GET returns (200 or {}), in order */
async function keysOf(hub: TestHub, path: string): Promise<string[]> {
  const res = await call(hub, path);
  if (res.status === 404) return [];
  expect(res.status, `${path}: ${res.text}`).toBe(200);
  return res.text === '{}' ? [] : (JSON.parse(res.text) as { objects: { id: string }[] }).objects.map((o) => o.id);
}

perBackend('TAXII filters', (s) => {
  let hub: TestHub;
  let coll: string;
  let data: ReturnType<typeof dataset>;
  const keyOf = new Map<string, string>(); // canonical JSON -> row key

  beforeAll(async () => {
    if (s.skipped) return;
    hub = s.hub;
    data = dataset();
    coll = (await freshCollection(hub)).coll;
    const status = await post(hub, coll, data.rows.map((r) => r.obj));
    expect(status.success_count).toBe(data.rows.length);
    for (const r of data.rows) keyOf.set(canonicalJson(served(r.obj)), r.key);
    const manifest = (await call(hub, `${coll}manifest/?match[version]=all`)).json as { objects: { date_added: string }[] };
    manifest.objects.forEach((m, i) => (data.rows[i]!.dateAdded = m.date_added));
  });

  async function keys(path: string): Promise<string[]> {
    const res = await call(hub, path);
    expect(res.status, `${path}: ${res.text}`).toBe(200);
    if (res.text === '{}') return [];
    const body = JSON.parse(res.text) as { objects: unknown[] };
    return body.objects.map((o) => keyOf.get(canonicalJson(o)) ?? '?');
  }

  s.it('objects are stored in submission order (date_added increasing)', async () => {
    expect(await keys(`${coll}objects/?match[version]=all`)).toEqual(data.rows.map((r) => r.key));
    const added = data.rows.map((r) => r.dateAdded!);
    expect([...added].sort()).toEqual(added);
    expect(new Set(added).size).toBe(added.length);
  });

  s.it('match[version]: default last, first, all, timestamps, unions', async () => {
    const cases: [string | undefined, string[]][] = [
      [undefined, ['C1', 'D', 'B2', 'A3']],
      ['last', ['C1', 'D', 'B2', 'A3']],
      ['first', ['B1', 'C1', 'D', 'A0']],
      ['all', ['A1', 'B1', 'C1', 'A2', 'D', 'B2', 'A3', 'A0']],
      ['first,last', ['B1', 'C1', 'D', 'B2', 'A3', 'A0']],
      ['2026-01-02T00:00:00.000Z', ['A2']],
      // precision differs from the stored value: same instant
      ['2026-01-02T00:00:00Z', ['A2']],
      ['2026-01-02T00:00:00.123000Z', ['B2']],
      ['2026-01-01T00:00:00.000Z,2026-01-02T00:00:00.123Z', ['A1', 'B1', 'C1', 'B2']],
      ['first,2026-01-02T00:00:00.000Z,last', ['B1', 'C1', 'A2', 'D', 'B2', 'A3', 'A0']],
      ['2030-01-01T00:00:00.000Z', []],
    ];
    for (const [v, want] of cases) {
      const q = v === undefined ? '' : `?match[version]=${v}`;
      expect(await keys(`${coll}objects/${q}`), `match[version]=${v}`).toEqual(want);
      expect(want).toEqual(expected(data.rows, { versions: v?.split(',') }));
    }
  });

  s.it('every combination of id, type, version and added_after matches the model (objects and manifest)', async () => {
    const { A, B, C, D } = data;
    const versionSets = [undefined, ['last'], ['first'], ['all'], ['first', 'last'], ['2026-01-02T00:00:00.000Z'], ['last', '2026-01-01T00:00:00.000Z']];
    const typeSets = [undefined, ['indicator'], ['malware', 'ipv4-addr'], ['campaign']];
    const idSets = [undefined, [A.id], [B.id, C.id, D.id]];
    const afters = [undefined, 2, 5];
    let checked = 0;
    for (const versions of versionSets)
      for (const types of typeSets)
        for (const ids of idSets)
          for (const after of afters) {
            const q = new URLSearchParams();
            if (versions) q.set('match[version]', versions.join(','));
            if (types) q.set('match[type]', types.join(','));
            if (ids) q.set('match[id]', ids.join(','));
            if (after !== undefined) q.set('added_after', data.rows[after]!.dateAdded!);
            const want = expected(data.rows, { versions, types, ids, after });
            const label = q.toString();
            expect(await keys(`${coll}objects/?${q}`), label).toEqual(want);
            const manifest = await call(hub, `${coll}manifest/?${q}`);
            const records = manifest.text === '{}' ? [] : (JSON.parse(manifest.text) as { objects: { id: string; version: string; date_added: string }[] }).objects;
            expect(records.map((m) => m.date_added), label).toEqual(want.map((k) => data.rows.find((r) => r.key === k)!.dateAdded));
            checked++;
          }
    expect(checked).toBe(7 * 4 * 3 * 3);
  });

  s.it('repeated match parameters add values; unknown parameters and match fields are ignored', async () => {
    const { A, B } = data;
    expect(await keys(`${coll}objects/?match[type]=malware&match[type]=ipv4-addr`)).toEqual(['D', 'B2']);
    expect(await keys(`${coll}objects/?match[id]=${A.id}&match[id]=${B.id}&match[version]=all`)).toEqual(['A1', 'B1', 'A2', 'B2', 'A3', 'A0']);
    expect(await keys(`${coll}objects/?match[version]=first&match[version]=last&match[type]=malware`)).toEqual(['B1', 'B2']);
    expect(await keys(`${coll}objects/?color=red&match[color]=blue&match[type]=malware`)).toEqual(['B2']);
  });

  s.it('percent-encoded parameter names and values (as HTTP libraries send them)', async () => {
    const { A } = data;
    expect(await keys(`${coll}objects/?match%5Btype%5D=indicator%2Cmalware&match%5Bversion%5D=first`)).toEqual(['B1', 'C1', 'A0']);
    expect(await keys(`${coll}objects/?match%5Bid%5D=${A.id}&match%5Bversion%5D=2026-01-02T00%3A00%3A00.000Z`)).toEqual(['A2']);
  });

  s.it('match[spec_version]: 2.1 is everything, 2.0 nothing, a union with 2.1 everything', async () => {
    expect(await keys(`${coll}objects/?match[spec_version]=2.1`)).toEqual(['C1', 'D', 'B2', 'A3']);
    expect(await keys(`${coll}objects/?match[spec_version]=2.0`)).toEqual([]);
    expect(await keys(`${coll}objects/?match[spec_version]=2.0,2.1&match[version]=all`)).toHaveLength(8);
    expect((await call(hub, `${coll}manifest/?match[spec_version]=2.0`)).text).toBe('{}');
  });

  s.it('get an object honours match[version] and match[spec_version] and ignores match[type]', async () => {
    const { A } = data;
    const url = `${coll}objects/${A.id}/`;
    expect(await keys(url)).toEqual(['A3']);
    expect(await keys(`${url}?match[version]=first`)).toEqual(['A0']);
    expect(await keys(`${url}?match[version]=all`)).toEqual(['A1', 'A2', 'A3', 'A0']);
    expect(await keys(`${url}?match[version]=2026-01-02T00:00:00.000Z,first`)).toEqual(['A2', 'A0']);
    expect(await keys(`${url}?match[type]=malware`)).toEqual(['A3']);
    expect(await keys(`${url}?match[version]=all&added_after=${data.rows[3]!.dateAdded}`)).toEqual(['A3', 'A0']);
    // the page past the end is an empty envelope, a version that is not there is 404
    expect((await call(hub, `${url}?added_after=${data.rows[7]!.dateAdded}`)).text).toBe('{}');
    expect((await call(hub, `${url}?match[version]=2020-01-01T00:00:00.000Z`)).status).toBe(404);
    expect((await call(hub, `${url}?match[spec_version]=2.0`)).status).toBe(404);
  });

  s.it('versions: every version by default, in date_added order; spec_version and added_after filters', async () => {
    const { A, D } = data;
    const v = (path: string) => call(hub, path).then((r) => JSON.parse(r.text) as { versions?: string[]; more?: boolean });
    expect(await v(`${coll}objects/${A.id}/versions/`)).toEqual({
      more: false,
      versions: ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z', '2025-12-31T00:00:00.000Z'],
    });
    expect(await v(`${coll}objects/${A.id}/versions/?match[spec_version]=2.1`)).toMatchObject({ versions: expect.any(Array) });
    expect((await call(hub, `${coll}objects/${A.id}/versions/?match[spec_version]=2.0`)).status).toBe(404);
    expect(await v(`${coll}objects/${A.id}/versions/?added_after=${data.rows[3]!.dateAdded}`)).toEqual({
      more: false,
      versions: ['2026-01-03T00:00:00.000Z', '2025-12-31T00:00:00.000Z'],
    });
    // an unversioned object has one version: its date_added
    expect(await v(`${coll}objects/${D.id}/versions/`)).toEqual({ more: false, versions: [data.rows[4]!.dateAdded] });
  });

  s.it('an unversioned object is found, and deleted, by the version the server reports for it', async () => {
    const c = (await freshCollection(hub)).coll;
    const d = ipv4('198.51.100.77');
    const status = await post(hub, c, [d]);
    const version = status.successes![0]!.version;
    const url = `${c}objects/${d.id}/`;
    expect(((await call(hub, `${url}versions/`)).json as { versions: string[] }).versions).toEqual([version]);
    const manifest = (await call(hub, `${c}manifest/`)).json as { objects: { version: string }[] };
    expect(manifest.objects.map((m) => m.version)).toEqual([version]);
    expect(await keysOf(hub, `${url}?match[version]=${version}`)).toEqual([d.id]);
    expect(await keysOf(hub, `${c}objects/?match[version]=${version}`)).toEqual([d.id]);
    // the same instant at another precision is the same version; another instant is not
    expect(await keysOf(hub, `${url}?match[version]=${version.replace(/Z$/, '000Z')}`)).toEqual([d.id]);
    expect(await keysOf(hub, `${url}?match[version]=${version.replace(/Z$/, '001Z')}`)).toEqual([]);
    expect(await keysOf(hub, `${url}?match[version]=${formatMicros(parseTimestampMicros(version)! + 1)}`)).toEqual([]);
    expect((await call(hub, `${url}?match[version]=${version}`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(hub, url)).status).toBe(404);
  });

  s.it('delete honours match[version] (first, last, timestamps) and match[spec_version]', async () => {
    const c = (await freshCollection(hub)).coll;
    const base = indicator({ modified: '2026-02-01T00:00:00.000Z' });
    const vs = ['2026-02-01T00:00:00.000Z', '2026-02-02T00:00:00.000Z', '2026-02-03T00:00:00.000Z', '2026-02-04T00:00:00.000Z'];
    await post(hub, c, vs.map((m) => ({ ...base, modified: m })));
    const url = `${c}objects/${base.id}/`;
    const versions = async () => ((await call(hub, `${url}versions/`)).json as { versions: string[] }).versions;
    expect((await call(hub, `${url}?match[spec_version]=2.0`, { method: 'DELETE' })).status).toBe(404);
    expect((await call(hub, `${url}?match[version]=first`, { method: 'DELETE' })).status).toBe(200);
    expect(await versions()).toEqual(vs.slice(1));
    expect((await call(hub, `${url}?match[version]=last`, { method: 'DELETE' })).status).toBe(200);
    expect(await versions()).toEqual(vs.slice(1, 3));
    expect((await call(hub, `${url}?match[version]=${vs[0]}`, { method: 'DELETE' })).status).toBe(404);
    expect((await call(hub, `${url}?match[version]=${vs[2]}&match[spec_version]=2.1`, { method: 'DELETE' })).status).toBe(200);
    expect(await versions()).toEqual([vs[1]]);
    expect((await call(hub, url, { method: 'DELETE' })).status).toBe(200);
    expect((await call(hub, url)).status).toBe(404);
  });
});
