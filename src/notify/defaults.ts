/**
 * The subscriptions a new account starts with (issue 6: "sensible defaults per tier"), by email,
 * in Japanese unless the organization is outside Japan:
 *
 * - executive: a weekly digest of best practice and analysis, and flash alerts as they come
 *   (flash items always go at once, whatever a subscription's delivery says);
 * - manager: a daily digest of threats, vulnerabilities, incidents and analysis;
 * - practitioner: threats and vulnerabilities as they come.
 *
 * Installed per store (`installDefaultSubscriptions`) by the server's buildApp and the CLI's
 * withStore, through identity's user-created hook, so identity never depends on delivery.
 * Accounts of a peer hub's organization get none.
 */
import { randomUUID } from 'node:crypto';
import { onUserCreated } from '../identity/hooks.js';
import type { InfoType } from '../policy/envelope.js';
import type { Language, Subscription } from '../store/notify-types.js';
import type { Organization, Store, Tier, User } from '../store/types.js';
import { EMPTY_FILTERS } from './subscription-input.js';

/** ja, unless the organization's country is known and is not Japan. */
export const languageOf = (org: Pick<Organization, 'country'>): Language => (org.country && org.country !== 'JP' ? 'en' : 'ja');

interface DefaultSpec {
  name: Record<Language, string>;
  delivery: Subscription['delivery'];
  infoTypes?: InfoType[];
  timings?: string[];
}

const DEFAULTS: Record<Tier, DefaultSpec[]> = {
  executive: [
    { name: { ja: '週次ダイジェスト: ベストプラクティスと分析', en: 'Weekly digest: best practice and analysis' }, delivery: 'weekly', infoTypes: ['best-practice', 'analysis'] },
    { name: { ja: '緊急情報 (フラッシュ)', en: 'Flash alerts' }, delivery: 'immediate', timings: ['flash'] },
  ],
  manager: [
    { name: { ja: '日次ダイジェスト: 脅威・脆弱性・被害・分析', en: 'Daily digest: threats, vulnerabilities, incidents and analysis' }, delivery: 'daily', infoTypes: ['threat', 'vulnerability', 'incident', 'analysis'] },
  ],
  practitioner: [
    { name: { ja: '脅威・脆弱性情報 (随時)', en: 'Threats and vulnerabilities as they come' }, delivery: 'immediate', infoTypes: ['threat', 'vulnerability'] },
  ],
};

/** The default subscriptions of `user` (not stored). */
export function defaultSubscriptionsFor(user: User, org: Organization, now: Date, newId: () => string = randomUUID): Subscription[] {
  const language = languageOf(org);
  // a millisecond apart, so they list in this order
  return DEFAULTS[user.tier].map((d, i) => ({
    id: newId(),
    owner: 'user',
    userId: user.id,
    orgId: org.id,
    name: d.name[language],
    filters: { ...EMPTY_FILTERS, infoTypes: d.infoTypes ?? [], timings: d.timings ?? [] },
    delivery: d.delivery,
    channels: ['email'],
    webhookId: null,
    email: null,
    language,
    createdAt: new Date(now.getTime() + i).toISOString(),
    disabledAt: null,
  }));
}

const installed = new WeakSet<Store>();

/** From now on, every user created on `store` through IdentityService gets its defaults (once per store). */
export function installDefaultSubscriptions(store: Store, now: () => Date = () => new Date()): void {
  if (installed.has(store)) return;
  installed.add(store);
  onUserCreated(store, async (user, org) => {
    // a peer hub's accounts are the peer: it receives only what federation sends it, never a
    // member's email or notice (docs/federation.md "Peers")
    if (await store.peers.byOrg(org.id)) return;
    for (const s of defaultSubscriptionsFor(user, org, now())) await store.notify.createSubscription(s);
  });
}
