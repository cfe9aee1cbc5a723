/**
 * The matching index: indicators by what they look for, so that an observed value is checked
 * against a million indicators in well under a microsecond.
 *
 * Indicators whose pattern is "simple" (src/pattern/simple.ts: ORed equalities on an IP, domain,
 * URL, email address or file hash) go into hash maps and a range structure (values none of them
 * can hold, as an SSDEEP hash or a URL without a host, into one compared as written); every other pattern
 * is kept whole, filed under the object types it mentions, and evaluated by the full evaluator
 * (matchPattern) against observations that hold one of those types.
 *
 * Where the index is wider than the evaluator's `=` (documented in docs/early-warning.md):
 * - a CIDR block in an indicator holds every address in it (`match: "cidr"`); the evaluator's
 *   `=` compares blocks, so `[ipv4-addr:value = '198.51.100.0/24']` = '198.51.100.7' is false there;
 * - a domain indicator also matches its sub-domains (`match: "subdomain"`): `a.b.evil.example`
 *   hits `evil.example`;
 * - host names, URL schemes and hosts, hashes and email addresses are compared case-insensitively
 *   (src/match/normalize.ts), the evaluator compares the strings as written.
 * An index holds only what it was given: the caller builds it from what one viewer may see.
 */
import { matchPattern, PatternEvaluationLimitError, simpleTerms, type Observation, type PatternAst } from '../pattern/index.js';
import { ipv4Range, ipv4ToInt, normalizeEmail, normalizeHash, normalizeUrl, urlHost } from './normalize.js';
import { Ipv4Ranges, Ipv6Set } from './ranges.js';
import { Bits24, foldHash, hexPrefix, tailRange, urlHostRange } from './bits.js';
import { parseIpBlock } from '../pattern/ip.js';

export type MatchKind = 'exact' | 'cidr' | 'subdomain' | 'pattern';

/** The observable types the index looks up directly; `file` takes a hash as its value. */
export type LookupType = 'ipv4-addr' | 'ipv6-addr' | 'domain-name' | 'url' | 'email-addr' | 'file';
export const LOOKUP_TYPES: readonly LookupType[] = ['ipv4-addr', 'ipv6-addr', 'domain-name', 'url', 'email-addr', 'file'];

export interface IndexHit<T> {
  entry: T;
  /** position of the indicator in the index (stable for one index) */
  index: number;
  match: MatchKind;
  /** the indicator's value that matched: the address, block, domain, URL, hash or address; '' for 'pattern' */
  term: string;
}

/** Evaluator steps allowed per complex pattern and observation set: a hostile pattern cannot stall matching. */
const PATTERN_BUDGET = 20_000;

type Slot = number | number[];

function put<K>(m: Map<K, Slot>, key: K, i: number): void {
  const s = m.get(key);
  if (s === undefined) m.set(key, i);
  else if (typeof s === 'number') { if (s !== i) m.set(key, [s, i]); } else if (!s.includes(i)) s.push(i);
}

/** The last two labels of a lower-case name (`b.example` of `a.b.example`), or null for a single label. */
function tailOf(d: string): string | null {
  const last = d.lastIndexOf('.');
  if (last < 0) return null;
  const before = d.lastIndexOf('.', last - 1);
  return before < 0 ? d : d.slice(before + 1);
}

/** Every object type a pattern mentions. */
function typesOf(ast: PatternAst): string[] {
  const out = new Set<string>();
  const stack: unknown[] = [ast];
  while (stack.length > 0) {
    const n = stack.pop() as Record<string, unknown>;
    if (n === null || typeof n !== 'object') continue;
    const path = n.path as { objectType?: string } | undefined;
    if (path?.objectType) out.add(path.objectType);
    for (const k of ['left', 'right', 'expr', 'comparison']) if (n[k]) stack.push(n[k]);
  }
  return [...out];
}

export interface IndexStats {
  indicators: number;
  ipv4: number;
  ipv4Blocks: number;
  ipv6: number;
  domains: number;
  urls: number;
  hashes: number;
  emails: number;
  /** values of simple patterns compared as written */
  raw: number;
  /** patterns left to the evaluator */
  patterns: number;
}

