/**
 * IPv4 / IPv6 addresses and CIDR blocks, as the `value` of ipv4-addr and ipv6-addr SCOs
 * (§6.8, §6.9): ISSUBSET / ISSUPERSET (§9.6.1) and address-aware equality.
 */

export interface IpBlock {
  family: 4 | 6;
  /** Network address with host bits cleared. */
  network: bigint;
  /** Prefix length; 32 or 128 for a single address. */
  prefix: number;
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    // Leading zeros are refused: some parsers read them as octal.
    if (!/^(0|[1-9]\d{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseV6(s: string): bigint | undefined {
  let head = s;
  let tailV4: bigint | undefined;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.', lastColon)) { // embedded IPv4 in the last 32 bits
    tailV4 = parseV4(s.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    head = s.slice(0, lastColon + 1);
    if (!head.endsWith('::')) head = head.slice(0, -1);
  }
  const groupsWanted = tailV4 === undefined ? 8 : 6;
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = parse(halves[0]!);
  const right = halves.length === 2 ? parse(halves[1]!) : [];
  if (!left || !right) return undefined;
  const missing = groupsWanted - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  let v = 0n;
  for (const g of [...left, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...right]) {
    v = (v << 16n) | BigInt(g);
  }
  return tailV4 === undefined ? v : (v << 32n) | tailV4;
}

/** Parses `a.b.c.d`, `a.b.c.d/n`, an IPv6 address or `addr/n`; undefined when not one. */
export function parseIpBlock(text: string): IpBlock | undefined {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const family: 4 | 6 = addr.includes(':') ? 6 : 4;
  const width = family === 4 ? 32 : 128;
  const bits = family === 4 ? parseV4(addr) : parseV6(addr);
  if (bits === undefined) return undefined;
  let prefix = width;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > width) return undefined;
    prefix = Number(p);
  }
  const shift = BigInt(width - prefix);
  return { family, network: (bits >> shift) << shift, prefix };
}

/** True when every address of `inner` is in `outer` (equal blocks included). */
export function ipSubset(inner: IpBlock, outer: IpBlock): boolean {
  if (inner.family !== outer.family || inner.prefix < outer.prefix) return false;
  const shift = BigInt((inner.family === 4 ? 32 : 128) - outer.prefix);
  return inner.network >> shift === outer.network >> shift;
}

/** Same set of addresses: `198.51.100.1` equals `198.51.100.1/32`, `2001:db8::1` equals `2001:0db8:0:0::1`. */
export function ipEqual(a: IpBlock, b: IpBlock): boolean {
  return a.family === b.family && a.prefix === b.prefix && a.network === b.network;
}
