import type { Principal } from '../identity/principal.js';
import { userActor, type TrustService } from '../identity/trust.js';
import { endpointRefs, mayWrite } from '../policy/decide.js';
import { redactForRecipient } from '../policy/egress.js';
import { parseEnvelopeInput, tlpAtLeast, type Envelope, type EnvelopeError, type EnvelopeResolvers, type Tlp } from '../policy/envelope.js';
import { envelopeFromObjectExtensions, KYOJO_SHARING_EXTENSION_ID } from '../policy/extensions.js';
import { envelopeOfStored, storedEnvelopeOf } from '../policy/predicate.js';
import { PUBLIC_VIEWER, userViewer, type OrganizationViewer } from '../policy/viewer.js';
import { canonicalJson, formatIssue, validateStixObject } from '../stix/index.js';
import { searchTextOf } from '../stix/search-text.js';
import { tlpLabel, tlpOfMarkingRefs } from '../stix/markings.js';
import type { StixMeta } from '../stix/types.js';
import type { AddOutcome, Community, SharedVersionInput, Store } from '../store/types.js';
import { communityIdentityId } from './identities.js';

/** What happened to one submitted object, in submission order. */
export type IngestItem =
  | {
      ok: true; id: string; versionKey: string; outcome: AddOutcome & ('added' | 'identical' | 'replaced'); dateAdded: number;
      /** e.g. that the hub's default TLP was applied */
      message?: string;
    }
  | { ok: false; id: string | null; versionKey: string | null; reason: string };

/** Largest number of versions written in one store transaction. */
const CHUNK = 5_000;

/**
 * Objects validated between two yields to the event loop. Validation is synchronous:
 * without yielding, the 17 million `{}` a 50 MB body can hold stalled every other
 * request for over 20 seconds. A yield costs microseconds; 2,000 objects about 10 ms.
 */
const YIELD_EVERY = 2_000;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Who publishes and where: the poster (its organization is the provider) and the API root's community. */
export interface Publication {
  publisher: Principal;
  /** the community whose API root (or `kyojo import --community`) was used; null = none */
  community: Community | null;
  defaultTlp: Tlp;
  trust: TrustService;
  now?: () => Date;
}

/** The names an envelope may use, preloaded once per submission (the policy's resolvers are synchronous). */
export async function loadResolvers(store: Store): Promise<EnvelopeResolvers> {
  const [communities, orgs, users, terms] = await Promise.all([
    store.identity.listCommunities(),
    store.identity.listOrganizations(),
    store.identity.listUsers(),
    store.trust.listTerms(),
  ]);
  const c = new Map(communities.map((x) => [x.slug, x.id]));
  const o = new Map(orgs.map((x) => [x.slug, x.id]));
  const u = new Map(users.map((x) => [x.email.toLowerCase(), x.id]));
  const t = new Set(terms.map((x) => x.slug));
  return {
    community: (s) => c.get(s),
    organization: (s) => o.get(s),
    user: (e) => u.get(e),
    terms: (s) => t.has(s),
  };
}

function carriesSharingExtension(o: unknown): boolean {
  if (o === null || typeof o !== 'object') return false;
  const ext = (o as { extensions?: unknown }).extensions;
  return ext !== null && typeof ext === 'object' && Object.hasOwn(ext, KYOJO_SHARING_EXTENSION_ID);
}

/** Resolvers that know only the publication's community: enough for the default audience. */
function communityOnly(community: Community | null): EnvelopeResolvers {
  return {
    community: (slug) => (community && slug === community.slug ? community.id : undefined),
    organization: () => undefined,
    user: () => undefined,
    terms: () => false,
  };
}

/**
 * Validates submitted STIX objects, builds each one's sharing envelope (TLP from its markings,
 * else the hub default; the rest from the Kyojo sharing extension, audience defaulting to the
 * community), asks the policy (mayWrite, against the latest stored version's envelope) and
 * stores the admitted ones hub-wide in `store.shared`, in one transaction per chunk. Every
 * refusal is per object, with the reason; it never stops the others. Used by TAXII POST and
 * `kyojo import`.
 */
