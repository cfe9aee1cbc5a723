import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TLP_ORDER, checkTlpBounds, isNarrowerOrEqual } from './envelope.js';
import type { ClearanceLevel, Envelope, Tlp } from './envelope.js';
import { endpointRefs, isEmbargoed, mayView, mayWrite, relationshipVisible } from './decide.js';
import { PUBLIC_VIEWER } from './viewer.js';
import type { PeerViewer, Viewer } from './viewer.js';
import { audience, bankUser, env, lookups, orgViewer, peer } from './test-fixtures.js';
import * as FIXTURE from './test-fixtures.js';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const LATER = '2026-12-31T00:00:00.000Z';
const EARLIER = '2026-11-01T00:00:00.000Z';
const sees = (v: Viewer, e: Envelope, now = NOW, type = 'indicator') => mayView(v, { envelope: e, type }, now);
const acmeReader = bankUser({ userId: 'u-acme-r', orgId: 'o-acme', role: 'reader', orgSector: 'ict' });
const operator = bankUser({ userId: 'u-op', orgId: 'o-gov', role: 'operator', communityIds: new Set(), orgSector: 'government' });
const cleared = (level: 1 | 2 | 3, validUntil = LATER, orgApprovedUntil: string | null = LATER) =>
  bankUser({ clearance: { level, validUntil }, orgApprovedUntil });

describe('mayView: the provider identity under hidden attribution', () => {
  const wide = (attribution: 'public' | 'operators' | 'none') =>
    env({ tlp: 'green', audience: audience({ public: false, communities: ['c-fin'] }), attribution, providerOrgId: 'o-acme', providerUserId: 'u-acme' });
  const identity = (v: Viewer, attribution: 'public' | 'operators' | 'none') => sees(v, wide(attribution), NOW, 'identity');
  it('none: only the provider organization sees its identity; other types are unaffected', () => {
    expect(sees(bankUser({ communityIds: new Set(['c-fin']) }), wide('none'))).toBe(true);
    expect(identity(bankUser({ communityIds: new Set(['c-fin']) }), 'none')).toBe(false);
    expect(identity(operator, 'none')).toBe(false);
    expect(identity(acmeReader, 'none')).toBe(true);
  });
  it('operators: the provider organization and operators; public: everyone in the audience', () => {
    expect(identity(bankUser({ communityIds: new Set(['c-fin']) }), 'operators')).toBe(false);
    expect(identity(operator, 'operators')).toBe(true);
    expect(identity(acmeReader, 'operators')).toBe(true);
    expect(identity(bankUser({ communityIds: new Set(['c-fin']) }), 'public')).toBe(true);
  });
});

describe('mayView: provider, embargo, operators', () => {
  const locked = env({ tlp: 'red', audience: audience({}), minClearance: 3, conditions: { terms: ['nda-2026'], sectors: ['water'] }, embargoUntil: LATER });

  it("the provider's organization always sees its own versions, whatever the envelope", () => {
    expect(sees(acmeReader, locked)).toBe(true);
    expect(sees(orgViewer({ orgId: 'o-acme' }), locked)).toBe(true);
    expect(sees(bankUser(), locked)).toBe(false);
  });

  it('under embargo nobody else sees it, operators included; at the embargo instant it is lifted', () => {
    const e = env({ embargoUntil: LATER });
    expect(sees(bankUser(), e)).toBe(false);
    expect(sees(operator, e)).toBe(false);
    expect(sees(acmeReader, e)).toBe(true);
    expect(isEmbargoed(e, NOW)).toBe(true);
    expect(sees(bankUser(), e, new Date(LATER))).toBe(true);
    expect(sees(bankUser(), e, new Date(Date.parse(LATER) - 1))).toBe(false);
    expect(sees(bankUser(), env({ embargoUntil: EARLIER }))).toBe(true);
    expect(sees(bankUser(), env({ embargoUntil: 'soon' }))).toBe(false); // unparsable: fails closed
  });

  it('operators see every version not under embargo', () => {
    expect(sees(operator, { ...locked, classification: { ...locked.classification, embargoUntil: null } })).toBe(true);
    expect(sees(bankUser({ role: 'org-admin', orgId: 'o-gov', communityIds: new Set() }), env())).toBe(false);
  });

  it('a corrupt TLP shows the version to nobody but the provider and operators', () => {
    const e = env({ tlp: 'white' as Tlp });
    expect(sees(bankUser(), e)).toBe(false);
    expect(sees(peer(), e)).toBe(false);
    expect(sees(acmeReader, e)).toBe(true);
  });
});

