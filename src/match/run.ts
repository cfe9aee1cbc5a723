/**
 * Matching a log stream against an index, line by line (`kyojo match`, bench/match.ts): hits as
 * JSON lines, written per chunk with back-pressure; a summary at the end.
 */
import { once } from 'node:events';
import type { IndexHit, LookupType, MatchIndex } from './indicator-index.js';
import { LOOKUP_TYPES } from './indicator-index.js';
import type { LineParser } from './logs.js';
import { forEachLine } from './logs.js';
import { observationOf, type Observable } from './observables.js';

export interface RunSummary {
  lines: number;
  bytes: number;
  observables: number;
  hits: number;
  /** hits per indicator id, in order of first hit */
  byIndicator: Map<string, number>;
  /** each hit indicator's name, where it has one */
  names: Map<string, string>;
  seconds: number;
}

export interface RunOptions<T> {
  /** the indicator as printed in each hit */
  show: (entry: T) => Record<string, unknown> & { id: string };
  /** print each (indicator, observed value) once */
  unique?: boolean;
  /** where hits go (JSON lines); omit to only count */
  out?: NodeJS.WritableStream;
  onChunk?: (summary: RunSummary) => void;
  nowUs?: number;
}

async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (text !== '' && !stream.write(text)) await once(stream, 'drain');
}

export async function matchStream<T>(index: MatchIndex<T>, input: AsyncIterable<Buffer | string>, parser: LineParser, opts: RunOptions<T>): Promise<RunSummary> {
  const t0 = performance.now();
  const nowUs = opts.nowUs ?? Date.now() * 1000;
  const summary: RunSummary = { lines: 0, bytes: 0, observables: 0, hits: 0, byIndicator: new Map(), names: new Map(), seconds: 0 };
  const evaluated = new Set<LookupType>(LOOKUP_TYPES.filter((t) => index.hasPatternsFor([t])));
  const seen = opts.unique ? new Set<string>() : null;
  const shown = new Map<T, string>();
  let pending: string[] = [];
  const hits: IndexHit<T>[] = [];

  const record = (h: IndexHit<T>, o: Observable | null, line: number) => {
    const shownEntry = opts.show(h.entry);
    const id = shownEntry.id;
    if (seen) {
      const k = `${id}\u0000${o?.type ?? ''}\u0000${o?.value ?? line}`;
      if (seen.has(k)) return;
      seen.add(k);
    }
    summary.hits++;
    const before = summary.byIndicator.get(id);
    summary.byIndicator.set(id, (before ?? 0) + 1);
    if (before === undefined && typeof shownEntry.name === 'string') summary.names.set(id, shownEntry.name);
    if (!opts.out) return;
    let ind = shown.get(h.entry);
    if (ind === undefined) {
      ind = JSON.stringify(opts.show(h.entry));
      shown.set(h.entry, ind);
    }
    pending.push(`{"line":${line},"observable":${o ? JSON.stringify({ type: o.type, value: o.value }) : 'null'},"match":"${h.match}","term":${JSON.stringify(h.term)},"indicator":${ind}}\n`);
  };

  await forEachLine(input, (buf, start, end, latin1) => {
    const line = ++summary.lines;
    const r = parser.parse(buf, start, end, latin1);
    if (r === null) return;
    summary.observables += r.observables.length;
    let needsEvaluator = false;
    for (const o of r.observables) {
      hits.length = 0;
      index.lookup(o.type, o.value, nowUs, hits);
      for (const h of hits) record(h, o, line);
      if (evaluated.has(o.type)) needsEvaluator = true;
    }
    if (r.observations) {
      for (const obs of r.observations) {
        const types = obs.scos.map(([, s]) => String(s.type));
        if (index.hasPatternsFor(types)) for (const h of index.evaluate([obs.observation], types, nowUs)) record(h, null, line);
      }
    } else if (needsEvaluator) {
      const types = [...new Set(r.observables.map((o) => o.type))];
      for (const h of index.evaluate([observationOf(r.observables)], types, nowUs)) record(h, null, line);
    }
  }, async (bytes) => {
    summary.bytes += bytes;
    if (pending.length > 0 && opts.out) {
      const text = pending.join('');
      pending = [];
      await write(opts.out, text);
    }
    opts.onChunk?.(summary);
  });
  if (pending.length > 0 && opts.out) await write(opts.out, pending.join(''));
  summary.seconds = (performance.now() - t0) / 1000;
  return summary;
}
