/**
 * The sharing envelope (DESIGN.md "The sharing envelope", "5W1H classification"): who may
 * receive an object version, on which terms, and how it is classified. Pure: names in the
 * wire form (slugs, emails) are resolved through synchronous lookups the caller preloads.
 */
import { SECTORS, TIERS } from '../identity/validation.js';
import { isStixTimestamp, parseTimestampMicros } from '../stix/timestamps.js';
import { TLP_ORDER, isTlp, tlpAtLeast, tlpLabel, tlpRank } from '../stix/markings.js';
import type { Tlp } from '../stix/markings.js';
import type { Tier } from '../store/types.js';
import { isObj } from '../stix/checks-core.js';

export type { Tlp } from '../stix/markings.js';
export { TLP_ORDER, tlpAtLeast } from '../stix/markings.js';

export type Purpose = 'prevention' | 'detection' | 'response' | 'recovery' | 'awareness' | 'policy';
export type InfoType = 'best-practice' | 'vulnerability' | 'analysis' | 'threat' | 'incident';
export type Timing = 'flash' | 'routine' | 'periodic';
export type Channel = 'portal' | 'email' | 'api' | 'stream';
export type Attribution = 'public' | 'operators' | 'none';
export type ClearanceLevel = 0 | 1 | 2 | 3;

export const PURPOSES: readonly Purpose[] = ['prevention', 'detection', 'response', 'recovery', 'awareness', 'policy'];
export const INFO_TYPES: readonly InfoType[] = ['best-practice', 'vulnerability', 'analysis', 'threat', 'incident'];
export const TIMINGS: readonly Timing[] = ['flash', 'routine', 'periodic'];
export const CHANNELS: readonly Channel[] = ['portal', 'email', 'api', 'stream'];
/** From least to most protective of the provider's identity. */
export const ATTRIBUTIONS: readonly Attribution[] = ['public', 'operators', 'none'];

/** Resolved ids: community ids, organization ids, user ids. Empty = only the provider's organization. */
export interface Audience { public: boolean; communities: string[]; organizations: string[]; users: string[] }

export interface Classification {
  purpose: Purpose[];
  infoType: InfoType | null;
  tier: Tier[];
  timing: Timing | null;
  /** STIX timestamp; until then only the provider's organization sees the version */
  embargoUntil: string | null;
  /** default: all four */
  channels: Channel[];
}

export interface Envelope {
  tlp: Tlp;
  audience: Audience;
  minClearance: ClearanceLevel;
  /** terms: slugs of terms every receiving user must have accepted; sectors: allowed org sectors (empty = any) */
  conditions: { terms: string[]; sectors: string[] };
  attribution: Attribution;
  classification: Classification;
  providerOrgId: string;
  providerUserId: string;
}

/** Synchronous lookups the caller preloads (the module stays pure). */
export interface EnvelopeResolvers {
  community(slug: string): string | undefined;
  organization(slug: string): string | undefined;
  /** called with the address trimmed and lower-cased */
  user(email: string): string | undefined;
  terms(slug: string): boolean;
}

export interface EnvelopeContext {
  /** the community of the API root used; null outside one (then `audience` is required) */
  defaultCommunitySlug: string | null;
  resolve: EnvelopeResolvers;
  provider: { orgId: string; userId: string };
}

export interface EnvelopeError { property: string; message: string }

/** `tlpDefaulted`: the TLP is the hub's default because the object carried none (TAXII path only). */
export type EnvelopeResult =
  | { ok: true; envelope: Envelope; tlpDefaulted: boolean }
  | { ok: false; errors: EnvelopeError[] };

export const MAX_LIST = 1000;

type Obj = Record<string, unknown>;
const sub = (p: string, k: string): string => (p === '' ? k : `${p}.${k}`);

/** Wire keys of the envelope, by where they may appear. */
export const SHARING_KEYS: readonly string[] = ['audience', 'min_clearance', 'conditions', 'attribution'];
export const CLASSIFICATION_KEYS: readonly string[] = ['purpose', 'info_type', 'tier', 'timing', 'embargo_until', 'channels'];
const ENVELOPE_KEYS: readonly string[] = ['tlp', ...SHARING_KEYS, 'classification'];