describe('mayView: audience', () => {
  const outsider = bankUser({ userId: 'u-power', orgId: 'o-power', communityIds: new Set(['c-energy']), orgSector: 'energy' });

  it.each<[string, Envelope, boolean, boolean]>([
    // name, envelope, bank analyst (fin-isac member), power-company user (energy-isac)
    ['public CLEAR', env({ tlp: 'clear', audience: audience({ public: true }) }), true, true],
    ['community', env({ tlp: 'amber', audience: audience({ communities: ['c-fin'] }) }), true, false],
    ['organization', env({ tlp: 'amber+strict', audience: audience({ organizations: ['o-bank'] }) }), true, false],
    ['named user', env({ tlp: 'red', audience: audience({ users: ['u-bank-ana'] }) }), true, false],
    ['a colleague named, not the viewer', env({ tlp: 'red', audience: audience({ users: ['u-bank-other'] }) }), false, false],
    ['nobody but the provider', env({ tlp: 'amber', audience: audience({}) }), false, false],
    ['several entries', env({ tlp: 'amber', audience: audience({ communities: ['c-isao'], organizations: ['o-power'] }) }), false, true],
  ])('%s', (_n, e, bank, power) => {
    expect(sees(bankUser(), e)).toBe(bank);
    expect(sees(outsider, e)).toBe(power);
  });

  it('entries beyond the TLP bounds never count (defence in depth for a stored, unvalidated envelope)', () => {
    expect(sees(bankUser(), env({ tlp: 'green', audience: audience({ public: true }) }))).toBe(false);
    expect(sees(bankUser(), env({ tlp: 'amber+strict', audience: audience({ communities: ['c-fin'] }) }))).toBe(false);
    expect(sees(bankUser(), env({ tlp: 'red', audience: audience({ organizations: ['o-bank'] }) }))).toBe(false);
    expect(sees(bankUser(), env({ tlp: 'red', audience: audience({ communities: ['c-fin'], users: ['u-bank-ana'] }) }))).toBe(true);
  });
});

