/**
 * The dispatcher's pure decisions: visibility through the one policy (TLP:RED to named users
 * only, organizations' subscriptions, clearance, embargo, relationship endpoints), the filters,
 * the channels an item's classification allows, and timing (flash, burst window, digests).
 */
import { describe, expect, it } from 'vitest';
import type { OrganizationViewer, UserViewer } from '../policy/viewer.js';
import type { Subscription, SubscriptionFilters } from '../store/notify-types.js';
import type { StoredEnvelope } from '../store/types.js';
import { decide, groupDecisions, type Subscriber } from './decide.js';
import { audienceCommunitiesOf, classificationOf, matchesFilters, tlpOfRank, type ItemFacts } from './filters.js';

const NOW = new Date('2026-11-26T10:00:00.000Z');
const NOW_US = NOW.getTime() * 1000;
const noFilters = (): SubscriptionFilters => ({ infoTypes: [], purposes: [], tiers: [], timings: [], communities: [], sectors: [], types: [], tlps: [], keywords: [] });

function env(over: Partial<StoredEnvelope> = {}): StoredEnvelope {
  return {
    tlpRank: 2, audienceKeys: ['c:fin'], minClearance: 0, embargoUntilUs: null, attribution: 'public',
    providerOrgId: 'acme', providerUserId: 'acme-analyst', sectors: [], terms: [],
    classificationJson: JSON.stringify({ purpose: ['detection'], infoType: 'threat', tier: ['practitioner'], timing: 'routine', embargoUntil: null, channels: ['portal', 'email', 'api', 'stream'] }),
    ...over,
  };
}

let seq = 0;
function item(e: StoredEnvelope = env(), over: Partial<ItemFacts> = {}): ItemFacts {
  seq++;
  return {
    id: `indicator--00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`, type: 'indicator', versionKey: 'v1', dateAdded: NOW_US - 1000 + seq,
    tlp: tlpOfRank(e.tlpRank), envelope: e, classification: classificationOf(e.classificationJson), audienceCommunities: audienceCommunitiesOf(e),
    searchText: 'emotet loader\n198.51.100.7', endpoints: [], ...over,
  };
}

function user(id: string, org: string, communities: string[], extra: Partial<UserViewer> = {}): UserViewer {
  return { kind: 'user', userId: id, orgId: org, role: 'analyst', communityIds: new Set(communities), orgSector: 'finance', clearance: null, orgApprovedUntil: null, acceptedTerms: new Set(), ...extra };
}

function subscriber(viewer: UserViewer | OrganizationViewer, over: Partial<Subscription> = {}, sectors = new Map([['fin', 'finance'], ['energy', 'energy'], ['isao', null]])): Subscriber {
  const sub: Subscription = {
    id: `sub-${viewer.kind === 'user' ? viewer.userId : viewer.orgId}-${++seq}`, owner: viewer.kind === 'user' ? 'user' : 'organization',
    userId: viewer.kind === 'user' ? viewer.userId : null, orgId: viewer.orgId, name: 'test', filters: noFilters(), delivery: 'immediate',
    channels: ['email'], webhookId: null, email: viewer.kind === 'organization' ? 'team@example.org' : null, language: 'en',
    createdAt: NOW.toISOString(), disabledAt: null, ...over,
  };
  return {
    sub, viewer, email: sub.channels.includes('email') ? (sub.email ?? `${viewer.kind === 'user' ? viewer.userId : viewer.orgId}@example.org`) : null,
    webhookId: sub.channels.includes('webhook') ? (sub.webhookId ?? 'hook-1') : null,
    scope: { communities: viewer.kind === 'user' && viewer.role === 'operator' ? 'all' : viewer.communityIds, communitySectors: sectors },
  };
}

const recipients = (items: ItemFacts[], subs: Subscriber[], endpoints = new Map<string, StoredEnvelope>()) =>
  decide(items, subs, endpoints, NOW).map((d) => `${d.channel}:${d.recipient}`);