export async function ingestObjects(store: Store, pub: Publication, submitted: readonly unknown[]): Promise<IngestItem[]> {
  // Names (communities, organizations, users, terms) occur only in the sharing extension;
  // most submissions carry none, and listing a large hub's users on every POST is waste.
  const resolve = submitted.some(carriesSharingExtension) ? await loadResolvers(store) : communityOnly(pub.community);
  return ingest(store, pub, submitted, pub.community?.id ?? null, (obj, provider) => {
    const parsed = envelopeFromObjectExtensions(obj, {
      defaultCommunitySlug: pub.community?.slug ?? null,
      resolve,
      provider,
      defaultTlp: pub.defaultTlp,
    });
    if (!parsed.ok) return { ok: false, reason: parsed.errors.map((e) => `${e.property}: ${e.message}`).join('; ') };
    return { ok: true, envelope: parsed.envelope, tlpDefaulted: parsed.tlpDefaulted };
  });
}

/** The result of ingestWithEnvelope: the envelope's errors (nothing stored), or the per-object items. */
export type EnvelopeIngestResult =
  | { ok: true; items: IngestItem[] }
  | { ok: false; errors: EnvelopeError[] };

/**
 * Like ingestObjects, with one explicit envelope (the DESIGN.md wire form, parsed by
 * parseEnvelopeInput) for every object: POST /api/v1/shares. The envelope replaces what the
 * objects' markings and Kyojo extensions would say: its `tlp` is required and becomes each
 * stored object's TLP marking; its classification replaces any classification extension.
 * Per object, refused with the reason (the others go on):
 * - a TLP marking stricter than the envelope's `tlp` (the provider's own label must not be
 *   lowered by the request; a less strict marking is narrowed to the envelope's);
 * - the Kyojo sharing extension (two envelopes for one object would be ambiguous);
 * - anything ingestObjects refuses (invalid STIX, mayWrite, conflicting version).
 * A hidden provider (attribution other than public) is named by the identity of the audience's
 * community when it has exactly one, else by the hub's identity.
 * An invalid envelope stores nothing: every error, by property.
 */
export async function ingestWithEnvelope(
  store: Store,
  pub: Omit<Publication, 'community' | 'defaultTlp'> & { defaultCommunitySlug: string | null },
  envelopeInput: unknown,
  submitted: readonly unknown[],
): Promise<EnvelopeIngestResult> {
  const resolve = await loadResolvers(store);
  const own = { orgId: pub.publisher.org.id, userId: pub.publisher.user.id };
  const parsed = parseEnvelopeInput(envelopeInput, { defaultCommunitySlug: pub.defaultCommunitySlug, resolve, provider: own });
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const base = parsed.envelope;
  // A hidden provider is named by the audience's community when there is exactly one, else the hub.
  const anonCommunity = base.audience.communities.length === 1 ? base.audience.communities[0]! : null;
  const items = await ingest(store, pub, submitted, anonCommunity, (obj, provider) => {
    const marking = tlpOfMarkingRefs(obj.object_marking_refs);
    if (marking.error !== undefined) return { ok: false, reason: `object_marking_refs: ${marking.error}` };
    if (marking.tlp !== null && !tlpAtLeast(base.tlp, marking.tlp)) {
      return {
        ok: false,
        reason: `object_marking_refs: the object is marked ${tlpLabel(marking.tlp)}, stricter than the envelope's ${tlpLabel(base.tlp)}; send it with tlp '${marking.tlp}' or stricter`,
      };
    }
    if (carriesSharingExtension(obj)) {
      return {
        ok: false,
        reason: `extensions.${KYOJO_SHARING_EXTENSION_ID}: the request's envelope applies to every object; remove the Kyojo sharing extension`,
      };
    }
    return { ok: true, envelope: { ...base, providerOrgId: provider.orgId, providerUserId: provider.userId }, tlpDefaulted: false };
  });
  return { ok: true, items };
}

type EnvelopeFor = (
  obj: Record<string, unknown>,
  provider: { orgId: string; userId: string },
) => { ok: true; envelope: Envelope; tlpDefaulted: boolean } | { ok: false; reason: string };