/** Internal to src/policy (shared with extensions.ts). Collects errors; `names` maps id → wire name. */
export class EnvelopeParser {
  readonly errors: EnvelopeError[] = [];
  readonly names = new Map<string, string>();
  /** the audience was not given and is the API root's community */
  audienceDefaulted = false;
  constructor(private readonly ctx: EnvelopeContext) {}

  err(property: string, message: string): void {
    this.errors.push({ property, message });
  }

  unknownKeys(o: Obj, path: string, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) this.err(sub(path, k), `is not an envelope property (expected one of: ${allowed.join(', ')})`);
    }
  }

  /** Non-empty strings of a list, first occurrence only, each with its index for error paths. */
  private entries(v: unknown, p: string): { s: string; at: string }[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      this.err(p, 'must be a list of strings');
      return [];
    }
    if (v.length > MAX_LIST) {
      this.err(p, `must have at most ${MAX_LIST} entries`);
      return [];
    }
    const out: { s: string; at: string }[] = [];
    v.forEach((s: unknown, i) => {
      const at = `${p}[${i}]`;
      if (typeof s !== 'string' || s.trim() === '') this.err(at, 'must be a non-empty string');
      else if (!out.some((e) => e.s === s)) out.push({ s, at });
    });
    return out;
  }

  private oneOf<T extends string>(v: unknown, p: string, allowed: readonly T[]): T | null {
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    this.err(p, `${JSON.stringify(v)} is not one of: ${allowed.join(', ')}`);
    return null;
  }

  private enumList<T extends string>(v: unknown, p: string, allowed: readonly T[]): T[] {
    const out: T[] = [];
    for (const { s, at } of this.entries(v, p)) {
      const t = this.oneOf(s, at, allowed);
      if (t !== null) out.push(t);
    }
    return out;
  }

  private resolved(v: unknown, p: string, what: string, look: (name: string) => string | undefined, norm = (s: string) => s): string[] {
    const ids: string[] = [];
    for (const { s, at } of this.entries(v, p)) {
      const name = norm(s);
      const id = look(name);
      if (id === undefined) this.err(at, `unknown ${what} '${s}'`);
      else if (!ids.includes(id)) {
        ids.push(id);
        this.names.set(id, name);
      }
    }
    return ids;
  }

  audience(v: unknown, p: string): Audience {
    const { resolve, defaultCommunitySlug } = this.ctx;
    if (v === undefined) {
      this.audienceDefaulted = true;
      if (defaultCommunitySlug === null) {
        this.err(p, "is required when publishing outside a community's API root");
        return emptyAudience();
      }
      const id = resolve.community(defaultCommunitySlug);
      if (id === undefined) this.err(p, `the API root's community '${defaultCommunitySlug}' does not exist`);
      else this.names.set(id, defaultCommunitySlug);
      return { ...emptyAudience(), communities: id === undefined ? [] : [id] };
    }
    if (!isObj(v)) {
      this.err(p, 'must be an object with public, communities, organizations and users');
      return emptyAudience();
    }
    this.unknownKeys(v, p, ['public', 'communities', 'organizations', 'users']);
    let pub = false;
    if (v.public !== undefined && v.public !== null) {
      if (typeof v.public === 'boolean') pub = v.public;
      else this.err(sub(p, 'public'), 'must be true or false');
    }
    return {
      public: pub,
      communities: this.resolved(v.communities, sub(p, 'communities'), 'community', (s) => resolve.community(s)),
      organizations: this.resolved(v.organizations, sub(p, 'organizations'), 'organization', (s) => resolve.organization(s)),
      users: this.resolved(v.users, sub(p, 'users'), 'user', (s) => resolve.user(s), (s) => s.trim().toLowerCase()),
    };
  }

  minClearance(v: unknown, p: string): ClearanceLevel {
    if (v === undefined || v === null || v === 'none' || v === 0) return 0;
    if (v === 1 || v === 2 || v === 3) return v;
    this.err(p, `${JSON.stringify(v)} is not one of: none (or null), 1, 2, 3`);
    return 0;
  }

  conditions(v: unknown, p: string): Envelope['conditions'] {
    if (v === undefined || v === null) return { terms: [], sectors: [] };
    if (!isObj(v)) {
      this.err(p, 'must be an object with terms and sectors');
      return { terms: [], sectors: [] };
    }
    this.unknownKeys(v, p, ['terms', 'sectors']);
    const terms: string[] = [];
    for (const { s, at } of this.entries(v.terms, sub(p, 'terms'))) {
      if (this.ctx.resolve.terms(s)) terms.push(s);
      else this.err(at, `unknown terms '${s}'`);
    }
    const sectors: string[] = [];
    for (const { s, at } of this.entries(v.sectors, sub(p, 'sectors'))) {
      if (SECTORS.includes(s)) sectors.push(s);
      else this.err(at, `unknown sector '${s}' (known: ${SECTORS.join(', ')})`);
    }
    return { terms, sectors };
  }

  attribution(v: unknown, p: string): Attribution {
    if (v === undefined || v === null) return 'public';
    return this.oneOf(v, p, ATTRIBUTIONS) ?? 'public';
  }

  /** `o` holds the classification wire keys (the API's `classification` object or the extension). */
  classification(o: Obj, p: string): Classification {
    let embargoUntil: string | null = null;
    const e = o.embargo_until;
    if (e !== undefined && e !== null) {
      if (isStixTimestamp(e) && parseTimestampMicros(e) !== undefined) embargoUntil = e;
      else this.err(sub(p, 'embargo_until'), 'must be a STIX timestamp (YYYY-MM-DDTHH:MM:SS[.s+]Z) or null');
    }
    let channels: Channel[] = [...CHANNELS];
    if (o.channels !== undefined && o.channels !== null) {
      channels = this.enumList(o.channels, sub(p, 'channels'), CHANNELS);
      if (Array.isArray(o.channels) && o.channels.length === 0) {
        this.err(sub(p, 'channels'), 'must name at least one channel (omit it for all four)');
      }
    }
    const opt = <T extends string>(k: string, allowed: readonly T[]): T | null =>
      o[k] === undefined || o[k] === null ? null : this.oneOf(o[k], sub(p, k), allowed);
    return {
      purpose: this.enumList(o.purpose, sub(p, 'purpose'), PURPOSES),
      infoType: opt('info_type', INFO_TYPES),
      tier: this.enumList(o.tier, sub(p, 'tier'), TIERS),
      timing: opt('timing', TIMINGS),
      embargoUntil,
      channels,
    };
  }

  /** The envelope from the sharing wire fields in `s` and the classification fields in `c`. */
  build(tlp: Tlp, s: Obj, sPath: string, c: Obj, cPath: string): Envelope {
    return {
      tlp,
      audience: this.audience(s.audience, sub(sPath, 'audience')),
      minClearance: this.minClearance(s.min_clearance, sub(sPath, 'min_clearance')),
      conditions: this.conditions(s.conditions, sub(sPath, 'conditions')),
      attribution: this.attribution(s.attribution, sub(sPath, 'attribution')),
      classification: this.classification(c, cPath),
      providerOrgId: this.ctx.provider.orgId,
      providerUserId: this.ctx.provider.userId,
    };
  }

  /** Bounds check, then the result. */
  finish(envelope: Envelope, audiencePath: string, tlpDefaulted: boolean): EnvelopeResult {
    if (this.errors.length === 0) {
      const why = checkTlpBounds(envelope, (id) => this.names.get(id) ?? id);
      if (why !== null) {
        const hint = this.audienceDefaulted ? " (no audience was given, so it is the API root's community; name the recipients)" : '';
        this.err(audiencePath, why + hint);
      }
    }
    return this.errors.length > 0 ? { ok: false, errors: this.errors } : { ok: true, envelope, tlpDefaulted };
  }
}

