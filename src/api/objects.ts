import type { FastifyInstance } from 'fastify';
import { endpointRefs } from '../policy/decide.js';
import type { HubContext } from '../server/context.js';
import { idType, isStixId, newStixId } from '../stix/ids.js';
import { formatMicros, versionKey, versionKeyToTimestamp } from '../stix/timestamps.js';
import { UNVERSIONED_KEY, type SharedRow, type VersionFilter } from '../store/types.js';
import { ProblemError } from './problem.js';
import { callerView, OrgNames, servedJson, summaryOf, type CallerView, type Summary } from './view.js';

type ObjectReq = { Params: { id: string }; Querystring: { version?: string } };

const MAX_RELATED = 200;
const MAX_VERSIONS = 1000;

function badId(id: string): ProblemError {
  return new ProblemError({ title: 'Bad request', status: 400, detail: `'${String(id).slice(0, 80)}' is not a STIX identifier.` });
}

function notFound(id: string): ProblemError {
  // The same answer whether the object does not exist or the caller may not see it.
  return new ProblemError({ title: 'Not found', status: 404, detail: `No object '${id}' that you may see.` });
}

/** The version asked for (`?version=` a STIX timestamp), or the latest. */
function versionFilter(version: string | undefined): VersionFilter {
  if (version === undefined || version === '') return { last: true };
  try {
    return { keys: [versionKey(version)] };
  } catch {
    throw new ProblemError({ title: 'Bad request', status: 400, detail: `version must be a STIX timestamp (the version's modified), got '${version.slice(0, 60)}'.` });
  }
}

async function visibleVersion(ctx: HubContext, view: CallerView, id: string, version: string | undefined): Promise<SharedRow> {
  if (!isStixId(id)) throw badId(id);
  const page = await ctx.store.shared.query({ scope: { kind: 'all' }, predicate: view.predicate, ids: [id], versions: versionFilter(version), limit: 1 });
  const row = page.rows[0];
  if (!row) throw notFound(id);
  return row;
}

const MAX_REFS = 500;

/**
 * The ids this object refers to at its top level (`*_ref`, `*_refs`: a report's object_refs, a
 * relationship's ends, created_by_ref …), for the page to label them. The caller learns a ref's
 * label only when it may see the object; otherwise the answer is the same as for an id the hub
 * does not hold.
 */
function refsOf(obj: Record<string, unknown>): string[] {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'id') continue;
    if (k.endsWith('_ref') && isStixId(v)) out.add(v);
    else if (k.endsWith('_refs') && Array.isArray(v)) v.forEach((x) => isStixId(x) && out.add(x));
    if (out.size >= MAX_REFS) break;
  }
  return [...out].slice(0, MAX_REFS);
}

interface Related {
  id: string;
  type: string;
  relationship_type: string | null;
  direction: 'out' | 'in';
  other: Summary | { id: string; type: string; held: false };
}

/**
 * The object page's data and its STIX export (docs/api/portal.md). Every read is a store
 * query through the caller's predicate; a relationship appears only when the store's
 * relationship rule lets it (no endpoint the caller may not see).
 */
export function registerObjectReadRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.get<ObjectReq>('/objects/:id', async (request) => {
    const { id } = request.params;
    const view = await callerView(ctx, request.principal!);
    const row = await visibleVersion(ctx, view, id, request.query.version);
    const orgs = new OrgNames(ctx);
    const object = JSON.parse(servedJson(row, view.viewer)) as Record<string, unknown>;
    const [versionsPage, referencing] = await Promise.all([
      ctx.store.shared.query({ scope: { kind: 'all' }, predicate: view.predicate, ids: [id], versions: { all: true }, limit: MAX_VERSIONS }),
      ctx.store.shared.referencing({ predicate: view.predicate, refId: id, limit: MAX_RELATED }),
    ]);
    const versions = versionsPage.rows.map((v) => ({
      version: v.versionKey === UNVERSIONED_KEY ? null : versionKeyToTimestamp(v.versionKey),
      date_added: formatMicros(v.dateAdded),
    }));
    // The other end of each relationship or sighting, and the ends of this object if it is one.
    const relRows = referencing.filter((r) => r.id !== id);
    const relObjects = relRows.map((r) => JSON.parse(servedJson(r, view.viewer)) as Record<string, unknown>);
    const otherIds = new Set<string>();
    relObjects.forEach((o) => endpointRefs(o).filter((ref) => ref !== id).forEach((ref) => otherIds.add(ref)));
    const ownEnds = refsOf(object);
    ownEnds.forEach((ref) => otherIds.add(ref));
    const othersPage = otherIds.size === 0
      ? { rows: [] as SharedRow[] }
      : await ctx.store.shared.query({ scope: { kind: 'all' }, predicate: view.predicate, ids: [...otherIds], versions: { last: true }, limit: otherIds.size });
    const summaries = new Map<string, Summary>();
    for (const r of othersPage.rows) summaries.set(r.id, await summaryOf(r, view.viewer, orgs));
    const otherOf = (ref: string): Related['other'] => summaries.get(ref) ?? { id: ref, type: idType(ref) ?? 'unknown', held: false };
    const relationships: Related[] = [];
    relObjects.forEach((o, i) => {
      const r = relRows[i]!;
      for (const ref of endpointRefs(o).filter((x) => x !== id)) {
        relationships.push({
          id: r.id,
          type: r.type,
          relationship_type: typeof o.relationship_type === 'string' ? o.relationship_type : null,
          direction: o.source_ref === ref || r.type === 'sighting' ? 'in' : 'out',
          other: otherOf(ref),
        });
      }
    });
    const ends = ownEnds.map((ref) => ({ ref, other: otherOf(ref) }));
    return { object, summary: await summaryOf(row, view.viewer, orgs, object), versions, relationships, ends };
  });

  app.get<ObjectReq>('/objects/:id/bundle', async (request, reply) => {
    const { id } = request.params;
    const view = await callerView(ctx, request.principal!);
    const row = await visibleVersion(ctx, view, id, request.query.version);
    const body = `{"id":${JSON.stringify(newStixId('bundle'))},"objects":[${servedJson(row, view.viewer)}],"type":"bundle"}`;
    const file = `${id}.json`.replace(/[^A-Za-z0-9._-]/g, '_');
    return reply
      .type('application/stix+json;version=2.1')
      .header('content-disposition', `attachment; filename="${file}"`)
      .send(body);
  });
}
