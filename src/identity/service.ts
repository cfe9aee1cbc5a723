import { randomUUID } from 'node:crypto';
import { publishHubObjects } from '../sharing/hub-objects.js';
import type {
  ApiToken, Collection, Community, CommunityKind, OrgKind, Organization, Role, Store, Tier, User,
} from '../store/types.js';
import type { Principal } from './principal.js';
import { runUserCreatedHooks } from './hooks.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { generateTokenSecret, hashTokenSecret, looksLikeToken } from './tokens.js';
import {
  COMMUNITY_KINDS, IdentityInputError, ORG_KINDS, ROLES, SECTORS, TIERS,
  checkCountry, checkEmail, checkName, checkOneOf, checkSlug,
} from './validation.js';

const TOKEN_TOUCH_INTERVAL_MS = 60_000;

export interface NewOrganization { slug: string; name: string; kind: string; sector: string; country?: string | null }
export interface NewCommunity { slug: string; name: string; kind: string; sector?: string | null }
export interface NewUser { email: string; org: string; role: string; tier?: string; password?: string | null }

/**
 * Organizations, communities, users and tokens. The CLI, the API and the server's
 * authentication all go through here; it talks to the store's identity repository only.
 */
export class IdentityService {
  constructor(private readonly store: Store, private readonly now: () => Date = () => new Date()) {}

  async addOrganization(input: NewOrganization): Promise<Organization> {
    const org: Organization = {
      id: randomUUID(),
      slug: checkSlug('organization', input.slug),
      name: checkName('organization name', input.name),
      kind: checkOneOf<OrgKind>('kind', input.kind, ORG_KINDS),
      sector: checkOneOf('sector', input.sector, SECTORS),
      country: input.country ? checkCountry(input.country) : null,
      createdAt: this.now().toISOString(),
    };
    await this.store.identity.createOrganization(org);
    return org;
  }

  /** Creates the community and its default TAXII collection (its API root serves it). */
  async addCommunity(input: NewCommunity): Promise<{ community: Community; collection: Collection }> {
    // `/taxii2/hub/` is the hub-wide API root (src/taxii/access.ts HUB_ROOT).
    if (input.slug === 'hub') throw new IdentityInputError("community slug 'hub' is reserved for the hub-wide TAXII API root");
    const community: Community = {
      id: randomUUID(),
      slug: checkSlug('community', input.slug),
      name: checkName('community name', input.name),
      kind: checkOneOf<CommunityKind>('kind', input.kind, COMMUNITY_KINDS),
      sector: input.sector ? checkOneOf('sector', input.sector, SECTORS) : null,
      createdAt: this.now().toISOString(),
    };
    await this.store.identity.createCommunity(community);
    const collection: Collection = {
      id: randomUUID(),
      communityId: community.id,
      title: `${community.name}: shared intelligence`,
      description: `Objects shared with the ${community.name} community.`,
      alias: 'shared',
      createdAt: community.createdAt,
    };
    await this.store.collections.create(collection);
    // the identity that stands for the community's anonymous providers (src/sharing/hub-objects.ts)
    await publishHubObjects(this.store, [community]);
    return { community, collection };
  }

  async joinCommunity(communitySlug: string, orgSlug: string): Promise<void> {
    const community = await this.requireCommunity(communitySlug);
    const org = await this.requireOrganization(orgSlug);
    await this.store.identity.addMember(community.id, org.id);
  }

  async leaveCommunity(communitySlug: string, orgSlug: string): Promise<void> {
    const community = await this.requireCommunity(communitySlug);
    const org = await this.requireOrganization(orgSlug);
    await this.store.identity.removeMember(community.id, org.id);
  }

  /**
   * A peer hub's organization (`peer-NAME`) holds only the peer's accounts, which read and deliver
   * as the peer: `analyst` or `reader`. Any other role would also make such an account an operator
   * or organization admin of this hub (every API root in discovery, every TAXII status).
   */
  async checkRoleInOrganization(orgId: string, role: Role): Promise<void> {
    if (role === 'analyst' || role === 'reader') return;
    const peer = await this.store.peers.byOrg(orgId);
    if (peer) throw new IdentityInputError(`role '${role}' is not for an account of the peer hub '${peer.name}': use analyst or reader`);
  }

