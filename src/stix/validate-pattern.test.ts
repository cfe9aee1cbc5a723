/** Validator: an indicator's STIX pattern is parsed at publication; an invalid one is refused with the parser's message. */
import { describe, expect, it } from 'vitest';
import { formatIssue, validateStixObject } from './validate.js';
import { valid } from './fixtures/valid-objects.js';

const issues = (o: unknown) => {
  const r = validateStixObject(o);
  return r.ok ? [] : r.errors.map(formatIssue);
};

describe('indicator patterns at publication', () => {
  it('accepts valid STIX patterns of every shape', () => {
    for (const pattern of [
      "[ipv4-addr:value = '198.51.100.0/24']",
      "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
      "[domain-name:value LIKE '%.example'] FOLLOWEDBY [url:value MATCHES '^https?://'] WITHIN 300 SECONDS",
      "[x509-certificate:validity_not_after < t'2024-01-01T00:00:00Z'] START t'2023-01-01T00:00:00Z' STOP t'2024-01-01T00:00:00Z'",
    ]) expect(issues(valid('indicator', { pattern })), pattern).toEqual([]);
  });

  it('refuses an invalid STIX pattern with the position and what was expected', () => {
    const [msg, ...rest] = issues(valid('indicator', { pattern: "[file:name = 'x'" }));
    expect(rest).toEqual([]);
    expect(msg).toContain("property 'pattern': is not a valid STIX pattern: at 16: expected AND, OR or ']' but found the end of the pattern");
    expect(issues(valid('indicator', { pattern: "[ipv4-addr:value foo '1.2.3.4']" }))[0]).toMatch(/at 17: expected a comparison operator/);
    expect(issues(valid('indicator', { pattern: "[file:hashes.SHA-256 = 'x']" }))[0]).toContain("must be quoted (§9.7)");
  });

  it('leaves patterns of other languages alone', () => {
    expect(issues(valid('indicator', { pattern: 'rule x { condition: true }', pattern_type: 'yara' }))).toEqual([]);
    expect(issues(valid('indicator', { pattern: 'alert tcp any any -> any any (msg:"x";)', pattern_type: 'snort' }))).toEqual([]);
  });

  it('reports a pattern of the wrong type once, as a type error', () => {
    expect(issues(valid('indicator', { pattern: 42 }))).toEqual([expect.stringContaining("property 'pattern': must be a string")]);
  });
});
