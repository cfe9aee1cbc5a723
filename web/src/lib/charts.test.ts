import { describe, expect, it } from 'vitest';
import { barGeometry, labelUnits, pointsAttr, radarGeometry, radarNeedsKey, scoreTone, trendGeometry } from './charts';

describe('radarGeometry', () => {
  const axes = ['a', 'b', 'c', 'd'].map((id) => ({ id, label: id.toUpperCase() }));

  it('puts the first axis straight up and goes clockwise', () => {
    const g = radarGeometry(axes, [], 400);
    expect(g.cx).toBe(200);
    const [a, b, c, d] = g.spokes;
    expect(a!.end.x).toBeCloseTo(200);
    expect(a!.end.y).toBeCloseTo(200 - g.radius);
    expect(a!.anchor).toBe('middle');
    expect(b!.end.x).toBeCloseTo(200 + g.radius);
    expect(b!.anchor).toBe('start');
    expect(c!.end.y).toBeCloseTo(200 + g.radius);
    expect(d!.end.x).toBeCloseTo(200 - g.radius);
    expect(d!.anchor).toBe('end');
  });

  it('scales each value on its own spoke, clamps to 0–100 and draws a missing value at the centre', () => {
    const g = radarGeometry(axes, [[50, 100, 150, null]], 400);
    const v = g.series[0]!.vertices;
    expect(v[0]!.y).toBeCloseTo(200 - g.radius / 2);
    expect(v[1]!.x).toBeCloseTo(200 + g.radius);
    expect(v[2]!.y).toBeCloseTo(200 + g.radius); // 150 drawn as 100
    expect(v[3]).toEqual({ x: 200, y: 200 });
    expect(g.series[0]!.points.split(' ')).toHaveLength(4);
  });

  it('draws five guide rings, the outer one through the spoke ends', () => {
    const g = radarGeometry(axes, [], 400);
    expect(g.rings.map((r) => r.value)).toEqual([20, 40, 60, 80, 100]);
    expect(g.rings[4]!.points).toBe(pointsAttr(g.spokes.map((s) => s.end)));
  });

  it('keeps labels inside the picture for ten axes', () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({ id: String(i), label: `L${i}` }));
    const g = radarGeometry(ten, [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100]], 360);
    for (const s of g.spokes) {
      expect(s.labelAt.x).toBeGreaterThan(0);
      expect(s.labelAt.x).toBeLessThan(360);
      expect(s.labelAt.y).toBeGreaterThan(0);
      expect(s.labelAt.y).toBeLessThan(360);
    }
  });
});

describe('trendGeometry', () => {
  it('orders points by date and spaces them by time', () => {
    const g = trendGeometry(
      [
        { at: '2026-03-01', score: 80 },
        { at: '2026-01-01', score: 40 },
        { at: '2026-01-31', score: 60 },
      ],
      560,
      220,
    );
    expect(g.points.map((p) => p.score)).toEqual([40, 60, 80]);
    expect(g.points[0]!.x).toBe(g.plot.left);
    expect(g.points[2]!.x).toBe(g.plot.right);
    // 30 of 59 days
    const frac = (g.points[1]!.x - g.plot.left) / (g.plot.right - g.plot.left);
    expect(frac).toBeCloseTo(30 / 59, 2);
    // higher score, higher on the picture
    expect(g.points[2]!.y).toBeLessThan(g.points[0]!.y);
    expect(g.line.split(' ')).toHaveLength(3);
  });

  it('puts a single point in the middle and drops invalid dates', () => {
    const g = trendGeometry([{ at: 'not a date', score: 10 }, { at: '2026-02-01T00:00:00Z', score: 100 }]);
    expect(g.points).toHaveLength(1);
    expect(g.points[0]!.x).toBe((g.plot.left + g.plot.right) / 2);
    expect(g.points[0]!.y).toBe(g.plot.top);
    expect(g.xTicks).toHaveLength(1);
  });

  it('has y guides from 0 at the bottom to 100 at the top', () => {
    const g = trendGeometry([]);
    expect(g.yTicks[0]).toEqual({ value: 0, y: g.plot.bottom });
    expect(g.yTicks[4]).toEqual({ value: 100, y: g.plot.top });
    expect(g.points).toEqual([]);
    expect(g.xTicks).toEqual([]);
  });
});

describe('barGeometry', () => {
  it('scales bars to the track and leaves suppressed rows empty but in place', () => {
    const g = barGeometry([{ label: 'a', value: 100 }, { label: 'b', value: null }, { label: 'c', value: 25 }], 560, 100, 180, 28);
    const track = 560 - 180 - 56;
    expect(g.rows[0]!.barWidth).toBe(track);
    expect(g.rows[1]!.barWidth).toBe(0);
    expect(g.rows[1]!.value).toBeNull();
    expect(g.rows[2]!.barWidth).toBe(track / 4);
    expect(g.rows.map((r) => r.y)).toEqual([0, 28, 56]);
    expect(g.height).toBe(84);
  });
});

describe('scoreTone', () => {
  it('bands scores the same way everywhere', () => {
    expect([scoreTone(null), scoreTone(0), scoreTone(39.9), scoreTone(40), scoreTone(69.9), scoreTone(70), scoreTone(100)]).toEqual([
      'none', 'low', 'low', 'mid', 'mid', 'high', 'high',
    ]);
  });
});

describe('radar labels', () => {
  it('counts wide characters twice', () => {
    expect(labelUnits('Govern')).toBe(6);
    expect(labelUnits('統治')).toBe(4);
    expect(labelUnits('CISO（責任者）')).toBe(4 + 2 * 5);
  });
  it('asks for a numbered key when a name is too wide', () => {
    expect(radarNeedsKey(['Govern', 'Protect', 'Supplier management'], 18)).toBe(true);
    expect(radarNeedsKey(['Govern', 'Protect', 'Detect'])).toBe(false);
    expect(radarNeedsKey(['リスク管理の体制を整える'])).toBe(true);
  });
});