export function emptyAudience(): Audience {
  return { public: false, communities: [], organizations: [], users: [] };
}

/**
 * The envelope of POST /api/v1/shares (and the portal): the DESIGN.md wire form, snake_case.
 * `tlp` is required; everything else defaults (audience: the API root's community; no
 * clearance; no conditions; attribution public; classification empty, all channels).
 * Unknown properties and unknown names are errors; every error found is reported.
 */
export function parseEnvelopeInput(json: unknown, ctx: EnvelopeContext): EnvelopeResult {
  if (!isObj(json)) return { ok: false, errors: [{ property: '', message: 'the envelope must be a JSON object' }] };
  const p = new EnvelopeParser(ctx);
  p.unknownKeys(json, '', ENVELOPE_KEYS);
  let tlp: Tlp = 'red';
  if (json.tlp === undefined || json.tlp === null) p.err('tlp', `is required (one of: ${TLP_ORDER.join(', ')})`);
  else if (!isTlp(json.tlp)) p.err('tlp', `${JSON.stringify(json.tlp)} is not one of: ${TLP_ORDER.join(', ')}`);
  else tlp = json.tlp;
  let c: Obj = {};
  if (json.classification !== undefined && json.classification !== null) {
    if (isObj(json.classification)) {
      c = json.classification;
      p.unknownKeys(c, 'classification', CLASSIFICATION_KEYS);
    } else p.err('classification', 'must be an object');
  }
  const envelope = p.build(tlp, json, '', c, 'classification');
  return p.finish(envelope, 'audience', false);
}