export class MatchIndex<T> {
  private readonly entries: T[] = [];
  private readonly validUntil: number[] = [];
  /** whether any indicator has a valid_until (else the check is skipped: one memory access less per hit) */
  private expiring = false;
  private readonly v4 = new Map<number, Slot>();
  private readonly v4Blocks = new Ipv4Ranges<number>();
  private readonly v6 = new Ipv6Set<number>();
  private readonly domains = new Map<string, Slot>();
  /** the last two labels of every indexed domain: an observed name whose last two are not here cannot match */
  private readonly domainTails = new Set<string>();
  /** indexed single-label names (a TLD as indicator), looked up for every observed name */
  private singleLabels = 0;
  private readonly urls = new Map<string, Slot>();
  /** hosts of the indexed URLs: an observed URL on another host is not normalised at all */
  private readonly urlHosts = new Set<string>();
  private readonly hashes = new Map<string, Slot>();
  private readonly emails = new Map<string, Slot>();
  /**
   * Values of simple patterns that none of the maps above can hold (a URL without a host, an
   * SSDEEP hash, an address that does not parse): compared as written, as the evaluator's `=` would.
   */
  private readonly raw = new Map<LookupType, Map<string, Slot>>();
  private readonly complex: { ast: PatternAst; index: number }[] = [];
  private readonly complexByType = new Map<string, number[]>();
  private dirty = false;
  /**
   * One bit per /24 of the IPv4 space (2 MiB): set when an indexed address or block touches it.
   * Most observed addresses are in no indexed /24, and one probe of this small array answers them
   * without touching the large hash map (a cache miss each). Built for indexes of 1,000+ IPv4 entries.
   */
  private v4Bits: Uint8Array | null = null;
  /** pre-checks (bits.ts) of domain tails, URL hosts and hash prefixes, for indexes of 1,000+ of them */
  private domainBits: Bits24 | null = null;
  private urlBits: Bits24 | null = null;
  private hashBits: Bits24 | null = null;

  get size(): number {
    return this.entries.length;
  }

  stats(): IndexStats {
    return {
      indicators: this.entries.length, ipv4: this.v4.size, ipv4Blocks: this.v4Blocks.size, ipv6: 0, domains: this.domains.size,
      urls: this.urls.size, hashes: this.hashes.size, emails: this.emails.size,
      raw: [...this.raw.values()].reduce((n, m) => n + m.size, 0), patterns: this.complex.length,
    };
  }

  /**
   * Adds an indicator by its parsed pattern. `validUntilUs` (microseconds; null = no end): from
   * then on it no longer matches.
   */
  add(ast: PatternAst, entry: T, validUntilUs: number | null = null): void {
    const i = this.entries.length;
    this.entries.push(entry);
    this.validUntil.push(validUntilUs ?? Infinity);
    if (validUntilUs !== null) this.expiring = true;
    const terms = simpleTerms(ast);
    if (terms !== null) {
      for (const t of terms) {
        if (this.addTerm(t.type, t.value, i)) continue;
        let m = this.raw.get(t.type);
        if (!m) this.raw.set(t.type, (m = new Map()));
        put(m, t.value, i);
      }
    } else {
      // Not simple: the evaluator decides, for observations holding a type the pattern mentions.
      const c = this.complex.length;
      this.complex.push({ ast, index: i });
      for (const type of typesOf(ast)) {
        const list = this.complexByType.get(type);
        if (list) list.push(c);
        else this.complexByType.set(type, [c]);
      }
    }
  }

  private addTerm(type: string, value: string, i: number): boolean {
    switch (type) {
      case 'ipv4-addr': {
        const r = ipv4Range(value);
        if (!r) return false;
        // keyed as a signed 32-bit integer: a small integer to V8, where an address above 2^31 as a
        // plain number would be a heap number to hash
        if (r.prefix === 32) put(this.v4, r.first | 0, i);
        else this.v4Blocks.add(r.first, r.last, value, i);
        this.dirty = true;
        return true;
      }
      case 'ipv6-addr': return this.v6.add(value, i);
      case 'domain-name': {
        const d = value.toLowerCase().replace(/\.$/, '');
        if (d === '') return false;
        const tail = tailOf(d);
        if (tail === null) this.singleLabels++;
        else this.domainTails.add(tail);
        put(this.domains, d, i);
        this.dirty = true;
        return true;
      }
      case 'url': {
        const u = normalizeUrl(value);
        const host = urlHost(value);
        if (u === undefined || host === undefined) return false;
        this.urlHosts.add(host);
        put(this.urls, u, i);
        this.dirty = true;
        return true;
      }
      case 'email-addr': {
        const e = normalizeEmail(value);
        if (e === undefined) return false;
        put(this.emails, e, i);
        return true;
      }
      case 'file': {
        const h = normalizeHash(value);
        if (h === undefined) return false;
        put(this.hashes, h, i);
        this.dirty = true;
        return true;
      }
      default: return false;
    }
  }

