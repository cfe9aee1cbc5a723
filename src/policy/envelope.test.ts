import { describe, expect, it } from 'vitest';
import { TLP_ORDER, checkTlpBounds, isNarrowerOrEqual, parseEnvelopeInput } from './envelope.js';
import type { Envelope, EnvelopeResult, Tlp } from './envelope.js';
import { audience, ctx, env, lookups } from './test-fixtures.js';

const NOW = new Date('2026-11-26T00:00:00.000Z');

function ok(r: EnvelopeResult): Envelope {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.envelope;
}
function errors(r: EnvelopeResult): { property: string; message: string }[] {
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

describe('parseEnvelopeInput', () => {
  it('applies the DESIGN defaults: audience = the API root community, no clearance, no conditions, attribution public', () => {
    const r = parseEnvelopeInput({ tlp: 'green' }, ctx());
    expect(r).toEqual({
      ok: true,
      tlpDefaulted: false,
      envelope: {
        tlp: 'green',
        audience: { public: false, communities: ['c-fin'], organizations: [], users: [] },
        minClearance: 0,
        conditions: { terms: [], sectors: [] },
        attribution: 'public',
        classification: { purpose: [], infoType: null, tier: [], timing: null, embargoUntil: null, channels: ['portal', 'email', 'api', 'stream'] },
        providerOrgId: 'o-acme',
        providerUserId: 'u-acme-cert',
      },
    });
  });

  it('reads the DESIGN.md example, resolving slugs and emails to ids', () => {
    const e = ok(parseEnvelopeInput({
      tlp: 'amber',
      audience: { public: false, communities: ['fin-isac'], organizations: ['acme'], users: ['cert@acme.example'] },
      min_clearance: 2,
      conditions: { terms: ['gov-provision-2026'], sectors: ['finance', 'energy'] },
      attribution: 'none',
      classification: { purpose: ['detection'], info_type: 'threat', tier: ['practitioner'], timing: 'flash', embargo_until: null, channels: ['portal', 'email', 'api', 'stream'] },
    }, ctx()));
    expect(e.audience).toEqual({ public: false, communities: ['c-fin'], organizations: ['o-acme'], users: ['u-acme-cert'] });
    expect(e.minClearance).toBe(2);
    expect(e.conditions).toEqual({ terms: ['gov-provision-2026'], sectors: ['finance', 'energy'] });
    expect(e.attribution).toBe('none');
    expect(e.classification).toEqual({ purpose: ['detection'], infoType: 'threat', tier: ['practitioner'], timing: 'flash', embargoUntil: null, channels: ['portal', 'email', 'api', 'stream'] });
  });

  it('a given audience replaces the default entirely; missing members are empty', () => {
    expect(ok(parseEnvelopeInput({ tlp: 'amber+strict', audience: { organizations: ['bank'] } }, ctx())).audience)
      .toEqual(audience({ organizations: ['o-bank'] }));
    expect(ok(parseEnvelopeInput({ tlp: 'red', audience: {} }, ctx())).audience).toEqual(audience({}));
  });

  it('normalises emails, removes duplicates and keeps an embargo', () => {
    const e = ok(parseEnvelopeInput({
      tlp: 'red',
      audience: { users: [' CERT@Acme.Example', 'cert@acme.example'] },
      classification: { purpose: ['response', 'response'], embargo_until: '2026-12-01T09:00:00Z', channels: ['email'] },
    }, ctx()));
    expect(e.audience.users).toEqual(['u-acme-cert']);
    expect(e.classification.purpose).toEqual(['response']);
    expect(e.classification.embargoUntil).toBe('2026-12-01T09:00:00Z');
    expect(e.classification.channels).toEqual(['email']);
  });

  it.each<[unknown, number]>([[null, 0], ['none', 0], [0, 0], [1, 1], [3, 3]])('min_clearance %j → %d', (v, level) => {
    expect(ok(parseEnvelopeInput({ tlp: 'green', min_clearance: v }, ctx())).minClearance).toBe(level);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['tlp missing', {}, 'tlp', /is required/],
    ['tlp 1.0 name', { tlp: 'white' }, 'tlp', /"white" is not one of: clear, green, amber, amber\+strict, red/],
    ['tlp upper case', { tlp: 'AMBER' }, 'tlp', /not one of/],
    ['misspelt property', { tlp: 'green', min_clerance: 1 }, 'min_clerance', /is not an envelope property/],
    ['unknown community', { tlp: 'green', audience: { communities: ['fin-isac', 'nope'] } }, 'audience.communities[1]', /unknown community 'nope'/],
    ['unknown organization', { tlp: 'green', audience: { organizations: ['ghost'] } }, 'audience.organizations[0]', /unknown organization 'ghost'/],
    ['unknown user', { tlp: 'green', audience: { users: ['who@x.example'] } }, 'audience.users[0]', /unknown user 'who@x.example'/],
    ['audience member misspelt', { tlp: 'green', audience: { orgs: ['acme'] } }, 'audience.orgs', /not an envelope property/],
    ['public not boolean', { tlp: 'clear', audience: { public: 'yes' } }, 'audience.public', /true or false/],
    ['communities not a list', { tlp: 'green', audience: { communities: 'fin-isac' } }, 'audience.communities', /list of strings/],
    ['empty name', { tlp: 'green', audience: { communities: [''] } }, 'audience.communities[0]', /non-empty string/],
    ['min_clearance 4', { tlp: 'green', min_clearance: 4 }, 'min_clearance', /4 is not one of: none/],
    ['min_clearance as text', { tlp: 'green', min_clearance: '2' }, 'min_clearance', /not one of/],
    ['unknown terms', { tlp: 'green', conditions: { terms: ['gov-provision-2099'] } }, 'conditions.terms[0]', /unknown terms 'gov-provision-2099'/],
    ['unknown sector', { tlp: 'green', conditions: { sectors: ['finance', 'banking'] } }, 'conditions.sectors[1]', /unknown sector 'banking'/],
    ['attribution', { tlp: 'green', attribution: 'anonymous' }, 'attribution', /"anonymous" is not one of: public, operators, none/],
    ['purpose', { tlp: 'green', classification: { purpose: ['detection', 'hunting'] } }, 'classification.purpose[1]', /"hunting"/],
    ['info type', { tlp: 'green', classification: { info_type: 'ioc' } }, 'classification.info_type', /best-practice, vulnerability/],
    ['tier', { tlp: 'green', classification: { tier: ['ciso'] } }, 'classification.tier[0]', /executive, manager, practitioner/],
    ['timing', { tlp: 'green', classification: { timing: 'now' } }, 'classification.timing', /flash, routine, periodic/],
    ['embargo not a STIX timestamp', { tlp: 'green', classification: { embargo_until: '2026-12-01' } }, 'classification.embargo_until', /STIX timestamp/],
    ['no channel', { tlp: 'green', classification: { channels: [] } }, 'classification.channels', /at least one channel/],
    ['unknown channel', { tlp: 'green', classification: { channels: ['fax'] } }, 'classification.channels[0]', /portal, email, api, stream/],
    ['classification key misspelt', { tlp: 'green', classification: { infotype: 'threat' } }, 'classification.infotype', /not an envelope property/],
    ['classification not an object', { tlp: 'green', classification: 'threat' }, 'classification', /must be an object/],
  ])('rejects %s', (_name, input, property, message) => {
    const errs = errors(parseEnvelopeInput(input, ctx()));
    expect(errs).toContainEqual({ property, message: expect.stringMatching(message) });
  });

  it('rejects a non-object and reports every error at once', () => {
    expect(errors(parseEnvelopeInput([], ctx()))).toEqual([{ property: '', message: 'the envelope must be a JSON object' }]);
    const errs = errors(parseEnvelopeInput({ tlp: 'blue', attribution: 'x', audience: { communities: ['nope'] } }, ctx()));
    expect(errs.map((e) => e.property).sort()).toEqual(['attribution', 'audience.communities[0]', 'tlp']);
  });

  it('requires an audience outside a community API root, and a community that exists', () => {
    expect(errors(parseEnvelopeInput({ tlp: 'green' }, ctx({ defaultCommunitySlug: null }))))
      .toEqual([{ property: 'audience', message: "is required when publishing outside a community's API root" }]);
    expect(errors(parseEnvelopeInput({ tlp: 'green' }, ctx({ defaultCommunitySlug: 'gone' }))))
      .toEqual([{ property: 'audience', message: "the API root's community 'gone' does not exist" }]);
    expect(ok(parseEnvelopeInput({ tlp: 'red', audience: { users: ['ana@bank.example'] } }, ctx({ defaultCommunitySlug: null }))).audience.users)
      .toEqual(['u-bank-ana']);
  });

  it('rejects an audience wider than the TLP allows, naming the entries by slug', () => {
    expect(errors(parseEnvelopeInput({ tlp: 'amber+strict', audience: { communities: ['fin-isac'], organizations: ['bank'] } }, ctx())))
      .toEqual([{ property: 'audience', message: 'TLP:AMBER+STRICT may only be shared with named organizations or users, not with communities (fin-isac)' }]);
    expect(errors(parseEnvelopeInput({ tlp: 'green', audience: { public: true } }, ctx())))
      .toEqual([{ property: 'audience', message: 'TLP:GREEN may only be shared with communities, organizations or named users, not with the public' }]);
  });

  it('explains a bound error caused by the default audience', () => {
    const [e] = errors(parseEnvelopeInput({ tlp: 'red' }, ctx()));
    expect(e?.message).toBe("TLP:RED may only be shared with named users, not with communities (fin-isac) (no audience was given, so it is the API root's community; name the recipients)");
  });
});

describe('checkTlpBounds', () => {
  // which audience entries each TLP allows
  const allowed: Record<Tlp, { public: boolean; communities: boolean; organizations: boolean }> = {
    clear: { public: true, communities: true, organizations: true },
    green: { public: false, communities: true, organizations: true },
    amber: { public: false, communities: true, organizations: true },
    'amber+strict': { public: false, communities: false, organizations: true },
    red: { public: false, communities: false, organizations: false },
  };
  const entries = {
    public: audience({ public: true }),
    communities: audience({ communities: ['c-fin'] }),
    organizations: audience({ organizations: ['o-bank'] }),
  };
  for (const tlp of TLP_ORDER) {
    for (const [kind, a] of Object.entries(entries)) {
      const yes = allowed[tlp][kind as keyof typeof entries];
      it(`${tlp} ${yes ? 'allows' : 'refuses'} ${kind}`, () => {
        const r = checkTlpBounds(env({ tlp, audience: a }));
        if (yes) expect(r).toBeNull();
        else expect(r).toMatch(new RegExp(`^TLP:${tlp.toUpperCase().replace('+', '\\+')} may only be shared with .*, not with `));
      });
    }
    it(`${tlp} allows named users and an empty audience`, () => {
      expect(checkTlpBounds(env({ tlp, audience: audience({ users: ['u-bank-ana'] }) }))).toBeNull();
      expect(checkTlpBounds(env({ tlp, audience: audience({}) }))).toBeNull();
    });
  }

  it('lists every violation, with names when given', () => {
    const e = env({ tlp: 'red', audience: audience({ public: true, communities: ['c-fin', 'c-isao'], organizations: ['o-bank'], users: ['u-op'] }) });
    expect(checkTlpBounds(e, lookups.name)).toBe(
      'TLP:RED may only be shared with named users, not with the public, communities (fin-isac, ja-isao) or organizations (bank)',
    );
    expect(checkTlpBounds(e)).toMatch(/communities \(c-fin, c-isao\)/);
  });
});

describe('isNarrowerOrEqual', () => {
  const prev = env({
    tlp: 'amber', audience: audience({ communities: ['c-fin'], organizations: ['o-power'], users: ['u-op'] }),
    minClearance: 1, conditions: { terms: ['nda-2026'], sectors: ['finance', 'energy'] }, attribution: 'operators',
  });
  const with_ = (over: Parameters<typeof env>[0]) => env({ ...prev, ...over });

  it('accepts the same envelope and stricter ones', () => {
    expect(isNarrowerOrEqual(prev, prev, NOW)).toBeNull();
    expect(isNarrowerOrEqual(with_({
      tlp: 'amber', audience: audience({ communities: ['c-fin'] }), minClearance: 2,
      conditions: { terms: ['nda-2026', 'gov-provision-2026'], sectors: ['finance'] }, attribution: 'none',
    }), prev, NOW)).toBeNull();
    expect(isNarrowerOrEqual(with_({ tlp: 'red', audience: audience({ users: ['u-op'] }) }), prev, NOW)).toBeNull();
  });

  it.each<[string, Parameters<typeof env>[0], RegExp]>([
    ['a lower TLP', { tlp: 'green' }, /^may not lower the TLP from TLP:AMBER to TLP:GREEN$/],
    ['the public added', { tlp: 'clear', audience: audience({ public: true }) }, /lower the TLP.*; may not widen the audience to the public$/],
    ['a community added', { audience: audience({ communities: ['c-fin', 'c-energy'] }) }, /^may not widen the audience to community c-energy$/],
    ['an organization added', { audience: audience({ organizations: ['o-gov'] }) }, /^may not widen the audience to organization o-gov$/],
    ['a user added', { audience: audience({ users: ['u-bank-ana'] }) }, /^may not widen the audience to user u-bank-ana$/],
    ['min_clearance lowered', { minClearance: 0 }, /^may not lower min_clearance from 1 to none$/],
    ['terms dropped', { conditions: { terms: [], sectors: ['finance', 'energy'] } }, /^may not drop the terms condition 'nda-2026'$/],
    ['sectors dropped', { conditions: { terms: ['nda-2026'], sectors: [] } }, /^may not drop the sectors condition \(finance, energy\)$/],
    ['a sector added', { conditions: { terms: ['nda-2026'], sectors: ['finance', 'water'] } }, /^may not add sectors to the sectors condition \(water\)$/],
    ['attribution weakened', { attribution: 'public' }, /^may not weaken attribution from operators to public$/],
  ])('refuses %s', (_name, over, message) => {
    expect(isNarrowerOrEqual(with_(over), prev, NOW)).toMatch(message);
  });

  it('recognises users replacing their organization or community, with the lookups', () => {
    const toUser = with_({ audience: audience({ users: ['u-bank-ana'] }) }); // ana works at the bank, in fin-isac
    expect(isNarrowerOrEqual(toUser, prev, NOW)).toBe('may not widen the audience to user u-bank-ana');
    expect(isNarrowerOrEqual(toUser, prev, NOW, lookups)).toBeNull();
    const powerPrev = with_({ audience: audience({ organizations: ['o-power'] }) });
    expect(isNarrowerOrEqual(with_({ audience: audience({ users: ['u-bank-ana'] }) }), powerPrev, NOW, lookups))
      .toBe('may not widen the audience to user ana@bank.example');
  });

  it('naming a member organization instead of its community is a widening (peers standing for it)', () => {
    const toMember = with_({ audience: audience({ organizations: ['o-bank'] }) }); // bank is in fin-isac
    expect(isNarrowerOrEqual(toMember, prev, NOW, lookups)).toBe('may not widen the audience to organization bank');
  });

  it("counts the provider's own users as covered, but not its organization (peers may stand for it)", () => {
    expect(isNarrowerOrEqual(with_({ audience: audience({ users: ['u-acme-cert'] }) }), prev, NOW, lookups)).toBeNull();
    expect(isNarrowerOrEqual(with_({ audience: audience({ organizations: ['o-acme'] }) }), prev, NOW)).toMatch(/organization o-acme/);
  });

  it('a public previous audience covers everything', () => {
    const pub = env({ tlp: 'clear', audience: audience({ public: true }) });
    expect(isNarrowerOrEqual(env({ tlp: 'clear', audience: audience({ communities: ['c-energy'], organizations: ['o-gov'], users: ['u-op'] }) }), pub, NOW)).toBeNull();
  });

  it('entries of prev beyond its TLP bounds cover nothing (they show the version to nobody)', () => {
    const redPublic = env({ tlp: 'red', audience: audience({ public: true, communities: ['c-fin'] }) });
    expect(isNarrowerOrEqual(env({ tlp: 'red', audience: audience({ users: ['u-op'] }) }), redPublic, NOW))
      .toBe('may not widen the audience to user u-op');
    const strictCommunity = env({ tlp: 'amber+strict', audience: audience({ communities: ['c-fin'] }) });
    expect(isNarrowerOrEqual(env({ tlp: 'amber+strict', audience: audience({ users: ['u-bank-ana'] }) }), strictCommunity, NOW, lookups))
      .toBe('may not widen the audience to user ana@bank.example');
  });

  it('an embargo still running may not be ended or shortened; a past one may', () => {
    const embargoed = with_({ embargoUntil: '2026-12-01T00:00:00Z' });
    expect(isNarrowerOrEqual(with_({ embargoUntil: null }), embargoed, NOW)).toBe('may not end the embargo before 2026-12-01T00:00:00Z');
    expect(isNarrowerOrEqual(with_({ embargoUntil: '2026-11-30T00:00:00Z' }), embargoed, NOW)).toMatch(/embargo/);
    expect(isNarrowerOrEqual(with_({ embargoUntil: '2026-12-02T00:00:00Z' }), embargoed, NOW)).toBeNull();
    expect(isNarrowerOrEqual(with_({ embargoUntil: null }), embargoed, new Date('2026-12-01T00:00:00Z'))).toBeNull();
    const corrupt = with_({ embargoUntil: 'someday' });
    expect(isNarrowerOrEqual(with_({ embargoUntil: null }), corrupt, NOW)).toBe('may not end the embargo before someday');
  });
});