async function ingest(
  store: Store,
  pub: Pick<Publication, 'publisher' | 'trust' | 'now'>,
  submitted: readonly unknown[],
  anonCommunityId: string | null,
  envelopeFor: EnvelopeFor,
): Promise<IngestItem[]> {
  const now = pub.now ?? (() => new Date());
  const items: (IngestItem | undefined)[] = new Array(submitted.length);
  const pending: { index: number; version: SharedVersionInput; message?: string }[] = [];
  const viewer = userViewer(pub.publisher, await pub.trust.trustOf(pub.publisher.user));
  const anonId = communityIdentityId(anonCommunityId);
  // Refusals without an id share one item per reason: a body of a million `1`s or `{}`s
  // must not hold a million copies of the same message.
  const anonymous = new Map<string, IngestItem>();
  const refuse = (i: number, id: string | null, versionKey: string | null, reason: string) => {
    items[i] = { ok: false, id, versionKey, reason };
  };
  // First validate everything, then one envelopesOf per chunk for the chunk's ids (not one
  // round trip per object), then the policy per object against the map.
  const valid: { index: number; meta: StixMeta; obj: Record<string, unknown> }[] = [];
  for (let i = 0; i < submitted.length; i++) {
    if (i > 0 && i % YIELD_EVERY === 0) await yieldToEventLoop();
    const result = validateStixObject(submitted[i]);
    if (!result.ok) {
      const raw = submitted[i] as { id?: unknown; modified?: unknown } | null;
      const id = raw && typeof raw === 'object' && typeof raw.id === 'string' ? raw.id : null;
      const reason = result.errors.map(formatIssue).join('; ');
      let item = id === null ? anonymous.get(reason) : undefined;
      if (!item) {
        item = { ok: false, id, versionKey: null, reason };
        if (id === null && anonymous.size < 1000) anonymous.set(reason, item);
      }
      items[i] = item;
      continue;
    }
    valid.push({ index: i, meta: result.meta, obj: result.object as Record<string, unknown> });
  }
  const noExemptions = new Set<string>();
  const ownProvider = { orgId: viewer.orgId, userId: viewer.userId };
  const providerViews = new Map<string, OrganizationViewer>();
  const providerViewOf = (orgId: string): OrganizationViewer => {
    let v = providerViews.get(orgId);
    if (!v) {
      v = { kind: 'organization', orgId, communityIds: new Set(), orgSector: '' };
      providerViews.set(orgId, v);
    }
    return v;
  };
  for (let start = 0; start < valid.length; start += CHUNK) {
    const chunk = valid.slice(start, start + CHUNK);
    const storedById = await store.shared.envelopesOf([...new Set(chunk.map((v) => v.meta.id))]);
    for (const [n, { index: i, meta: m, obj }] of chunk.entries()) {
      if (n > 0 && n % YIELD_EVERY === 0) await yieldToEventLoop();
      const stored = storedById.get(m.id);
      const existing = stored ? envelopeOfStored(stored.envelope) : null;
      // A version of a stored object is the provider's: mayWrite then admits only the provider's
      // organization, or an operator acting for it (audited).
      const provider = existing !== null
        ? { orgId: existing.providerOrgId, userId: existing.providerUserId }
        : ownProvider;
      const parsed = envelopeFor(obj, provider);
      if (!parsed.ok) {
        refuse(i, m.id, m.versionKey, parsed.reason);
        continue;
      }
      const envelope = parsed.envelope;
      const decision = mayWrite(viewer, existing, envelope, now());
      if (!decision.ok) {
        refuse(i, m.id, m.versionKey, decision.reason);
        continue;
      }
      if (decision.audited) {
        await pub.trust.auditOperatorWrite(userActor(pub.publisher.user), m.id, { providerOrgId: envelope.providerOrgId, version: m.versionKey });
      }
      const served = redactForRecipient(obj, envelope, providerViewOf(envelope.providerOrgId), anonId, noExemptions) ?? obj;
      const anon = envelope.attribution === 'public'
        ? null
        : redactForRecipient(obj, envelope, PUBLIC_VIEWER, anonId, noExemptions);
      pending.push({
        index: i,
        message: parsed.tlpDefaulted ? `no TLP marking: ${tlpLabel(envelope.tlp)} applied (hub default)` : undefined,
        version: {
          id: m.id, type: m.type, specVersion: m.specVersion, created: m.created, modified: m.modified,
          versionKey: m.versionKey,
          json: canonicalJson(served),
          jsonAnonymous: anon === null ? null : canonicalJson(anon),
          envelope: storedEnvelopeOf(envelope),
          endpoints: endpointRefs(obj),
          // what searchTextOfJson(json) would give, without parsing the JSON again
          searchText: searchTextOf(served),
        },
      });
    }
  }
  for (let start = 0; start < pending.length; start += CHUNK) {
    const chunk = pending.slice(start, start + CHUNK);
    const results = await store.shared.add(chunk.map((p) => p.version));
    results.forEach((r, j) => {
      const p = chunk[j]!;
      items[p.index] =
        r.outcome === 'conflict'
          ? { ok: false, id: r.id, versionKey: r.versionKey, reason: 'a different object with this id and version is already stored' }
          : { ok: true, id: r.id, versionKey: r.versionKey, outcome: r.outcome, dateAdded: r.dateAdded, ...(p.message ? { message: p.message } : {}) };
    });
  }
  return items as IngestItem[];
}
