/** Validator against real data: a small sample of MITRE ATT&CK for ICS (see fixtures/NOTICE.md). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStixInput } from './bundle.js';
import { formatIssue, validateStixObject } from './validate.js';
import { canonicalJson } from './canonical.js';

const text = readFileSync(new URL('./fixtures/attack-ics-sample.json', import.meta.url), 'utf8');

describe('ATT&CK for ICS sample', () => {
  const parsed = parseStixInput(text);
  if ('error' in parsed) throw new Error(parsed.error);
  const objects = parsed.objects as Record<string, unknown>[];

  it('holds the variety the test relies on', () => {
    const types = new Set(objects.map((o) => o.type));
    expect(objects).toHaveLength(21);
    for (const t of ['identity', 'marking-definition', 'attack-pattern', 'malware', 'campaign', 'relationship', 'x-mitre-tactic', 'x-mitre-data-component']) {
      expect(types.has(t)).toBe(true);
    }
    expect(objects.some((o) => o.revoked === true)).toBe(true);
  });

  it('accepts every object', () => {
    const refused = objects.flatMap((o) => {
      const r = validateStixObject(o);
      return r.ok ? [] : r.errors.map(formatIssue);
    });
    expect(refused).toEqual([]);
  });

  it('extracts versions: modified, or created for the marking definition', () => {
    const metas = objects.map((o) => validateStixObject(o)).flatMap((r) => (r.ok ? [r.meta] : []));
    const marking = metas.find((m) => m.type === 'marking-definition');
    expect(marking).toMatchObject({ modified: null, created: '2017-06-01T00:00:00.000Z', versionKey: '2017-06-01T00:00:00.000000000Z' });
    const tactic = metas.find((m) => m.type === 'x-mitre-tactic');
    expect(tactic?.versionKey).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
    expect(tactic?.versionKey.slice(0, 23)).toBe(tactic?.modified?.slice(0, 23));
  });

  it('keeps every object intact through canonical JSON', () => {
    for (const o of objects) expect(JSON.parse(canonicalJson(o))).toEqual(o);
  });
});
