import type { Command } from 'commander';
import { loadConfig, type HubConfig } from '../config.js';
import { IdentityService } from '../identity/service.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/types.js';

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
