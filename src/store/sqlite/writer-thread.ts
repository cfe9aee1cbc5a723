/**
 * The SQLite writer thread: owns one connection and performs every write of statuses
 * and shared objects the server makes, so the event loop keeps serving reads
 * while a commit waits for the disk. One writer per file: a second one would only
 * contend for the database lock. Messages are `{ seq, op, args }`; answers
 * `{ seq, result }` or `{ seq, error }`. Writes are applied one at a time, in arrival order.
 */
import BetterSqlite3 from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { applyConnectionPragmas, createStatusWriter, type StatusWriter } from './status-writes.js';
import { createSharedWriter, type SharedWriter } from './shared-writes.js';
import type { WriterOp } from './writer-client.js';

interface Request { seq: number; op: WriterOp | 'close'; args: unknown[] }

const db = new BetterSqlite3((workerData as { file: string }).file, { timeout: 5000 });
applyConnectionPragmas(db, 'writer'); // this thread checkpoints the WAL it writes, off the event loop
const statuses: StatusWriter = createStatusWriter(db);
const shared: SharedWriter = createSharedWriter(db);

parentPort!.on('message', (req: Request) => {
  try {
    let result: unknown;
    switch (req.op) {
      case 'saveStatus':
        statuses.saveStatus(req.args[0] as Parameters<StatusWriter['saveStatus']>[0]);
        break;
      case 'sharedAdd':
        result = shared.add(req.args[0] as Parameters<SharedWriter['add']>[0]);
        break;
      case 'sharedDelete':
        result = shared.delete(req.args[0] as Parameters<SharedWriter['delete']>[0]);
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
