/**
 * Suricata EVE JSON, read without parsing whole events: each line is searched for the few keys
 * that carry observables (`src_ip`, `dest_ip`; `rrname`/`rdata` under `dns`; `hostname` and `url`
 * under `http`; `sni` under `tls`; `md5`/`sha1`/`sha256` under `fileinfo`), and only their string
 * values are decoded. That is what makes a gigabyte of EVE a matter of seconds; Suricata writes
 * compact JSON (`"key":"value"`), and a file written with spaces (`"key": "value"`) is read by the
 * plain JSON path instead (`eveCompact` tells which).
 */
import { observable, type Observable } from './observables.js';

const key = (k: string): Buffer => Buffer.from(`"${k}":"`, 'latin1');
const K = {
  src: key('src_ip'), dest: key('dest_ip'), eventType: key('event_type'),
  rrname: key('rrname'), rdata: key('rdata'), hostname: key('hostname'), url: key('url'), sni: key('sni'),
  md5: key('md5'), sha1: key('sha1'), sha256: key('sha256'),
  dns: Buffer.from('"dns":{', 'latin1'), http: Buffer.from('"http":{', 'latin1'), tls: Buffer.from('"tls":{', 'latin1'),
  fileinfo: Buffer.from('"fileinfo":{', 'latin1'),
};

/** True when the first event is written compactly (the fast path applies). */
export function eveCompact(firstLine: string): boolean {
  return !/"[a-z_]+"\s+:|:\s+"/.test(firstLine);
}

/** The end (index of the closing quote) of a JSON string starting at `from`; -1 when unterminated. */
function stringEnd(buf: Buffer, from: number, end: number): number {
  for (let i = buf.indexOf(34, from); i >= 0 && i < end; i = buf.indexOf(34, i + 1)) {
    let backslashes = 0;
    for (let j = i - 1; j >= from && buf[j] === 92; j--) backslashes++;
    if (backslashes % 2 === 0) return i;
  }
  return -1;
}

/** The decoded JSON string value whose first character is at `at` (just after the opening quote), within [at, end). */
function valueAt(buf: Buffer, at: number, end: number): string | undefined {
  const close = stringEnd(buf, at, end);
  if (close < 0) return undefined;
  let hasEscape = false;
  let ascii = true;
  for (let i = at; i < close; i++) {
    const c = buf[i]!;
    if (c === 92) hasEscape = true;
    else if (c >= 128) ascii = false;
  }
  const raw = buf.toString(ascii ? 'latin1' : 'utf8', at, close);
  if (!hasEscape) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return undefined;
  }
}

/** Position just after the first `needle` in [from, end), or -1. */
function find(buf: Buffer, needle: Buffer, from: number, end: number): number {
  const i = buf.indexOf(needle, from);
  return i >= 0 && i + needle.length <= end ? i + needle.length : -1;
}

/** Bounded search, for keys that may be absent from the line (an unbounded search would run on into later lines). */
function findIn(buf: Buffer, needle: Buffer, from: number, end: number): number {
  if (from >= end) return -1;
  const i = buf.subarray(from, end).indexOf(needle);
  return i < 0 ? -1 : from + i + needle.length;
}

function addIp(out: Observable[], v: string | undefined): void {
  if (v === undefined || v === '') return;
  out.push({ type: v.includes(':') ? 'ipv6-addr' : 'ipv4-addr', value: v });
}

/** Every `needle` value in [from, end). */
function each(buf: Buffer, needle: Buffer, from: number, end: number, fn: (v: string) => void): void {
  for (let at = findIn(buf, needle, from, end); at >= 0; at = findIn(buf, needle, at, end)) {
    const v = valueAt(buf, at, end);
    if (v !== undefined) fn(v);
  }
}

/** The observables of one compact EVE event occupying buf[start, end). */
export function eveObservables(buf: Buffer, start: number, end: number): Observable[] {
  const out: Observable[] = [];
  // src_ip and dest_ip come early in every flow-bearing event (stats events have neither), and
  // dest_ip always after src_ip: after the first bounded search, the others stop within the line.
  const src = findIn(buf, K.src, start, end);
  if (src >= 0) addIp(out, valueAt(buf, src, end));
  const dest = src >= 0 ? find(buf, K.dest, src, end) : -1;
  if (dest >= 0) addIp(out, valueAt(buf, dest, end));
  const etAt = src >= 0 ? find(buf, K.eventType, start, end) : findIn(buf, K.eventType, start, end);
  if (etAt < 0) return out;
  const et = buf[etAt];
  const from = Math.max(etAt, dest, src);
  // d(ns), h(ttp), t(ls), f(ileinfo), a(lert: may embed any of them)
  if (et === 100 || et === 97) {
    const dns = findIn(buf, K.dns, from, end);
    if (dns >= 0) {
      each(buf, K.rrname, dns, end, (v) => out.push({ type: 'domain-name', value: v }));
      each(buf, K.rdata, dns, end, (v) => {
        const o = observable('auto', v);
        if (o && (o.type === 'ipv4-addr' || o.type === 'ipv6-addr' || o.type === 'domain-name')) out.push(o);
      });
    }
  }
  if (et === 104 || et === 97 || et === 102) {
    const http = findIn(buf, K.http, from, end);
    if (http >= 0) {
      const hAt = findIn(buf, K.hostname, http, end);
      const host = hAt >= 0 ? valueAt(buf, hAt, end) : undefined;
      if (host) out.push({ type: 'domain-name', value: host });
      const uAt = findIn(buf, K.url, http, end);
      const url = uAt >= 0 ? valueAt(buf, uAt, end) : undefined;
      if (url !== undefined) {
        if (url.includes('://')) out.push({ type: 'url', value: url });
        else if (host) out.push({ type: 'url', value: `http://${host}${url.startsWith('/') ? '' : '/'}${url}` });
      }
    }
  }
  if (et === 116 || et === 97) {
    const tls = findIn(buf, K.tls, from, end);
    const sniAt = tls >= 0 ? findIn(buf, K.sni, tls, end) : -1;
    const sni = sniAt >= 0 ? valueAt(buf, sniAt, end) : undefined;
    if (sni) out.push({ type: 'domain-name', value: sni });
  }
  if (et === 102) {
    const fi = findIn(buf, K.fileinfo, from, end);
    if (fi >= 0) {
      for (const [needle, algorithm] of [[K.md5, 'MD5'], [K.sha1, 'SHA-1'], [K.sha256, 'SHA-256']] as const) {
        const at = findIn(buf, needle, fi, end);
        const v = at >= 0 ? valueAt(buf, at, end) : undefined;
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
      const o = rdata ? observable('auto', rdata) : undefined;
      if (o && (o.type === 'ipv4-addr' || o.type === 'ipv6-addr' || o.type === 'domain-name')) out.push(o);
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