describe('mayView: clearance and conditions', () => {
  const need2 = env({ tlp: 'amber', minClearance: 2 });

  it.each<[string, Viewer, boolean]>([
    ['grant 2, approved org', cleared(2), true],
    ['grant 3, approved org', cleared(3), true],
    ['grant 1 only', cleared(1), false],
    ['no grant', bankUser({ orgApprovedUntil: LATER }), false],
    ['grant expired', cleared(2, EARLIER), false],
    ['grant expiring at this very instant', cleared(2, NOW.toISOString()), false],
    ['grant expiring a millisecond later', cleared(2, new Date(NOW.getTime() + 1).toISOString()), true],
    ['org approval expired', cleared(2, LATER, EARLIER), false],
    ['org not an approved handler', cleared(2, LATER, null), false],
    ['grant with an unparsable expiry', cleared(2, 'never'), false],
    ['organization viewer', orgViewer(), false],
    ['public', PUBLIC_VIEWER, false],
  ])('min_clearance 2: %s', (_n, v, expected) => {
    expect(sees(v, need2)).toBe(expected);
  });

  it('the same grant stops counting once it expires (revocation: the next viewer has none)', () => {
    const v = cleared(2, '2026-11-26T12:00:01.000Z');
    expect(sees(v, need2, NOW)).toBe(true);
    expect(sees(v, need2, new Date('2026-11-26T12:00:01.000Z'))).toBe(false);
  });

  it('requires every term to be accepted', () => {
    const e = env({ conditions: { terms: ['nda-2026', 'gov-provision-2026'], sectors: [] } });
    expect(sees(bankUser({ acceptedTerms: new Set(['nda-2026', 'gov-provision-2026', 'x']) }), e)).toBe(true);
    expect(sees(bankUser({ acceptedTerms: new Set(['nda-2026']) }), e)).toBe(false);
    expect(sees(orgViewer(), e)).toBe(false);
  });

  it("requires the viewer's organization to be in an allowed sector", () => {
    const e = env({ conditions: { terms: [], sectors: ['finance', 'energy'] } });
    expect(sees(bankUser(), e)).toBe(true);
    expect(sees(orgViewer(), e)).toBe(true);
    expect(sees(bankUser({ orgSector: 'ict' }), e)).toBe(false);
    expect(sees(orgViewer({ orgSector: 'water' }), e)).toBe(false);
  });

  it('organization viewers see what is addressed to them without clearance or terms', () => {
    expect(sees(orgViewer(), env({ tlp: 'amber+strict', audience: audience({ organizations: ['o-bank'] }) }))).toBe(true);
    expect(sees(orgViewer(), env({ tlp: 'red', audience: audience({ users: ['u-bank-ana'] }) }))).toBe(false);
  });

  it('the public sees public CLEAR without clearance or conditions only', () => {
    const pub = env({ tlp: 'clear', audience: audience({ public: true }) });
    expect(sees(PUBLIC_VIEWER, pub)).toBe(true);
    expect(sees(PUBLIC_VIEWER, { ...pub, minClearance: 1 })).toBe(false);
    expect(sees(PUBLIC_VIEWER, { ...pub, conditions: { terms: ['nda-2026'], sectors: [] } })).toBe(false);
    expect(sees(PUBLIC_VIEWER, { ...pub, conditions: { terms: [], sectors: ['finance'] } })).toBe(false);
    expect(sees(PUBLIC_VIEWER, env({ tlp: 'clear' }))).toBe(false);
    expect(sees(PUBLIC_VIEWER, env({ tlp: 'clear', audience: audience({ public: true }), embargoUntil: LATER }))).toBe(false);
  });
});

describe('mayView: peers', () => {
  type Where = 'public' | 'community' | 'named-org' | 'other-community';
  const aud: Record<Where, Envelope['audience']> = {
    public: audience({ public: true }),
    community: audience({ communities: ['c-fin'] }),
    'named-org': audience({ organizations: ['o-bank'] }),
    'other-community': audience({ communities: ['c-energy'] }),
  };
  // expected visibility to a peer whose agreement allows AMBER
  const table: Record<Tlp, Record<Where, boolean>> = {
    clear: { public: true, community: true, 'named-org': true, 'other-community': false },
    green: { public: false, community: true, 'named-org': true, 'other-community': false },
    amber: { public: false, community: false, 'named-org': true, 'other-community': false },
    'amber+strict': { public: false, community: false, 'named-org': false, 'other-community': false },
    red: { public: false, community: false, 'named-org': false, 'other-community': false },
  };
  for (const tlp of TLP_ORDER) {
    for (const where of Object.keys(aud) as Where[]) {
      it(`${tlp} to ${where}: ${table[tlp][where]}`, () => {
        expect(sees(peer(), env({ tlp, audience: aud[where] }))).toBe(table[tlp][where]);
      });
    }
  }

  it('RED never reaches a peer, even addressed to the organization it stands for', () => {
    const p: PeerViewer = peer({ maxTlp: 'amber' });
    expect(sees(p, env({ tlp: 'red', audience: audience({ organizations: ['o-bank'], users: ['u-bank-ana'] }) }))).toBe(false);
  });

  it('nothing above the agreed maximum TLP', () => {
    const e = env({ tlp: 'green', audience: audience({ communities: ['c-fin'] }) });
    expect(sees(peer({ maxTlp: 'clear' }), e)).toBe(false);
    expect(sees(peer({ maxTlp: 'green' }), e)).toBe(true);
    expect(sees(peer({ maxTlp: 'green' }), env({ tlp: 'amber', audience: audience({ organizations: ['o-bank'] }) }))).toBe(false);
  });

  it('never with clearance, terms, sectors, or under embargo', () => {
    const base = env({ tlp: 'green' });
    expect(sees(peer(), base)).toBe(true);
    expect(sees(peer(), { ...base, minClearance: 1 })).toBe(false);
    expect(sees(peer(), { ...base, conditions: { terms: ['nda-2026'], sectors: [] } })).toBe(false);
    expect(sees(peer(), { ...base, conditions: { terms: [], sectors: ['finance'] } })).toBe(false);
    expect(sees(peer(), env({ tlp: 'green', embargoUntil: LATER }))).toBe(false);
  });
});

