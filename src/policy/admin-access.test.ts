import { describe, expect, it } from 'vitest';
import type { Principal } from '../identity/principal.js';
import type { Role } from '../store/types.js';
import { canAdminister, canAssignRole, canManageOrgMembers, ownsToken } from './admin-access.js';

function viewer(role: Role, orgId = 'acme'): Principal {
  return {
    user: { id: `u-${role}`, email: `${role}@x.example`, orgId, role, tier: 'practitioner', passwordHash: null, disabled: false, createdAt: '' },
    org: { id: orgId, slug: orgId, name: orgId, kind: 'company', sector: 'finance', country: null, createdAt: '' },
    communityIds: new Set(),
    tokenId: null,
  };
}

describe('admin access', () => {
  it.each([
    ['operator', true], ['org-admin', false], ['analyst', false], ['reader', false],
  ] as const)('%s administers the hub: %s', (role, expected) => {
    expect(canAdminister(viewer(role))).toBe(expected);
  });

  it.each([
    // role, own organization?, may manage its members
    ['operator', true, true],
    ['operator', false, true],
    ['org-admin', true, true],
    ['org-admin', false, false],
    ['analyst', true, false],
    ['reader', true, false],
  ] as const)('%s (own organization: %s) manages members: %s', (role, own, expected) => {
    expect(canManageOrgMembers(viewer(role, 'acme'), own ? 'acme' : 'bank')).toBe(expected);
  });

  it.each([
    ['operator', 'operator', true],
    ['operator', 'reader', true],
    ['org-admin', 'operator', false],
    ['org-admin', 'org-admin', true],
    ['org-admin', 'analyst', true],
    ['org-admin', 'reader', true],
    ['analyst', 'reader', false],
    ['reader', 'reader', false],
  ] as const)('%s may give the role %s: %s', (role, given, expected) => {
    expect(canAssignRole(viewer(role), given)).toBe(expected);
  });

  it('lets a token be managed by its user only, operators included', () => {
    const v = viewer('analyst');
    expect(ownsToken(v, { userId: v.user.id })).toBe(true);
    expect(ownsToken(v, { userId: 'someone-else' })).toBe(false);
    expect(ownsToken(viewer('operator'), { userId: v.user.id })).toBe(false);
  });
});