describe('who receives an item (the one policy)', () => {
  const bank = subscriber(user('bank-analyst', 'bank', ['fin']));
  const power = subscriber(user('power-analyst', 'power', ['energy']));
  const acmeReader = subscriber(user('acme-reader', 'acme', ['fin']));

  it('members of the audience community, not outsiders', () => {
    expect(recipients([item()], [bank, power, acmeReader])).toEqual(['email:bank-analyst@example.org', 'email:acme-reader@example.org']);
  });

  it('TLP:RED only to named users (and the provider), never to a colleague or an organization subscription', () => {
    const red = item(env({ tlpRank: 4, audienceKeys: ['u:bank-analyst'] }));
    const team = subscriber({ kind: 'organization', orgId: 'acme', communityIds: new Set(['fin']), orgSector: 'finance' });
    const provider = subscriber(user('acme-analyst', 'acme', ['fin']));
    const bankColleague = subscriber(user('bank-reader', 'bank', ['fin']));
    expect(recipients([red], [bank, power, acmeReader, team, provider, bankColleague])).toEqual(['email:bank-analyst@example.org', 'email:acme-analyst@example.org']);
  });

  it('an organization subscription receives what the organization may see, never above AMBER+STRICT', () => {
    const team = subscriber({ kind: 'organization', orgId: 'bank', communityIds: new Set(['fin']), orgSector: 'finance' });
    expect(recipients([item(env({ tlpRank: 3, audienceKeys: ['o:bank'] }))], [team])).toEqual(['email:team@example.org']);
    expect(recipients([item(env({ minClearance: 1 }))], [team])).toEqual([]);
  });

  it('clearance needs a valid grant and facility approval', () => {
    const cleared = subscriber(user('bank-cleared', 'bank', ['fin'], { clearance: { level: 2, validUntil: '2027-01-01T00:00:00Z' }, orgApprovedUntil: '2027-01-01T00:00:00Z' }));
    const expired = subscriber(user('bank-expired', 'bank', ['fin'], { clearance: { level: 2, validUntil: '2026-01-01T00:00:00Z' }, orgApprovedUntil: '2027-01-01T00:00:00Z' }));
    expect(recipients([item(env({ minClearance: 2 }))], [cleared, expired, bank])).toEqual(['email:bank-cleared@example.org']);
  });

  it('a relationship whose endpoint the subscriber may not see goes to nobody who cannot see it', () => {
    const hidden = 'malware--00000000-0000-4000-8000-00000000aaaa';
    const rel = item(env(), { type: 'relationship', endpoints: [hidden, 'attack-pattern--00000000-0000-4000-8000-0000000000ff'] });
    const endpoints = new Map([[hidden, env({ audienceKeys: ['o:bank'], tlpRank: 3 })]]);
    expect(recipients([rel], [bank, acmeReader], endpoints)).toEqual(['email:bank-analyst@example.org', 'email:acme-reader@example.org']);
    const endpoints2 = new Map([[hidden, env({ audienceKeys: ['o:power'], tlpRank: 3 })]]);
    expect(recipients([rel], [bank, acmeReader], endpoints2)).toEqual(['email:acme-reader@example.org']); // acme provided the endpoint
  });

  it('under embargo: queued for when it ends, to whoever will see it then', () => {
    const until = NOW_US + 3600e6;
    const ds = decide([item(env({ embargoUntilUs: until }))], [bank, power], new Map(), NOW);
    expect(ds.map((d) => [d.recipient, d.notBefore])).toEqual([['bank-analyst@example.org', until / 1000]]);
    const [g] = groupDecisions(ds, NOW, 60_000);
    expect(g).toMatchObject({ kind: 'embargo', dueAt: new Date(until / 1000) });
  });

  it('channels: email needs `email`, a webhook needs `api`', () => {
    const hooked = subscriber(user('bank-hook', 'bank', ['fin']), { channels: ['email', 'webhook'], webhookId: 'hook-9' });
    const c = (channels: string[]) => env({ classificationJson: JSON.stringify({ purpose: [], infoType: null, tier: [], timing: null, embargoUntil: null, channels }) });
    expect(recipients([item(c(['portal', 'api']))], [hooked])).toEqual(['webhook:hook-9']);
    expect(recipients([item(c(['email']))], [hooked])).toEqual(['email:bank-hook@example.org']);
    expect(recipients([item(c(['portal', 'stream']))], [hooked])).toEqual([]);
    expect(recipients([item(env({ classificationJson: '{}' }))], [hooked])).toEqual(['email:bank-hook@example.org', 'webhook:hook-9']);
  });
});

