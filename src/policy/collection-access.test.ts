import { describe, expect, it } from 'vitest';
import type { Principal } from '../identity/principal.js';
import type { Collection, Role } from '../store/types.js';
import { canReadCollection, canReadStatus, canSeeCommunity, canWriteCollection } from './collection-access.js';

const collection: Collection = { id: 'c1', communityId: 'fin', title: 't', description: null, alias: null, createdAt: '2026-01-01T00:00:00Z' };

function viewer(role: Role, communities: string[]): Principal {
  return {
    user: { id: 'u', email: 'u@x.example', orgId: 'o', role, tier: 'practitioner', passwordHash: null, disabled: false, createdAt: '' },
    org: { id: 'o', slug: 'o', name: 'O', kind: 'company', sector: 'finance', country: null, createdAt: '' },
    communityIds: new Set(communities),
    tokenId: null,
  };
}

describe('collection access (hub core rule)', () => {
  it.each([
    // role, member of the collection's community, can read, can write
    ['operator', false, true, true],
    ['operator', true, true, true],
    ['org-admin', true, true, true],
    ['analyst', true, true, true],
    ['reader', true, true, false],
    ['org-admin', false, false, false],
    ['analyst', false, false, false],
    ['reader', false, false, false],
  ] as const)('%s (member: %s) reads=%s writes=%s', (role, member, read, write) => {
    const v = viewer(role, member ? ['fin', 'other'] : ['other']);
    expect(canReadCollection(v, collection)).toBe(read);
    expect(canWriteCollection(v, collection)).toBe(write);
    expect(canSeeCommunity(v, 'fin')).toBe(read);
  });
});

describe('status access', () => {
  it('lets the poster and operators read a status, nobody else', () => {
    const poster = viewer('analyst', ['fin']);
    const colleague = { ...viewer('org-admin', ['fin']), user: { ...poster.user, id: 'other', role: 'org-admin' as const } };
    expect(canReadStatus(poster, { userId: 'u' })).toBe(true);
    expect(canReadStatus(colleague, { userId: 'u' })).toBe(false);
    expect(canReadStatus(viewer('operator', []), { userId: 'u' })).toBe(true);
  });
});