// ---- properties over a generated universe -------------------------------------------------

const MEMBERS_OF = FIXTURE.MEMBERS;
/** the fixture memberships, so that the membership lookups agree with the viewers */
const communitiesOf = (org: string): Set<string> => new Set(Object.keys(MEMBERS_OF).filter((c) => MEMBERS_OF[c]?.includes(org)));

const arbEnvelope: fc.Arbitrary<Envelope> = fc.record({
  tlp: fc.constantFrom(...TLP_ORDER),
  public: fc.boolean(),
  communities: fc.subarray(['c-fin', 'c-energy', 'c-isao']),
  organizations: fc.subarray(['o-acme', 'o-bank', 'o-power', 'o-gov']),
  users: fc.subarray(['u-acme-cert', 'u-bank-ana', 'u-op']),
  // biased towards no restriction, so that enough versions are visible to someone
  minClearance: fc.constantFrom<ClearanceLevel>(0, 0, 0, 1, 2, 3),
  terms: fc.oneof({ arbitrary: fc.constant<string[]>([]), weight: 3 }, { arbitrary: fc.subarray(['nda-2026', 'gov-provision-2026']), weight: 1 }),
  sectors: fc.oneof({ arbitrary: fc.constant<string[]>([]), weight: 3 }, { arbitrary: fc.subarray(['finance', 'energy', 'government']), weight: 1 }),
  attribution: fc.constantFrom('public' as const, 'operators' as const, 'none' as const),
  embargoUntil: fc.constantFrom(null, null, EARLIER, LATER),
  provider: fc.constantFrom('o-acme', 'o-bank'),
}).map((r) => env({
  tlp: r.tlp, audience: { public: r.public, communities: r.communities, organizations: r.organizations, users: r.users },
  minClearance: r.minClearance, conditions: { terms: r.terms, sectors: r.sectors }, attribution: r.attribution,
  embargoUntil: r.embargoUntil, providerOrgId: r.provider,
}));

const arbViewer: fc.Arbitrary<Viewer> = fc.oneof(
  fc.record({
    who: fc.constantFrom(['u-bank-ana', 'o-bank', 'finance'], ['u-acme-cert', 'o-acme', 'ict'], ['u-op', 'o-gov', 'government']),
    role: fc.constantFrom('operator' as const, 'org-admin' as const, 'analyst' as const, 'reader' as const),
    level: fc.constantFrom(0, 1, 2, 3),
    grantUntil: fc.constantFrom(EARLIER, LATER),
    approvedUntil: fc.constantFrom(null, EARLIER, LATER),
    terms: fc.subarray(['nda-2026', 'gov-provision-2026']),
  }).map((r): Viewer => bankUser({
    userId: r.who[0], orgId: r.who[1], orgSector: r.who[2], role: r.role, communityIds: communitiesOf(r.who[1]),
    clearance: r.level === 0 ? null : { level: r.level as 1 | 2 | 3, validUntil: r.grantUntil },
    orgApprovedUntil: r.approvedUntil, acceptedTerms: new Set(r.terms),
  })),
  fc.record({ org: fc.constantFrom('o-bank', 'o-power', 'o-acme'), sector: fc.constantFrom('finance', 'energy') })
    .map((r): Viewer => orgViewer({ orgId: r.org, communityIds: communitiesOf(r.org), orgSector: r.sector })),
  fc.record({ communities: fc.subarray(['c-fin', 'c-isao']), maxTlp: fc.constantFrom('clear' as const, 'green' as const, 'amber' as const), named: fc.subarray(['o-bank', 'o-power']) })
    .map((r): Viewer => peer({ communityIds: new Set(r.communities), maxTlp: r.maxTlp, namedInAudienceAs: new Set(r.named) })),
  fc.constant(PUBLIC_VIEWER),
);

