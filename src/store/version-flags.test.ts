/** planFlagRepair on its own. */
import { describe, expect, it } from 'vitest';
import { planFlagRepair } from './version-flags.js';
import { key } from './contract-fixtures.js';

describe('planFlagRepair', () => {
  it('flags the greatest remaining version latest and the least first', () => {
    const changes = planFlagRepair('indicator--x', [
      { versionKey: key(3), isLatest: false, isFirst: false },
      { versionKey: key(1), isLatest: false, isFirst: false },
      { versionKey: key(2), isLatest: false, isFirst: true },
    ]);
    expect(changes).toEqual([
      { stixId: 'indicator--x', versionKey: key(3), isLatest: true, isFirst: false },
      { stixId: 'indicator--x', versionKey: key(1), isLatest: false, isFirst: true },
      { stixId: 'indicator--x', versionKey: key(2), isLatest: false, isFirst: false },
    ]);
    expect(planFlagRepair('indicator--x', [])).toEqual([]);
  });
});
