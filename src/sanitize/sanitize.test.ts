import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, parseRules, sanitize, sanitizeMore, type SanitizeInput, type VictimProfile } from './index.js';

const profile: VictimProfile = {
  names: ['Sakura Trading', 'sakura-trading'],
  products: ['SakuraPay'],
  domains: ['sakura-trading.co.jp'],
  people: ['Taro Yamada'],
  terms: ['Project Hinoki'],
};

function run(fields: Record<string, string>, observables: SanitizeInput['observables'] = [], rules = DEFAULT_RULES) {
  return sanitize({ fields: Object.entries(fields).map(([field, text]) => ({ field, text })), observables, profile, rules });
}

const after = (r: ReturnType<typeof run>, field: string) => r.fields.find((f) => f.field === field)!.after;

describe('sanitize: what identifies the victim is masked', () => {
  const planted = [
    'Sakura Trading', 'Taro Yamada', 'taro.yamada@sakura-trading.co.jp', 'fs01.corp.sakura.local', '10.20.30.40',
    'C:\\Users\\taro.yamada\\Desktop', 'SakuraPay', 'Project Hinoki', '+81-3-1234-5678', 'SAKURA-DC01', '192.168.1.10',
  ];
  const text = `At Sakura Trading, Taro Yamada (taro.yamada@sakura-trading.co.jp, +81-3-1234-5678) found that fs01.corp.sakura.local `
    + `(10.20.30.40) and SAKURA-DC01 talked to 203.0.113.9. The dropper sat in C:\\Users\\taro.yamada\\Desktop\\inv.exe. `
    + `SakuraPay and Project Hinoki were down; 192.168.1.10 too. yamada said the VPN was patched.`;

  it('removes every planted string, keeps the attacker address and the prose', () => {
    const r = run({ business_impact: text });
    const out = after(r, 'business_impact');
    for (const s of planted) expect(out.toLowerCase()).not.toContain(s.toLowerCase());
    expect(out).not.toMatch(/yamada|sakura/i);
    expect(out).toContain('203.0.113.9');
    expect(out).toContain('the VPN was patched');
    expect(out).toContain('[ORG-1]');
    expect(out).toContain('[PERSON-1]');
    expect(out).toMatch(/C:\\Users\\\[USER-1\]\\Desktop\\inv\.exe/);
  });

  it('gives the same value the same pseudonym across fields, and different values different ones', () => {
    const r = run({ a: 'Contact Taro Yamada at 10.1.1.1', b: 'TARO YAMADA again from 10.1.1.1, then 10.1.1.2' });
    expect(after(r, 'a')).toBe('Contact [PERSON-1] at [IP-1]');
    expect(after(r, 'b')).toBe('[PERSON-1] again from [IP-1], then [IP-2]');
    expect(r.pseudonyms.filter((p) => p.kind === 'ip').map((p) => p.original)).toEqual(['10.1.1.1', '10.1.1.2']);
  });

  it('reports each change with its position in the text before', () => {
    const before = 'Mail from bob@example.net to Taro Yamada';
    const r = run({ x: before });
    const f = r.fields[0]!;
    expect(f.before).toBe(before);
    expect(f.changes.map((c) => [before.slice(c.start, c.end), c.original, c.kind])).toEqual([
      ['bob@example.net', 'bob@example.net', 'email'],
      ['Taro Yamada', 'Taro Yamada', 'person'],
    ]);
    expect(f.after).toBe('Mail from [EMAIL-1] to [PERSON-1]');
  });

  it('keeps an email the reporter listed as an attacker observable, masks others', () => {
    const r = run({ x: 'phish from evil@bad.example, forwarded by jiro@gmail.com' }, [{ type: 'email-addr', value: 'evil@bad.example' }]);
    expect(after(r, 'x')).toBe('phish from evil@bad.example, forwarded by [EMAIL-1]');
  });

  it('masks the contact\'s own email and phone as such, even when the hub masks no other emails', () => {
    const r = sanitize({
      fields: [{ field: 'x', text: 'Ask t.yamada@gmail.com on 080 1111 2222, or bob@example.net' }],
      observables: [], rules: { ...DEFAULT_RULES, mask_all_emails: false }, profile: { ...profile, emails: ['t.yamada@gmail.com'], phones: ['080 1111 2222'] },
    });
    expect(r.fields[0]!.after).toBe('Ask [EMAIL-1] on [PHONE-1], or bob@example.net');
    expect(r.fields[0]!.changes.map((c) => c.kind)).toEqual(['email', 'phone']);
  });

  it('masks Japanese names and phone numbers written the Japanese way', () => {
    const r = sanitize({
      fields: [{ field: 'x', text: '担当の山田 太郎（03-1234-5678）が山田太郎として連絡。' }],
      observables: [], rules: DEFAULT_RULES, profile: { ...profile, people: ['山田 太郎'] },
    });
    expect(after(r, 'x')).not.toMatch(/山田|太郎|1234/);
    expect(after(r, 'x')).toContain('[PHONE-1]');
  });

  it('masks what a Japanese input method types in full-width letters and digits, with the same pseudonym as the ASCII form', () => {
    const r = run({ x: 'ＳＡＫＵＲＡ　Ｔｒａｄｉｎｇ の ｔａｒｏ．ｙａｍａｄａ＠ｓａｋｕｒａ－ｔｒａｄｉｎｇ．ｃｏ．ｊｐ が １０．２０．３０．４０ と ＳＡＫＵＲＡ－ＤＣ０１ を確認', y: 'Sakura Trading' });
    const out = after(r, 'x');
    expect(out).not.toMatch(/ＳＡＫＵＲＡ|ｙａｍａｄａ|１０．２０|Ｔｒａｄｉｎｇ/);
    expect(out).toContain('[ORG-1]');
    expect(out).toContain('[EMAIL-1]');
    expect(out).toContain('[IP-1]');
    expect(after(r, 'y')).toBe('[ORG-1]');
  });

  it('masks the whole name when a character before it lower-cases to two (İ)', () => {
    expect(after(run({ x: 'İzmir office of Sakura Trading' }), 'x')).toBe('İzmir office of [ORG-1]');
  });

  it('does not take dates, times or public addresses for identifying data', () => {
    const r = run({ x: 'Detected 2026-11-20 09:30 from 198.51.100.7 and evil.example.com, 40 Gbps for 3 hours' });
    expect(after(r, 'x')).toBe('Detected 2026-11-20 09:30 from 198.51.100.7 and evil.example.com, 40 Gbps for 3 hours');
    expect(r.fields[0]!.changes).toEqual([]);
  });

  it('masks DOMAIN\\user sign-in names, UNC hosts and /home paths', () => {
    const r = run({ x: 'SAKURA\\hanako logged on to \\\\filesrv\\share; /home/jiro/.ssh was read' });
    expect(after(r, 'x')).toBe('[HOST-1]\\[USER-1] logged on to \\\\[HOST-2]\\share; /home/[USER-2]/.ssh was read');
  });
});

