/**
 * The item side of delivery: the facts the dispatcher decides on (one version's envelope,
 * classification, search text, endpoints), and the send-time re-read of a message's items
 * through the recipient's predicate, with the view a message renders (as that recipient
 * receives the object: the anonymous form where attribution is hidden from it).
 */
import { classificationWire, labelOf, type Summary } from '../api/view.js';
import { endpointRefs } from '../policy/decide.js';
import { attributionHiddenStored } from '../policy/predicate.js';
import { searchTextOf } from '../stix/search-text.js';
import { formatMicros } from '../stix/timestamps.js';
import type { SharedRow, StoredEnvelope, Store, VisibilityPredicate } from '../store/types.js';
import { redReaches } from './decide.js';
import { audienceCommunitiesOf, classificationOf, tlpOfRank, type ItemFacts } from './filters.js';
import type { OutboxItem } from './payload.js';
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
const RED = 4;
const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * The message's items the recipient may still receive, read through the store's own query with
 * its predicate now (the relationship rule included), in the message's order. Items no longer
 * visible, deleted, or whose classification no longer lets `channel` carry them are left out.
 */
export async function visibleItems(
  store: Store,
  viewer: SubscriberViewer,
  predicate: VisibilityPredicate,
  items: readonly OutboxItem[],
  channel: 'email' | 'webhook',
  baseUrl: string,
): Promise<ItemView[]> {
  const wanted = new Map(items.map((i) => [`${i.id}\u0000${i.version}`, i]));
  const found = new Map<string, SharedRow>();
  const ids = [...new Set(items.map((i) => i.id))];
  for (let at = 0; at < ids.length; at += 200) {
    const chunk = ids.slice(at, at + 200);
    const keys = [...new Set(items.filter((i) => chunk.includes(i.id)).map((i) => i.version))];
    let after: number | undefined;
    for (;;) {
      const page = await store.shared.query({ scope: { kind: 'all' }, predicate, ids: chunk, versions: { keys }, limit: 1000, ...(after !== undefined ? { addedAfter: after } : {}) });
      for (const r of page.rows) if (wanted.has(`${r.id}\u0000${r.versionKey}`)) found.set(`${r.id}\u0000${r.versionKey}`, r);
      if (!page.more || page.rows.length === 0) break;
      after = page.rows[page.rows.length - 1]!.dateAdded;
    }
  }
  const orgNames = new Map<string, { slug: string; name: string } | null>();
  const out: ItemView[] = [];
  for (const i of items) {
    const row = found.get(`${i.id}\u0000${i.version}`);
    if (!row) continue;
    const c = classificationOf(row.classificationJson);
    if (!c.channels.includes(channel === 'email' ? 'email' : 'api')) continue;
    if (row.tlpRank >= RED) {
      const env = await store.shared.envelopeOf(row.id, row.versionKey);
      if (!env || !redReaches(viewer, env.envelope)) continue;
    }
    const hidden = attributionHiddenStored(row, viewer);
    const obj = JSON.parse(hidden && row.jsonAnonymous !== null ? row.jsonAnonymous : row.json) as Record<string, unknown>;
    let provider: ItemView['provider'] = null;
    if (!hidden) {
      if (!orgNames.has(row.providerOrgId)) {
        const org = await store.identity.getOrganization({ id: row.providerOrgId });
        orgNames.set(row.providerOrgId, org ? { slug: org.slug, name: org.name } : null);
      }
      provider = orgNames.get(row.providerOrgId) ?? null;
    }
    const description = typeof obj.description === 'string' && obj.description.trim() !== '' ? clip(obj.description, DESCRIPTION_CHARS) : null;
    out.push({
      id: row.id,
      type: row.type,
      version: row.versionKey,
      label: labelOf(obj),
      description,
      tlp: tlpOfRank(row.tlpRank),
      classification: classificationWire(row.classificationJson),
      classificationParsed: c,
      created: row.created,
      modified: row.modified,
      date_added: formatMicros(row.dateAdded),
      provider,
      url: `${baseUrl}/objects/${encodeURIComponent(row.id)}`,
      object: obj,
    });
  }
  return out;
}
