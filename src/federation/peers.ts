/**
 * Configuring peers (docs/federation.md "Peers"): `kyojo peer add/remove` and the API's listing.
 *
 * A peer is created with an organization `peer-<name>` (kind isac, sector other) that stands for
 * it here: the provider of every version it delivers, and the organization of the accounts it
 * uses on this hub (the operator adds them with `kyojo user add … --org peer-<name>` and a token).
 * The organization joins the peer's local community, so those accounts may POST to the
 * community's collection; every TAXII read by them goes through the peer's viewer instead of a
 * member's (src/taxii/access.ts), and the REST API refuses them. A disabled system user
 * `peer-<name>@peers.kyojo.invalid` of that organization ingests what is pulled; it never signs in.
 *
 * Removing a peer deletes its configuration, cursors and side rows, takes its organization out
 * of the community, disables its accounts and revokes their tokens; the organization stays as
 * the provider of what was received.
 */
import { randomUUID } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { HubConfig } from '../config.js';
import { IdentityInputError, checkSlug } from '../identity/validation.js';
import { hubKeyFor } from '../notify/secret-box.js';
import type { Peer, PeerDirection, PeerMaxTlp, PeerProfile } from '../store/peers-types.js';
import type { Store } from '../store/types.js';
import { apiRootUrl } from './taxii-client.js';

export interface NewPeer {
  name: string;
  /** required unless passive */
  url?: string;
  apiRoot?: string;
  collections?: string[];
  community: string;
  direction: string;
  /** the peer makes the requests (it pulls from or pushes to this hub) */
  passive?: boolean;
  profile?: string;
  maxTlp?: string;
  tlp1?: boolean;
  asOrgs?: string[];
  caFile?: string | null;
  /** `user:password` or a bearer token; empty or null = none */
  credentials?: string | null;
}

const DIRECTIONS: readonly PeerDirection[] = ['pull', 'push', 'both'];
const PROFILES: readonly PeerProfile[] = ['kyojo', 'standard'];
const MAX_TLPS: readonly PeerMaxTlp[] = ['clear', 'green', 'amber'];
const COLLECTION = /^[A-Za-z0-9._~-]{1,200}$/;

const bad = (m: string) => new IdentityInputError(m);

function oneOf<T extends string>(what: string, v: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(v)) throw bad(`${what} '${v}' is not one of: ${allowed.join(', ')}`);
  return v as T;
}

