/**
 * A real hub for integration tests: a fresh store (SQLite in a temp dir, or a fresh
 * PostgreSQL database), seeded communities, organizations, users and tokens, and the
 * Fastify app listening on a loopback port. Talk to it with `fetch(hub.url + ...)`.
 *
 * Seed (slugs are stable; ids are random per hub):
 * - communities `fin-isac` (orgs `acme`, `bank`) and `energy-isac` (org `power`),
 *   each with its default collection (`collections.finIsac`, `collections.energyIsac`)
 * - org `hub-op` (in no community) with the operator
 * - users, by key in `users` and `tokens`:
 *     operator      op@hub-op.example        operator  (hub-op)
 *     acmeAnalyst   analyst@acme.example     analyst   (acme, fin-isac)
 *     acmeReader    reader@acme.example      reader    (acme, fin-isac)
 *     bankAnalyst   analyst@bank.example     analyst   (bank, fin-isac)
 *     powerAnalyst  analyst@power.example    analyst   (power, energy-isac)
 *
 * PostgreSQL: `startTestHub({ backend: 'postgres' })` resolves to `{ skip: reason }` when no
 * server is reachable (the caller skips); with KYOJO_REQUIRE_POSTGRES=1 the helper throws.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig, type HubConfig } from '../../src/config.js';
import { IdentityService } from '../../src/identity/service.js';
import { MemoryBus } from '../../src/notify/bus-memory.js';
import { StoreFeed } from '../../src/notify/feed.js';
import { AttachmentService } from '../../src/attachments/index.js';
import { startDelivery, type Delivery, type DeliveryOptions } from '../../src/notify/index.js';
import { buildApp } from '../../src/server/app.js';
import type { HubContext } from '../../src/server/context.js';
import { openStore } from '../../src/store/open.js';
import { freshPostgresUrl } from '../../src/store/postgres/test-db.js';
import type { User } from '../../src/store/types.js';

export type Backend = 'sqlite' | 'postgres';

export const USERS = {
  operator: { email: 'op@hub-op.example', org: 'hub-op', role: 'operator' },
  acmeAnalyst: { email: 'analyst@acme.example', org: 'acme', role: 'analyst' },
  acmeReader: { email: 'reader@acme.example', org: 'acme', role: 'reader' },
  bankAnalyst: { email: 'analyst@bank.example', org: 'bank', role: 'analyst' },
  powerAnalyst: { email: 'analyst@power.example', org: 'power', role: 'analyst' },
} as const;

export type UserKey = keyof typeof USERS;

export interface TestHubOptions {
  backend?: Backend;
  /** config overrides (bodyLimit, defaultPageSize, maxPageSize, title, ...) */
  config?: Partial<HubConfig>;
  /** pino level for the hub's log; default 'silent' (set KYOJO_TEST_LOG=debug to see it) */
  logLevel?: string;
  /** the feed's poll timer, ms (default 2000); the in-process bus wakes it on every write anyway */
  feedIntervalMs?: number;
  /** start delivery (dispatcher, mailer, webhook sender: src/notify/index.ts) with these options; default: not started */
  delivery?: DeliveryOptions;
}

export interface TestHub {
  backend: Backend;
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  url: string;
  ctx: HubContext;
  /** API token secret per user key */
  tokens: Record<UserKey, string>;
  users: Record<UserKey, User>;
  collections: { finIsac: string; energyIsac: string };
  /** `Authorization` header value (Bearer) for a user key */
  auth(user: UserKey): string;
  /** delivery, when started (options.delivery) */
  delivery: Delivery | null;
  close(): Promise<void>;
}