type Step = (e: Envelope) => Envelope;
const steps: Step[] = [
  (e) => ({ ...e, tlp: TLP_ORDER[Math.min(4, TLP_ORDER.indexOf(e.tlp) + 1)] as Tlp }),
  (e) => ({ ...e, audience: { ...e.audience, public: false } }),
  (e) => ({ ...e, audience: { ...e.audience, communities: e.audience.communities.slice(1) } }),
  (e) => ({ ...e, audience: { ...e.audience, organizations: e.audience.organizations.slice(1) } }),
  (e) => ({ ...e, audience: { ...e.audience, users: e.audience.users.slice(1) } }),
  // a community replaced by the users of its member organizations
  (e) => {
    const [c, ...rest] = e.audience.communities;
    if (c === undefined) return e;
    const users = Object.keys(FIXTURE.USER_ORG).filter((u) => MEMBERS_OF[c]?.includes(FIXTURE.USER_ORG[u] as string));
    return { ...e, audience: { ...e.audience, communities: rest, users: [...new Set([...e.audience.users, ...users])] } };
  },
  // an organization replaced by its users
  (e) => {
    const [o, ...rest] = e.audience.organizations;
    if (o === undefined) return e;
    const users = Object.keys(FIXTURE.USER_ORG).filter((u) => FIXTURE.USER_ORG[u] === o);
    return { ...e, audience: { ...e.audience, organizations: rest, users: [...new Set([...e.audience.users, ...users])] } };
  },
  (e) => ({ ...e, minClearance: Math.min(3, e.minClearance + 1) as ClearanceLevel }),
  (e) => ({ ...e, conditions: { ...e.conditions, terms: [...new Set([...e.conditions.terms, 'nda-2026'])] } }),
  (e) => ({ ...e, conditions: { ...e.conditions, sectors: e.conditions.sectors.length > 1 ? e.conditions.sectors.slice(1) : e.conditions.sectors.length === 0 ? ['energy'] : e.conditions.sectors } }),
  (e) => ({ ...e, attribution: e.attribution === 'public' ? 'operators' : 'none' }),
  (e) => ({ ...e, classification: { ...e.classification, embargoUntil: LATER } }),
];
const arbNarrowing: fc.Arbitrary<Step[]> = fc.array(fc.constantFrom(...steps), { minLength: 1, maxLength: 4 });

const isProviderOrg = (v: Viewer, e: Envelope) => (v.kind === 'user' || v.kind === 'organization') && v.orgId === e.providerOrgId;
const RUNS = { numRuns: 3000 };