const BOUND_PHRASE: Readonly<Record<Tlp, string>> = {
  clear: '',
  green: 'communities, organizations or named users',
  amber: 'communities, organizations or named users',
  'amber+strict': 'named organizations or users',
  red: 'named users',
};

/**
 * TLP bounds the audience: only CLEAR may be public; up to AMBER may go to communities; up to
 * AMBER+STRICT to named organizations; named users are always allowed (narrower), and so is an
 * empty audience (the provider's organization only). `name` maps ids to names for the message.
 */
export function checkTlpBounds(envelope: Envelope, name: (id: string) => string = (id) => id): string | null {
  const r = tlpRank(envelope.tlp);
  const a = envelope.audience;
  const bad: string[] = [];
  if (a.public && r > 0) bad.push('the public');
  if (a.communities.length > 0 && r > 2) bad.push(`communities (${a.communities.map(name).join(', ')})`);
  if (a.organizations.length > 0 && r > 3) bad.push(`organizations (${a.organizations.map(name).join(', ')})`);
  if (bad.length === 0) return null;
  const list = bad.length === 1 ? bad[0] : `${bad.slice(0, -1).join(', ')} or ${bad[bad.length - 1]}`;
  return `${tlpLabel(envelope.tlp)} may only be shared with ${BOUND_PHRASE[envelope.tlp]}, not with ${list}`;
}

/**
 * Optional knowledge that lets a narrowing be recognised when a named user replaces their
 * organization or a community their organization belongs to. Organizations are compared as
 * they are: naming a member organization instead of its community is a widening, because a
 * peer hub standing for that organization would receive it (mayView) and did not before.
 */
export interface AudienceLookups {
  isMember?(orgId: string, communityId: string): boolean;
  orgOfUser?(userId: string): string | undefined;
  name?(id: string): string;
}

/*
 * Coverage by `prev` counts its entries only within its TLP's bounds, as mayView does: an
 * out-of-bounds entry shows the version to nobody, so it cannot justify a new entry either.
 */
const coversPublic = (prev: Envelope): boolean => prev.audience.public && tlpRank(prev.tlp) === 0;
const communitiesCount = (prev: Envelope): boolean => tlpRank(prev.tlp) <= 2;
const organizationsCount = (prev: Envelope): boolean => tlpRank(prev.tlp) <= 3;

