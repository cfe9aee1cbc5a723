/**
 * The supply-chain map: the buyer at the centre, one ring per supplier tier (1 = direct
 * suppliers, innermost), suppliers spread around their ring with each group (relationship,
 * then status) kept together, so a cluster of, say, overdue cloud providers reads as one.
 */
export interface MapInputSupplier<S> {
  tier: number;
  group: string;
  status: string;
  supplier: S;
}

export interface MapNode<S> {
  supplier: S;
  tier: number;
  group: string;
  status: string;
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  /** label position (just outside the node, away from the centre) */
  lx: number;
  ly: number;
}

export interface MapGeometry<S> {
  size: number;
  cx: number;
  cy: number;
  rings: { tier: number; r: number }[];
  nodes: MapNode<S>[];
  /** suppliers not drawn (more than `maxPerTier` on one ring); the table lists them all */
  hidden: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

export function supplyMapGeometry<S>(input: readonly MapInputSupplier<S>[], size = 520, maxPerTier = 24): MapGeometry<S> {
  const cx = size / 2;
  const cy = size / 2;
  const tiers = [...new Set(input.map((s) => s.tier))].sort((a, b) => a - b);
  const outer = size * 0.36;
  const rings = tiers.map((tier, i) => ({ tier, r: round(tiers.length === 1 ? outer * 0.8 : outer * ((i + 1) / tiers.length)) }));
  const nodes: MapNode<S>[] = [];
  let hidden = 0;
  for (const ring of rings) {
    const onRing = input.filter((s) => s.tier === ring.tier);
    // stable grouping: first appearance order of each group
    const groups = [...new Set(onRing.map((s) => s.group))];
    const ordered = groups.flatMap((g) => onRing.filter((s) => s.group === g));
    const shown = ordered.slice(0, maxPerTier);
    hidden += ordered.length - shown.length;
    // each ring starts a little further round, so rings' labels do not line up
    const offset = (ring.tier - 1) * (Math.PI / Math.max(shown.length, 1)) * 0.5;
    shown.forEach((s, i) => {
      const angle = -Math.PI / 2 + offset + (2 * Math.PI * i) / shown.length;
      const cos = Math.cos(angle);
      const sin = Math.sin(angle);
      const anchor: MapNode<S>['anchor'] = Math.abs(cos) < 0.3 ? 'middle' : cos > 0 ? 'start' : 'end';
      nodes.push({
        supplier: s.supplier,
        tier: s.tier,
        group: s.group,
        status: s.status,
        x: round(cx + ring.r * cos),
        y: round(cy + ring.r * sin),
        anchor,
        lx: round(cx + (ring.r + 12) * cos),
        ly: round(cy + (ring.r + 12) * sin + (sin > 0.3 ? 10 : sin < -0.3 ? -4 : 4)),
      });
    });
  }
  return { size, cx, cy, rings, nodes, hidden };
}