describe('filters', () => {
  const scope = { communities: new Set(['fin', 'isao']) as ReadonlySet<string>, communitySectors: new Map<string, string | null>([['fin', 'finance'], ['energy', 'energy'], ['isao', null]]) };
  const f = (over: Partial<SubscriptionFilters>) => ({ ...noFilters(), ...over });
  const it1 = item(env({ audienceKeys: ['c:fin', 'c:energy'], tlpRank: 1 }));

  it('5W1H, type and TLP narrow; an empty list means any', () => {
    expect(matchesFilters(noFilters(), it1, scope)).toBe(true);
    expect(matchesFilters(f({ infoTypes: ['threat', 'vulnerability'] }), it1, scope)).toBe(true);
    expect(matchesFilters(f({ infoTypes: ['best-practice'] }), it1, scope)).toBe(false);
    expect(matchesFilters(f({ purposes: ['response', 'detection'] }), it1, scope)).toBe(true);
    expect(matchesFilters(f({ purposes: ['response'] }), it1, scope)).toBe(false);
    expect(matchesFilters(f({ tiers: ['executive'] }), it1, scope)).toBe(false);
    expect(matchesFilters(f({ timings: ['flash'] }), it1, scope)).toBe(false);
    expect(matchesFilters(f({ types: ['indicator'] }), it1, scope)).toBe(true);
    expect(matchesFilters(f({ types: ['malware'] }), it1, scope)).toBe(false);
    expect(matchesFilters(f({ tlps: ['green'] }), it1, scope)).toBe(true);
    expect(matchesFilters(f({ tlps: ['amber', 'red'] }), it1, scope)).toBe(false);
    const unclassified = item(env({ classificationJson: '{}' }));
    expect(matchesFilters(f({ infoTypes: ['threat'] }), unclassified, scope)).toBe(false);
  });

  it('communities and sectors: of the audience communities the subscriber belongs to', () => {
    expect(matchesFilters(f({ communities: ['fin'] }), it1, scope)).toBe(true);
    expect(matchesFilters(f({ communities: ['energy'] }), it1, scope)).toBe(false); // addressed there, but not a member
    expect(matchesFilters(f({ sectors: ['finance'] }), it1, scope)).toBe(true);
    expect(matchesFilters(f({ sectors: ['energy'] }), it1, scope)).toBe(false);
    expect(matchesFilters(f({ sectors: ['energy'] }), it1, { ...scope, communities: 'all' })).toBe(true); // an operator
    expect(matchesFilters(f({ communities: ['fin'] }), item(env({ audienceKeys: ['o:bank'], tlpRank: 3 })), scope)).toBe(false);
  });

  it('keywords: any one, case-insensitive, in the search text', () => {
    expect(matchesFilters(f({ keywords: ['EMOTET'] }), it1, scope)).toBe(true);
    expect(matchesFilters(f({ keywords: ['qakbot', '198.51.100.7'] }), it1, scope)).toBe(true);
    expect(matchesFilters(f({ keywords: ['qakbot'] }), it1, scope)).toBe(false);
  });
});

describe('timing', () => {
  const flash = env({ classificationJson: JSON.stringify({ purpose: [], infoType: 'threat', tier: [], timing: 'flash', embargoUntil: null, channels: ['email', 'api'] }) });
  const bankUser = user('bank-analyst', 'bank', ['fin']);

  it('flash goes now whatever the delivery mode; routine email of an immediate subscription waits the burst window', () => {
    const weekly = subscriber(bankUser, { delivery: 'weekly' });
    const immediate = subscriber(bankUser);
    const gs = groupDecisions(decide([item(flash), item(), item()], [weekly, immediate], new Map(), NOW), NOW, 60_000);
    const view = gs.map((g) => [g.subscriber === weekly ? 'weekly' : 'immediate', g.kind, g.dueAt.toISOString(), g.items.length]);
    expect(view).toEqual([
      ['weekly', 'now', NOW.toISOString(), 1],
      ['immediate', 'now', NOW.toISOString(), 1],
      ['weekly', 'digest', '2026-11-30T08:00:00.000Z', 2],
      ['immediate', 'held', new Date(NOW.getTime() + 60_000).toISOString(), 2],
    ]);
    expect(gs[2]!.digest).toEqual({ mode: 'weekly', from: '2026-11-23T08:00:00.000Z', to: '2026-11-30T08:00:00.000Z' });
  });

  it('a Japanese daily digest is due at 08:00 in Tokyo; a webhook of an immediate subscription goes now', () => {
    const daily = subscriber(bankUser, { delivery: 'daily', language: 'ja' });
    const hook = subscriber(bankUser, { channels: ['webhook'], webhookId: 'h' });
    const gs = groupDecisions(decide([item()], [daily, hook], new Map(), NOW), NOW, 60_000);
    expect(gs.map((g) => [g.channel, g.kind, g.dueAt.toISOString()])).toEqual([
      ['email', 'digest', '2026-11-26T23:00:00.000Z'],
      ['webhook', 'now', NOW.toISOString()],
    ]);
  });
});
