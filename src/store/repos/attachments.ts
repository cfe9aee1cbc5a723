/**
 * Attachments: one Kysely implementation for both backends (BLOB on SQLite, bytea on
 * PostgreSQL; both drivers hand back a Buffer). Each method is one statement.
 */
import type { Kysely, Selectable } from 'kysely';
import type { AttachmentMeta, AttachmentRepository } from '../attachments-types.js';
import type { AttachmentsTable, Database } from '../schema.js';
import { insertOrConflict } from '../errors.js';

const META_COLUMNS = [
  'id',
  'scope',
  'owner_org_id',
  'created_by',
  'created_at',
  'filename',
  'declared_type',
  'size',
  'sha256',
] as const;

const toMeta = (r: Omit<Selectable<AttachmentsTable>, 'content'>): AttachmentMeta => ({
  id: r.id,
  scope: r.scope,
  ownerOrgId: r.owner_org_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  filename: r.filename,
  declaredType: r.declared_type,
  size: Number(r.size),
  sha256: r.sha256,
});

export function createAttachmentRepository(db: Kysely<Database>): AttachmentRepository {
  return {
    async put(m, content) {
      const row = {
        id: m.id,
        scope: m.scope,
        owner_org_id: m.ownerOrgId,
        created_by: m.createdBy,
        created_at: m.createdAt,
        filename: m.filename,
        declared_type: m.declaredType,
        size: m.size,
        sha256: m.sha256,
        content,
      };
      await insertOrConflict('attachment', row, () => db.insertInto('attachments').values(row).execute());
    },
    async get(id) {
      const r = await db.selectFrom('attachments').select(META_COLUMNS).where('id', '=', id).executeTakeFirst();
      return r && toMeta(r);
    },
    async content(id) {
      const r = await db.selectFrom('attachments').select('content').where('id', '=', id).executeTakeFirst();
      return r ? Buffer.from(r.content) : undefined;
    },
    async listByScope(scope) {
      const rows = await db
        .selectFrom('attachments')
        .select(META_COLUMNS)
        .where('scope', '=', scope)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toMeta);
    },
    async delete(id) {
      const r = await db.deleteFrom('attachments').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
