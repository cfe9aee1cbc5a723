/**
 * Pagination (spec 3.5): walking whole collections with `next` and with `added_after`,
 * limits (default and cap), headers, and paging of manifest, object and versions.
 * The hub runs with defaultPageSize 20 and maxPageSize 50.
 */
import { beforeAll, expect } from 'vitest';
import { canonicalJson } from '../../src/stix/index.js';
import type { TestHub } from '../support/hub.js';
import { call, freshCollection, indicator, ipv4, malware, perBackend, post, served, type Res } from './helpers.js';

const TOTAL = 137;

interface Page {
  res: Res;
  more?: boolean;
  next?: string;
  items: unknown[];
}

async function page(hub: TestHub, path: string, key: 'objects' | 'versions' = 'objects'): Promise<Page> {
  const res = await call(hub, path);
  expect(res.status, `${path}: ${res.text}`).toBe(200);
  const body = JSON.parse(res.text) as Record<string, unknown>;
  const items = (body[key] as unknown[] | undefined) ?? [];
  if (items.length === 0) expect(res.text).toBe('{}');
  else {
    expect(typeof body.more).toBe('boolean');
    expect('next' in body).toBe(body.more === true);
  }
  return { res, more: body.more as boolean | undefined, next: body.next as string | undefined, items };
}

