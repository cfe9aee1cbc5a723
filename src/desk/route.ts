/**
 * Routing a triaged report to the recipients its reporter consented to (docs/desk.md): per
 * recipient, STIX built from the report as filed (attribution `public`) or from the sanitized
 * result the reporter approved (`operators`, `none`), technique objects only unless the
 * reporter allowed damage information and the recipient takes it, all shared through
 * ingestWithEnvelope as the reporter's organization — so the envelope rule decides every
 * delivery afterwards (search, TAXII, stream, email, export, federation).
 */
import { TrustService } from '../identity/trust.js';
import type { Principal } from '../identity/principal.js';
import { canWorkReport, type DeskCaller } from '../policy/desk-access.js';
import { ingestWithEnvelope, type IngestItem } from '../sharing/ingest.js';
import type { SanitizeResult } from '../sanitize/index.js';
import type { StixObject } from '../stix/types.js';
import type { ConsentEntry, ConsentScope, DeskRecipient, DeskReport, RoutedEntry } from '../store/desk-types.js';
import type { Store } from '../store/types.js';
import { conflict, forbidden, invalid } from './errors.js';
import { fieldText, TEXT_FIELDS } from './input.js';
import { approvalCurrent, observablesOf, sanitizeReport } from './sanitized.js';
import type { DeskService } from './service.js';
import { buildRecipientObjects, type ReportContent } from './stix.js';

type Tlp = DeskRecipient['tlp'];
const TLP_RANK: Record<string, number> = { green: 1, amber: 2, 'amber+strict': 3 };

/** Why a consented recipient cannot be routed to now (the portal words each in the reader's language). */
export type BlockedCode = 'already-routed' | 'not-approved' | 'changed-since-approval' | 'no-target' | 'nothing-to-share';

export const BLOCKED_REASONS: Readonly<Record<BlockedCode, string>> = {
  'already-routed': 'already routed to this recipient',
  'not-approved': 'the reporter has not approved the sanitized text',
  'changed-since-approval': 'the report changed since the reporter approved the sanitized text',
  'no-target': 'the recipient has no community or organization configured',
  'nothing-to-share': 'nothing to share at this scope (no techniques, malware or observables)',
};

export interface RecipientPlan {
  consent: ConsentEntry;
  recipient: DeskRecipient;
  /** what is actually sent: a technique-only recipient never takes damage information */
  scope: ConsentScope;
  blockedCode: BlockedCode | null;
  blocked: string | null;
  objects: StixObject[];
  observables: StixObject[];
}

/** The report's content for a recipient: as filed, or as sanitized. */
export function contentOf(report: DeskReport, sanitized: SanitizeResult | null): ReportContent {
  const b = report.body;
  const text: Record<string, string> = {};
  for (const f of TEXT_FIELDS) text[f] = fieldText(b, report.title, f);
  if (sanitized) for (const f of TEXT_FIELDS) text[f] = sanitized.fields.find((x) => x.field === f)?.after ?? '';
  const affected = (b.affected ?? {}) as { environments?: string[] };
  const ddos = (b.ddos ?? {}) as { attack?: string | null };
  return {
    type: report.type, sector: report.sector, text, environments: affected.environments ?? [],
    essentialServiceBreached: typeof b.essential_service_breached === 'boolean' ? b.essential_service_breached : null,
    techniques: Array.isArray(b.techniques) ? (b.techniques as string[]) : [], ddosAttack: ddos.attack ?? null,
    observables: sanitized ? sanitized.observables.kept : observablesOf(report),
    detectedAt: typeof b.detected_at === 'string' ? b.detected_at : null, startedAt: typeof b.started_at === 'string' ? b.started_at : null,
  };
}

