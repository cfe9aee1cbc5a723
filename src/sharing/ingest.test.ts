/** ingestObjects on a stub store: outcomes in submission order, and the event loop kept alive. */
import { describe, expect, it } from 'vitest';
import type { AddResult, ObjectVersionInput, Store } from '../store/types.js';
import { VALID, valid } from '../stix/fixtures/valid-objects.js';
import { ingestObjects } from './ingest.js';

function stubStore(onAdd: (versions: ObjectVersionInput[]) => void): Store {
  const objects = {
    async add(_collectionId: string, versions: ObjectVersionInput[]): Promise<AddResult[]> {
      onAdd(versions);
      return versions.map((v, i) => ({ id: v.id, versionKey: v.versionKey, outcome: 'added' as const, dateAdded: 1000 + i }));
    },
  };
  return { objects } as unknown as Store;
}

describe('ingestObjects', () => {
  it('reports each object in submission order', async () => {
    const items = await ingestObjects(stubStore(() => {}), 'c', [1, valid('tool'), {}]);
    expect(items.map((i) => i.ok)).toEqual([false, true, false]);
    expect(items[1]).toMatchObject({ ok: true, id: VALID.tool!.id, outcome: 'added' });
  });

  it('lets other work run while it validates a large submission', async () => {
    // Validation is synchronous; 17 million `{}` in a 50 MB body held the event loop
    // for over 20 seconds, stalling every other request of the hub.
    const order: string[] = [];
    setImmediate(() => order.push('other work'));
    const submitted: unknown[] = new Array(50_000).fill({});
    submitted.push(valid('tool'));
    await ingestObjects(stubStore(() => order.push('store')), 'c', submitted);
    expect(order).toEqual(['other work', 'store']);
  });
});
