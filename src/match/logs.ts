/**
 * Log and list formats for `kyojo match`, read as a stream of lines (constant memory):
 * - csv: values in any column, each typed by its look (detectType); a header row matches nothing;
 * - jsonl: one observable `{"type", "value"}`, SCO or observed-data per line;
 * - zeek: Zeek logs, TSV with their `#fields` header (conn, dns, http, ssl, files, smtp, x509,
 *   notice, ... by field name) or Zeek JSON (one object per line, the same field names);
 * - eve: Suricata EVE JSON (src/match/eve.ts).
 */
import { open } from 'node:fs/promises';
import { eveCompact, eveObservables, eveObservablesOf } from './eve.js';
import { lookupsOfSco, observable, observationsOfObjects, type Observable, type ObservationInput } from './observables.js';
import { detectType } from './normalize.js';

export type LogFormat = 'csv' | 'jsonl' | 'zeek' | 'eve';
export const LOG_FORMATS: readonly LogFormat[] = ['csv', 'jsonl', 'zeek', 'eve'];

/** What one line holds. */
export interface LogRecord {
  observables: Observable[];
  /** SCOs or observed-data given whole (jsonl): for patterns the index leaves to the evaluator */
  observations?: ObservationInput[];
}

/**
 * A line parser; stateful (headers) and synchronous. `null`: nothing to match on this line; a
 * record is valid until the next call (parsers may reuse it). The
 * line is buf[start, end); `latin1` is the same bytes as a latin1 string (one character per
 * byte, so offsets agree), for parsers that search before they decode.
 */
export interface LineParser {
  parse(buf: Buffer, start: number, end: number, latin1: string): LogRecord | null;
}

/** The format of a file from its name and first line. */
export function sniffFormat(name: string, firstLine: string): LogFormat {
  const line = firstLine.trim();
  if (line.startsWith('#separator') || line.startsWith('#fields')) return 'zeek';
  if (line.startsWith('{')) {
    try {
      const o = JSON.parse(line) as Record<string, unknown>;
      if (typeof o.event_type === 'string') return 'eve';
      if ('id.orig_h' in o || '_path' in o || ('uid' in o && 'ts' in o)) return 'zeek';
    } catch {
      // not one JSON object per line after all
    }
    return 'jsonl';
  }
  return /\.(jsonl|ndjson)$/i.test(name) ? 'jsonl' : 'csv';
}

const text = (buf: Buffer, start: number, end: number): string => buf.toString('utf8', start, end);

// ---- CSV --------------------------------------------------------------------------

/** Fields of one CSV line (RFC 4180 quoting; a quoted field spanning lines is not supported). */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            v += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else v += line[i++];
      }
      out.push(v);
      const comma = line.indexOf(',', i);
      i = comma < 0 ? line.length + 1 : comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      const e = comma < 0 ? line.length : comma;
      out.push(line.slice(i, e).trim());
      i = e + 1;
    }
  }
  return out;
}

function csvParser(): LineParser {
  return {
    parse(buf, start, end) {
      const observables: Observable[] = [];
      for (const f of csvFields(text(buf, start, end).replace(/\r$/, ''))) {
        const t = detectType(f);
        const o = t ? observable(t, f.trim()) : undefined;
        if (o) observables.push(o);
      }
      return observables.length > 0 ? { observables } : null;
    },
  };
}

// ---- JSON lines ---------------------------------------------------------------------

function jsonlParser(): LineParser {
  return {
    parse(buf, start, end) {
      const line = text(buf, start, end).trim();
      if (line === '') return null;
      let o: unknown;
      try {
        o = JSON.parse(line);
      } catch {
        return null;
      }
      if (o === null || typeof o !== 'object' || Array.isArray(o)) return null;
      const r = o as Record<string, unknown>;
      if (typeof r.type !== 'string') return null;
      if (r.type === 'observed-data' || r.type === 'bundle') {
        const objects = r.type === 'bundle' && Array.isArray(r.objects) ? r.objects : [r];
        const observations = observationsOfObjects(objects);
        return { observables: observations.flatMap((x) => x.scos.flatMap(([, sco]) => lookupsOfSco(sco))), observations };
      }
      const direct = typeof r.value === 'string' ? observable(r.type, r.value) : undefined;
      const observables = direct ? [direct] : lookupsOfSco(r);
      const isSco = typeof r.id === 'string' || r.type === 'file' || (direct && direct.type === r.type);
      return { observables, ...(isSco ? { observations: observationsOfObjects([r]) } : {}) };
    },
  };
}

// ---- Zeek ---------------------------------------------------------------------------

/** Zeek field names that hold addresses, host names, hashes, email addresses. */
const ZEEK_FIELDS: Readonly<Record<string, 'ip' | 'domain' | 'hash' | 'email' | 'answers'>> = {
  'id.orig_h': 'ip', 'id.resp_h': 'ip', orig_h: 'ip', resp_h: 'ip', src: 'ip', dst: 'ip', tx_hosts: 'ip', rx_hosts: 'ip',
  x_originating_ip: 'ip', 'conn.id.orig_h': 'ip', 'conn.id.resp_h': 'ip',
  query: 'domain', host: 'domain', server_name: 'domain', sni: 'domain', 'certificate.subject_alt_name': 'domain', 'san.dns': 'domain',
  answers: 'answers', md5: 'hash', sha1: 'hash', sha256: 'hash',
  mailfrom: 'email', rcptto: 'email', from: 'email', to: 'email', reply_to: 'email',
};

