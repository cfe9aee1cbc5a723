import type { Principal } from '../identity/principal.js';
import type { HubContext } from '../server/context.js';
import type { Community } from '../store/types.js';

export function communityJson(c: Community): Record<string, unknown> {
  return { slug: c.slug, name: c.name, kind: c.kind, sector: c.sector, api_root: `/taxii2/${c.slug}/` };
}

/**
 * The communities the caller acts in: its organization's (operators: all). A search filter may
 * name only these — filtering by another would tell which of one's objects were also addressed
 * to it (audience is access-control data) — and a publisher addresses only these.
 */
export async function callerCommunities(ctx: HubContext, p: Principal): Promise<Community[]> {
  return (await ctx.store.identity.listCommunities()).filter((c) => p.user.role === 'operator' || p.communityIds.has(c.id));
}

/** The caller as GET /me, GET /session and the sign-in answer show it. */
export async function meOf(ctx: HubContext, p: Principal): Promise<Record<string, unknown>> {
  const communities = await Promise.all([...p.communityIds].map((id) => ctx.store.identity.getCommunity({ id })));
  return {
    email: p.user.email,
    role: p.user.role,
    tier: p.user.tier,
    organization: { slug: p.org.slug, name: p.org.name, kind: p.org.kind, sector: p.org.sector, country: p.org.country },
    communities: communities
      .filter((c) => c !== undefined)
      .sort((a, b) => a.slug.localeCompare(b.slug))
      .map(communityJson),
  };
}
