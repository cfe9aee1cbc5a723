/**
 * The item side of delivery: the facts the dispatcher decides on (one version's envelope,
 * classification, search text, endpoints), and the view a message renders of a version (as its
 * recipient receives the object: the anonymous form where attribution is hidden from it).
 */
import { classificationWire, labelOf, type Summary } from '../api/view.js';
import { endpointRefs } from '../policy/decide.js';
import { attributionHiddenStored } from '../policy/predicate.js';
import { searchTextOf } from '../stix/search-text.js';
import { formatMicros } from '../stix/timestamps.js';
import type { SharedRow, StoredEnvelope, Store } from '../store/types.js';
import { audienceCommunitiesOf, classificationOf, tlpOfRank, type ItemFacts } from './filters.js';
import type { SubscriberViewer } from './recipients.js';

/** The dispatcher's facts of a batch of rows, plus the latest envelope of every endpoint they name. */
export async function factsOf(store: Store, rows: readonly SharedRow[]): Promise<{ items: ItemFacts[]; endpoints: Map<string, StoredEnvelope> }> {
  const latest = await store.shared.envelopesOf([...new Set(rows.map((r) => r.id))]);
  const items: ItemFacts[] = [];
  const endpointIds = new Set<string>();
  for (const row of rows) {
    let env = latest.get(row.id);
    if (!env || env.versionKey !== row.versionKey) env = await store.shared.envelopeOf(row.id, row.versionKey);
    if (!env) continue; // deleted since
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(row.json) as Record<string, unknown>;
    } catch {
      continue;
    }
    const endpoints = endpointRefs(obj);
    endpoints.forEach((e) => endpointIds.add(e));
    items.push({
      id: row.id,
      type: row.type,
      versionKey: row.versionKey,
      dateAdded: row.dateAdded,
      tlp: tlpOfRank(env.envelope.tlpRank),
      envelope: env.envelope,
      classification: classificationOf(env.envelope.classificationJson),
      audienceCommunities: audienceCommunitiesOf(env.envelope),
      searchText: searchTextOf(obj),
      endpoints,
    });
  }
  const endpointEnvs = endpointIds.size === 0 ? new Map<string, StoredVersionEnvelopeLike>() : await store.shared.envelopesOf([...endpointIds]);
  return { items, endpoints: new Map([...endpointEnvs].map(([id, e]) => [id, e.envelope])) };
}

type StoredVersionEnvelopeLike = { versionKey: string; envelope: StoredEnvelope };

/** One item as a message shows it to its recipient. */
export interface ItemView extends Omit<Summary, 'provider'> {
  version: string;
  /** the organization that provided it, unless attribution is hidden from the recipient */
  provider: { slug: string; name: string } | null;
  /** the object page in the portal */
  url: string;
  /** the STIX object as the recipient receives it */
  object: Record<string, unknown>;
  classificationParsed: ReturnType<typeof classificationOf>;
}

const DESCRIPTION_CHARS = 400;
const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The view of one stored version for a recipient (the anonymous form where attribution is hidden from it). */
export function viewOf(row: SharedRow, viewer: SubscriberViewer, provider: { slug: string; name: string } | null, baseUrl: string): ItemView {
  const hidden = attributionHiddenStored(row, viewer);
  const obj = JSON.parse(hidden && row.jsonAnonymous !== null ? row.jsonAnonymous : row.json) as Record<string, unknown>;
  const description = typeof obj.description === 'string' && obj.description.trim() !== '' ? clip(obj.description, DESCRIPTION_CHARS) : null;
  return {
    id: row.id,
    type: row.type,
    version: row.versionKey,
    label: labelOf(obj),
    description,
    tlp: tlpOfRank(row.tlpRank),
    classification: classificationWire(row.classificationJson),
    classificationParsed: classificationOf(row.classificationJson),
    created: row.created,
    modified: row.modified,
    date_added: formatMicros(row.dateAdded),
    provider: hidden ? null : provider,
    url: `${baseUrl}/objects/${encodeURIComponent(row.id)}`,
    object: obj,
  };
}
