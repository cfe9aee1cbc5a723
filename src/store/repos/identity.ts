/**
 * Organizations, communities, memberships, users and API tokens: one Kysely
 * implementation for both backends (the SQL is portable; only the driver differs).
 */
import type { Kysely, Selectable } from 'kysely';
import {
  type ApiToken,
  type Community,
  type CommunityKind,
  type IdentityRepository,
  type Organization,
  type OrgKind,
  type Role,
  type Tier,
  type User,
} from '../types.js';
import type { ApiTokensTable, CommunitiesTable, Database, OrganizationsTable, UsersTable } from '../schema.js';
import { insertOrConflict } from '../errors.js';

const toOrg = (r: Selectable<OrganizationsTable>): Organization => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  kind: r.kind as OrgKind,
  sector: r.sector,
  country: r.country,
  createdAt: r.created_at,
});

const toCommunity = (r: Selectable<CommunitiesTable>): Community => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  kind: r.kind as CommunityKind,
  sector: r.sector,
  createdAt: r.created_at,
});

const toUser = (r: Selectable<UsersTable>): User => ({
  id: r.id,
  email: r.email,
  orgId: r.org_id,
  role: r.role as Role,
  tier: r.tier as Tier,
  passwordHash: r.password_hash,
  disabled: Number(r.disabled) !== 0,
  createdAt: r.created_at,
});

const toToken = (r: Selectable<ApiTokensTable>): ApiToken => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  tokenHash: r.token_hash,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

export function createIdentityRepository(db: Kysely<Database>): IdentityRepository {
  return {
    async createOrganization(o) {
      const row = { id: o.id, slug: o.slug, name: o.name, kind: o.kind, sector: o.sector, country: o.country, created_at: o.createdAt };
      await insertOrConflict('organization', row, () => db.insertInto('organizations').values(row).execute());
    },
    async getOrganization(key) {
      const q = db.selectFrom('organizations').selectAll();
      const r = await ('id' in key ? q.where('id', '=', key.id) : q.where('slug', '=', key.slug)).executeTakeFirst();
      return r && toOrg(r);
    },
    async listOrganizations() {
      return (await db.selectFrom('organizations').selectAll().orderBy('slug').execute()).map(toOrg);
    },

    async createCommunity(c) {
      const row = { id: c.id, slug: c.slug, name: c.name, kind: c.kind, sector: c.sector, created_at: c.createdAt };
      await insertOrConflict('community', row, () => db.insertInto('communities').values(row).execute());
    },
    async getCommunity(key) {
      const q = db.selectFrom('communities').selectAll();
      const r = await ('id' in key ? q.where('id', '=', key.id) : q.where('slug', '=', key.slug)).executeTakeFirst();
      return r && toCommunity(r);
    },
    async listCommunities() {
      return (await db.selectFrom('communities').selectAll().orderBy('slug').execute()).map(toCommunity);
    },
    async addMember(communityId, orgId) {
      await db
        .insertInto('community_members')
        .values({ community_id: communityId, org_id: orgId })
        .onConflict((oc) => oc.columns(['community_id', 'org_id']).doNothing())
        .execute();
    },
    async removeMember(communityId, orgId) {
      await db.deleteFrom('community_members').where('community_id', '=', communityId).where('org_id', '=', orgId).execute();
    },
    async communitiesOf(orgId) {
      const rows = await db.selectFrom('community_members').select('community_id').where('org_id', '=', orgId).orderBy('community_id').execute();
      return rows.map((r) => r.community_id);
    },
    async membersOf(communityId) {
      const rows = await db.selectFrom('community_members').select('org_id').where('community_id', '=', communityId).orderBy('org_id').execute();
      return rows.map((r) => r.org_id);
    },

    async createUser(u) {
      const row = {
        id: u.id,
        email: u.email.toLowerCase(),
        org_id: u.orgId,
        role: u.role,
        tier: u.tier,
        password_hash: u.passwordHash,
        disabled: u.disabled ? 1 : 0,
        created_at: u.createdAt,
      };
      await insertOrConflict('user', row, () => db.insertInto('users').values(row).execute());
    },
    async getUser(key) {
      const q = db.selectFrom('users').selectAll();
      const r = await ('id' in key ? q.where('id', '=', key.id) : q.where('email', '=', key.email.toLowerCase())).executeTakeFirst();
      return r && toUser(r);
    },
    async listUsers(orgId) {
      let q = db.selectFrom('users').selectAll().orderBy('email');
      if (orgId !== undefined) q = q.where('org_id', '=', orgId);
      return (await q.execute()).map(toUser);
    },
    async setPassword(userId, passwordHash) {
      await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
    },
    async updateUser(userId, patch) {
      const set: { role?: string; tier?: string; disabled?: number } = {};
      if (patch.role !== undefined) set.role = patch.role;
      if (patch.tier !== undefined) set.tier = patch.tier;
      if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
      // an empty patch still answers whether the user exists
      if (Object.keys(set).length === 0) return (await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()) !== undefined;
      const r = await db.updateTable('users').set(set).where('id', '=', userId).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async createToken(t) {
      const row = {
        id: t.id,
        user_id: t.userId,
        name: t.name,
        token_hash: t.tokenHash,
        created_at: t.createdAt,
        last_used_at: t.lastUsedAt,
        revoked_at: t.revokedAt,
      };
      await insertOrConflict('token', row, () => db.insertInto('api_tokens').values(row).execute());
    },
    async findToken(tokenHash) {
      const r = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return r && toToken(r);
    },
    async listTokens(userId) {
      const rows = await db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toToken);
    },
    async revokeToken(tokenId, at) {
      // Only a live token is revoked; revoking twice keeps the first revocation time.
      const r = await db
        .updateTable('api_tokens')
        .set({ revoked_at: at })
        .where('id', '=', tokenId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async touchToken(tokenId, at) {
      await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', tokenId).execute();
    },
  };
}
