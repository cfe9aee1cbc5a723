import { randomUUID } from 'node:crypto';
import type { IngestItem } from '../sharing/ingest.js';
import { formatMicros } from '../stix/index.js';
import type { StatusDetail, StatusRecord } from '../store/types.js';

/**
 * The status resource (spec 4.3.1); empty lists are omitted, as TAXII forbids them.
 * failure_count is what neither succeeded nor is pending: the failure details may have
 * been left out (see MAX_FAILURE_DETAILS), the count never is.
 */
export function statusResource(s: StatusRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: s.id,
    status: s.status,
    request_timestamp: s.requestTimestamp,
    total_count: s.totalCount,
    success_count: s.successes.length,
  };
  if (s.successes.length > 0) out.successes = s.successes;
  out.failure_count = Math.max(s.failures.length, s.totalCount - s.successes.length - s.pendings.length);
  if (s.failures.length > 0) out.failures = s.failures;
  out.pending_count = s.pendings.length;
  if (s.pendings.length > 0) out.pendings = s.pendings;
  return out;
}

/** Client-supplied strings echoed in a status are clipped: a status is stored and re-served. */
const MAX_ECHO = 300;

/**
 * Above this many failures a status lists none (failure_count stays exact). A detail
 * per failure turned 2 bytes of body (`1,`) into 100 bytes of status: a 50 MB body of
 * junk would build, store and send gigabytes. The list is optional in TAXII, and
 * clients such as taxii2-client refuse a list shorter than its count, so it is all or
 * nothing.
 */
export const MAX_FAILURE_DETAILS = 10_000;

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? clip(v) : undefined;
}

function clip(v: string, max = MAX_ECHO): string {
  return v.length > max ? `${v.slice(0, max)}…` : v;
}

/** What the client sent as the object's id and version, for reporting. */
function submittedIdentity(raw: unknown): { id: string; version: string | undefined } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { id: '', version: undefined };
  const o = raw as Record<string, unknown>;
  return { id: str(o.id) ?? '', version: str(o.modified) ?? str(o.created) };
}

const MESSAGES = {
  identical: 'already present',
  replaced: 'replaced the stored unversioned object',
} as const;

/**
 * Builds the (complete) status of an add-objects request from the ingest outcome.
 * Versions are the submitted `modified` (else `created`); an object without either is
 * reported with its date_added, the version the manifest shows for it.
 */
export function buildStatus(args: {
  collectionId: string;
  userId: string;
  requestMicros: number;
  submitted: readonly unknown[];
  items: readonly IngestItem[];
}): StatusRecord {
  const successes: StatusDetail[] = [];
  let failed = 0;
  for (const item of args.items) if (!item.ok) failed++;
  const failures: StatusDetail[] = [];
  const listFailures = failed <= MAX_FAILURE_DETAILS;
  args.items.forEach((item, i) => {
    if (item.ok) {
      const sent = submittedIdentity(args.submitted[i]);
      const detail: StatusDetail = { id: item.id, version: sent.version ?? formatMicros(item.dateAdded) };
      const notes = [...(item.outcome !== 'added' ? [MESSAGES[item.outcome]] : []), ...(item.message ? [item.message] : [])];
      if (notes.length > 0) detail.message = notes.join('; ');
      successes.push(detail);
    } else if (listFailures) {
      const sent = submittedIdentity(args.submitted[i]);
      failures.push({ id: clip(item.id ?? sent.id), version: sent.version ?? '', message: clip(item.reason, 2000) });
    }
  });
  return {
    id: randomUUID(),
    collectionId: args.collectionId,
    status: 'complete',
    requestTimestamp: formatMicros(args.requestMicros),
    totalCount: args.items.length,
    successes,
    failures,
    pendings: [],
    userId: args.userId,
  };
}
