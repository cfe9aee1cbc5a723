/**
 * What a board report says, for one viewer (a member of the organization): its posture scores
 * and their trend, the maturity radar against the sector average (only where 5 organizations
 * stand behind it), the open gaps, the declaration, the supply-chain status, and the threats
 * most relevant to its sector among what THIS viewer may see — read through the visibility
 * predicate (store.shared.search), never around it. Each emailed copy is built per recipient.
 */
import { getQuestionnaire, type Lang, type Text } from '../assess/index.js';
import { TrustService } from '../identity/trust.js';
import type { Principal } from '../identity/principal.js';
import { canReadPosture } from '../policy/posture-access.js';
import { attributionHiddenStored, communityKey, predicateFor } from '../policy/predicate.js';
import { userViewer } from '../policy/viewer.js';
import { latestOf, resultOf, todoOf, type TodoItem } from '../posture/assessments.js';
import { sectorBenchmark } from '../posture/benchmark.js';
import { notFound } from '../posture/errors.js';
import { channelAllows, classificationOf } from '../notify/filters.js';
import { HUB_PROVIDER } from '../sharing/hub-objects.js';
import { TLP_ORDER } from '../stix/markings.js';
import { formatMicros } from '../stix/timestamps.js';
import type { Store } from '../store/types.js';
import { supplySummaryFor, type SupplySummary } from './supply.js';

export interface ThreatItem { id: string; type: string; name: string; info_type: string | null; tlp: string; timing: string | null; added: string; sector_match: boolean }

export interface BoardReportData {
  lang: Lang;
  generated_at: string;
  month: string;
  organization: { slug: string; name: string; sector: string; kind: string };
  posture: { questionnaire: { id: string; title: Text }; score: number; band: { id: string; label: Text }; submitted_at: string; trend: { submitted_at: string; score: number }[]; change: number | null }[];
  radar: { questionnaire: string; categories: { id: string; title: Text }[]; own: number[] | null; average: (number | null)[] | null; organizations: number; minimum: number; shown: boolean };
  gaps: TodoItem[];
  declaration: { signed_on: string; signer: { name: string; title: string } } | null;
  supply: SupplySummary | null;
  threats: ThreatItem[];
}

const THREAT_TYPES = ['indicator', 'malware', 'attack-pattern', 'vulnerability', 'report', 'campaign', 'threat-actor', 'intrusion-set', 'tool', 'infrastructure'];
const THREAT_DAYS = 90;
const THREATS_SHOWN = 8;
const GAPS_SHOWN = 10;

function nameOf(o: Record<string, unknown>): string {
  for (const k of ['name', 'value', 'pattern', 'abstract']) {
    const v = o[k];
    if (typeof v === 'string' && v.trim()) return v.length > 160 ? `${v.slice(0, 159)}…` : v;
  }
  return String(o.id ?? o.type ?? '?');
}

/**
 * The threats for this viewer: its sector's communities first, then executive-tier and flash
 * items, newest first. For an emailed report, only versions whose classification lets email
 * carry them (as the dispatcher's rule, notify/filters.ts).
 */