/** The peer's server URL: http(s), no credentials, query or fragment; without a trailing slash. */
export function checkPeerUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw bad(`--url '${raw}' is not a URL`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw bad(`--url must be https:// (or http:// on a trusted network), not ${u.protocol}`);
  if (u.username || u.password) throw bad('--url must not hold credentials: give them on standard input');
  if (u.search || u.hash) throw bad('--url must not have a query or fragment');
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

/** Seals credentials with the hub key, bound to the peer (a sealed value moved to another peer does not open). */
export function sealCredentials(config: HubConfig, peerId: string, credentials: string): string {
  return hubKeyFor(config).seal(JSON.stringify({ peer: peerId, credentials }));
}

export function openCredentials(config: HubConfig, peerId: string, sealed: string): string {
  const v = JSON.parse(hubKeyFor(config).open(sealed)) as { peer?: unknown; credentials?: unknown };
  if (v.peer !== peerId || typeof v.credentials !== 'string') throw new Error('the sealed credentials belong to another peer');
  return v.credentials;
}

export async function addPeer(store: Store, config: HubConfig, input: NewPeer, now = new Date()): Promise<Peer> {
  const name = checkSlug('peer name', input.name);
  const orgSlug = checkSlug('peer organization', `peer-${name}`);
  const passive = input.passive === true;
  if (!passive && (!input.url || !input.apiRoot || !input.collections?.length)) {
    throw bad('give --url, --api-root and at least one --collection (or --passive when the peer makes the requests)');
  }
  const url = input.url ? checkPeerUrl(input.url) : '';
  const apiRoot = (input.apiRoot ?? '').trim();
  if (apiRoot !== '' && (!apiRoot.startsWith('/') || apiRoot.startsWith('//') || apiRoot.split('/').includes('..'))) {
    throw bad(`--api-root '${input.apiRoot}' must be a path on the peer's server, such as /taxii2/fin-isac/`);
  }
  const rootPath = apiRoot === '' || apiRoot.endsWith('/') ? apiRoot : `${apiRoot}/`;
  if (url !== '' && rootPath !== '') {
    try {
      apiRootUrl(url, rootPath); // on the configured origin, or throws
    } catch (e) {
      throw bad(`--api-root: ${(e as Error).message}`);
    }
  }
  const collections = input.collections ?? [];
  for (const c of collections) if (!COLLECTION.test(c)) throw bad(`--collection '${c}' is not a TAXII collection id`);
  const direction = oneOf('--direction', input.direction, DIRECTIONS);
  const profile = oneOf('--profile', input.profile ?? 'kyojo', PROFILES);
  const maxTlp = oneOf('--max-tlp', input.maxTlp ?? 'green', MAX_TLPS);
  const community = await store.identity.getCommunity({ slug: input.community });
  if (!community) throw bad(`no community '${input.community}'`);
  const peerOrgs = await store.peers.orgIds();
  const asOrgIds: string[] = [];
  for (const slug of input.asOrgs ?? []) {
    const o = await store.identity.getOrganization({ slug });
    if (!o) throw bad(`--as-org: no organization '${slug}'`);
    if (peerOrgs.has(o.id)) throw bad(`--as-org: '${slug}' stands for a peer; name an organization of this hub`);
    if (!asOrgIds.includes(o.id)) asOrgIds.push(o.id);
  }
  let caFile: string | null = null;
  if (input.caFile) {
    caFile = path.resolve(input.caFile);
    try {
      accessSync(caFile, constants.R_OK);
    } catch {
      throw bad(`--ca-file '${input.caFile}' cannot be read`);
    }
  }
  if (await store.peers.get({ name })) throw bad(`peer '${name}' already exists`);
  if (await store.identity.getOrganization({ slug: orgSlug })) throw bad(`an organization '${orgSlug}' already exists; remove it or choose another peer name`);

  const at = now.toISOString();
  const id = randomUUID();
  const credentials = input.credentials?.trim() ? sealCredentials(config, id, input.credentials.trim()) : null;
  const orgId = randomUUID();
  const userId = randomUUID();
  await store.identity.createOrganization({ id: orgId, slug: orgSlug, name: `Peer hub ${name}`, kind: 'isac', sector: 'other', country: null, createdAt: at });
  await store.identity.createUser({
    id: userId, email: `${orgSlug}@peers.kyojo.invalid`, orgId, role: 'analyst', tier: 'practitioner', passwordHash: null, disabled: true, createdAt: at,
  });
  await store.identity.addMember(community.id, orgId);
  const peer: Peer = {
    id, name, url, apiRoot: rootPath, collections: [...new Set(collections)], direction, passive, communityId: community.id, orgId, userId,
    profile, maxTlp, tlp1: input.tlp1 === true, asOrgIds, caFile, credentials, createdAt: at,
  };
  await store.peers.create(peer);
  return peer;
}

export async function removePeer(store: Store, name: string, now = new Date()): Promise<Peer> {
  const peer = await store.peers.get({ name });
  if (!peer) throw bad(`no peer '${name}'`);
  await store.peers.remove(peer.id);
  for (const c of await store.identity.communitiesOf(peer.orgId)) await store.identity.removeMember(c, peer.orgId);
  for (const u of await store.identity.listUsers(peer.orgId)) {
    await store.identity.updateUser(u.id, { disabled: true });
    for (const t of await store.identity.listTokens(u.id)) if (t.revokedAt === null) await store.identity.revokeToken(t.id, now.toISOString());
  }
  return peer;
}
