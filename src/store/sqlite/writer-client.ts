/**
 * The main thread's handle on the SQLite writer thread (writer-thread.ts), shared by the
 * status and shared-object repositories of one store. The thread starts on the first
 * write (a CLI command that only reads never starts one). A promise resolves only after
 * the thread's transaction has committed, so acknowledging a write still means it is
 * on disk. If the thread dies, pending writes fail and the next write starts a new one.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

interface Pending { resolve: (v: unknown) => void; reject: (e: Error) => void }
/** Status writes (status-writes.ts), shared-object writes (shared-writes.ts). */
export type WriterOp = 'saveStatus' | 'sharedAdd' | 'sharedDelete';
type Answer = { seq: number; result?: unknown; error?: { message: string; code: string | null; name: string } };

const here = fileURLToPath(import.meta.url);
// From sources (tests, tsx) the thread runs TypeScript through tsx; from dist/ it is plain JS.
const fromSource = here.endsWith('.ts');
const THREAD_FILE = join(dirname(here), fromSource ? 'writer-thread.ts' : 'writer-thread.js');

export class SqliteWriterClient {
  private worker: Worker | undefined;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly file: string) {}

  call<T>(op: WriterOp, args: unknown[]): Promise<T> {
    const worker = this.worker ?? this.start();
    const seq = ++this.seq;
    // Keep the process alive while a write is in flight; an idle writer must not.
    if (this.pending.size === 0) worker.ref();
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
      ? // Worker threads on Node 20 do not take --import loaders: register tsx inside the thread.
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
      } else {
        p.resolve(a.result);
      }
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.pending.size > 0) fail(new Error(`SQLite writer thread exited (code ${code})`));
      if (this.worker === worker) this.worker = undefined;
    });
    this.worker = worker;
    return worker;
  }
}
