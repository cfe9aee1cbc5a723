import type { Command } from 'commander';
import { CliError, type CliIO, line, withStore } from '../context.js';

export function registerToken(program: Command, io: CliIO): void {
  const token = program.command('token').description('API tokens (shown once, stored hashed)');
  token
    .command('add <email>')
    .description('create an API token; prints only the token, on one line')
    .option('--name <label>', 'a label to recognise the token by', 'default')
    .action(async (email: string, opts: { name: string }, cmd: Command) => {
      await withStore(cmd, io, async ({ identity }) => {
        const { secret, token: t } = await identity.addToken(email, opts.name);
        line(io.stdout, secret);
        line(io.stderr, `token ${t.id} (${t.name}) created for ${email}; it is not shown again`);
      });
    });
  token
    .command('list <email>')
    .description('list a user\'s tokens (tab-separated: id, name, created, last used, revoked)')
    .action(async (email: string, _o, cmd: Command) => {
      await withStore(cmd, io, async ({ store, identity }) => {
        const user = await identity.requireUser(email);
        for (const t of await store.identity.listTokens(user.id)) {
          line(io.stdout, [t.id, t.name, t.createdAt, t.lastUsedAt ?? '-', t.revokedAt ?? '-'].join('\t'));
        }
      });
    });
  token
    .command('revoke <id>')
    .description('revoke a token by its id (see token list)')
    .action(async (id: string, _o, cmd: Command) => {
      await withStore(cmd, io, async ({ identity }) => {
        if (!(await identity.revokeToken(id))) throw new CliError(`no live token '${id}'`);
        line(io.stderr, `token ${id} revoked`);
      });
    });
}
