/**
 * The report desk's repository (migration 0009): one Kysely implementation for both backends.
 * Like the other Kysely repositories it never opens a transaction (see sqlite/open.ts): every
 * method is one statement, and updateReport is one conditional UPDATE, so of two concurrent
 * workflow changes guarded by the same updated_at exactly one applies. Its tables are declared
 * here (withTables) rather than in schema.ts: nothing else reads them.
 */
import { sql, type Generated, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../schema.js';
import type {
  DeskActivity, DeskCount, DeskMessage, DeskProfile, DeskRecipient, DeskReport, DeskReportChanges, DeskRepository, DeskStaffGrant, DeskStatus,
} from '../desk-types.js';

// a type alias (not an interface) so that withTables sees an index signature
type DeskTables = {
  desk_staff: { user_id: string; granted_at: string; granted_by: string };
  desk_recipients: {
    slug: string; name: string; kind: string; description: string; community_ids: string; org_ids: string;
    tlp: string; technique_only: number; updated_at: string;
  };
  desk_settings: { key: string; value: string; updated_at: string };
  desk_profiles: { org_id: string; profile: string; updated_at: string };
  desk_reports: {
    number: Generated<number>; id: string; org_id: string; created_by: string; type: string; status: string; title: string;
    sector: string; body: string; consent: string; approval: string | null; assignee_id: string | null; routed: string;
    case_study: string | null; created_at: string; updated_at: string;
  };
  desk_messages: { seq: Generated<number>; id: string; report_id: string; author_id: string; side: string; body: string; created_at: string };
  desk_activity: {
    seq: Generated<number>; report_id: string; at: string; actor_id: string | null; actor_email: string; side: string;
    action: string; details: string;
  };
};

type ReportRow = Selectable<DeskTables['desk_reports']>;

const json = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

const toReport = (r: ReportRow): DeskReport => ({
  id: r.id,
  number: Number(r.number),
  orgId: r.org_id,
  createdBy: r.created_by,
  type: r.type,
  status: r.status as DeskStatus,
  title: r.title,
  sector: r.sector,
  body: json(r.body) as DeskReport['body'],
  consent: json(r.consent) as DeskReport['consent'],
  approval: json(r.approval) as DeskReport['approval'],
  assigneeId: r.assignee_id,
  routed: json(r.routed) as DeskReport['routed'],
  caseStudy: json(r.case_study) as DeskReport['caseStudy'],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toRecipient = (r: Selectable<DeskTables['desk_recipients']>): DeskRecipient => ({
  slug: r.slug,
  name: r.name,
  kind: r.kind as DeskRecipient['kind'],
  description: r.description,
  communityIds: JSON.parse(r.community_ids) as string[],
  orgIds: JSON.parse(r.org_ids) as string[],
  tlp: r.tlp as DeskRecipient['tlp'],
  techniqueOnly: r.technique_only === 1,
  updatedAt: r.updated_at,
});

/** The columns a change sets. */
function changeRow(c: DeskReportChanges): Updateable<DeskTables['desk_reports']> {
  const row: Updateable<DeskTables['desk_reports']> = {};
  if (c.type !== undefined) row.type = c.type;
  if (c.status !== undefined) row.status = c.status;
  if (c.title !== undefined) row.title = c.title;
  if (c.sector !== undefined) row.sector = c.sector;
  if (c.body !== undefined) row.body = JSON.stringify(c.body);
  if (c.consent !== undefined) row.consent = JSON.stringify(c.consent);
  if (c.approval !== undefined) row.approval = c.approval === null ? null : JSON.stringify(c.approval);
  if (c.assigneeId !== undefined) row.assignee_id = c.assigneeId;
  if (c.routed !== undefined) row.routed = JSON.stringify(c.routed);
  if (c.caseStudy !== undefined) row.case_study = c.caseStudy === null ? null : JSON.stringify(c.caseStudy);
  if (c.updatedAt !== undefined) row.updated_at = c.updatedAt;
  return row;
}

export function createDeskRepository(base: Kysely<Database>): DeskRepository {
  const db = base.withTables<DeskTables>();
  return {
    async grantStaff(g: DeskStaffGrant) {
      const r = await db.insertInto('desk_staff').values({ user_id: g.userId, granted_at: g.grantedAt, granted_by: g.grantedBy })
        .onConflict((oc) => oc.column('user_id').doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async revokeStaff(userId) {
      const r = await db.deleteFrom('desk_staff').where('user_id', '=', userId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async isStaff(userId) {
      return (await db.selectFrom('desk_staff').select('user_id').where('user_id', '=', userId).executeTakeFirst()) !== undefined;
    },
    async listStaff() {
      const rows = await db.selectFrom('desk_staff').selectAll().orderBy('granted_at').orderBy('user_id').execute();
      return rows.map((r) => ({ userId: r.user_id, grantedAt: r.granted_at, grantedBy: r.granted_by }));
    },

    async putRecipient(r) {
      const row = {
        slug: r.slug, name: r.name, kind: r.kind, description: r.description, community_ids: JSON.stringify(r.communityIds),
        org_ids: JSON.stringify(r.orgIds), tlp: r.tlp, technique_only: r.techniqueOnly ? 1 : 0, updated_at: r.updatedAt,
      };
      const { slug: _slug, ...rest } = row;
      await db.insertInto('desk_recipients').values(row).onConflict((oc) => oc.column('slug').doUpdateSet(rest)).execute();
    },
    async deleteRecipient(slug) {
      const r = await db.deleteFrom('desk_recipients').where('slug', '=', slug).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async listRecipients() {
      return (await db.selectFrom('desk_recipients').selectAll().orderBy('slug').execute()).map(toRecipient);
    },

    async getSetting(key) {
      return (await db.selectFrom('desk_settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
    },
    async putSetting(key, value, at) {
      await db.insertInto('desk_settings').values({ key, value, updated_at: at })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at })).execute();
    },

    async getProfile(orgId) {
      const r = await db.selectFrom('desk_profiles').select('profile').where('org_id', '=', orgId).executeTakeFirst();
      return r && (JSON.parse(r.profile) as DeskProfile);
    },
    async putProfile(orgId, profile, at) {
      const text = JSON.stringify(profile);
      await db.insertInto('desk_profiles').values({ org_id: orgId, profile: text, updated_at: at })
        .onConflict((oc) => oc.column('org_id').doUpdateSet({ profile: text, updated_at: at })).execute();
    },

    async addReport(r) {
      const row = {
        id: r.id, org_id: r.orgId, created_by: r.createdBy, type: r.type, status: r.status, title: r.title, sector: r.sector,
        body: JSON.stringify(r.body), consent: JSON.stringify(r.consent), approval: r.approval === null ? null : JSON.stringify(r.approval),
        assignee_id: r.assigneeId, routed: JSON.stringify(r.routed), case_study: r.caseStudy === null ? null : JSON.stringify(r.caseStudy),
        created_at: r.createdAt, updated_at: r.updatedAt,
      };
      const out = await db.insertInto('desk_reports').values(row).returning('number').executeTakeFirstOrThrow();
      return { ...r, number: Number(out.number) };
    },
    async getReport(id) {
      const r = await db.selectFrom('desk_reports').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toReport(r);
    },
    async listReports(q) {
      let query = db.selectFrom('desk_reports').selectAll();
      if (q.orgId !== undefined) query = query.where('org_id', '=', q.orgId);
      if (q.statuses && q.statuses.length > 0) query = query.where('status', 'in', q.statuses);
      if (q.types && q.types.length > 0) query = query.where('type', 'in', q.types);
      if (q.assigneeId !== undefined) query = query.where('assignee_id', '=', q.assigneeId);
      if (q.beforeNumber !== undefined) query = query.where('number', '<', q.beforeNumber);
      if (q.titleContains !== undefined && q.titleContains !== '') {
        const pattern = `%${q.titleContains.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query = query.where(sql<boolean>`lower(title) like ${pattern} escape '\\'`);
      }
      const rows = await query.orderBy('number', 'desc').limit(q.limit).execute();
      return rows.map(toReport);
    },
    async updateReport(id, changes, guard) {
      let q = db.updateTable('desk_reports').set(changeRow(changes)).where('id', '=', id);
      if (guard?.statuses) q = q.where('status', 'in', guard.statuses);
      if (guard?.updatedAt !== undefined) q = q.where('updated_at', '=', guard.updatedAt);
      const r = await q.returningAll().executeTakeFirst();
      return r && toReport(r);
    },

    async addMessage(m: DeskMessage) {
      await db.insertInto('desk_messages').values({
        id: m.id, report_id: m.reportId, author_id: m.authorId, side: m.side, body: m.body, created_at: m.createdAt,
      }).execute();
    },
    async listMessages(reportId) {
      const rows = await db.selectFrom('desk_messages').selectAll().where('report_id', '=', reportId).orderBy('seq').execute();
      return rows.map((r) => ({ id: r.id, reportId: r.report_id, authorId: r.author_id, side: r.side as DeskMessage['side'], body: r.body, createdAt: r.created_at }));
    },

    async addActivity(a) {
      const out = await db.insertInto('desk_activity').values({
        report_id: a.reportId, at: a.at, actor_id: a.actorId, actor_email: a.actorEmail, side: a.side, action: a.action,
        details: JSON.stringify(a.details),
      }).returning('seq').executeTakeFirstOrThrow();
      return { ...a, seq: Number(out.seq) };
    },
    async listActivity(reportId) {
      const rows = await db.selectFrom('desk_activity').selectAll().where('report_id', '=', reportId).orderBy('seq').execute();
      return rows.map((r): DeskActivity => ({
        seq: Number(r.seq), reportId: r.report_id, at: r.at, actorId: r.actor_id, actorEmail: r.actor_email,
        side: r.side as DeskActivity['side'], action: r.action, details: JSON.parse(r.details) as Record<string, unknown>,
      }));
    },

    async countReports(by, range) {
      const key = by === 'month' ? sql<string>`substr(created_at, 1, 7)` : sql.ref<string>(by);
      let q = db.selectFrom('desk_reports')
        .select([key.as('key'), sql<number>`count(*)`.as('reports'), sql<number>`count(distinct org_id)`.as('organizations')]);
      if (range.from !== undefined) q = q.where('created_at', '>=', range.from);
      if (range.to !== undefined) q = q.where('created_at', '<', range.to);
      const rows = await q.groupBy(key).orderBy(key).execute();
      return rows.map((r): DeskCount => ({ key: String(r.key), reports: Number(r.reports), organizations: Number(r.organizations) }));
    },
  };
}