describe('sanitize: observables', () => {
  it('drops private addresses, own and internal domains and emails, keeps the attacker\'s', () => {
    const r = run({}, [
      { type: 'ipv4-addr', value: '10.0.0.5' },
      { type: 'ipv4-addr', value: '203.0.113.5' },
      { type: 'ipv6-addr', value: 'fe80::1' },
      { type: 'domain-name', value: 'vpn.sakura-trading.co.jp' },
      { type: 'domain-name', value: 'dc01.corp.local' },
      { type: 'domain-name', value: 'c2.evil.example' },
      { type: 'email-addr', value: 'taro.yamada@sakura-trading.co.jp' },
      { type: 'url', value: 'http://192.168.0.1/admin' },
      { type: 'url', value: 'https://evil.example/payload' },
      { type: 'file:sha256', value: 'a'.repeat(64) },
    ]);
    expect(r.observables.kept.map((o) => o.value)).toEqual(['203.0.113.5', 'c2.evil.example', 'https://evil.example/payload', 'a'.repeat(64)]);
    expect(r.observables.removed.map((o) => o.value)).toEqual([
      '10.0.0.5', 'fe80::1', 'vpn.sakura-trading.co.jp', 'dc01.corp.local', 'taro.yamada@sakura-trading.co.jp', 'http://192.168.0.1/admin',
    ]);
    expect(r.observables.removed[0]!.reason).toBe('private or internal address');
  });
});

describe('sanitize: digest and case-study text', () => {
  it('changes the digest when what would be shared changes, not otherwise', () => {
    const a = run({ x: 'Taro Yamada at 10.0.0.1' });
    const b = run({ x: 'Taro Yamada at 10.0.0.1' });
    const c = run({ x: 'Taro Yamada at 10.0.0.2 and more' });
    expect(a.digest).toBe(b.digest);
    expect(a.digest).not.toBe(c.digest);
    expect(a.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sanitizeMore carries the pseudonyms on', () => {
    const r = run({ x: 'Taro Yamada saw 10.0.0.1', y: 'Hanako Sato helped' });
    const more = sanitizeMore(r, { profile, rules: DEFAULT_RULES }, [{ field: 'lessons', text: 'Ask Taro Yamada; block 10.0.0.1 and 10.0.0.9' }]);
    expect(more[0]!.after).toBe('Ask [PERSON-1]; block [IP-1] and [IP-2]');
  });
});

describe('parseRules', () => {
  it('accepts valid rules and normalises suffixes', () => {
    const r = parseRules({ ...DEFAULT_RULES, internal_suffixes: ['example.corp', '.LAN'] });
    expect(r.ok && r.rules.internal_suffixes).toEqual(['.example.corp', '.lan']);
  });

  it('names every invalid rule', () => {
    const r = parseRules({ internal_suffixes: 'x', internal_ranges: ['10.0.0.0/33', 'nope'], extra_terms: [], host_patterns: ['(', 'a*'], mask_all_emails: 1, other: true });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.property).sort()).toEqual(
      ['host_patterns[0]', 'host_patterns[1]', 'internal_ranges[0]', 'internal_ranges[1]', 'internal_suffixes', 'mask_all_emails', 'other'].sort(),
    );
  });

  it('applies a hub\'s own rules: another range, another suffix, extra terms', () => {
    const rules = { ...DEFAULT_RULES, internal_ranges: [...DEFAULT_RULES.internal_ranges, '198.51.100.0/24'], internal_suffixes: ['.sakura'], extra_terms: ['Blue Lotus'] };
    const r = run({ x: 'from 198.51.100.7 to app.sakura via Blue Lotus' }, [], rules);
    expect(after(r, 'x')).toBe('from [IP-1] to [HOST-1] via [TERM-1]');
  });
});
