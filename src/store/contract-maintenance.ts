/** Contract: persistence across close and reopen (identity, collections, shared objects, the hub clock). */
import { expect, it } from 'vitest';
import type { ContractContext } from './contract.js';
import { indicator, key, malware, refs, seedCollections, T0 } from './contract-fixtures.js';
import { OPERATOR, sver } from './contract-shared.js';

export function maintenanceContract(ctx: ContractContext): void {
  it('keeps everything across close and reopen, and dateAdded keeps increasing', async () => {
    const h = ctx.harness;
    const [col] = (await seedCollections(h.store)) as [string];
    await h.store.identity.createOrganization({ id: 'o1', slug: 'acme', name: 'Acme', kind: 'sme', sector: 'ict', country: null, createdAt: T0 });
    await h.store.identity.createUser({ id: 'u1', email: 'a@acme.example', orgId: 'o1', role: 'org-admin', tier: 'manager', passwordHash: null, disabled: false, createdAt: T0 });
    await h.store.identity.createToken({ id: 't1', userId: 'u1', name: 'ci', tokenHash: 'f'.repeat(64), createdAt: T0, lastUsedAt: null, revokedAt: null });
    await h.store.identity.addMember('community-fin-isac', 'o1');
    const added = await h.store.shared.add([sver(indicator(1), key(1)), sver(indicator(1), key(2)), sver(malware(1), key(1))]);
    await h.store.close();

    const again = await h.reopen();
    try {
      expect(again.backend).toBe(h.store.backend);
      expect((await again.identity.getUser({ email: 'a@acme.example' }))?.orgId).toBe('o1');
      expect((await again.identity.findToken('f'.repeat(64)))?.id).toBe('t1');
      expect(await again.identity.communitiesOf('o1')).toEqual(['community-fin-isac']);
      expect((await again.collections.get(col))?.title).toBe('Collection 0');
      const all = { scope: { kind: 'all' } as const, predicate: OPERATOR, limit: 10 };
      const page = await again.shared.query({ ...all, versions: { all: true } });
      expect(page.rows.map((r) => r.dateAdded)).toEqual(added.map((r) => r.dateAdded));
      expect(refs((await again.shared.query(all)).rows)).toEqual([`${indicator(1)}@${key(2)}`, `${malware(1)}@${key(1)}`]);
      const [next] = await again.shared.add([sver(indicator(9), key(1))]);
      expect(next?.dateAdded).toBeGreaterThan(Math.max(...added.map((r) => r.dateAdded)));
    } finally {
      await again.close();
    }
  });
}
