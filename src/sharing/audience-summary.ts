import type { Envelope } from '../policy/envelope.js';
import type { Store } from '../store/types.js';

/** Who will receive a publication, in numbers and names the publisher can check before sending. */
export interface AudienceSummary {
  /** distinct organizations whose members may receive it (the provider's own included), after the sector condition */
  organizations: number;
  communities: { slug: string; name: string; organizations: number }[];
  named_organizations: { slug: string; name: string }[];
  named_users: number;
  public: boolean;
  tlp: string;
  min_clearance: number;
  /** of the organizations counted, how many hold a valid facility approval (only their cleared people receive it) */
  approved_organizations: number | null;
  attribution: string;
  terms: string[];
  sectors: string[];
}

/**
 * The audience of a parsed envelope as the publisher's preview shows it: "14 organizations in
 * Finance ISAC; anonymous". Counts organizations that the envelope addresses (communities'
 * members, named organizations, named users' organizations, the provider's own), narrowed by
 * the sector condition. It describes the envelope to its own author; it reveals membership
 * counts of the communities the author addresses, which their members know anyway.
 */
export async function summarizeAudience(store: Store, e: Envelope, now: Date): Promise<AudienceSummary> {
  const orgs = new Map((await store.identity.listOrganizations()).map((o) => [o.id, o]));
  const receivers = new Set<string>([e.providerOrgId]);
  const communities: AudienceSummary['communities'] = [];
  for (const cid of e.audience.communities) {
    const c = await store.identity.getCommunity({ id: cid });
    const members = await store.identity.membersOf(cid);
    members.forEach((m) => receivers.add(m));
    if (c) communities.push({ slug: c.slug, name: c.name, organizations: members.length });
  }
  const named = e.audience.organizations.map((id) => orgs.get(id)).filter((o) => o !== undefined);
  named.forEach((o) => receivers.add(o.id));
  for (const uid of e.audience.users) {
    const u = await store.identity.getUser({ id: uid });
    if (u) receivers.add(u.orgId);
  }
  if (e.audience.public) orgs.forEach((_o, id) => receivers.add(id));
  const counted = [...receivers].filter((id) => {
    if (id === e.providerOrgId) return true;
    const o = orgs.get(id);
    return o !== undefined && (e.conditions.sectors.length === 0 || e.conditions.sectors.includes(o.sector));
  });
  let approved: number | null = null;
  if (e.minClearance > 0) {
    const nowIso = now.toISOString();
    const live = new Set((await store.trust.listApprovals()).filter((a) => a.revokedAt === null && a.approvedUntil > nowIso).map((a) => a.orgId));
    approved = counted.filter((id) => live.has(id)).length;
  }
  return {
    organizations: counted.length,
    communities,
    named_organizations: named.map((o) => ({ slug: o.slug, name: o.name })),
    named_users: e.audience.users.length,
    public: e.audience.public,
    tlp: e.tlp,
    min_clearance: e.minClearance,
    approved_organizations: approved,
    attribution: e.attribution,
    terms: [...e.conditions.terms],
    sectors: [...e.conditions.sectors],
  };
}
