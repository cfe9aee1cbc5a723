/**
 * The supplier's consent: with whom a submitted assessment is shared — buyers by name (its
 * customers: organizations with a live request to it), and/or "all my customers on the hub".
 * Replacing the choice revokes what is left out at once: the next read of any buyer view or
 * download asks the policy again and no longer finds the share.
 */
import type { Principal } from '../identity/principal.js';
import { ALL_CUSTOMERS, audienceOrg, canActForSupplier, shareAudiences } from '../policy/supply-access.js';
import { audit, type SupplyDeps } from './deps.js';
import { conflict, forbidden, invalid, notFound } from './errors.js';
import { orgRefs } from './json.js';

async function own(d: SupplyDeps, p: Principal, id: string) {
  const a = await d.store.supply.getAssessment(id);
  if (!a || a.supplierOrgId !== p.org.id) throw notFound('supplier assessment');
  return a;
}

export async function sharesView(d: SupplyDeps, p: Principal, id: string) {
  const a = await own(d, p, id);
  const [shares, customers] = await Promise.all([d.store.supply.listShares(a.id), d.store.supply.customersOf(a.supplierOrgId)]);
  const named = shares.flatMap((s) => {
    const org = audienceOrg(s.audience);
    return org ? [{ org, at: s.createdAt }] : [];
  });
  const orgs = await orgRefs(d.store, [...customers, ...named.map((n) => n.org)]);
  const ref = (id: string) => orgs.get(id) ?? { slug: '?', name: '?' };
  return {
    customers: customers.map(ref).sort((x, y) => x.slug.localeCompare(y.slug)),
    all_customers: shares.some((s) => s.audience === ALL_CUSTOMERS),
    organizations: named.map((n) => ({ ...ref(n.org), shared_at: n.at })).sort((x, y) => x.slug.localeCompare(y.slug)),
  };
}

export async function replaceShares(d: SupplyDeps, p: Principal, id: string, choice: { allCustomers: boolean; slugs: string[] }) {
  const a = await own(d, p, id);
  if (!canActForSupplier(p, a.supplierOrgId)) throw forbidden('Only analysts and organization admins may decide with whom an assessment is shared.');
  if (a.status !== 'submitted') throw conflict('Only a submitted assessment can be shared; submit it first.');
  const customers = await d.store.supply.customersOf(a.supplierOrgId);
  const orgIds: string[] = [];
  const unknown: string[] = [];
  for (const slug of choice.slugs) {
    const org = await d.store.identity.getOrganization({ slug });
    if (org) orgIds.push(org.id);
    else unknown.push(slug);
  }
  const { audiences, notCustomers } = shareAudiences({ allCustomers: choice.allCustomers, orgIds }, customers);
  if (unknown.length > 0 || notCustomers.length > 0) {
    const refs = await orgRefs(d.store, notCustomers);
    const names = [...unknown, ...notCustomers.map((o) => refs.get(o)?.slug ?? o)];
    throw invalid(`Not among your customers on the hub (organizations that asked you for an assessment): ${names.join(', ')}.`, 'organizations');
  }
  const before = (await d.store.supply.listShares(a.id)).map((s) => s.audience);
  await d.store.supply.replaceShares(a.id, audiences, p.user.id, d.now().toISOString());
  await audit(d, p, 'supply.assessment.share', a.id, {
    audiences, revoked: before.filter((x) => !audiences.includes(x)), added: audiences.filter((x) => !before.includes(x)),
  });
  return sharesView(d, p, id);
}
