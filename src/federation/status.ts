/**
 * A peer's configuration and status as operators see them (`kyojo peer list`,
 * `GET /api/v1/admin/peers`): never its credentials, only whether it has some. Lag is the time
 * since the peer was last found caught up in every direction it syncs (null before the first time).
 */
import type { Peer } from '../store/peers-types.js';
import type { Store } from '../store/types.js';

export interface PeerStatusJson {
  name: string;
  url: string;
  api_root: string;
  collections: string[];
  direction: Peer['direction'];
  community: string | null;
  organization: string | null;
  profile: Peer['profile'];
  max_tlp: Peer['maxTlp'];
  tlp1: boolean;
  as_organizations: string[];
  ca_file: string | null;
  has_credentials: boolean;
  created_at: string;
  status: {
    last_attempt_at: string | null;
    last_success_at: string | null;
    caught_up_at: string | null;
    lag_seconds: number | null;
    last_error_at: string | null;
    last_error: string | null;
    consecutive_failures: number;
    pulled: number;
    pushed: number;
    refused: number;
    revocations: number;
    pull_cursors: Record<string, string>;
    push_cursor: number;
  };
}

export async function peerStatusOf(store: Store, p: Peer, now = new Date()): Promise<PeerStatusJson> {
  const [s, community, org, asOrgs] = await Promise.all([
    store.peers.state(p.id),
    store.identity.getCommunity({ id: p.communityId }),
    store.identity.getOrganization({ id: p.orgId }),
    Promise.all(p.asOrgIds.map((id) => store.identity.getOrganization({ id }))),
  ]);
  const caught = s?.caughtUpAt ? Date.parse(s.caughtUpAt) : NaN;
  return {
    name: p.name,
    url: p.url,
    api_root: p.apiRoot,
    collections: p.collections,
    direction: p.direction,
    community: community?.slug ?? null,
    organization: org?.slug ?? null,
    profile: p.profile,
    max_tlp: p.maxTlp,
    tlp1: p.tlp1,
    as_organizations: asOrgs.map((o, i) => o?.slug ?? p.asOrgIds[i]!),
    ca_file: p.caFile,
    has_credentials: p.credentials !== null,
    created_at: p.createdAt,
    status: {
      last_attempt_at: s?.lastAttemptAt ?? null,
      last_success_at: s?.lastSuccessAt ?? null,
      caught_up_at: s?.caughtUpAt ?? null,
      lag_seconds: Number.isFinite(caught) ? Math.max(0, Math.round((now.getTime() - caught) / 1000)) : null,
      last_error_at: s?.lastErrorAt ?? null,
      last_error: s?.lastError ?? null,
      consecutive_failures: s?.consecutiveFailures ?? 0,
      pulled: s?.pulled ?? 0,
      pushed: s?.pushed ?? 0,
      refused: s?.refused ?? 0,
      revocations: s?.revocations ?? 0,
      pull_cursors: s?.pullCursors ?? {},
      push_cursor: s?.pushCursor ?? 0,
    },
  };
}
