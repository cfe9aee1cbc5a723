import { describe, expect, it } from 'vitest';
import { supplyMapGeometry, type MapInputSupplier } from './charts-map';

const s = (tier: number, group: string, name: string): MapInputSupplier<string> => ({ tier, group, status: 'shared', supplier: name });

describe('supplyMapGeometry', () => {
  it('puts tier 1 on the inner ring and tier 2 outside it, every node on its ring', () => {
    const g = supplyMapGeometry([s(2, 'x', 'far'), s(1, 'x', 'near-a'), s(1, 'y', 'near-b')], 500);
    expect(g.rings.map((r) => r.tier)).toEqual([1, 2]);
    expect(g.rings[0]!.r).toBeLessThan(g.rings[1]!.r);
    for (const n of g.nodes) {
      const ring = g.rings.find((r) => r.tier === n.tier)!;
      expect(Math.hypot(n.x - g.cx, n.y - g.cy)).toBeCloseTo(ring.r, 0);
      expect(n.x).toBeGreaterThan(0);
      expect(n.x).toBeLessThan(500);
    }
    expect(g.hidden).toBe(0);
  });

  it('keeps a group together on its ring', () => {
    const g = supplyMapGeometry([s(1, 'cloud', 'a'), s(1, 'logistics', 'b'), s(1, 'cloud', 'c')]);
    expect(g.nodes.map((n) => n.supplier)).toEqual(['a', 'c', 'b']);
  });

  it('starts at the top and caps each ring, counting what it leaves out', () => {
    const many = Array.from({ length: 30 }, (_, i) => s(1, 'g', `n${i}`));
    const g = supplyMapGeometry(many, 520, 24);
    expect(g.nodes).toHaveLength(24);
    expect(g.hidden).toBe(6);
    expect(g.nodes[0]!.x).toBeCloseTo(g.cx, 0);
    expect(g.nodes[0]!.y).toBeLessThan(g.cy);
    expect(g.nodes[0]!.anchor).toBe('middle');
  });

  it('draws nothing for no suppliers', () => {
    expect(supplyMapGeometry([])).toMatchObject({ rings: [], nodes: [], hidden: 0 });
  });
});