function orgCovered(o: string, prev: Envelope): boolean {
  return coversPublic(prev) || (organizationsCount(prev) && prev.audience.organizations.includes(o));
}

/** A named user reaches only that user, who saw prev through its organization or a community of it. */
function userCovered(u: string, prev: Envelope, look: AudienceLookups): boolean {
  if (coversPublic(prev) || prev.audience.users.includes(u)) return true;
  const org = look.orgOfUser?.(u);
  if (org === undefined) return false;
  if (org === prev.providerOrgId || orgCovered(org, prev)) return true;
  const isMember = look.isMember;
  return isMember !== undefined && communitiesCount(prev) && prev.audience.communities.some((c) => isMember(org, c));
}

/** The end of a running embargo; an unparsable one runs forever, as mayView fails closed. */
const activeEmbargo = (e: Envelope, nowUs: number): number | null => {
  if (e.classification.embargoUntil === null) return null;
  const t = parseTimestampMicros(e.classification.embargoUntil) ?? Number.POSITIVE_INFINITY;
  return t > nowUs ? t : null;
};

/**
 * Null when `next` shows the version to nobody `prev` did not: TLP not lower, audience not
 * wider, min_clearance not lower, no condition dropped (terms kept, sectors not widened),
 * attribution not weaker, an embargo still running not ended sooner. Otherwise every reason,
 * joined by '; '. Channels and the other 5W1H fields are content and may change freely.
 * Operator overrides are the caller's business (see mayWrite).
 */
export function isNarrowerOrEqual(next: Envelope, prev: Envelope, now: Date, look: AudienceLookups = {}): string | null {
  const why: string[] = [];
  const name = look.name ?? ((id: string) => id);
  if (!tlpAtLeast(next.tlp, prev.tlp)) why.push(`may not lower the TLP from ${tlpLabel(prev.tlp)} to ${tlpLabel(next.tlp)}`);
  const a = next.audience;
  const wider: string[] = [];
  if (a.public && !coversPublic(prev)) wider.push('the public');
  for (const c of a.communities) {
    if (!coversPublic(prev) && !(communitiesCount(prev) && prev.audience.communities.includes(c))) wider.push(`community ${name(c)}`);
  }
  for (const o of a.organizations) if (!orgCovered(o, prev)) wider.push(`organization ${name(o)}`);
  for (const u of a.users) if (!userCovered(u, prev, look)) wider.push(`user ${name(u)}`);
  if (wider.length > 0) why.push(`may not widen the audience to ${wider.join(', ')}`);
  if (next.minClearance < prev.minClearance) {
    why.push(`may not lower min_clearance from ${prev.minClearance} to ${next.minClearance === 0 ? 'none' : next.minClearance}`);
  }
  const dropped = prev.conditions.terms.filter((t) => !next.conditions.terms.includes(t));
  if (dropped.length > 0) why.push(`may not drop the terms condition ${dropped.map((t) => `'${t}'`).join(', ')}`);
  const ps = prev.conditions.sectors;
  const ns = next.conditions.sectors;
  if (ps.length > 0) {
    if (ns.length === 0) why.push(`may not drop the sectors condition (${ps.join(', ')})`);
    else {
      const added = ns.filter((s) => !ps.includes(s));
      if (added.length > 0) why.push(`may not add sectors to the sectors condition (${added.join(', ')})`);
    }
  }
  if (ATTRIBUTIONS.indexOf(next.attribution) < ATTRIBUTIONS.indexOf(prev.attribution)) {
    why.push(`may not weaken attribution from ${prev.attribution} to ${next.attribution}`);
  }
  const nowUs = now.getTime() * 1000;
  const pe = activeEmbargo(prev, nowUs);
  if (pe !== null) {
    const ne = next.classification.embargoUntil === null ? undefined : parseTimestampMicros(next.classification.embargoUntil);
    if (ne === undefined || ne < pe) why.push(`may not end the embargo before ${prev.classification.embargoUntil}`);
  }
  return why.length === 0 ? null : why.join('; ');
}
