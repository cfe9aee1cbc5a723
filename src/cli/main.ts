import { Command, CommanderError } from 'commander';
import { IdentityInputError } from '../identity/validation.js';
import { ConflictError } from '../store/types.js';
import { registerClearance } from './commands/clearance.js';
import { registerCommunity } from './commands/community.js';
import { registerExport } from './commands/export.js';
import { registerImport } from './commands/import.js';
import { registerMatch } from './commands/match.js';
import { registerOrg } from './commands/org.js';
import { registerPeer } from './commands/peer.js';
import { registerDesk } from './commands/desk.js';
import { registerPosture } from './commands/posture.js';
import { registerServe } from './commands/serve.js';
import { registerTerms } from './commands/terms.js';
import { registerTrends } from './commands/trends.js';
import { registerToken } from './commands/token.js';
import { registerUser } from './commands/user.js';
import { CliError, type CliIO } from './context.js';

export function buildProgram(io: CliIO): Command {
  const program = new Command('kyojo')
    .description('Kyojo: a cyber-threat information-sharing hub (STIX 2.1, TAXII 2.1)')
    .option('--data <dir>', 'data directory for the embedded SQLite store (env KYOJO_DATA, default ./data)')
    .option('--database-url <url>', 'postgres://… to use PostgreSQL instead (env DATABASE_URL)')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(s.replace(/^error: /, 'kyojo: ')),
    });
  registerServe(program, io);
  registerOrg(program, io);
  registerCommunity(program, io);
  registerUser(program, io);
  registerToken(program, io);
  registerClearance(program, io);
  registerTerms(program, io);
  registerImport(program, io);
  registerExport(program, io);
  registerMatch(program, io);
  registerTrends(program, io);
  registerPeer(program, io);
  registerDesk(program, io);
  registerPosture(program, io);
  return program;
}

/** Runs the CLI; resolves to the process exit code. Errors become one line on stderr. */
export async function main(argv: string[], io: CliIO = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version print themselves and exit 0; usage errors were printed by commander
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof CliError) {
      io.stderr.write(`kyojo: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof IdentityInputError || err instanceof ConflictError) {
      io.stderr.write(`kyojo: ${err.message}\n`);
      return 1;
    }
    const e = err as NodeJS.ErrnoException;
    if (e && (e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'ENOENT' || e.code === 'ECONNREFUSED')) {
      io.stderr.write(`kyojo: ${e.message}\n`);
      return 1;
    }
    io.stderr.write(`kyojo: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
