import { describe, expect, it } from 'vitest';
import { homeOrder } from './search.js';
import type { Summary } from './view.js';

function item(id: string, type: string, c: Partial<{ timing: string; tier: string[]; info_type: string }> | null): Summary {
  return {
    id, type, label: id, description: null, tlp: 'green', created: null, modified: null, date_added: '2026-11-26T00:00:00Z', provider: null,
    classification: c === null ? null : { purpose: [], info_type: c.info_type ?? null, tier: c.tier ?? [], timing: c.timing ?? null, channels: [] },
  };
}

describe('homeOrder', () => {
  // newest first as the store returns them
  const items = [
    item('ind', 'indicator', { info_type: 'threat' }),
    item('bp', 'report', { info_type: 'best-practice' }),
    item('vuln', 'vulnerability', null),
    item('forExec', 'malware', { tier: ['executive'] }),
    item('flash', 'indicator', { timing: 'flash' }),
    item('plain', 'tool', null),
  ];

  it('puts flash first, then what names the tier, then what the desk prefers, newest first within', () => {
    expect(homeOrder(items, 'executive').map((s) => s.id)).toEqual(['flash', 'forExec', 'bp', 'ind', 'vuln', 'plain']);
    expect(homeOrder(items, 'practitioner').map((s) => s.id)).toEqual(['flash', 'ind', 'vuln', 'forExec', 'bp', 'plain']);
    expect(homeOrder(items, 'manager').map((s) => s.id)).toEqual(['flash', 'bp', 'ind', 'vuln', 'forExec', 'plain']);
  });
});
