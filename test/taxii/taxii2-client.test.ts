/**
 * Conformance with the OASIS taxii2-client: the exact requests it makes (replayed by
 * ./taxii2-client.ts, a port of its request building and response checks) get the answers
 * it expects, through discovery, API roots, collections, add_objects with status polling,
 * get_objects with filters and as_pages, manifest, versions, get_object and delete_object.
 * The hub caps pages at 5 so that as_pages also meets a server-imposed limit.
 */
import { expect } from 'vitest';
import { canonicalJson, parseTimestampMicros } from '../../src/stix/index.js';
import type { TestHub } from '../support/hub.js';
import { freshCollection, indicator, malware, perBackend, served } from './helpers.js';
import {
  ApiRoot, asPages, ClientError, Collection, Connection, filterKwargsToQueryParams, formatDatetime, MEDIA_TYPE_TAXII_V21, pythonJsonDumps,
  quotePlus, Server, urlencode, validContentType,
} from './taxii2-client.js';

async function clientFor(hub: TestHub, slug: string, user: 'acmeAnalyst' | 'acmeReader' = 'acmeAnalyst') {
  const email = user === 'acmeAnalyst' ? 'analyst@acme.example' : 'reader@acme.example';
  const server = new Server(`${hub.url}/taxii2/`, email, hub.tokens[user]);
  await server.refresh();
  const root = server.apiRoots.find((r) => r.url === `${hub.url}/taxii2/${slug}/`);
  if (!root) throw new Error(`no API root ${slug} in ${server.apiRoots.map((r) => r.url).join(', ')}`);
  await root.refreshInformation();
  await root.refreshCollections();
  return { server, root, collection: root.collections[0]! };
}

