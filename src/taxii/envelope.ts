import type { FastifyReply } from 'fastify';
import { formatMicros } from '../stix/index.js';
import type { ObjectRow, Page } from '../store/types.js';
import { encodeCursor } from './cursor.js';
import { STIX_MEDIA } from './media.js';

/**
 * Response bodies for the paged endpoints, built as strings: objects are stored as
 * canonical JSON and sent byte for byte, never re-parsed. An empty result is `{}`, as the
 * spec requires for the envelope (3.7), manifest (5.3.1) and versions (5.8.1) resources;
 * a non-empty one always carries `more` (true or false), and `next` when `more` is true.
 */
function head(page: Page<ObjectRow>): string {
  const last = page.rows[page.rows.length - 1]!;
  return page.more ? `{"more":true,"next":"${encodeCursor(last.dateAdded)}",` : '{"more":false,';
}

export function objectsBody(page: Page<ObjectRow>): string {
  if (page.rows.length === 0) return '{}';
  let out = head(page) + '"objects":[';
  const rows = page.rows;
  for (let i = 0; i < rows.length; i++) {
    if (i > 0) out += ',';
    out += rows[i]!.json;
  }
  return out + ']}';
}

/** The version of a stored row as TAXII reports it: modified, else created, else date_added. */
export function rowVersion(row: ObjectRow): string {
  return row.modified ?? row.created ?? formatMicros(row.dateAdded);
}

export function manifestBody(page: Page<ObjectRow>): string {
  if (page.rows.length === 0) return '{}';
  const records = page.rows.map((r) => ({
    id: r.id,
    date_added: formatMicros(r.dateAdded),
    version: rowVersion(r),
    media_type: `${STIX_MEDIA};version=${r.specVersion}`,
  }));
  return head(page) + `"objects":${JSON.stringify(records)}}`;
}

export function versionsBody(page: Page<ObjectRow>): string {
  if (page.rows.length === 0) return '{}';
  return head(page) + `"versions":${JSON.stringify(page.rows.map(rowVersion))}}`;
}

/** X-TAXII-Date-Added-First/-Last (spec 3.2); absent when there is nothing to date. */
export function setDateAddedHeaders(reply: FastifyReply, rows: readonly ObjectRow[]): void {
  if (rows.length === 0) return;
  reply.header('x-taxii-date-added-first', formatMicros(rows[0]!.dateAdded));
  reply.header('x-taxii-date-added-last', formatMicros(rows[rows.length - 1]!.dateAdded));
}
