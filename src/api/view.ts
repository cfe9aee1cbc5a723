/**
 * What the REST API's read routes share: the policy viewer of the caller, each stored row as
 * that viewer receives it, and the list-item summary the portal shows. Nothing here decides
 * visibility: the store returns only what the predicate shows; this only shapes it.
 */
import type { Principal } from '../identity/principal.js';
import { TrustService } from '../identity/trust.js';
import { attributionHiddenStored, predicateFor } from '../policy/predicate.js';
import { userViewer, type UserViewer } from '../policy/viewer.js';
import type { HubContext } from '../server/context.js';
import { TLP_ORDER } from '../stix/markings.js';
import { formatMicros } from '../stix/timestamps.js';
import type { Organization, SharedRow, VisibilityPredicate } from '../store/types.js';

export interface CallerView {
  viewer: UserViewer;
  predicate: VisibilityPredicate;
}

/** The caller's viewer and predicate, trust read afresh from the store. */
export async function callerView(ctx: HubContext, p: Principal, now = new Date()): Promise<CallerView> {
  const viewer = userViewer(p, await new TrustService(ctx.store).trustOf(p.user));
  return { viewer, predicate: predicateFor(viewer, now) };
}

/** The row's JSON as this viewer receives it (anonymous where attribution is hidden from it). */
export function servedJson(row: SharedRow, viewer: UserViewer): string {
  return attributionHiddenStored(row, viewer) && row.jsonAnonymous !== null ? row.jsonAnonymous : row.json;
}

/** Organization names by id, looked up once per request. */
export class OrgNames {
  private readonly cache = new Map<string, Promise<Organization | undefined>>();
  constructor(private readonly ctx: HubContext) {}
  get(id: string): Promise<Organization | undefined> {
    let p = this.cache.get(id);
    if (!p) {
      p = this.ctx.store.identity.getOrganization({ id });
      this.cache.set(id, p);
    }
    return p;
  }
}

const DESCRIPTION_CHARS = 280;
const LABEL_CHARS = 200;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A readable one-line label for any STIX object. */
export function labelOf(obj: Record<string, unknown>): string {
  const type = String(obj.type ?? 'object');
  const named = str(obj.name) ?? str(obj.value) ?? str(obj.pattern) ?? str(obj.abstract) ?? str(obj.opinion) ?? str(obj.path) ?? str(obj.key) ?? str(obj.number);
  if (named) return clip(named, LABEL_CHARS);
  if (type === 'relationship') return `${String(obj.source_ref ?? '?')} ${String(obj.relationship_type ?? 'related-to')} ${String(obj.target_ref ?? '?')}`;
  if (type === 'sighting') return `sighting of ${String(obj.sighting_of_ref ?? '?')}`;
  if (type === 'observed-data') return `observed-data (${Array.isArray(obj.object_refs) ? obj.object_refs.length : 0} objects)`;
  if (type === 'file' && obj.hashes && typeof obj.hashes === 'object') {
    const h = Object.values(obj.hashes as Record<string, unknown>).find((v) => typeof v === 'string');
    if (typeof h === 'string') return clip(h, LABEL_CHARS);
  }
  return String(obj.id ?? type);
}

/**
 * The stored 5W1H (the policy's Classification, camelCase JSON) in the API's wire form
 * (DESIGN.md), or null when the provider classified nothing.
 */
export function classificationWire(stored: string): Record<string, unknown> | null {
  let c: Record<string, unknown>;
  try {
    c = JSON.parse(stored) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!c || typeof c !== 'object') return null;
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const out = {
    purpose: list(c.purpose),
    info_type: c.infoType ?? null,
    tier: list(c.tier),
    timing: c.timing ?? null,
    embargo_until: c.embargoUntil ?? null,
    channels: list(c.channels),
  };
  const empty = out.purpose.length === 0 && out.info_type === null && out.tier.length === 0 && out.timing === null;
  return empty ? null : out;
}

export interface Summary {
  id: string;
  type: string;
  label: string;
  description: string | null;
  tlp: string;
  classification: Record<string, unknown> | null;
  created: string | null;
  modified: string | null;
  date_added: string;
  provider: { slug: string; name: string } | null;
}

/** The list item of one row, as this viewer may see it. */
export async function summaryOf(row: SharedRow, viewer: UserViewer, orgs: OrgNames, obj?: Record<string, unknown>): Promise<Summary> {
  const o = obj ?? (JSON.parse(servedJson(row, viewer)) as Record<string, unknown>);
  const description = str(o.description);
  const classification = classificationWire(row.classificationJson);
  let provider: Summary['provider'] = null;
  if (!attributionHiddenStored(row, viewer)) {
    const org = await orgs.get(row.providerOrgId);
    if (org) provider = { slug: org.slug, name: org.name };
  }
  return {
    id: row.id,
    type: row.type,
    label: labelOf(o),
    description: description ? clip(description, DESCRIPTION_CHARS) : null,
    tlp: TLP_ORDER[row.tlpRank] ?? 'red',
    classification,
    created: row.created,
    modified: row.modified,
    date_added: formatMicros(row.dateAdded),
    provider,
  };
}
