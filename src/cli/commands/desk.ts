import type { Command } from 'commander';
import { DeskAdmin } from '../../desk/admin.js';
import { DeskError } from '../../desk/errors.js';
import { CLI_ACTOR } from '../../identity/trust.js';
import { CliError, type CliIO, line, withStore } from '../context.js';

/**
 * `kyojo desk staff …`: who works the report desk (docs/desk.md). The same grants as
 * PUT/DELETE /api/v1/desk/staff/{email}, audited with the actor `cli`; useful to appoint the
 * first desk staff before anyone has a token.
 */
export function registerDesk(program: Command, io: CliIO): void {
  const desk = program.command('desk').description('the report desk');
  const staff = desk.command('staff').description('desk staff: users who triage, route and close reports');
  const run = async (fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      if (e instanceof DeskError) throw new CliError(e.message);
      throw e;
    }
  };
  staff
    .command('add <email>')
    .description('make a user desk staff (audited)')
    .action(async (email: string, _o, cmd: Command) => {
      await withStore(cmd, io, ({ store }) => run(async () => {
        await new DeskAdmin(store).grantBy(CLI_ACTOR, email);
        line(io.stderr, `${email} is desk staff`);
      }));
    });
  staff
    .command('remove <email>')
    .description('end a user\'s desk staff grant (audited)')
    .action(async (email: string, _o, cmd: Command) => {
      await withStore(cmd, io, ({ store }) => run(async () => {
        await new DeskAdmin(store).revokeBy(CLI_ACTOR, email);
        line(io.stderr, `${email} is no longer desk staff`);
      }));
    });
  staff
    .command('list')
    .description('list desk staff (tab-separated: email, organization, granted at, granted by)')
    .action(async (_o, cmd: Command) => {
      await withStore(cmd, io, async ({ store }) => {
        for (const s of await new DeskAdmin(store).listStaff()) line(io.stdout, [s.email, s.orgSlug, s.grantedAt, s.grantedBy].join('\t'));
      });
    });
}
