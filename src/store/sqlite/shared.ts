/**
 * SQLite shared objects: reads on the main connection's prepared statements (the hot path),
 * writes on a writer thread of their own (shared-thread.ts), started on the first write. The
 * thread client mirrors writer-client.ts: a promise resolves only after the thread's
 * transaction committed; if the thread dies, pending writes fail and the next write starts a
 * new one. Inputs are checked here, so a bad input fails with its RangeError before any
 * message is posted.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { normalizeSharedInput } from '../shared-plan.js';
import { sharedQuerySql, toSharedRow, type RawSharedRow } from '../shared-sql.js';
import type { AddResult, Page, SharedObjectRepository, SharedQuery, SharedRow } from '../types.js';

interface Pending { resolve: (v: unknown) => void; reject: (e: Error) => void }
type Answer = { seq: number; result?: unknown; error?: { message: string; code: string | null; name: string } };

const here = fileURLToPath(import.meta.url);
const fromSource = here.endsWith('.ts');
const THREAD_FILE = join(dirname(here), fromSource ? 'shared-thread.ts' : 'shared-thread.js');

export class SharedWriterClient {
  private worker: Worker | undefined;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly file: string) {}

  call<T>(op: 'add' | 'delete', args: unknown[]): Promise<T> {
    const worker = this.worker ?? this.start();
    const seq = ++this.seq;
    if (this.pending.size === 0) worker.ref(); // alive while a write is in flight; idle, it must not hold the process
    return new Promise<T>((resolve, reject) => {
      this.pending.set(seq, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ seq, op, args });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const seq = ++this.seq;
    const closed = new Promise<void>((resolve) => this.pending.set(seq, { resolve: () => resolve(), reject: () => resolve() }));
    worker.ref();
    worker.postMessage({ seq, op: 'close', args: [] });
    await closed;
    await worker.terminate();
    this.worker = undefined;
  }

  private start(): Worker {
    const worker = fromSource
      ? // Node 20 workers do not take --import loaders: register tsx inside the thread.
        new Worker(
          `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(THREAD_FILE).href)}); });`,
          { eval: true, workerData: { file: this.file } },
        )
      : new Worker(THREAD_FILE, { workerData: { file: this.file } });
    worker.on('message', (a: Answer) => {
      const p = this.pending.get(a.seq);
      if (!p) return;
      this.pending.delete(a.seq);
      if (this.pending.size === 0) worker.unref();
      if (a.error) {
        const err = new Error(a.error.message) as Error & { code?: string };
        err.name = a.error.name;
        if (a.error.code) err.code = a.error.code;
        p.reject(err);
      } else p.resolve(a.result);
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.pending.size > 0) fail(new Error(`SQLite shared writer thread exited (code ${code})`));
      if (this.worker === worker) this.worker = undefined;
    });
    this.worker = worker;
    return worker;
  }
}

export function createSqliteSharedRepository(db: BetterSqlite3.Database, writer: SharedWriterClient): SharedObjectRepository {
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM shared_objects');
  // Query text varies with the filters and the viewer's keys; keep the statements of recent shapes.
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepared = (text: string): BetterSqlite3.Statement => {
    let s = cache.get(text);
    if (s) cache.delete(text);
    else {
      s = db.prepare(text);
      if (cache.size >= 200) cache.delete(cache.keys().next().value as string);
    }
    cache.set(text, s);
    return s;
  };

  return {
    async add(versions) {
      if (versions.length === 0) return [];
      return writer.call<AddResult[]>('add', [versions.map(normalizeSharedInput)]);
    },
    async query(q: SharedQuery): Promise<Page<SharedRow>> {
      const { text, params } = sharedQuerySql('sqlite', q);
      const rows = (prepared(text).all(params) as RawSharedRow[]).map(toSharedRow);
      const more = rows.length > q.limit;
      if (more) rows.length = q.limit;
      return { rows, more };
    },
    async delete(q) {
      return writer.call<number>('delete', [q]);
    },
    async count() {
      return countAll.get()?.n ?? 0;
    },
  };
}