/** What each consented recipient would receive now, and why not when it cannot. */
export async function planRouting(store: Store, report: DeskReport, only?: string[]): Promise<RecipientPlan[]> {
  const recipients = new Map((await store.desk.listRecipients()).map((r) => [r.slug, r]));
  const sanitized = await sanitizeReport(store, report);
  const approved = approvalCurrent(report, sanitized);
  const now = new Date();
  const plans: RecipientPlan[] = [];
  for (const consent of report.consent) {
    if (only && !only.includes(consent.recipient)) continue;
    const recipient = recipients.get(consent.recipient);
    if (!recipient) continue;
    const scope: ConsentScope = recipient.techniqueOnly ? 'technique' : consent.scope;
    const full = consent.attribution === 'public';
    const already = report.routed.some((r) => r.recipient === consent.recipient);
    let code: BlockedCode | null = already ? 'already-routed' : null;
    if (!code && !full && !approved) code = report.approval ? 'changed-since-approval' : 'not-approved';
    if (!code && recipient.communityIds.length + recipient.orgIds.length === 0) code = 'no-target';
    // nothing is built from text that may not leave yet
    const built = code && !full ? { objects: [], observables: [] } : buildRecipientObjects(contentOf(report, full ? null : sanitized), scope, now);
    if (!code && built.objects.length === 0) code = 'nothing-to-share';
    plans.push({ consent, recipient, scope, blockedCode: code, blocked: code ? BLOCKED_REASONS[code] : null, ...built });
  }
  return plans;
}

/** What routing would send now, for desk staff (404 for a report the caller may not see). */
export async function previewRouting(desk: DeskService, c: DeskCaller, id: string): Promise<RecipientPlan[]> {
  const report = await desk.visible(c, id);
  if (!canWorkReport(c)) throw forbidden('Only desk staff route reports.');
  return planRouting(desk.store, report);
}

/** The reporter as publisher: its organization is the provider of everything routed. */
export async function reporterPrincipal(store: Store, report: DeskReport): Promise<Principal> {
  const [user, org] = await Promise.all([store.identity.getUser({ id: report.createdBy }), store.identity.getOrganization({ id: report.orgId })]);
  if (!user || user.disabled || !org) throw conflict('The reporter\'s account no longer exists or is disabled; ask another member of its organization to file the report again.');
  // The reporter consented to this sharing; its role only decides what it may publish itself
  // elsewhere, so a reader's report is shared with a publishing role for its organization.
  const role = user.role === 'reader' ? 'analyst' : user.role;
  return { user: { ...user, role }, org, communityIds: new Set(await store.identity.communitiesOf(org.id)), tokenId: null };
}

/** The hub's community and organization slugs by id, read once per routing. */
type SlugMaps = { c: Map<string, string>; o: Map<string, string> };

export async function slugMaps(store: Store): Promise<SlugMaps> {
  const [communities, orgs] = await Promise.all([store.identity.listCommunities(), store.identity.listOrganizations()]);
  return { c: new Map(communities.map((x) => [x.id, x.slug])), o: new Map(orgs.map((x) => [x.id, x.slug])) };
}

/** The audience slugs of recipients. */
export const slugsOf = ({ c, o }: SlugMaps, r: DeskRecipient[]) => ({
  communities: [...new Set(r.flatMap((x) => x.communityIds.map((id) => c.get(id)).filter((s): s is string => s !== undefined)))],
  organizations: [...new Set(r.flatMap((x) => x.orgIds.map((id) => o.get(id)).filter((s): s is string => s !== undefined)))],
});

/** The TLP for an audience: the strictest asked for, within what the audience's kinds allow. */
function tlpFor(tlps: Tlp[], hasCommunities: boolean, hasOrgs: boolean): Tlp {
  let t = tlps.reduce<Tlp>((a, b) => (TLP_RANK[b]! > TLP_RANK[a]! ? b : a), 'green');
  if (t === 'amber+strict' && hasCommunities) t = 'amber';
  if (t === 'green' && hasOrgs) t = 'amber';
  return t;
}

function envelope(audience: { communities: string[]; organizations: string[] }, tlp: Tlp, attribution: string, infoType: string) {
  return {
    tlp, audience: { ...audience, users: [], public: false }, attribution,
    classification: { purpose: ['response', 'detection'], info_type: infoType, tier: ['practitioner', 'manager'], timing: 'flash', channels: ['portal', 'email', 'api', 'stream'] },
  };
}

export interface RouteOutcome {
  recipient: string;
  stored: { id: string; version: string; outcome: string }[];
  refused: { id: string | null; reason: string }[];
}

