/** Starts a real `kyojo serve` process for a benchmark and seeds an operator token. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { IdentityService } from '../src/identity/service.js';
import { openStore } from '../src/store/open.js';
import { rssMiB } from './workloads.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'kyojo.js');

export interface BenchHub {
  url: string;
  token: string;
  collectionUrl: string;
  pid: number;
  rssMiB(): { rss: number; peak: number };
  stop(): Promise<void>;
}

export async function seed(dataDir: string, databaseUrl: string | undefined): Promise<{ token: string; collectionId: string }> {
  const store = await openStore({ dataDir, databaseUrl });
  try {
    const identity = new IdentityService(store);
    await identity.addOrganization({ slug: 'hub', name: 'Hub', kind: 'isac', sector: 'other' });
    const { collection } = await identity.addCommunity({ slug: 'bench', name: 'Bench ISAC', kind: 'isac', sector: 'finance' });
    await identity.joinCommunity('bench', 'hub');
    await identity.addUser({ email: 'op@hub.example', org: 'hub', role: 'operator' });
    const { secret } = await identity.addToken('op@hub.example');
    return { token: secret, collectionId: collection.id };
  } finally {
    await store.close();
  }
}

export async function startServer(dataDir: string, databaseUrl: string | undefined, token: string, collectionId: string): Promise<BenchHub> {
  const env: NodeJS.ProcessEnv = { ...process.env, KYOJO_LOG_LEVEL: 'warn', KYOJO_DATA: dataDir };
  if (databaseUrl) {
    env.DATABASE_URL = databaseUrl;
    // with PostgreSQL the hub key must be configured (src/notify/secret-box.ts)
    env.KYOJO_SECRET_KEY ??= randomBytes(32).toString('base64');
  } else delete env.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  child.stdout!.resume();
  const pid = child.pid!;
  return {
    url,
    token,
    pid,
    collectionUrl: `${url}/taxii2/bench/collections/${collectionId}`,
    rssMiB: () => rssMiB(pid),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** A fresh PostgreSQL database for one benchmark run, dropped by `drop()`. */
export async function freshBenchDatabase(adminUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
