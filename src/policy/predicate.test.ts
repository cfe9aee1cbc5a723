import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayView } from './decide.js';
import { EMBARGO_FOREVER, matchesPredicate, predicateFor, storedEnvelopeOf } from './predicate.js';
import { PUBLIC_VIEWER, type Viewer } from './viewer.js';
import { audience, bankUser, env, orgViewer, peer } from './test-fixtures.js';
import { arbEnvelopeIn, arbViewerIn, arbWorld, LATER, NOW } from './test-arbitraries.js';
import type { Tlp } from './envelope.js';

const keysOf = (v: Viewer) => predicateFor(v, NOW).keys.map((k) => `${k.key}<=${k.maxTlpRank}`);

describe('storedEnvelopeOf', () => {
  it('keeps the rank, the audience as keys, the embargo in microseconds, the conditions', () => {
    const s = storedEnvelopeOf(env({
      tlp: 'amber', audience: audience({ public: false, communities: ['c-fin'], organizations: ['o-bank'], users: ['u-x'] }),
      minClearance: 2, conditions: { terms: ['nda-2026'], sectors: ['finance'] }, attribution: 'none', embargoUntil: LATER,
    }));
    expect(s).toMatchObject({
      tlpRank: 2, audienceKeys: ['c:c-fin', 'o:o-bank', 'u:u-x'], minClearance: 2, embargoUntilUs: Date.parse(LATER) * 1000,
      attribution: 'none', providerOrgId: 'o-acme', providerUserId: 'u-acme-cert', sectors: ['finance'], terms: ['nda-2026'],
    });
    expect(JSON.parse(s.classificationJson)).toMatchObject({ embargoUntil: LATER });
    expect(storedEnvelopeOf(env({ tlp: 'clear', audience: audience({ public: true }) })).audienceKeys).toEqual(['public']);
  });

  it('stores an unparsable embargo as never ending, and refuses a TLP that is not one', () => {
    expect(storedEnvelopeOf(env({ embargoUntil: 'soon' })).embargoUntilUs).toBe(EMBARGO_FOREVER);
    expect(() => storedEnvelopeOf(env({ tlp: 'white' as Tlp }))).toThrow(RangeError);
  });
});

describe('predicateFor', () => {
  it('gives a user its keys with the TLP bounds of each, its effective clearance, sector and terms', () => {
    const v = bankUser({ clearance: { level: 2, validUntil: LATER }, orgApprovedUntil: LATER, acceptedTerms: new Set(['b', 'a']) });
    const p = predicateFor(v, NOW);
    expect(keysOf(v)).toEqual(['public<=0', 'c:c-fin<=2', 'o:o-bank<=3', 'u:u-bank-ana<=4']);
    expect(p).toMatchObject({ seesAll: false, ownOrgId: 'o-bank', clearance: 2, sector: 'finance', acceptedTerms: ['a', 'b'], nowUs: NOW.getTime() * 1000 });
  });

  it('counts clearance only with a live grant and a live facility approval', () => {
    const at = (validUntil: string, orgApprovedUntil: string | null) => predicateFor(bankUser({ clearance: { level: 3, validUntil }, orgApprovedUntil }), NOW).clearance;
    expect(at(LATER, LATER)).toBe(3);
    expect(at(LATER, null)).toBe(0);
    expect(at(NOW.toISOString(), LATER)).toBe(0); // a grant valid until now no longer counts
    expect(at(LATER, '2026-01-01T00:00:00.000Z')).toBe(0);
  });

  it('lets operators see all, and never lets organizations, peers or the public meet conditions', () => {
    expect(predicateFor(bankUser({ role: 'operator' }), NOW).seesAll).toBe(true);
    expect(predicateFor(orgViewer(), NOW)).toMatchObject({ seesAll: false, ownOrgId: 'o-bank', clearance: 0, sector: 'finance', acceptedTerms: [] });
    expect(keysOf(orgViewer())).toEqual(['public<=0', 'c:c-fin<=2', 'o:o-bank<=3']);
    expect(predicateFor(PUBLIC_VIEWER, NOW)).toMatchObject({ ownOrgId: null, keys: [{ key: 'public', maxTlpRank: 0 }], clearance: 0, sector: null });
  });

  it('caps a peer at its agreement: communities up to GREEN, organizations it stands for up to AMBER', () => {
    expect(keysOf(peer())).toEqual(['public<=0', 'c:c-fin<=1', 'o:o-bank<=2']);
    expect(keysOf(peer({ maxTlp: 'clear' }))).toEqual(['public<=0', 'c:c-fin<=0', 'o:o-bank<=0']);
    expect(predicateFor(peer(), NOW)).toMatchObject({ ownOrgId: null, clearance: 0, sector: null, acceptedTerms: [] });
  });
});

describe('matchesPredicate agrees with mayView', () => {
  it('for random hubs, viewers and envelopes (including out-of-bounds audiences)', () => {
    let seen = 0;
    let hidden = 0;
    fc.assert(
      fc.property(
        arbWorld.chain((w) => fc.tuple(arbViewerIn(w), arbEnvelopeIn(w, false), fc.constantFrom('indicator', 'identity'))),
        ([v, e, type]) => {
          const expected = mayView(v, { envelope: e, type }, NOW);
          if (expected) seen++;
          else hidden++;
          expect(matchesPredicate(predicateFor(v, NOW), storedEnvelopeOf(e), type)).toBe(expected);
        },
      ),
      { numRuns: process.env.KYOJO_DEEP === '1' ? 200_000 : 20_000, seed: 20_261_126 },
    );
    // both answers are exercised often, so agreement is not vacuous
    expect(Math.min(seen, hidden)).toBeGreaterThan(2000);
  });
});