  private emit(out: IndexHit<T>[], i: number, match: MatchKind, term: string, nowUs: number): void {
    if (this.expiring && this.validUntil[i]! <= nowUs) return;
    for (const h of out) if (h.index === i) return;
    out.push({ entry: this.entries[i]!, index: i, match, term });
  }

  private emitSlot(out: IndexHit<T>[], s: Slot | undefined, match: MatchKind, term: string, nowUs: number): void {
    if (s === undefined) return;
    if (typeof s === 'number') this.emit(out, s, match, term, nowUs);
    else for (const i of s) this.emit(out, i, match, term, nowUs);
  }

  /**
   * Indicators matching one observed value of a lookup type, appended to `out`; returns `out`.
   * Values that are not of the type match nothing.
   */
  lookup(type: LookupType, value: string, nowUs: number = Date.now() * 1000, out: IndexHit<T>[] = []): IndexHit<T>[] {
    if (this.dirty) this.finish();
    if (this.raw.size > 0) this.emitSlot(out, this.raw.get(type)?.get(value), 'exact', value, nowUs);
    switch (type) {
      case 'ipv4-addr': return this.lookupV4(value, nowUs, out);
      case 'ipv6-addr': {
        const b = parseIpBlock(value);
        if (b?.family === 6 && b.prefix === 128) {
          this.v6.find(b.network, (i, how, cidr) => this.emit(out, i, how, how === 'exact' ? value : cidr, nowUs));
        }
        return out;
      }
      case 'domain-name': {
        if (this.domainBits !== null && this.singleLabels === 0) {
          const r = tailRange(value);
          const h = r ? foldHash(value, r[0], r[1]) : -1;
          if (h >= 0 && !this.domainBits.has(h)) return out;
        }
        let d = value.toLowerCase();
        if (d.endsWith('.')) d = d.slice(0, -1);
        const tail = tailOf(d);
        if (tail === null || this.domainTails.has(tail)) {
          this.emitSlot(out, this.domains.get(d), 'exact', d, nowUs);
          for (let dot = d.indexOf('.'); dot >= 0; dot = d.indexOf('.', dot + 1)) {
            const parent = d.slice(dot + 1);
            this.emitSlot(out, this.domains.get(parent), 'subdomain', parent, nowUs);
          }
        } else if (this.singleLabels > 0) {
          const top = d.slice(d.lastIndexOf('.') + 1);
          this.emitSlot(out, this.domains.get(top), 'subdomain', top, nowUs);
        }
        return out;
      }
      case 'url': {
        if (this.urlBits !== null) {
          const r = urlHostRange(value);
          const h = r ? foldHash(value, r[0], r[1]) : -1;
          if (h >= 0 && !this.urlBits.has(h)) return out;
        }
        const host = this.urlHosts.size > 0 ? urlHost(value) : undefined;
        if (host === undefined || !this.urlHosts.has(host)) return out;
        const u = normalizeUrl(value);
        if (u !== undefined) this.emitSlot(out, this.urls.get(u), 'exact', u, nowUs);
        return out;
      }
      case 'email-addr': {
        const e = normalizeEmail(value);
        if (e !== undefined) this.emitSlot(out, this.emails.get(e), 'exact', e, nowUs);
        return out;
      }
      case 'file': {
        if (this.hashBits !== null) {
          const p = hexPrefix(value);
          if (p >= 0 && !this.hashBits.has(p)) return out;
        }
        const h = value.toLowerCase();
        this.emitSlot(out, this.hashes.get(h), 'exact', h, nowUs);
        return out;
      }
      default: return out;
    }
  }