const EMAIL_IN_TEXT = /[^\s<>"',;]+@[^\s<>"',;]+/g;

function zeekValue(field: string, raw: string, out: Observable[]): void {
  const kind = ZEEK_FIELDS[field];
  if (!kind || raw === '-' || raw === '(empty)' || raw === '') return;
  for (const v of raw.split(',')) {
    if (v === '' || v === '-') continue;
    switch (kind) {
      case 'ip': {
        const o = observable('ip', v);
        if (o) out.push(o);
        break;
      }
      case 'domain': out.push({ type: 'domain-name', value: v }); break;
      case 'hash': {
        const o = observable(field, v);
        if (o) out.push(o);
        break;
      }
      case 'email': for (const m of v.match(EMAIL_IN_TEXT) ?? []) out.push({ type: 'email-addr', value: m }); break;
      case 'answers': {
        const t = detectType(v);
        if (t === 'ipv4-addr' || t === 'ipv6-addr' || t === 'domain-name') out.push({ type: t, value: v });
        break;
      }
    }
  }
}

/** The URL of a Zeek http.log record: http://host/uri. */
function zeekUrl(host: string | undefined, uri: string | undefined, out: Observable[]): void {
  if (!host || !uri || host === '-' || uri === '-') return;
  out.push({ type: 'url', value: uri.includes('://') ? uri : `http://${host}${uri.startsWith('/') ? '' : '/'}${uri}` });
}

function zeekParser(): LineParser {
  let fields: string[] | null = null;
  let separator = '\t';
  let setSeparator = ',';
  return {
    parse(buf, start, end) {
      const line = text(buf, start, end).replace(/\r$/, '');
      if (line === '') return null;
      if (line.startsWith('#')) {
        if (line.startsWith('#separator ')) separator = line.slice(11).replace(/\\x([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
        else if (line.startsWith('#set_separator')) setSeparator = line.slice(line.indexOf(separator) + 1) || ',';
        else if (line.startsWith('#fields')) fields = line.split(separator).slice(1);
        return null;
      }
      const out: Observable[] = [];
      if (line.startsWith('{')) {
        let o: Record<string, unknown>;
        try {
          o = JSON.parse(line) as Record<string, unknown>;
        } catch {
          return null;
        }
        for (const [k, v] of Object.entries(o)) {
          if (typeof v === 'string') zeekValue(k, v, out);
          else if (Array.isArray(v)) zeekValue(k, v.filter((x) => typeof x === 'string').join(','), out);
        }
        zeekUrl(o.host as string | undefined, o.uri as string | undefined, out);
        return out.length > 0 ? { observables: out } : null;
      }
      if (!fields) return null;
      const values = line.split(separator);
      let host: string | undefined;
      let uri: string | undefined;
      for (let i = 0; i < fields.length && i < values.length; i++) {
        const f = fields[i]!;
        const v = setSeparator === ',' ? values[i]! : values[i]!.split(setSeparator).join(',');
        if (f === 'host') host = v;
        else if (f === 'uri') uri = v;
        zeekValue(f, v, out);
      }
      zeekUrl(host, uri, out);
      return out.length > 0 ? { observables: out } : null;
    },
  };
}

// ---- EVE ----------------------------------------------------------------------------

function eveParser(compact: boolean): LineParser {
  // one record, refilled per line: the caller is done with a record before it asks for the next
  const record: LogRecord = { observables: [] };
  return {
    parse(buf, start, end, latin1) {
      if (end - start < 2) return null;
      if (compact) {
        record.observables.length = 0;
        eveObservables(latin1, buf, start, end, record.observables);
        return record.observables.length > 0 ? record : null;
      }
      try {
        const observables = eveObservablesOf(JSON.parse(text(buf, start, end)) as Record<string, unknown>);
        return observables.length > 0 ? { observables } : null;
      } catch {
        return null;
      }
    },
  };
}

/** A fresh parser of a format; `firstLine` decides between EVE's fast and plain paths. */
export function parserFor(format: LogFormat, firstLine: string): LineParser {
  switch (format) {
    case 'csv': return csvParser();
    case 'jsonl': return jsonlParser();
    case 'zeek': return zeekParser();
    case 'eve': return eveParser(eveCompact(firstLine));
  }
}

/**
 * A file's bytes in chunks read into one reused buffer (each chunk is valid until the next is
 * asked for). Small chunks on purpose: a fresh megabyte buffer or string per read costs page
 * faults on every chunk, while 64 KiB strings stay in V8's young generation.
 */
export async function* fileChunks(path: string, size = 64 * 1024): AsyncGenerator<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(size);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, size, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

/**
 * Calls `onLine` for each line of a byte stream (without its `\n`), in order, holding at most one
 * chunk and one partial line. Lines are given as a range of a buffer, and of the same bytes as a
 * latin1 string (split there: V8's string search is the fastest there is in JavaScript), not copied.
 */
export async function forEachLine(
  stream: AsyncIterable<Buffer | string>,
  onLine: (buf: Buffer, start: number, end: number, latin1: string) => void,
  onChunk?: (bytes: number) => void | Promise<void>,
): Promise<void> {
  let carry: Buffer | null = null;
  for await (const raw of stream) {
    let chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    const bytes = chunk.length;
    if (carry) {
      chunk = Buffer.concat([carry, chunk]);
      carry = null;
    }
    const str = chunk.toString('latin1');
    let pos = 0;
    for (let nl = str.indexOf('\n'); nl >= 0; nl = str.indexOf('\n', pos)) {
      onLine(chunk, pos, nl, str);
      pos = nl + 1;
    }
    if (pos < chunk.length) carry = Buffer.from(chunk.subarray(pos));
    await onChunk?.(bytes);
  }
  if (carry && carry.length > 0) onLine(carry, 0, carry.length, carry.toString('latin1'));
}
