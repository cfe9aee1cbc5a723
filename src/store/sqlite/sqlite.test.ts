import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineStoreContract } from '../contract.js';
import { openStore, resolveStoreLocation } from '../open.js';
import type { Store } from '../types.js';

defineStoreContract('sqlite', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kyojo-store-'));
  const opened: Store[] = [await openStore({ dataDir: dir })];
  return {
    store: opened[0] as Store,
    async reopen() {
      const s = await openStore({ dataDir: dir });
      opened.push(s);
      return s;
    },
    async cleanup() {
      for (const s of opened) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('openStore (SQLite)', () => {
  it('creates the data directory and kyojo.db inside it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kyojo-store-'));
    try {
      const store = await openStore({ dataDir: path.join(dir, 'nested', 'data') });
      expect(store.backend).toBe('sqlite');
      await store.close();
      expect(statSync(path.join(dir, 'nested', 'data', 'kyojo.db')).isFile()).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts a sqlite: URL and prefers it over dataDir', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kyojo-store-'));
    try {
      const file = path.join(dir, 'sub', 'other.db');
      const store = await openStore({ dataDir: path.join(dir, 'unused'), databaseUrl: `sqlite:${file}` });
      await store.close();
      expect(statSync(file).isFile()).toBe(true);
      expect(resolveStoreLocation({ databaseUrl: 'sqlite:///var/x.db' })).toEqual({ backend: 'sqlite', file: '/var/x.db' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('selects PostgreSQL for postgres:// and postgresql:// URLs', () => {
    expect(resolveStoreLocation({ databaseUrl: 'postgres://u@h/db' })).toEqual({ backend: 'postgres', url: 'postgres://u@h/db' });
    expect(resolveStoreLocation({ databaseUrl: 'postgresql://u@h/db' }).backend).toBe('postgres');
    expect(resolveStoreLocation({ dataDir: '/srv/kyojo' })).toEqual({ backend: 'sqlite', file: '/srv/kyojo/kyojo.db' });
  });

  it('rejects an unknown URL scheme with a one-line message', async () => {
    const err = await openStore({ databaseUrl: 'mysql://root@localhost/kyojo' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^unsupported database URL scheme "mysql"/);
    expect((err as Error).message).not.toContain('\n');
  });

  it('lets two openers of a fresh file in one process share one schema', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kyojo-store-'));
    try {
      // two opens racing on a fresh file: both must succeed with one schema
      const [a, b] = await Promise.all([openStore({ dataDir: dir }), openStore({ dataDir: dir })]);
      await a.identity.createCommunity({ id: 'c', slug: 'c', name: 'c', kind: 'isac', sector: null, createdAt: '2026-01-01T00:00:00.000Z' });
      expect((await b.identity.getCommunity({ slug: 'c' }))?.id).toBe('c');
      await a.close();
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