  private lookupV4(value: string, nowUs: number, out: IndexHit<T>[]): IndexHit<T>[] {
    let addr = ipv4ToInt(value);
    if (addr === undefined) {
      // an observed block: indicators on the same block or on one holding it
      const r = value.includes('/') ? ipv4Range(value) : undefined;
      if (!r) return out;
      if (r.prefix === 32) addr = r.first;
      else {
        this.v4Blocks.find(r.first, (i, cidr) => {
          const b = ipv4Range(cidr)!;
          if (b.last >= r.last) this.emit(out, i, b.prefix === r.prefix ? 'exact' : 'cidr', cidr, nowUs);
        });
        return out;
      }
    }
    const bits = this.v4Bits;
    if (bits !== null && (bits[addr >>> 11]! & (1 << ((addr >>> 8) & 7))) === 0) return out;
    const s = this.v4.get(addr | 0);
    if (s !== undefined) this.emitSlot(out, s, 'exact', value.includes('/') ? value.slice(0, value.indexOf('/')) : value, nowUs);
    for (let n = this.v4Blocks.innermostOf(addr); n >= 0; n = this.v4Blocks.parentOf(n)) {
      for (const i of this.v4Blocks.valuesOf(n)) this.emit(out, i, 'cidr', this.v4Blocks.cidrOf(n), nowUs);
    }
    return out;
  }

  /**
   * A pre-check over keys. A key without a hash (a non-ASCII or bracketed host) is left out: only
   * an observed value without a hash can match it, and such a value skips the pre-check.
   */
  private bitsOf(keys: Iterable<string>, hash: (k: string) => number): Bits24 {
    const bits = new Bits24();
    for (const k of keys) {
      const h = hash(k);
      if (h >= 0) bits.add(h);
    }
    return bits;
  }

  /** Sorts pending IP blocks and builds the pre-checks; done by the first lookup after adds. */
  finish(): void {
    this.v4Blocks.build();
    this.v4Bits = null;
    if (this.v4.size + this.v4Blocks.size >= 1000) {
      const bits = new Uint8Array(1 << 21);
      const mark = (slash24: number) => (bits[slash24 >>> 3]! |= 1 << (slash24 & 7));
      for (const k of this.v4.keys()) mark((k >>> 8) & 0xffffff);
      this.v4Blocks.forEachRange((first, last) => {
        for (let n = Math.floor(first / 256); n <= Math.floor(last / 256); n++) mark(n);
      });
      this.v4Bits = bits;
    }
    this.domainBits = this.domains.size >= 1000 ? this.bitsOf(this.domains.keys(), (d) => { const r = tailRange(d); return r ? foldHash(d, r[0], r[1]) : -1; }) : null;
    this.urlBits = this.urls.size >= 1000 ? this.bitsOf(this.urls.keys(), (u) => { const r = urlHostRange(u); return r ? foldHash(u, r[0], r[1]) : -1; }) : null;
    this.hashBits = this.hashes.size >= 1000 ? this.bitsOf(this.hashes.keys(), hexPrefix) : null;
    this.dirty = false;
  }

  /** The complex patterns that mention one of `types`, by position in the index. */
  private candidates(types: Iterable<string>): Set<number> {
    const out = new Set<number>();
    for (const t of types) for (const c of this.complexByType.get(t) ?? []) out.add(c);
    return out;
  }

  /** True when some complex pattern mentions one of these types (cheap pre-check). */
  hasPatternsFor(types: Iterable<string>): boolean {
    for (const t of types) if (this.complexByType.has(t)) return true;
    return false;
  }

  /**
   * Indicators whose complex pattern matches these observations (evaluated together: AND,
   * FOLLOWEDBY and qualifiers may span them). `types` are the SCO types present. A pattern that
   * exhausts its evaluation budget counts as not matching.
   */
  evaluate(observations: readonly Observation[], types: Iterable<string>, nowUs: number = Date.now() * 1000, out: IndexHit<T>[] = []): IndexHit<T>[] {
    for (const c of this.candidates(types)) {
      const { ast, index } = this.complex[c]!;
      if (this.validUntil[index]! <= nowUs) continue;
      try {
        if (matchPattern(ast, observations, { budget: PATTERN_BUDGET }).matched) this.emit(out, index, 'pattern', '', nowUs);
      } catch (e) {
        if (!(e instanceof PatternEvaluationLimitError || e instanceof TypeError)) throw e;
      }
    }
    return out;
  }
}
