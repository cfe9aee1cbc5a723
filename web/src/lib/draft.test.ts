import { describe, expect, it } from 'vitest';
import { allowedAudience, initialDraft, toDraft, withTlp } from './draft';

describe('publish draft', () => {
  it('TLP bounds the audience as the hub does', () => {
    expect([...allowedAudience('clear')].sort()).toEqual(['communities', 'organizations', 'public', 'users']);
    expect(allowedAudience('green').has('public')).toBe(false);
    expect(allowedAudience('amber').has('communities')).toBe(true);
    expect(allowedAudience('amber+strict').has('communities')).toBe(false);
    expect(allowedAudience('amber+strict').has('organizations')).toBe(true);
    expect([...allowedAudience('red')]).toEqual(['users']);
  });

  it('changing the TLP drops what it no longer allows', () => {
    let f = initialDraft('fin-isac');
    f = withTlp(f, 'clear');
    f = { ...f, envelope: { ...f.envelope, audience: { ...f.envelope.audience, public: true, organizations: ['acme'] } } };
    const strict = withTlp(f, 'amber+strict').envelope.audience;
    expect(strict).toEqual({ public: false, communities: [], organizations: ['acme'], users: [] });
    expect(withTlp(f, 'red').envelope.audience.organizations).toEqual([]);
  });

  it('builds the Draft the API takes, with named users split from free text', () => {
    const f = { ...initialDraft(null), name: '  Phishing wave  ', iocs: '1.2.3[.]4', usersText: 'a@x.example, b@y.example\na@x.example' };
    const d = toDraft(f);
    expect(d.report).toEqual({ name: 'Phishing wave', description: '', report_types: ['threat-report'] });
    expect(d.iocs).toBe('1.2.3[.]4');
    expect(d.indicator_valid_days).toBe(90);
    expect(d.envelope.audience.users).toEqual(['a@x.example', 'b@y.example']);
    expect(d.envelope.tlp).toBe('amber');
    expect(d.envelope.classification.channels).toEqual(['portal', 'email', 'api', 'stream']);
  });
});