  async addUser(input: NewUser): Promise<User> {
    const org = await this.requireOrganization(input.org);
    const role = checkOneOf<Role>('role', input.role, ROLES);
    await this.checkRoleInOrganization(org.id, role);
    const user: User = {
      id: randomUUID(),
      email: checkEmail(input.email),
      orgId: org.id,
      role,
      tier: checkOneOf<Tier>('tier', input.tier ?? 'practitioner', TIERS),
      passwordHash: null,
      disabled: false,
      createdAt: this.now().toISOString(),
    };
    if (input.password) {
      try {
        user.passwordHash = await hashPassword(input.password);
      } catch (e) {
        throw new IdentityInputError((e as Error).message);
      }
    }
    await this.store.identity.createUser(user);
    await runUserCreatedHooks(this.store, user, org);
    return user;
  }

  async setPassword(email: string, password: string): Promise<void> {
    const user = await this.requireUser(email);
    try {
      await this.store.identity.setPassword(user.id, await hashPassword(password));
    } catch (e) {
      throw new IdentityInputError((e as Error).message);
    }
  }

  /** Returns the secret once; only its hash is kept. */
  async addToken(email: string, name = 'default'): Promise<{ token: ApiToken; secret: string }> {
    const user = await this.requireUser(email);
    const secret = generateTokenSecret();
    const token: ApiToken = {
      id: randomUUID(),
      userId: user.id,
      name: checkName('token name', name),
      tokenHash: hashTokenSecret(secret),
      createdAt: this.now().toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.store.identity.createToken(token);
    return { token, secret };
  }

  async revokeToken(tokenId: string): Promise<boolean> {
    return this.store.identity.revokeToken(tokenId, this.now().toISOString());
  }

  /**
   * Resolves an `Authorization` header: `Bearer TOKEN` or `Basic base64(EMAIL:TOKEN)`.
   * Returns undefined for anything that does not identify a live user; callers answer 401
   * without saying which part was wrong.
   */
  async authenticate(authorization: string | undefined): Promise<Principal | undefined> {
    if (!authorization) return undefined;
    const space = authorization.indexOf(' ');
    if (space < 0) return undefined;
    const scheme = authorization.slice(0, space).toLowerCase();
    const value = authorization.slice(space + 1).trim();
    let email: string | undefined;
    let secret: string;
    if (scheme === 'bearer') {
      secret = value;
    } else if (scheme === 'basic') {
      let decoded: string;
      try {
        decoded = Buffer.from(value, 'base64').toString('utf8');
      } catch {
        return undefined;
      }
      const colon = decoded.indexOf(':');
      if (colon < 0) return undefined;
      email = decoded.slice(0, colon).trim().toLowerCase();
      secret = decoded.slice(colon + 1);
    } else {
      return undefined;
    }
    if (!looksLikeToken(secret)) return undefined;
    const token = await this.store.identity.findToken(hashTokenSecret(secret));
    if (!token) return undefined;
    const user = await this.store.identity.getUser({ id: token.userId });
    if (!user || user.disabled) return undefined;
    if (email !== undefined && email !== user.email) return undefined;
    const principal = await this.principalFor(user, token.id);
    // "last used" is for humans reviewing tokens; minute precision is plenty, and
    // skipping the write keeps reads from paying a durable commit each.
    const now = this.now();
    if (principal && (!token.lastUsedAt || now.getTime() - Date.parse(token.lastUsedAt) > TOKEN_TOUCH_INTERVAL_MS)) {
      await this.store.identity.touchToken(token.id, now.toISOString());
    }
    return principal;
  }

  /** Password sign-in (the portal); tokens remain the way for machines. */
  async authenticatePassword(email: string, password: string): Promise<Principal | undefined> {
    const user = await this.store.identity.getUser({ email: email.trim().toLowerCase() });
    if (!user || user.disabled || !user.passwordHash) return undefined;
    if (!(await verifyPassword(user.passwordHash, password))) return undefined;
    return this.principalFor(user, null);
  }

  async principalFor(user: User, tokenId: string | null): Promise<Principal | undefined> {
    const org = await this.store.identity.getOrganization({ id: user.orgId });
    if (!org) return undefined;
    const communityIds = new Set(await this.store.identity.communitiesOf(org.id));
    return { user, org, communityIds, tokenId };
  }

  async requireOrganization(slug: string): Promise<Organization> {
    const org = await this.store.identity.getOrganization({ slug });
    if (!org) throw new IdentityInputError(`no organization '${slug}'`);
    return org;
  }

  async requireCommunity(slug: string): Promise<Community> {
    const c = await this.store.identity.getCommunity({ slug });
    if (!c) throw new IdentityInputError(`no community '${slug}'`);
    return c;
  }

  async requireUser(email: string): Promise<User> {
    const u = await this.store.identity.getUser({ email: email.trim().toLowerCase() });
    if (!u) throw new IdentityInputError(`no user '${email}'`);
    return u;
  }
}
