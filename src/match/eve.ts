/**
 * Suricata EVE JSON, read without parsing whole events: each line is searched for the few keys
 * that carry observables (`src_ip`, `dest_ip`; `rrname`/`rdata` under `dns`; `hostname` and `url`
 * under `http`; `sni` under `tls`; `md5`/`sha1`/`sha256` under `fileinfo`), and only their string
 * values are decoded. That is what makes a gigabyte of EVE a matter of seconds; Suricata writes
 * compact JSON (`"key":"value"`), and a file written with spaces (`"key": "value"`) is read by the
 * plain JSON path instead (`eveCompact` tells which).
 */
import { observable, type Observable } from './observables.js';

const key = (k: string): string => `"${k}":"`;
const K = {
  src: key('src_ip'), dest: key('dest_ip'), eventType: key('event_type'),
  rrname: key('rrname'), rdata: key('rdata'), hostname: key('hostname'), url: key('url'), sni: key('sni'),
  md5: key('md5'), sha1: key('sha1'), sha256: key('sha256'),
  dns: '"dns":{', http: '"http":{', tls: '"tls":{', fileinfo: '"fileinfo":{',
};

/** True when the first event is written compactly (the fast path applies). */
export function eveCompact(firstLine: string): boolean {
  return !/"[a-z_]+"\s+:|:\s+"/.test(firstLine);
}

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * The line being read: `s` is the line as latin1 (a character per byte: a slice of the chunk's
 * string, not a copy, so every search stops at the line's end), `buf`/`start` the same bytes (to
 * decode non-ASCII values as UTF-8).
 */
interface Line { s: string; buf: Buffer; start: number }

/** Position just after `needle` in the line at or after `from`, or -1. */
function find(l: Line, needle: string, from: number): number {
  const i = l.s.indexOf(needle, from);
  return i < 0 ? -1 : i + needle.length;
}

/** The JSON string value whose first character is at `at` (just after the opening quote). */
function valueAt(l: Line, at: number): string | undefined {
  let close = l.s.indexOf('"', at);
  while (close >= 0) {
    let backslashes = 0;
    for (let j = close - 1; j >= at && l.s.charCodeAt(j) === 92; j--) backslashes++;
    if (backslashes % 2 === 0) break;
    close = l.s.indexOf('"', close + 1);
  }
  if (close < 0) return undefined;
  let v = l.s.slice(at, close);
  if (NON_ASCII.test(v)) v = l.buf.toString('utf8', l.start + at, l.start + close);
  if (!v.includes('\\')) return v;
  try {
    return JSON.parse(`"${v}"`) as string;
  } catch {
    return undefined;
  }
}

function addIp(out: Observable[], v: string | undefined): void {
  if (v === undefined || v === '') return;
  out.push({ type: v.includes(':') ? 'ipv6-addr' : 'ipv4-addr', value: v });
}

/** Every `needle` value in the line from `from`. */
function each(l: Line, needle: string, from: number, fn: (v: string) => void): void {
  for (let at = find(l, needle, from); at >= 0; at = find(l, needle, at)) {
    const v = valueAt(l, at);
    if (v !== undefined) fn(v);
  }
}

function addRdata(out: Observable[], v: string): void {
  const o = observable('auto', v);
  if (o && (o.type === 'ipv4-addr' || o.type === 'ipv6-addr' || o.type === 'domain-name')) out.push(o);
}

/**
 * The observables of one compact EVE event: the line buf[start, end), which is latin1[start, end)
 * as a latin1 string. Appended to `out`, which is returned.
 */
export function eveObservables(latin1: string, buf: Buffer, start: number, end: number, out: Observable[] = []): Observable[] {
  const l: Line = { s: latin1.slice(start, end), buf, start };
  // event_type, src_ip and dest_ip come first in every event but stats (which has no addresses)
  const etAt = find(l, K.eventType, 0);
  const src = find(l, K.src, 0);
  if (src >= 0) addIp(out, valueAt(l, src));
  const dest = src >= 0 ? find(l, K.dest, src) : -1;
  if (dest >= 0) addIp(out, valueAt(l, dest));
  if (etAt < 0) return out;
  const et = l.s.charCodeAt(etAt);
  const from = Math.max(etAt, dest, src);
  // d(ns), h(ttp), t(ls), f(ileinfo), a(lert: may embed any of them)
  if (et === 100 || et === 97) {
    const dns = find(l, K.dns, from);
    if (dns >= 0) {
      each(l, K.rrname, dns, (v) => out.push({ type: 'domain-name', value: v }));
      each(l, K.rdata, dns, (v) => addRdata(out, v));
    }
  }
  if (et === 104 || et === 97 || et === 102) {
    const http = find(l, K.http, from);
    if (http >= 0) {
      const hAt = find(l, K.hostname, http);
      const host = hAt >= 0 ? valueAt(l, hAt) : undefined;
      if (host) out.push({ type: 'domain-name', value: host });
      const uAt = find(l, K.url, http);
      const url = uAt >= 0 ? valueAt(l, uAt) : undefined;
      if (url !== undefined) {
        if (url.includes('://')) out.push({ type: 'url', value: url });
        else if (host) out.push({ type: 'url', value: `http://${host}${url.startsWith('/') ? '' : '/'}${url}` });
      }
    }
  }
  if (et === 116 || et === 97) {
    const tls = find(l, K.tls, from);
    const sniAt = tls >= 0 ? find(l, K.sni, tls) : -1;
    const sni = sniAt >= 0 ? valueAt(l, sniAt) : undefined;
    if (sni) out.push({ type: 'domain-name', value: sni });
  }
  if (et === 102) {
    const fi = find(l, K.fileinfo, from);
    if (fi >= 0) {
      for (const [needle, algorithm] of [[K.md5, 'MD5'], [K.sha1, 'SHA-1'], [K.sha256, 'SHA-256']] as const) {
        const at = find(l, needle, fi);
        const v = at >= 0 ? valueAt(l, at) : undefined;
        if (v) out.push({ type: 'file', value: v, algorithm });
      }
    }
  }
  return out;
}

/** The same observables from a parsed event (the path for EVE written with spaces). */
export function eveObservablesOf(e: Record<string, unknown>): Observable[] {
  const out: Observable[] = [];
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const obj = (v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  addIp(out, str(e.src_ip));
  addIp(out, str(e.dest_ip));
  const dns = obj(e.dns);
  if (dns) {
    const records = [dns, ...['queries', 'answers', 'authorities'].flatMap((k) => (Array.isArray(dns[k]) ? (dns[k] as unknown[]) : []))];
    for (const r of records.map(obj)) {
      const name = str(r?.rrname);
      if (name) out.push({ type: 'domain-name', value: name });
      const rdata = str(r?.rdata);
      if (rdata) addRdata(out, rdata);
    }
  }
  const http = obj(e.http);
  const host = str(http?.hostname);
  if (host) out.push({ type: 'domain-name', value: host });
  const url = str(http?.url);
  if (url) out.push({ type: 'url', value: url.includes('://') ? url : host ? `http://${host}${url.startsWith('/') ? '' : '/'}${url}` : url });
  const sni = str(obj(e.tls)?.sni);
  if (sni) out.push({ type: 'domain-name', value: sni });
  const fi = obj(e.fileinfo);
  for (const [k, algorithm] of [['md5', 'MD5'], ['sha1', 'SHA-1'], ['sha256', 'SHA-256']] as const) {
    const v = str(fi?.[k]);
    if (v) out.push({ type: 'file', value: v, algorithm });
  }
  return out.filter((o) => o.type !== 'url' || o.value.includes('://'));
}
