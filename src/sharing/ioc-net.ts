/**
 * Address helpers of free-text IOC parsing (ioc-text.ts): IPv4 octet checks, IPv6 parsing
 * and its RFC 5952 text form, whether an address is private or reserved, and domain names.
 */
import { isIP } from 'node:net';

/** The four octets, or a reason the dotted quad is not an address. */
export function ipv4Octets(parts: string[]): number[] | { reason: string } {
  const octets: number[] = [];
  for (const p of parts) {
    if (p.length > 1 && p.startsWith('0')) return { reason: `'${p}' has a leading zero (octal or decimal? write it without)` };
    const n = Number(p);
    if (n > 255) return { reason: `${p} is not an IPv4 octet (0-255)` };
    octets.push(n);
  }
  return octets;
}

/** Not publicly routable: RFC 1918, loopback, link-local, CGNAT, documentation, "this network", multicast and reserved. */
export function isPrivateIpv4(o: readonly number[]): boolean {
  const [a, b, c] = [o[0]!, o[1]!, o[2]!];
  return a === 0 || a === 10 || a === 127 || a >= 224
    || (a === 100 && b >= 64 && b <= 127)
    || (a === 169 && b === 254)
    || (a === 172 && b >= 16 && b <= 31)
    || (a === 192 && b === 168)
    || (a === 192 && b === 0 && (c === 0 || c === 2))
    || (a === 198 && (b === 18 || b === 19))
    || (a === 198 && b === 51 && c === 100)
    || (a === 203 && b === 0 && c === 113);
}

/** The eight 16-bit groups of a valid IPv6 address (no prefix, no zone), else null. */
export function ipv6Groups(addr: string): number[] | null {
  if (isIP(addr) !== 6) return null;
  let s = addr.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    s = `${s.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = s.split('::');
  const parse = (h: string) => (h === '' ? [] : h.split(':').map((g) => parseInt(g, 16)));
  const head = parse(halves[0]!);
  const rest = halves.length > 1 ? parse(halves[1]!) : [];
  const known = head.length + rest.length;
  const zeros = halves.length > 1 ? 8 - known : 0;
  const groups = [...head, ...new Array<number>(Math.max(zeros, 0)).fill(0), ...rest];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/**
 * RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as `::`
 * (the first of equal runs); an IPv4-mapped address keeps its dotted tail (`::ffff:192.0.2.1`).
 */
export function ipv6Text(groups: readonly number[]): string {
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${groups[6]! >> 8}.${groups[6]! & 0xff}.${groups[7]! >> 8}.${groups[7]! & 0xff}`;
  }
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** Loopback, unspecified, link-local, unique-local, documentation, multicast, or an IPv4-mapped private address. */
export function isPrivateIpv6(g: readonly number[]): boolean {
  const allZeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (allZeroTo(7) && (g[7] === 0 || g[7] === 1)) return true;
  if (allZeroTo(5) && g[5] === 0xffff) return isPrivateIpv4([g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff]);
  const first = g[0]!;
  return (first & 0xffc0) === 0xfe80 || (first & 0xfe00) === 0xfc00 || (first & 0xff00) === 0xff00
    || (first === 0x2001 && g[1] === 0x0db8);
}

/**
 * Extensions of file names that are not (or are rarely meant as) top-level domains:
 * `report.pdf`, `invoice.exe`, `readme.txt`. Some are real TLDs (`.zip`, `.mov`, and the
 * country codes `.md`, `.py`, `.sh`, `.so`) yet far likelier file names in a threat report
 * (`README.md`, `dropper.py`, `install.sh`, `libfoo.so`); a domain there can still be given as
 * a URL. Country codes common as domains (`.pl`, `.rs`, `.cc`) are not listed.
 */
export const FILE_EXTENSIONS = new Set([
  'exe', 'dll', 'sys', 'bat', 'cmd', 'ps1', 'psm1', 'vbs', 'vbe', 'js', 'jse', 'wsf', 'hta', 'scr', 'pif', 'msi', 'msp',
  'lnk', 'jar', 'apk', 'elf', 'bin', 'dat', 'tmp', 'bak', 'cfg', 'ini', 'conf', 'log', 'txt', 'csv', 'tsv', 'json',
  'xml', 'yaml', 'yml', 'toml', 'htm', 'html', 'xhtml', 'php', 'asp', 'aspx', 'jsp', 'cgi', 'css', 'doc', 'docx', 'docm',
  'dot', 'dotm', 'xls', 'xlsx', 'xlsm', 'xlsb', 'ppt', 'pptx', 'pptm', 'pdf', 'rtf', 'odt', 'ods', 'one', 'eml', 'msg',
  'zip', 'rar', '7z', 'gz', 'tgz', 'bz2', 'xz', 'tar', 'cab', 'iso', 'img', 'vhd', 'vhdx', 'dmg', 'png', 'jpg', 'jpeg',
  'gif', 'bmp', 'svg', 'ico', 'tif', 'tiff', 'webp', 'mp3', 'mp4', 'wav', 'avi', 'mov', 'mkv', 'wmv', 'java', 'class',
  'cpp', 'hpp', 'cs', 'go', 'ts', 'tsx', 'jsx', 'rb', 'pyc', 'lua', 'swift', 'kt', 'sql', 'db', 'sqlite', 'pem', 'crt',
  'cer', 'key', 'pfx', 'p12', 'lock', 'sln', 'vcxproj', 'md', 'py', 'sh', 'so',
]);

/**
 * A domain name's verdict: ok; `silent` when it is not one at all (a version number, an
 * abbreviation); or a reason to show the publisher (a file name).
 */
export function checkDomain(d: string): 'ok' | 'silent' | { reason: string } {
  if (d.length > 253) return 'silent';
  const labels = d.split('.');
  if (labels.length < 2) return 'silent';
  for (const l of labels) {
    if (l.length === 0 || l.length > 63 || l.startsWith('-') || l.endsWith('-')) return 'silent';
  }
  const tld = labels[labels.length - 1]!;
  if (!/^[a-z]{2,63}$/.test(tld) && !/^xn--[a-z0-9-]{1,59}$/.test(tld)) return 'silent';
  if (FILE_EXTENSIONS.has(tld)) {
    return { reason: `looks like a file name (.${tld}), not a domain; to share a domain with this ending, give it as a URL (http://…)` };
  }
  return 'ok';
}
