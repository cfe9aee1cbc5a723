import type { Command } from 'commander';
import { baseUrlOf } from '../../config.js';
import { PasswordLinkService } from '../../identity/password-links.js';
import { CliError, type CliIO, line, readAllStdin, withStore } from '../context.js';

async function passwordFromStdin(io: CliIO): Promise<string> {
  const text = await readAllStdin(io.stdin);
  const password = text.replace(/\r?\n$/, '');
  if (!password) throw new CliError('--password-stdin given but standard input was empty');
  return password;
}

export function registerUser(program: Command, io: CliIO): void {
  const user = program.command('user').description('user accounts');
  user
    .command('add <email>')
    .description('add a user to an organization')
    .requiredOption('--org <org>', 'organization slug')
    .requiredOption('--role <role>', 'operator|org-admin|analyst|reader')
    .option('--tier <tier>', 'executive|manager|practitioner', 'practitioner')
    .option('--password-stdin', 'read a password (portal sign-in) from standard input')
    .action(async (email: string, opts: { org: string; role: string; tier: string; passwordStdin?: boolean }, cmd: Command) => {
      const password = opts.passwordStdin ? await passwordFromStdin(io) : null;
      await withStore(cmd, io, async ({ identity }) => {
        const u = await identity.addUser({ email, org: opts.org, role: opts.role, tier: opts.tier, password });
        line(io.stderr, `user ${u.email} added (${u.role}, ${u.tier})${password ? ' with a password' : ''}; create a token: kyojo token add ${u.email}`);
      });
    });
  user
    .command('invite <email>')
    .description('print a one-time link (valid 7 days) with which the user sets a portal password')
    .option('--reset', 'a password-reset link rather than an invitation')
    .action(async (email: string, opts: { reset?: boolean }, cmd: Command) => {
      await withStore(cmd, io, async ({ config, identity, store }) => {
        const u = await identity.requireUser(email);
        const links = new PasswordLinkService(store);
        const link = opts.reset ? await links.createReset(u.id) : await links.createInvite(u.id);
        line(io.stdout, `${baseUrlOf(config)}${link.path}`);
        line(io.stderr, `open the link above to set the password of ${u.email} (once, until ${link.expiresAt}); set KYOJO_PUBLIC_URL if users reach the hub at another address`);
      });
    });
  user
    .command('passwd <email>')
    .description('set a user\'s password from standard input')
    .action(async (email: string, _o, cmd: Command) => {
      const password = await passwordFromStdin(io);
      await withStore(cmd, io, async ({ identity }) => {
        await identity.setPassword(email, password);
        line(io.stderr, `password of ${email} set`);
      });
    });
  user
    .command('list')
    .description('list users (tab-separated: email, organization, role, tier)')
    .option('--org <org>', 'only this organization')
    .action(async (opts: { org?: string }, cmd: Command) => {
      await withStore(cmd, io, async ({ store, identity }) => {
        const orgId = opts.org ? (await identity.requireOrganization(opts.org)).id : undefined;
        const orgs = new Map((await store.identity.listOrganizations()).map((o) => [o.id, o.slug]));
        for (const u of await store.identity.listUsers(orgId)) {
          line(io.stdout, [u.email, orgs.get(u.orgId) ?? '?', u.role, u.tier].join('\t'));
        }
      });
    });
}
