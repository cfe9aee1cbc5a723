/**
 * The SQLite writer thread of shared objects (shared-writes.ts): one connection, writes applied
 * one at a time in arrival order. The same protocol as writer-thread.ts — `{ seq, op, args }`
 * in, `{ seq, result }` or `{ seq, error }` out — so the two may later become one thread.
 */
import BetterSqlite3 from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { applyConnectionPragmas } from './object-writes.js';
import { createSharedWriter } from './shared-writes.js';
import type { SharedDeleteQuery, SharedVersionInput } from '../types.js';

interface Request { seq: number; op: 'add' | 'delete' | 'close'; args: unknown[] }

const db = new BetterSqlite3((workerData as { file: string }).file, { timeout: 5000 });
applyConnectionPragmas(db, 'writer'); // this thread checkpoints the WAL it writes, off the event loop
const writer = createSharedWriter(db);

parentPort!.on('message', (req: Request) => {
  try {
    let result: unknown;
    switch (req.op) {
      case 'add':
        result = writer.add(req.args[0] as SharedVersionInput[]);
        break;
      case 'delete':
        result = writer.delete(req.args[0] as SharedDeleteQuery);
        break;
      case 'close':
        db.close();
        parentPort!.postMessage({ seq: req.seq, result: null });
        parentPort!.close();
        return;
    }
    parentPort!.postMessage({ seq: req.seq, result });
  } catch (e) {
    const err = e as Error & { code?: string };
    parentPort!.postMessage({ seq: req.seq, error: { message: err.message, code: err.code ?? null, name: err.name } });
  }
});