describe('mayView properties', () => {
  it('narrowing never grants: if next is narrower than prev, whoever sees next saw prev', () => {
    let exercised = 0;
    fc.assert(fc.property(arbEnvelope, arbEnvelope, arbViewer, (prev, nextRaw, v) => {
      const next = { ...nextRaw, providerOrgId: prev.providerOrgId };
      if (isNarrowerOrEqual(next, prev, NOW, lookups) !== null) return;
      if (sees(v, next)) {
        exercised++;
        expect(sees(v, prev)).toBe(true);
      }
    }), { numRuns: 20_000 });
    expect(exercised).toBeGreaterThan(20);
  });

  it('every narrowing step is accepted by isNarrowerOrEqual and never grants', () => {
    let exercised = 0;
    fc.assert(fc.property(arbEnvelope.filter((e) => checkTlpBounds(e) === null), arbNarrowing, arbViewer, (prev, steps, v) => {
      const next = steps.reduce((e, step) => step(e), prev);
      expect(isNarrowerOrEqual(next, prev, NOW, lookups)).toBeNull();
      if (sees(v, next)) {
        exercised++;
        expect(sees(v, prev)).toBe(true);
      }
    }), RUNS);
    expect(exercised).toBeGreaterThan(100);
  });

  it('under a running embargo only the provider organization sees', () => {
    fc.assert(fc.property(arbEnvelope, arbViewer, (e, v) => {
      if (isEmbargoed(e, NOW) && sees(v, e)) expect(isProviderOrg(v, e)).toBe(true);
    }), RUNS);
  });

  it('what the public sees, every member user and organization sees too', () => {
    fc.assert(fc.property(arbEnvelope, arbViewer, (e, v) => {
      if (v.kind !== 'peer' && sees(PUBLIC_VIEWER, e)) expect(sees(v, e)).toBe(true);
    }), RUNS);
  });

  it('peers never receive RED, AMBER+STRICT, or anything above their maximum', () => {
    fc.assert(fc.property(arbEnvelope, arbViewer, (e, v) => {
      if (v.kind === 'peer' && sees(v, e)) {
        expect(['clear', 'green', 'amber']).toContain(e.tlp);
        expect(TLP_ORDER.indexOf(e.tlp)).toBeLessThanOrEqual(TLP_ORDER.indexOf(v.maxTlp));
      }
    }), RUNS);
  });

  it('non-provider viewers other than operators need clearance, terms and sectors met', () => {
    fc.assert(fc.property(arbEnvelope, arbViewer, (e, v) => {
      if (!sees(v, e) || isProviderOrg(v, e) || (v.kind === 'user' && v.role === 'operator')) return;
      if (e.minClearance > 0) {
        expect(v.kind).toBe('user');
        if (v.kind === 'user') expect(v.clearance !== null && v.clearance.level >= e.minClearance && v.clearance.validUntil === LATER && v.orgApprovedUntil === LATER).toBe(true);
      }
      for (const t of e.conditions.terms) expect(v.kind === 'user' && v.acceptedTerms.has(t)).toBe(true);
      if (e.conditions.sectors.length > 0) expect(v.kind === 'user' || v.kind === 'organization' ? e.conditions.sectors.includes(v.orgSector) : false).toBe(true);
    }), RUNS);
  });
});


