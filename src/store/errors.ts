/**
 * Recognising uniqueness violations from either driver, so repositories can turn
 * them into `ConflictError` with a message that names the offending value.
 */
import { ConflictError } from './types.js';

/**
 * The column (as stored) whose unique constraint `err` violated, or undefined if
 * `err` is not a uniqueness violation. For composite keys, the last column.
 */
export function uniqueViolationColumn(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; message?: unknown; detail?: unknown };
  // better-sqlite3: code SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY,
  // message "UNIQUE constraint failed: users.email"
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const m = /failed: (.+)$/.exec(String(e.message));
    const last = m?.[1]?.split(',').pop()?.trim();
    return last?.split('.').pop() ?? '?';
  }
  // pg: SQLSTATE 23505, detail "Key (email)=(a@b.example) already exists."
  if (e.code === '23505') {
    const m = /^Key \(([^)]+)\)=/.exec(String(e.detail ?? ''));
    return m?.[1]?.split(',').pop()?.trim() ?? '?';
  }
  return undefined;
}

/** Run an insert; a uniqueness violation becomes ConflictError("<what> <column> "<value>" ..."). */
export async function insertOrConflict(
  what: string,
  values: Record<string, unknown>,
  insert: () => Promise<unknown>,
): Promise<void> {
  try {
    await insert();
  } catch (err) {
    const column = uniqueViolationColumn(err);
    if (column === undefined) throw err;
    const value = values[column];
    const shown = column === 'token_hash' ? '' : ` "${String(value)}"`;
    throw new ConflictError(`${what} ${column.replace('_', ' ')}${shown} already exists`);
  }
}