/** Routes the report; `announce` tells delivery about what was stored. */
export async function route(desk: DeskService, c: DeskCaller, id: string, only: unknown, announce: (items: IngestItem[]) => void): Promise<{ report: DeskReport; routed: RouteOutcome[] }> {
  const store = desk.store;
  const report = await desk.visible(c, id);
  if (!canWorkReport(c)) throw forbidden('Only desk staff route reports.');
  if (report.status !== 'triaged') throw conflict(`The report is ${report.status}; only a triaged report is routed.`);
  if (only !== undefined && (!Array.isArray(only) || only.some((s) => typeof s !== 'string'))) throw invalid('recipients must be a list of recipient slugs.', [{ property: 'recipients', message: 'must be a list of strings' }]);
  const wanted = only as string[] | undefined;
  if (report.consent.length === 0) throw invalid('The reporter has not consented to any recipient.', [{ property: 'recipients', message: 'no consent' }]);
  const unconsented = (wanted ?? []).filter((s) => !report.consent.some((e) => e.recipient === s));
  if (unconsented.length > 0) throw invalid('The reporter has not consented to every recipient named.', unconsented.map((s) => ({ property: 'recipients', message: `no consent for '${s}'` })));
  const plans = await planRouting(store, report, wanted);
  const blocked = plans.filter((p) => p.blocked !== null);
  if (blocked.length > 0 || plans.length === 0) {
    throw conflict(`Cannot route: ${blocked.map((p) => `${p.recipient.slug}: ${p.blocked}`).join('; ') || 'no configured recipient among those consented'}.`);
  }
  const publisher = await reporterPrincipal(store, report);
  const slugs = await slugMaps(store);
  const trust = new TrustService(store);
  const ingest = async (env: ReturnType<typeof envelope>, objects: StixObject[]) => {
    const r = await ingestWithEnvelope(store, { publisher, defaultCommunitySlug: null, trust }, env, objects);
    if (!r.ok) return objects.map((o) => ({ ok: false as const, id: o.id as string, versionKey: null, reason: r.errors.map((e) => `${e.property}: ${e.message}`).join('; ') }));
    announce(r.items);
    return r.items;
  };
  // Observables first, once each, to exactly the recipients whose objects refer to them.
  const holders = new Map<string, { sco: StixObject; plans: RecipientPlan[] }>();
  for (const p of plans) for (const sco of p.observables) {
    const h = holders.get(sco.id as string) ?? { sco, plans: [] };
    h.plans.push(p);
    holders.set(sco.id as string, h);
  }
  const groups = new Map<string, { plans: RecipientPlan[]; scos: StixObject[] }>();
  for (const h of holders.values()) {
    const key = h.plans.map((p) => p.recipient.slug).sort().join('|');
    const g = groups.get(key) ?? { plans: h.plans, scos: [] };
    g.scos.push(h.sco);
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    const aud = slugsOf(slugs, g.plans.map((p) => p.recipient));
    const attribution = g.plans.every((p) => p.consent.attribution === 'public') ? 'public' : 'none';
    await ingest(envelope(aud, tlpFor(g.plans.map((p) => p.recipient.tlp), aud.communities.length > 0, aud.organizations.length > 0), attribution, 'threat'), g.scos);
  }
  const outcomes: RouteOutcome[] = [];
  const entries: RoutedEntry[] = [];
  const at = new Date().toISOString();
  for (const p of plans) {
    const aud = slugsOf(slugs, [p.recipient]);
    const items = await ingest(envelope(aud, p.recipient.tlp, p.consent.attribution, p.scope === 'damage' ? 'incident' : 'threat'), p.objects);
    const stored = items.filter((i) => i.ok).map((i) => ({ id: i.id, version: i.versionKey, outcome: i.outcome }));
    outcomes.push({ recipient: p.recipient.slug, stored, refused: items.filter((i) => !i.ok).map((i) => ({ id: i.id, reason: i.reason })) });
    entries.push({ recipient: p.recipient.slug, at, scope: p.scope, attribution: p.consent.attribution, objects: stored.map((s) => s.id) });
  }
  const next = await desk.change(report, { status: 'routed', routed: [...report.routed, ...entries] }, ['triaged']);
  await desk.record(next, c, 'routed', { recipients: entries.map((e) => ({ recipient: e.recipient, scope: e.scope, attribution: e.attribution, objects: e.objects.length })) });
  await store.trust.appendAudit({
    at, actor: c.principal.user.email, actorUserId: c.principal.user.id, action: 'desk.route', subject: report.id,
    details: { recipients: entries.map((e) => e.recipient) },
  });
  return { report: next, routed: outcomes };
}