describe('mayWrite', () => {
  const analyst = bankUser({ userId: 'u-acme-cert', orgId: 'o-acme', role: 'analyst' });
  const prev = env({ tlp: 'amber' });

  it('lets the provider organization publish and narrow, unaudited', () => {
    expect(mayWrite(analyst, null, prev, NOW)).toEqual({ ok: true, audited: false });
    expect(mayWrite(analyst, prev, env({ tlp: 'red', audience: audience({}) }), NOW)).toEqual({ ok: true, audited: false });
  });

  it.each<[string, Viewer, Envelope | null, Envelope, RegExp]>([
    ['a reader', bankUser({ orgId: 'o-acme', role: 'reader' }), null, prev, /readers may not publish/],
    ['a peer', peer(), null, prev, /a peer viewer cannot publish/],
    ['the public', PUBLIC_VIEWER, null, prev, /a public viewer cannot publish/],
    ['an organization viewer', orgViewer({ orgId: 'o-acme' }), null, prev, /only users/],
    ['another organization publishing as acme', bankUser(), null, prev, /only publish as its own organization/],
    ['another organization adding a version', bankUser(), prev, prev, /only the provider's organization/],
    ['a change of provider', analyst, prev, { ...prev, providerOrgId: 'o-bank' }, /provider of an object cannot change/],
    ['an audience beyond the TLP', analyst, null, env({ tlp: 'amber+strict' }), /^TLP:AMBER\+STRICT may only be shared/],
  ])('refuses %s', (_n, v, existing, next, reason) => {
    const d = mayWrite(v, existing, next, NOW);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.reason).toMatch(reason);
  });

  it('lets the provider organization widen its own envelope or lower its TLP, unaudited', () => {
    expect(mayWrite(analyst, prev, env({ tlp: 'green' }), NOW)).toEqual({ ok: true, audited: false });
    const toPublic = env({ tlp: 'clear', audience: audience({ public: true }) });
    expect(mayWrite(analyst, prev, toPublic, NOW)).toEqual({ ok: true, audited: false });
    // ...but still within the bounds of the TLP it chose
    const tooWide = env({ tlp: 'green', audience: audience({ public: true }) });
    expect(mayWrite(analyst, prev, tooWide, NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/^TLP:GREEN/) });
  });

  it('operators may write for any provider, audited; they widen only by an explicit override, audited', () => {
    expect(mayWrite(operator, null, prev, NOW)).toEqual({ ok: true, audited: true });
    expect(mayWrite(operator, prev, env({ tlp: 'red', audience: audience({}) }), NOW)).toEqual({ ok: true, audited: true });
    const wider = env({ tlp: 'clear', audience: audience({ public: true }) });
    expect(mayWrite(operator, prev, wider, NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/may not lower the TLP/) });
    expect(mayWrite(operator, prev, wider, NOW, { operatorOverride: true })).toEqual({ ok: true, audited: true });
    expect(mayWrite(bankUser(), prev, wider, NOW, { operatorOverride: true }).ok).toBe(false);
    const ownOrgOperator = bankUser({ orgId: 'o-acme', role: 'operator' });
    expect(mayWrite(ownOrgOperator, prev, prev, NOW)).toEqual({ ok: true, audited: false });
  });

  it('uses the lookups to let an operator replace a community by named users of a member organization', () => {
    const toAna = env({ tlp: 'red', audience: audience({ users: ['u-bank-ana'] }) });
    expect(mayWrite(operator, prev, toAna, NOW)).toMatchObject({ ok: false, reason: 'the envelope may not widen the audience to user u-bank-ana' });
    expect(mayWrite(operator, prev, toAna, NOW, { lookups })).toEqual({ ok: true, audited: true });
    const toBank = env({ tlp: 'amber', audience: audience({ organizations: ['o-bank'] }) });
    expect(mayWrite(operator, prev, toBank, NOW, { lookups }).ok).toBe(false);
  });
});

describe('relationships and sightings', () => {
  it.each<[Parameters<typeof relationshipVisible>[0], boolean]>([
    [['visible', 'visible'], true],
    [['visible', 'absent'], true],
    [['absent', 'absent'], true],
    [[], true],
    [['visible', 'invisible'], false],
    [['absent', 'visible', 'invisible'], false],
  ])('endpoints %j → %s', (endpoints, visible) => {
    expect(relationshipVisible(endpoints)).toBe(visible);
  });

  it('endpointRefs lists the endpoints of relationships and sightings only', () => {
    expect(endpointRefs({ type: 'relationship', source_ref: 'a--1', target_ref: 'b--2', created_by_ref: 'identity--3' })).toEqual(['a--1', 'b--2']);
    expect(endpointRefs({ type: 'sighting', sighting_of_ref: 'indicator--1', observed_data_refs: ['observed-data--2'], where_sighted_refs: ['identity--3', 'identity--4'] }))
      .toEqual(['indicator--1', 'observed-data--2', 'identity--3', 'identity--4']);
    expect(endpointRefs({ type: 'report', object_refs: ['indicator--1'] })).toEqual([]);
  });
});