async function threatsFor(store: Store, p: Principal, now: Date, channel: 'email' | undefined): Promise<ThreatItem[]> {
  const viewer = userViewer(p, await new TrustService(store).trustOf(p.user));
  const predicate = predicateFor(viewer, now);
  const addedFrom = (now.getTime() - THREAT_DAYS * 86_400_000) * 1000;
  const communities = (await store.identity.listCommunities()).filter((c) => c.sector === p.org.sector);
  const sectorKeys = communities.map((c) => communityKey(c.id));
  const [sector, general] = await Promise.all([
    sectorKeys.length ? store.shared.search({ predicate, types: THREAT_TYPES, audienceAnyOf: sectorKeys, addedFrom, limit: 50 }) : Promise.resolve({ rows: [], more: false }),
    store.shared.search({ predicate, types: THREAT_TYPES, addedFrom, limit: 100 }),
  ]);
  const inSector = new Set(sector.rows.map((r) => r.id));
  const seen = new Set<string>();
  const scored: { item: ThreatItem; rank: number }[] = [];
  for (const row of [...sector.rows, ...general.rows]) {
    if (seen.has(row.id) || row.providerOrgId === HUB_PROVIDER) continue;
    seen.add(row.id);
    const c = classificationOf(row.classificationJson);
    if (channel && !channelAllows(c, channel)) continue;
    const json = attributionHiddenStored(row, viewer) && row.jsonAnonymous !== null ? row.jsonAnonymous : row.json;
    const o = JSON.parse(json) as Record<string, unknown>;
    const sectorMatch = inSector.has(row.id);
    const rank = (sectorMatch ? 4 : 0) + (c.tiers.includes('executive') ? 2 : 0) + (c.timing === 'flash' ? 2 : 0) + (c.infoType === 'threat' || c.infoType === 'vulnerability' ? 1 : 0);
    scored.push({ rank, item: { id: row.id, type: row.type, name: nameOf(o), info_type: c.infoType, tlp: TLP_ORDER[row.tlpRank] ?? 'red', timing: c.timing, added: formatMicros(row.dateAdded), sector_match: sectorMatch } });
  }
  scored.sort((a, b) => b.rank - a.rank || (a.item.added < b.item.added ? 1 : a.item.added > b.item.added ? -1 : 0));
  return scored.slice(0, THREATS_SHOWN).map((s) => s.item);
}

/** `channel: 'email'` when the report is to be emailed: threats that may not go by email are left out. */
export async function boardReportData(store: Store, p: Principal, lang: Lang, now = new Date(), channel?: 'email'): Promise<BoardReportData> {
  if (!canReadPosture(p, p.org.id)) throw notFound('No such organization posture.');
  const orgId = p.org.id;
  const [all, decls, benchmark, supply, threats] = await Promise.all([
    store.posture.listAssessments(orgId), store.posture.listDeclarations(orgId),
    sectorBenchmark(store, p.org, 'management-maturity'), supplySummaryFor(store, orgId, now), threatsFor(store, p, now, channel),
  ]);
  const latest = latestOf(all);
  const gaps = todoOf(latest, GAPS_SHOWN);
  const posture = latest.map((a) => {
    const q = getQuestionnaire(a.questionnaireId, a.questionnaireVersion)!;
    const r = resultOf(a);
    const trend = all.filter((x) => x.status === 'submitted' && x.questionnaireId === a.questionnaireId)
      .map((x) => ({ submitted_at: x.submittedAt!, score: x.score ?? resultOf(x).score }))
      .sort((x, y) => (x.submitted_at < y.submitted_at ? -1 : 1));
    const before = trend[trend.length - 2];
    return { questionnaire: { id: q.id, title: q.title }, score: r.score, band: r.band, submitted_at: a.submittedAt!, trend, change: before ? Math.round((r.score - before.score) * 10) / 10 : null };
  }).sort((x, y) => (x.questionnaire.id < y.questionnaire.id ? -1 : 1));
  const mm = getQuestionnaire('management-maturity')!;
  const catIds = mm.categories.map((c) => c.id);
  return {
    lang, generated_at: now.toISOString(), month: now.toISOString().slice(0, 7),
    organization: { slug: p.org.slug, name: p.org.name, sector: p.org.sector, kind: p.org.kind },
    posture,
    radar: {
      questionnaire: mm.id, categories: mm.categories.map((c) => ({ id: c.id, title: c.title })),
      own: benchmark.own ? catIds.map((id) => benchmark.own!.byCategory.find((c) => c.category === id)?.score ?? 0) : null,
      average: benchmark.average ? catIds.map((id) => benchmark.average!.byCategory.find((c) => c.category === id)?.score ?? null) : null,
      organizations: benchmark.organizations, minimum: benchmark.minimum, shown: benchmark.shown,
    },
    gaps,
    declaration: decls[0] ? { signed_on: decls[0].signedOn, signer: { name: decls[0].signerName, title: decls[0].signerTitle } } : null,
    supply,
    threats,
  };
}
