/** Contract: uploaded files (Store.attachments): bytes come back exactly, facts by id and scope. */
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { ConflictError } from './types.js';
import type { AttachmentMeta } from './attachments-types.js';
import type { ContractContext } from './contract.js';
import { T0 } from './contract-fixtures.js';

const meta = (id: string, scope: string, createdAt: string, extra: Partial<AttachmentMeta> = {}): AttachmentMeta => ({
  id, scope, ownerOrgId: 'org-acme', createdBy: 'user-alice', createdAt, filename: `${id}.log`, declaredType: 'text/plain', size: 0, sha256: 'x', ...extra,
});

export function attachmentsContract(ctx: ContractContext): void {
  it('stores bytes byte for byte (all 256 values, a 2 MiB file) and lists a scope oldest first', async () => {
    const { store } = ctx;
    await store.identity.createOrganization({ id: 'org-acme', slug: 'acme', name: 'Acme', kind: 'company', sector: 'finance', country: null, createdAt: T0 });
    const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const big = randomBytes(2 * 1024 * 1024);
    const a = meta('00000000-0000-4000-8000-00000000000a', 'desk-report:1', '2026-01-01T00:00:02.000Z', { size: every.length, filename: 'ログ 2026.txt' });
    const b = meta('00000000-0000-4000-8000-00000000000b', 'desk-report:1', '2026-01-01T00:00:01.000Z', { size: big.length, declaredType: 'application/octet-stream' });
    const c = meta('00000000-0000-4000-8000-00000000000c', 'assessment:9', '2026-01-01T00:00:00.000Z', { size: 1 });
    await store.attachments.put(a, every);
    await store.attachments.put(b, big);
    await store.attachments.put(c, Buffer.from('z'));
    expect(await store.attachments.get(a.id)).toEqual(a);
    expect((await store.attachments.content(a.id))!.equals(every)).toBe(true);
    expect((await store.attachments.content(b.id))!.equals(big)).toBe(true);
    expect((await store.attachments.listByScope('desk-report:1')).map((m) => m.id)).toEqual([b.id, a.id]);
    expect(await store.attachments.listByScope('desk-report:2')).toEqual([]);
    await expect(store.attachments.put(a, every)).rejects.toThrow(ConflictError);
    expect(await store.attachments.get('00000000-0000-4000-8000-0000000000ff')).toBeUndefined();
    expect(await store.attachments.content('00000000-0000-4000-8000-0000000000ff')).toBeUndefined();
  });

  it('deletes one attachment, leaving the others', async () => {
    const { store } = ctx;
    await store.identity.createOrganization({ id: 'org-acme', slug: 'acme', name: 'Acme', kind: 'company', sector: 'finance', country: null, createdAt: T0 });
    for (const [i, scope] of [[1, 's:1'], [2, 's:1'], [3, 's:2']] as const) {
      await store.attachments.put(meta(`00000000-0000-4000-8000-00000000000${i}`, scope, T0, { size: 1 }), Buffer.from([i]));
    }
    expect(await store.attachments.delete('00000000-0000-4000-8000-000000000001')).toBe(true);
    expect(await store.attachments.delete('00000000-0000-4000-8000-000000000001')).toBe(false);
    expect((await store.attachments.listByScope('s:1')).map((m) => m.id)).toEqual(['00000000-0000-4000-8000-000000000002']);
    expect((await store.attachments.listByScope('s:2')).map((m) => m.id)).toEqual(['00000000-0000-4000-8000-000000000003']);
  });
}
