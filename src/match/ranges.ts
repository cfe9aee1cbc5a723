/**
 * IP ranges for the matching index.
 *
 * IPv4 CIDR blocks are laminar (two blocks are either disjoint or one holds the other), so the
 * address space splits into at most 2n+1 segments, each with its innermost block; a lookup is one
 * binary search over the segment starts, then a walk up the chain of enclosing blocks. IPv6
 * blocks are kept by prefix length (one hash map per length present), looked up with each mask.
 */
import { parseIpBlock } from '../pattern/ip.js';

/** A set of IPv4 blocks, each carrying a value; `build` once, then `find`. */
export class Ipv4Ranges<V> {
  private pending = new Map<string, { first: number; last: number; cidr: string; values: V[] }>();
  private starts = new Float64Array(0);
  private innermost = new Int32Array(0);
  private nodes: { cidr: string; values: V[]; parent: number }[] = [];
  private firstOf: number[] = [];
  private lastOf: number[] = [];

  get size(): number {
    return this.nodes.length + this.pending.size;
  }

  add(first: number, last: number, cidr: string, value: V): void {
    const key = `${first}/${last}`;
    const p = this.pending.get(key);
    if (p) p.values.push(value);
    else this.pending.set(key, { first, last, cidr, values: [value] });
  }

  /** Sorts the blocks into segments; later `add`s need another `build`. */
  build(): void {
    const all = [
      ...this.nodes.map((n, i) => ({ first: this.firstOf[i]!, last: this.lastOf[i]!, cidr: n.cidr, values: n.values })),
      ...this.pending.values(),
    ].sort((a, b) => a.first - b.first || b.last - a.last);
    this.pending.clear();
    this.nodes = [];
    this.firstOf = [];
    this.lastOf = [];
    const starts: number[] = [];
    const inner: number[] = [];
    const emit = (at: number, node: number) => {
      if (starts.length > 0 && starts[starts.length - 1] === at) inner[inner.length - 1] = node;
      else {
        starts.push(at);
        inner.push(node);
      }
    };
    const stack: number[] = [];
    const closeUntil = (first: number) => {
      while (stack.length > 0 && this.lastOf[stack[stack.length - 1]!]! < first) {
        const closed = stack.pop()!;
        emit(this.lastOf[closed]! + 1, stack.length > 0 ? stack[stack.length - 1]! : -1);
      }
    };
    for (const r of all) {
      closeUntil(r.first);
      const index = this.nodes.length;
      this.nodes.push({ cidr: r.cidr, values: r.values, parent: stack.length > 0 ? stack[stack.length - 1]! : -1 });
      this.firstOf.push(r.first);
      this.lastOf.push(r.last);
      emit(r.first, index);
      stack.push(index);
    }
    closeUntil(Infinity);
    this.starts = Float64Array.from(starts);
    this.innermost = Int32Array.from(inner);
  }

  /** Calls `each(first, last)` for every block (after build). */
  forEachRange(each: (first: number, last: number) => void): void {
    for (let i = 0; i < this.nodes.length; i++) each(this.firstOf[i]!, this.lastOf[i]!);
  }

  /** The innermost block holding `addr` (walk outwards with parentOf), or -1. */
  innermostOf(addr: number): number {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    if (hi < 0 || addr < s[0]!) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (s[mid]! <= addr) lo = mid;
      else hi = mid - 1;
    }
    return this.innermost[lo]!;
  }

  parentOf(node: number): number {
    return this.nodes[node]!.parent;
  }

  valuesOf(node: number): readonly V[] {
    return this.nodes[node]!.values;
  }

  cidrOf(node: number): string {
    return this.nodes[node]!.cidr;
  }

  /** Calls `each` for every block holding `addr`, innermost first. */
  find(addr: number, each: (value: V, cidr: string) => void): void {
    for (let n = this.innermostOf(addr); n >= 0; n = this.nodes[n]!.parent) {
      const node = this.nodes[n]!;
      for (const v of node.values) each(v, node.cidr);
    }
  }
}

const V6_BITS = 128n;

/** IPv6 addresses and blocks: exact addresses in one map, blocks in one map per prefix length. */
export class Ipv6Set<V> {
  private readonly exact = new Map<bigint, V[]>();
  private readonly byPrefix = new Map<number, Map<bigint, { cidr: string; values: V[] }>>();
  private prefixes: number[] = [];

  /** false when `text` is not an IPv6 address or block */
  add(text: string, value: V): boolean {
    const b = parseIpBlock(text);
    if (!b || b.family !== 6) return false;
    if (b.prefix === 128) {
      const list = this.exact.get(b.network);
      if (list) list.push(value);
      else this.exact.set(b.network, [value]);
      return true;
    }
    let m = this.byPrefix.get(b.prefix);
    if (!m) {
      m = new Map();
      this.byPrefix.set(b.prefix, m);
      this.prefixes = [...this.byPrefix.keys()].sort((x, y) => y - x);
    }
    const e = m.get(b.network);
    if (e) e.values.push(value);
    else m.set(b.network, { cidr: text, values: [value] });
    return true;
  }

  /** Every value whose address equals `addr` ('exact') or whose block holds it ('cidr'). */
  find(addr: bigint, each: (value: V, how: 'exact' | 'cidr', cidr: string) => void): void {
    const ex = this.exact.get(addr);
    if (ex) for (const v of ex) each(v, 'exact', '');
    for (const p of this.prefixes) {
      const shift = V6_BITS - BigInt(p);
      const e = this.byPrefix.get(p)!.get((addr >> shift) << shift);
      if (e) for (const v of e.values) each(v, 'cidr', e.cidr);
    }
  }
}
