import { describe, expect, it } from 'vitest';
import type { Principal } from '../identity/principal.js';
import type { Role } from '../store/types.js';
import {
  ALL_CUSTOMERS, buyerMaySee, canActForSupplier, canDownloadEvidence, canManageSupplyRequests, canSeeAssessment, canSeeRequest,
  isSupplierOf, orgAudience, shareAudiences, type AssessmentAccess,
} from './supply-access.js';

function viewer(role: Role, orgId: string, email = `${role}@${orgId}.example`): Principal {
  return {
    user: { id: `u-${role}-${orgId}`, email, orgId, role, tier: 'practitioner', passwordHash: null, disabled: false, createdAt: '' },
    org: { id: orgId, slug: orgId, name: orgId, kind: 'company', sector: 'finance', country: null, createdAt: '' },
    communityIds: new Set(),
    tokenId: null,
  };
}

const submitted = (audiences: string[], customers: string[] = ['buyer-a', 'buyer-b']): AssessmentAccess => ({
  supplierOrgId: 'vendor', status: 'submitted', audiences, customers,
});

describe('supply access', () => {
  it.each([
    ['operator', true], ['org-admin', true], ['analyst', true], ['reader', false],
  ] as const)('%s invites suppliers for its organization: %s', (role, expected) => {
    expect(canManageSupplyRequests(viewer(role, 'buyer-a'))).toBe(expected);
  });

  it.each([
    ['analyst', 'vendor', true], ['org-admin', 'vendor', true], ['reader', 'vendor', false], ['analyst', 'buyer-a', false], ['operator', 'hub-op', false],
  ] as const)('%s of %s acts for the supplier vendor: %s', (role, org, expected) => {
    expect(canActForSupplier(viewer(role, org), 'vendor')).toBe(expected);
  });

  it('a request is seen by its buyer and its supplier; before the supplier is known, by the addressed email only', () => {
    const attached = { buyerOrgId: 'buyer-a', supplierOrgId: 'vendor', supplierEmail: 'sec@vendor.example' };
    expect(canSeeRequest(viewer('reader', 'buyer-a'), attached)).toBe(true);
    expect(canSeeRequest(viewer('reader', 'vendor'), attached)).toBe(true);
    expect(canSeeRequest(viewer('analyst', 'buyer-b'), attached)).toBe(false);
    const pending = { ...attached, supplierOrgId: null };
    expect(isSupplierOf(viewer('analyst', 'vendor', 'SEC@vendor.example'), pending)).toBe(true);
    expect(isSupplierOf(viewer('analyst', 'vendor', 'other@vendor.example'), pending)).toBe(false);
    // once attached, the email alone no longer counts: a person who moved organizations does not follow it
    expect(isSupplierOf(viewer('analyst', 'elsewhere', 'sec@vendor.example'), attached)).toBe(false);
  });

  it('a buyer sees a submitted assessment only when named, or through "all customers" while it is a customer', () => {
    expect(buyerMaySee('buyer-a', submitted([orgAudience('buyer-a')]))).toBe(true);
    expect(buyerMaySee('buyer-b', submitted([orgAudience('buyer-a')]))).toBe(false);
    expect(buyerMaySee('buyer-a', submitted([ALL_CUSTOMERS]))).toBe(true);
    expect(buyerMaySee('buyer-c', submitted([ALL_CUSTOMERS]))).toBe(false);
    expect(buyerMaySee('buyer-a', submitted([]))).toBe(false);
    // a named share holds even when the buyer no longer has a live request
    expect(buyerMaySee('buyer-a', submitted([orgAudience('buyer-a')], []))).toBe(true);
    expect(buyerMaySee('buyer-a', { ...submitted([orgAudience('buyer-a'), ALL_CUSTOMERS]), status: 'draft' })).toBe(false);
  });

  it('the supplier always sees its own; nobody else, operators included, sees what is not shared with them', () => {
    const a = submitted([orgAudience('buyer-a')]);
    expect(canSeeAssessment(viewer('reader', 'vendor'), a)).toBe(true);
    expect(canSeeAssessment(viewer('reader', 'vendor'), { ...a, status: 'draft' })).toBe(true);
    expect(canSeeAssessment(viewer('reader', 'buyer-a'), a)).toBe(true);
    expect(canSeeAssessment(viewer('operator', 'hub-op'), a)).toBe(false);
    expect(canDownloadEvidence(viewer('analyst', 'buyer-b'), a)).toBe(false);
    expect(canDownloadEvidence(viewer('analyst', 'buyer-a'), a)).toBe(true);
  });

  it('turns a sharing choice into audiences and names the organizations that are not customers', () => {
    expect(shareAudiences({ allCustomers: true, orgIds: ['buyer-b', 'buyer-a', 'buyer-b'] }, ['buyer-a', 'buyer-b']))
      .toEqual({ audiences: [ALL_CUSTOMERS, 'o:buyer-a', 'o:buyer-b'], notCustomers: [] });
    expect(shareAudiences({ allCustomers: false, orgIds: ['buyer-c'] }, ['buyer-a'])).toEqual({ audiences: ['o:buyer-c'], notCustomers: ['buyer-c'] });
    expect(shareAudiences({ allCustomers: false, orgIds: [] }, ['buyer-a'])).toEqual({ audiences: [], notCustomers: [] });
  });
});
