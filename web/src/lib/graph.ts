/** A small radial layout for an object's relationships: the object at the centre, neighbours on rings. */
export interface PlacedNode<T> {
  node: T;
  x: number;
  y: number;
  /** where the label goes relative to the node */
  anchor: 'start' | 'middle' | 'end';
}

export interface RadialLayout<T> {
  width: number;
  height: number;
  cx: number;
  cy: number;
  placed: PlacedNode<T>[];
  /** nodes left out to keep the picture readable */
  hidden: number;
}

/**
 * Places up to `max` nodes evenly on one ring (two alternating rings above 12 nodes),
 * starting at the top and going clockwise. Deterministic: the same input gives the same picture.
 */
export function radialLayout<T>(nodes: readonly T[], width = 640, height = 420, max = 24): RadialLayout<T> {
  const shown = nodes.slice(0, max);
  const cx = width / 2;
  const cy = height / 2;
  const outer = Math.min(width * 0.32, height * 0.4);
  const twoRings = shown.length > 12;
  const placed = shown.map((node, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(shown.length, 1);
    const r = twoRings && i % 2 === 1 ? outer * 0.62 : outer;
    const x = cx + r * Math.cos(angle);
    const y = cy + r * Math.sin(angle);
    const cos = Math.cos(angle);
    const anchor: PlacedNode<T>['anchor'] = Math.abs(cos) < 0.3 ? 'middle' : cos > 0 ? 'start' : 'end';
    return { node, x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10, anchor };
  });
  return { width, height, cx, cy, placed, hidden: nodes.length - shown.length };
}

/** Shortens a label for the picture (the list beside it has the full text). */
export function shorten(text: string, max = 28): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
