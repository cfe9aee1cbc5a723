import type { Command } from 'commander';
import { loadConfig, type HubConfig } from '../config.js';
import { IdentityService } from '../identity/service.js';
import { openStore } from '../store/open.js';
import { installDefaultSubscriptions } from '../notify/defaults.js';
import type { Principal } from '../identity/principal.js';
import type { Store, User } from '../store/types.js';

/** A command's failure with a one-line message for the operator; exit code 1. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}

export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
}

export interface AdminContext {
  config: HubConfig;
  store: Store;
  identity: IdentityService;
  io: CliIO;
}

export function globalConfig(cmd: Command): HubConfig {
  const g = cmd.optsWithGlobals<{ data?: string; databaseUrl?: string; host?: string; port?: string }>();
  return loadConfig({ data: g.data, databaseUrl: g.databaseUrl, host: g.host, port: g.port });
}

/** Opens the store for one administrative command and closes it afterwards. */
export async function withStore<T>(cmd: Command, io: CliIO, fn: (ctx: AdminContext) => Promise<T>): Promise<T> {
  const config = globalConfig(cmd);
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  installDefaultSubscriptions(store); // accounts made here start with their tier's subscriptions too
  try {
    return await fn({ config, store, identity: new IdentityService(store), io });
  } finally {
    await store.close();
  }
}

export async function readAllStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

export function line(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text + '\n');
}

/**
 * The user a command acts as: `--as EMAIL`, else the first operator (by account creation),
 * reported on stderr so that nobody mistakes whose view or whose publication it was.
 */
export async function actingUser(ctx: AdminContext, email: string | undefined, what: string): Promise<Principal> {
  let user: User | undefined;
  if (email) user = await ctx.identity.requireUser(email);
  else {
    user = (await ctx.store.identity.listUsers())
      .filter((u) => u.role === 'operator' && !u.disabled)
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.email < b.email ? -1 : 1))[0];
    if (!user) throw new CliError(`no operator to ${what} as: create one with \`kyojo user add --role operator\`, or pass --as EMAIL`);
    line(ctx.io.stderr, `acting as ${user.email} (the first operator; pass --as EMAIL to act as another user)`);
  }
  if (user.disabled) throw new CliError(`user ${user.email} is disabled`);
  const principal = await ctx.identity.principalFor(user, null);
  if (!principal) throw new CliError(`user ${user.email} has no organization`);
  return principal;
}
