import { describe, expect, it } from 'vitest';
import { radialLayout, shorten } from './graph';

describe('radialLayout', () => {
  it('puts the first node at the top and spreads the others evenly on one ring', () => {
    const l = radialLayout(['a', 'b', 'c', 'd'], 600, 400);
    expect(l.placed.map((p) => p.node)).toEqual(['a', 'b', 'c', 'd']);
    const [a, b, c, d] = l.placed;
    expect(a!.x).toBeCloseTo(300);
    expect(a!.y).toBeLessThan(200);
    expect(a!.anchor).toBe('middle');
    expect(b!.x).toBeGreaterThan(300);
    expect(b!.anchor).toBe('start');
    expect(c!.y).toBeGreaterThan(200);
    expect(d!.anchor).toBe('end');
    const dist = l.placed.map((p) => Math.hypot(p.x - l.cx, p.y - l.cy));
    for (const r of dist) expect(r).toBeCloseTo(dist[0]!, 0);
  });
  it('keeps every node inside the picture and caps how many are drawn', () => {
    const nodes = Array.from({ length: 40 }, (_, i) => i);
    const l = radialLayout(nodes, 640, 420, 24);
    expect(l.placed).toHaveLength(24);
    expect(l.hidden).toBe(16);
    for (const p of l.placed) {
      expect(p.x).toBeGreaterThan(0);
      expect(p.x).toBeLessThan(640);
      expect(p.y).toBeGreaterThan(0);
      expect(p.y).toBeLessThan(420);
    }
  });
  it('is deterministic and handles no nodes', () => {
    expect(radialLayout(['x', 'y'])).toEqual(radialLayout(['x', 'y']));
    expect(radialLayout([]).placed).toEqual([]);
  });
});

describe('shorten', () => {
  it('cuts long labels with an ellipsis, counting characters not code units', () => {
    expect(shorten('short')).toBe('short');
    expect(shorten('a'.repeat(40), 10)).toBe(`${'a'.repeat(9)}…`);
    expect(shorten('標的型攻撃メールによるマルウェア感染の試み', 10)).toBe('標的型攻撃メールに…');
  });
});