perBackend(
  'TAXII paging',
  (s) => {
    let hub: TestHub;
    let coll: string;
    const stored: string[] = []; // canonical JSON in submission order
    const types = new Map<string, string>();

    beforeAll(async () => {
      if (s.skipped) return;
      hub = s.hub;
      coll = (await freshCollection(hub)).coll;
      const objects = Array.from({ length: TOTAL }, (_, i) => (i % 5 === 0 ? malware() : i % 7 === 0 ? ipv4(`192.0.2.${i}`) : indicator({ value: `198.51.100.${i}` })));
      for (const size of [50, 50, 37]) {
        const chunk = objects.splice(0, size);
        expect((await post(hub, coll, chunk)).success_count).toBe(size);
        for (const o of chunk) {
          stored.push(canonicalJson(served(o)));
          types.set(canonicalJson(served(o)), o.type);
        }
      }
    });

    /** Walks objects and manifest side by side with `next`; checks headers on every page. */
    async function walk(query: string, limit: number | undefined): Promise<{ objects: string[]; dates: string[]; pages: number }> {
      const objects: string[] = [];
      const dates: string[] = [];
      let next: string | undefined;
      let pages = 0;
      do {
        const q = new URLSearchParams(query);
        if (limit !== undefined) q.set('limit', String(limit));
        if (next) q.set('next', next);
        const o = await page(hub, `${coll}objects/?${q}`);
        const m = await page(hub, `${coll}manifest/?${q}`);
        expect(o.more).toBe(m.more);
        expect(o.next).toBe(m.next);
        const records = m.items as { id: string; date_added: string }[];
        expect(records.map((r) => r.id)).toEqual((o.items as { id: string }[]).map((x) => x.id));
        if (o.items.length > 0) {
          for (const r of [o.res, m.res]) {
            expect(r.headers.get('x-taxii-date-added-first')).toBe(records[0]!.date_added);
            expect(r.headers.get('x-taxii-date-added-last')).toBe(records[records.length - 1]!.date_added);
          }
        }
        objects.push(...o.items.map((x) => canonicalJson(x)));
        dates.push(...records.map((r) => r.date_added));
        next = o.more ? o.next : undefined;
        pages++;
        expect(pages).toBeLessThan(200);
      } while (next);
      return { objects, dates, pages };
    }

    function expectOrdered(dates: string[]): void {
      for (let i = 1; i < dates.length; i++) expect(dates[i - 1]! < dates[i]!).toBe(true);
    }

    s.it('walking with next returns every object exactly once, in date_added order', async () => {
      const { objects, dates, pages } = await walk('', 10);
      expect(pages).toBe(Math.ceil(TOTAL / 10));
      expect(objects).toEqual(stored);
      expect(new Set(objects).size).toBe(TOTAL);
      expectOrdered(dates);
    });

    s.it('page sizes: default 20, limit honoured, limit above the maximum capped at 50', async () => {
      const first = await page(hub, `${coll}objects/`);
      expect(first.items).toHaveLength(20);
      expect(first.more).toBe(true);
      expect((await page(hub, `${coll}objects/?limit=7`)).items).toHaveLength(7);
      const capped = await page(hub, `${coll}objects/?limit=100000`);
      expect(capped.items).toHaveLength(50);
      expect(capped.more).toBe(true);
      const { pages, objects } = await walk('', undefined);
      expect(pages).toBe(Math.ceil(TOTAL / 20));
      expect(objects).toEqual(stored);
      // a limit of exactly the remaining count: all of them, and more is false
      const p1 = await page(hub, `${coll}manifest/?limit=50`);
      const p2 = await page(hub, `${coll}manifest/?limit=50&next=${p1.next}`);
      const after = p2.res.headers.get('x-taxii-date-added-last')!;
      const tail = await page(hub, `${coll}objects/?limit=${TOTAL - 100}&added_after=${after}`);
      expect(tail.items.map((x) => canonicalJson(x))).toEqual(stored.slice(100));
      expect(tail.more).toBe(false);
    });

    s.it('walking with added_after = X-TAXII-Date-Added-Last (the spec alternative) also sees everything once', async () => {
      const seen: string[] = [];
      let after: string | undefined;
      for (let i = 0; i < 100; i++) {
        const q = new URLSearchParams({ limit: '25' });
        if (after) q.set('added_after', after);
        const p = await page(hub, `${coll}objects/?${q}`);
        seen.push(...p.items.map((x) => canonicalJson(x)));
        if (!p.more) break;
        after = p.res.headers.get('x-taxii-date-added-last')!;
      }
      expect(seen).toEqual(stored);
    });

    s.it('walking a filtered query with next', async () => {
      const { objects, dates } = await walk('match[type]=malware,ipv4-addr', 4);
      expect(objects).toEqual(stored.filter((o) => types.get(o) !== 'indicator'));
      expectOrdered(dates);
    });

    s.it('next and added_after together: the later position applies', async () => {
      const p1 = await page(hub, `${coll}objects/?limit=10`);
      const early = (await page(hub, `${coll}manifest/?limit=3`)).res.headers.get('x-taxii-date-added-last')!;
      const late = (await page(hub, `${coll}manifest/?limit=15`)).res.headers.get('x-taxii-date-added-last')!;
      const withEarly = await page(hub, `${coll}objects/?limit=10&next=${p1.next}&added_after=${early}`);
      expect(withEarly.items.map((x) => canonicalJson(x))).toEqual(stored.slice(10, 20));
      const withLate = await page(hub, `${coll}objects/?limit=10&next=${p1.next}&added_after=${late}`);
      expect(withLate.items.map((x) => canonicalJson(x))).toEqual(stored.slice(15, 25));
    });

    s.it('a cursor past the end gives an empty envelope', async () => {
      const all = await walk('', 50);
      const lastDate = all.dates[all.dates.length - 1]!;
      expect((await call(hub, `${coll}objects/?added_after=${lastDate}`)).text).toBe('{}');
    });

    s.it('get an object and its versions page too', async () => {
      const c = (await freshCollection(hub)).coll;
      const base = indicator({ created: '2026-03-01T00:00:00.000Z' });
      const versions = Array.from({ length: 5 }, (_, i) => `2026-03-0${i + 1}T00:00:00.000Z`);
      await post(hub, c, versions.map((m) => ({ ...base, modified: m })));
      const seenObjects: string[] = [];
      const seenVersions: string[] = [];
      let next: string | undefined;
      let pages = 0;
      do {
        const q = `?match[version]=all&limit=2${next ? `&next=${next}` : ''}`;
        const o = await page(hub, `${c}objects/${base.id}/${q}`);
        seenObjects.push(...(o.items as { modified: string }[]).map((x) => x.modified));
        const v = await page(hub, `${c}objects/${base.id}/versions/${q}`, 'versions');
        seenVersions.push(...(v.items as string[]));
        expect(v.next).toBe(o.next);
        next = o.more ? o.next : undefined;
        pages++;
      } while (next);
      expect(pages).toBe(3);
      expect(seenObjects).toEqual(versions);
      expect(seenVersions).toEqual(versions);
    });
  },
  { config: { defaultPageSize: 20, maxPageSize: 50 } },
);