perBackend(
  'taxii2-client conformance',
  (s) => {
    s.it('the port encodes like Python (sanity of the replay itself)', async () => {
      expect(quotePlus('match[type]')).toBe('match%5Btype%5D');
      expect(urlencode(filterKwargsToQueryParams({ type: ['indicator', 'malware'], version: 'all', limit: 10 }))).toBe(
        'match%5Btype%5D=indicator%2Cmalware&match%5Bversion%5D=all&limit=10',
      );
      expect(urlencode(filterKwargsToQueryParams({ limit: 0, next: '', added_after: { micros: 1_767_225_600_123_400 } }))).toBe(
        'added_after=2026-01-01T00%3A00%3A00.1234Z',
      );
      expect(formatDatetime({ micros: 1_767_225_600_000_000 })).toBe('2026-01-01T00:00:00Z');
      expect(pythonJsonDumps({ objects: [{ a: 1, b: ['x', 'ü'] }] })).toBe('{"objects": [{"a": 1, "b": ["x", "ü"]}]}');
      expect(validContentType('application/taxii+json; version="2.1"; charset=utf-8', MEDIA_TYPE_TAXII_V21)).toBe(false);
      expect(validContentType(MEDIA_TYPE_TAXII_V21, MEDIA_TYPE_TAXII_V21)).toBe(true);
    });

    s.it('discovery, API root and collections as the client reads them', async (hub) => {
      const server = new Server(`${hub.url}/taxii2`, 'analyst@bank.example', hub.tokens.bankAnalyst);
      await server.refresh();
      expect(server.info.title).toBe('Kyojo threat-sharing hub');
      expect(server.apiRoots.map((r) => r.url)).toEqual([`${hub.url}/taxii2/fin-isac/`, `${hub.url}/taxii2/hub/`]);
      expect(server.defaultRoot?.url).toBe(`${hub.url}/taxii2/fin-isac/`);
      const root = server.defaultRoot!;
      await root.refreshInformation();
      expect(root.info).toMatchObject({ title: 'Financials ISAC', versions: [MEDIA_TYPE_TAXII_V21] });
      await root.refreshCollections();
      expect(root.collections).toHaveLength(1);
      const c = root.collections[0]!;
      expect(c.url).toBe(`${hub.url}/taxii2/fin-isac/collections/${hub.collections.finIsac}/`);
      expect(c.info).toMatchObject({ can_read: true, can_write: true, media_types: ['application/stix+json;version=2.1'] });
    });

    s.it('add_objects, status, get_objects with filters, as_pages, manifest, versions, get_object, delete_object', async (hub) => {
      const { slug } = await freshCollection(hub);
      const { root, collection } = await clientFor(hub, slug);
      const a1 = indicator({ created: '2026-01-01T00:00:00.000Z', extra: { name: 'フィッシングサイト', description: 'café' } });
      const a2 = { ...a1, modified: '2026-01-02T00:00:00.000Z' };
      const others = Array.from({ length: 11 }, (_, i) => (i % 3 === 0 ? malware() : indicator({ value: `192.0.2.${i}` })));

      // add_objects (wait_for_completion=True): a complete status at once, no polling needed
      const added = await collection.addObjects({ objects: [a1, a2, ...others] });
      expect(added.polls).toBe(0);
      expect(added.statusUrl).toBe(`${hub.url}/taxii2/${slug}/status/${String(added.status.id)}/`);
      expect(added.status).toMatchObject({ status: 'complete', total_count: 13, success_count: 13, failure_count: 0, pending_count: 0 });
      // the client's Status.refresh and ApiRoot.get_status
      const polled = await collection.conn.get(added.statusUrl, { Accept: MEDIA_TYPE_TAXII_V21 });
      expect(polled.json).toEqual(added.status);
      expect(await root.getStatus(String(added.status.id))).toEqual(added.status);
      // non-ASCII content survives the round trip byte for byte
      const got = await collection.getObject(a1.id, { version: 'first' });
      expect(got.exchange.text).toBe(`{"more":false,"objects":[${canonicalJson(served(a1))}]}`);

      // get_objects with filters as the client encodes them
      const indicators = await collection.getObjects({ type: 'indicator', version: 'all' });
      expect(indicators.exchange.url).toContain('match%5Btype%5D=indicator&match%5Bversion%5D=all');
      expect((indicators.json.objects as { type: string }[]).every((o) => o.type === 'indicator')).toBe(true);
      expect(indicators.json).toMatchObject({ more: true, next: expect.any(String) });
      const allIndicators: unknown[] = [];
      for await (const p of asPages((f) => collection.getObjects(f), 5, { type: 'indicator', version: 'all' })) allIndicators.push(...(p.objects as unknown[]));
      expect(allIndicators).toHaveLength(2 + others.filter((o) => o.type === 'indicator').length);
      const two = await collection.getObjects({ id: [a1.id, others[0]!.id], version: ['first', 'last'] });
      expect((two.json.objects as { id: string; modified: string }[]).map((o) => `${o.id}@${o.modified}`)).toEqual([
        `${a1.id}@${a1.modified}`, `${a1.id}@${a2.modified}`, `${others[0]!.id}@${others[0]!.modified}`,
      ]);
      // added_after from a datetime (microseconds, trailing zeros stripped) taken from the date header
      const first = await collection.getObjects({ limit: 3 });
      const last = first.exchange.responseHeaders.get('x-taxii-date-added-last')!;
      const afterPages: Record<string, unknown>[] = [];
      for await (const p of asPages((f) => collection.getObjects(f), 5, { added_after: { micros: parseTimestampMicros(last)! } })) afterPages.push(p);
      // 12 latest versions (a1 is superseded by a2), the first 3 of them skipped
      expect(afterPages.flatMap((p) => p.objects as unknown[])).toHaveLength(12 - 3);

      // as_pages(get_objects, per_request=10): the hub caps pages at 5, the client adapts
      const pages: Record<string, unknown>[] = [];
      for await (const p of asPages((f) => collection.getObjects(f), 10, { version: 'all' })) pages.push(p);
      const ids = pages.flatMap((p) => (p.objects as { id: string; modified: string }[]).map((o) => `${o.id}@${o.modified}`));
      expect(pages.map((p) => (p.objects as unknown[]).length)).toEqual([5, 5, 3]);
      expect(new Set(ids).size).toBe(13);
      // as_pages with the default per_request=0 sends no limit: server-side default pages
      const dflt: Record<string, unknown>[] = [];
      for await (const p of asPages((f) => collection.getObjects(f), 0)) dflt.push(p);
      expect(dflt.map((p) => (p.objects as unknown[]).length)).toEqual([5, 5, 2]);
      // manifest, also paged
      const manifest: Record<string, unknown>[] = [];
      for await (const p of asPages((f) => collection.getManifest(f), 4, { type: 'malware' })) manifest.push(p);
      const records = manifest.flatMap((p) => p.objects as { id: string; version: string; date_added: string }[]);
      expect(records.map((r) => r.id)).toEqual(others.filter((o) => o.type === 'malware').map((o) => o.id));

      // versions
      const versions = await collection.objectVersions(a1.id);
      expect(versions.json).toEqual({ more: false, versions: [a1.modified, a2.modified] });

      // delete_object, then get_object is a 404 the client raises
      await collection.deleteObject(a1.id, { version: a1.modified });
      expect((await collection.objectVersions(a1.id)).json).toEqual({ more: false, versions: [a2.modified] });
      await collection.deleteObject(a1.id);
      await expect(collection.getObject(a1.id)).rejects.toThrow(/404 Client Error/);
      // every request carried the client's headers
      for (const ex of collection.conn.log) {
        expect(ex.headers.accept).toBe(MEDIA_TYPE_TAXII_V21);
        expect(ex.headers.authorization).toMatch(/^Basic /);
      }
    });

    s.it('a reader: the collection says can_write false, the client refuses, the server answers 403 anyway', async (hub) => {
      const { collection } = await clientFor(hub, 'fin-isac', 'acmeReader');
      expect(collection.info.can_write).toBe(false);
      await expect(collection.addObjects({ objects: [indicator()] })).rejects.toThrow(/does not allow writing/);
      const forced = new Collection(collection.url, new Connection('reader@acme.example', hub.tokens.acmeReader), { ...collection.info, can_write: true });
      await expect(forced.addObjects({ objects: [indicator()] })).rejects.toThrow(/403 Client Error/);
    });

    s.it('wrong credentials surface as the 401 the client raises', async (hub) => {
      const server = new Server(`${hub.url}/taxii2/`, 'analyst@acme.example', 'wrong');
      await expect(server.refresh()).rejects.toThrow(/401 Client Error/);
      const root = new ApiRoot(`${hub.url}/taxii2/energy-isac`, new Connection('analyst@acme.example', hub.tokens.acmeAnalyst));
      await expect(root.refreshInformation()).rejects.toThrow(/404 Client Error/);
      expect(ClientError).toBeDefined();
    });
  },
  { config: { defaultPageSize: 5, maxPageSize: 5 } },
);
