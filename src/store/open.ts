/**
 * `openStore`: the one entry point the rest of Kyojo uses to get a `Store`.
 * A postgres:// or postgresql:// URL selects PostgreSQL; otherwise the embedded SQLite
 * file `<dataDir>/kyojo.db` (or the file of a `sqlite:/path/file.db` URL).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Store } from './types.js';
import type { StoreLogger } from './schema.js';
import { openSqliteStore } from './sqlite/open.js';
import { openPostgresStore } from './postgres/open.js';

export type { StoreLogger } from './schema.js';

export interface StoreOptions {
  /** directory of the SQLite file; default `./data` */
  dataDir?: string;
  /** `postgres://…`, `postgresql://…` or `sqlite:/path/file.db`; unset = SQLite in dataDir */
  databaseUrl?: string;
  logger?: StoreLogger;
}

export const SQLITE_FILE_NAME = 'kyojo.db';

/** Which backend and location `opts` selects; throws a one-line Error for an unknown scheme. */
export function resolveStoreLocation(opts: StoreOptions): { backend: 'postgres'; url: string } | { backend: 'sqlite'; file: string } {
  const url = opts.databaseUrl?.trim();
  if (url) {
    if (/^postgres(ql)?:\/\//i.test(url)) return { backend: 'postgres', url };
    if (/^sqlite:/i.test(url)) {
      // sqlite:/abs/file.db, sqlite:///abs/file.db or sqlite:relative/file.db
      const file = decodeURIComponent(url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, ''));
      if (!file) throw new Error(`database URL "${url}" names no SQLite file`);
      return { backend: 'sqlite', file: path.resolve(file) };
    }
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
    throw new Error(
      `unsupported database URL scheme "${scheme ?? url}": use postgres://, postgresql:// or sqlite:/path/file.db`,
    );
  }
  return { backend: 'sqlite', file: path.resolve(opts.dataDir ?? 'data', SQLITE_FILE_NAME) };
}

/** Open the store selected by `opts` and bring its schema up to date. */
export async function openStore(opts: StoreOptions = {}): Promise<Store> {
  const where = resolveStoreLocation(opts);
  if (where.backend === 'postgres') return openPostgresStore(where.url, opts.logger);
  mkdirSync(path.dirname(where.file), { recursive: true });
  return openSqliteStore(where.file, opts.logger);
}