/** Starts a seeded hub; for PostgreSQL, `{ skip }` when no test server is available. */
export async function startTestHub(opts: TestHubOptions & { backend: 'postgres' }): Promise<TestHub | { skip: string }>;
export async function startTestHub(opts?: TestHubOptions & { backend?: 'sqlite' }): Promise<TestHub>;
export async function startTestHub(opts: TestHubOptions): Promise<TestHub | { skip: string }>;
export async function startTestHub(opts: TestHubOptions = {}): Promise<TestHub | { skip: string }> {
  const backend = opts.backend ?? 'sqlite';
  const cleanups: (() => Promise<void> | void)[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'kyojo-hub-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  let databaseUrl: string | undefined;
  if (backend === 'postgres') {
    const db = await freshPostgresUrl();
    if ('skip' in db) {
      rmSync(dataDir, { recursive: true, force: true });
      return { skip: db.skip };
    }
    databaseUrl = db.url;
    cleanups.push(() => db.drop());
  }
  const runCleanups = async () => {
    for (const c of cleanups.reverse()) await c();
  };

  try {
    const config: HubConfig = {
      ...loadConfig({ data: dataDir, databaseUrl, host: '127.0.0.1', port: 0 }, {}),
      // the hub key: required with PostgreSQL (src/notify/secret-box.ts)
      secretKey: randomBytes(32),
      ...opts.config,
    };
    const store = await openStore({ dataDir, databaseUrl });
    cleanups.push(() => store.close());
    const log = pino({ level: opts.logLevel ?? process.env.KYOJO_TEST_LOG ?? 'silent' });
    const identity = new IdentityService(store);
    const bus = new MemoryBus(log);
    const feed = new StoreFeed({ store, log, bus, ...(opts.feedIntervalMs ? { intervalMs: opts.feedIntervalMs } : {}) });
    cleanups.push(async () => {
      await feed.stop();
      await bus.close();
    });
    const ctx: HubContext = { config, store, identity, log, bus, feed, attachments: new AttachmentService(store, { maxBytes: config.attachmentMaxBytes }) };

    await identity.addOrganization({ slug: 'hub-op', name: 'Hub operations', kind: 'isac', sector: 'other', country: 'JP' });
    await identity.addOrganization({ slug: 'acme', name: 'ACME Bank', kind: 'company', sector: 'finance', country: 'JP' });
    await identity.addOrganization({ slug: 'bank', name: 'Example Bank', kind: 'company', sector: 'finance', country: 'JP' });
    await identity.addOrganization({ slug: 'power', name: 'Power Co', kind: 'company', sector: 'energy', country: 'JP' });
    const fin = await identity.addCommunity({ slug: 'fin-isac', name: 'Financials ISAC', kind: 'isac', sector: 'finance' });
    const energy = await identity.addCommunity({ slug: 'energy-isac', name: 'Energy ISAC', kind: 'isac', sector: 'energy' });
    await identity.joinCommunity('fin-isac', 'acme');
    await identity.joinCommunity('fin-isac', 'bank');
    await identity.joinCommunity('energy-isac', 'power');

    const users = {} as Record<UserKey, User>;
    const tokens = {} as Record<UserKey, string>;
    for (const [key, u] of Object.entries(USERS) as [UserKey, (typeof USERS)[UserKey]][]) {
      users[key] = await identity.addUser({ email: u.email, org: u.org, role: u.role });
      tokens[key] = (await identity.addToken(u.email, 'tests')).secret;
    }

    const app = await buildApp(ctx);
    cleanups.push(() => app.close());
    // from the store's end: the seed and the hub's own objects are history
    feed.start();
    await feed.ready;
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    if (!addr || typeof addr !== 'object') throw new Error('test hub: no listening address');
    let delivery: Delivery | null = null;
    if (opts.delivery) {
      const started = startDelivery(ctx, { baseUrl: `http://127.0.0.1:${addr.port}`, ...opts.delivery });
      delivery = started;
      cleanups.push(() => started.stop());
    }

    return {
      backend,
      url: `http://127.0.0.1:${addr.port}`,
      ctx,
      tokens,
      users,
      collections: { finIsac: fin.collection.id, energyIsac: energy.collection.id },
      auth: (user) => `Bearer ${tokens[user]}`,
      delivery,
      close: runCleanups,
    };
  } catch (e) {
    await runCleanups();
    throw e;
  }
}

/** Each backend to run a suite against: SQLite always, PostgreSQL when available. */
export const BACKENDS: readonly Backend[] = ['sqlite', 'postgres'];
