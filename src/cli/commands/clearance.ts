import { InvalidArgumentError, type Command } from 'commander';
import { CLI_ACTOR, TrustService, checkLevel, endOfDayUtc } from '../../identity/trust.js';
import type { Store } from '../../store/types.js';
import { CliError, type CliIO, line, withStore } from '../context.js';

/** A commander argument parser from a validating function: a malformed value is a usage error (exit 2). */
export function usageChecked<T>(check: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return check(value);
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message);
    }
  };
}

/** Validates the form only; whether the date is still ahead is the service's (a refusal, exit 1). */
const untilDate = usageChecked((v) => (endOfDayUtc(v), v.trim()));

/** End-of-day timestamps (what `--until` stores) shown as the date that was given. */
export function shownUntil(iso: string): string {
  return iso.endsWith('T23:59:59.999Z') ? iso.slice(0, 10) : iso;
}

function state(until: string, revokedAt: string | null, now: Date): string {
  if (revokedAt !== null) return 'revoked';
  return Date.parse(until) > now.getTime() ? 'valid' : 'expired';
}

async function printList(store: Store, io: CliIO, orgId: string | undefined): Promise<void> {
  const now = new Date();
  const orgs = await store.identity.listOrganizations();
  const slugOf = new Map(orgs.map((o) => [o.id, o.slug]));
  const approvals = (await store.trust.listApprovals())
    .filter((a) => orgId === undefined || a.orgId === orgId)
    .map((a) => ({ ...a, slug: slugOf.get(a.orgId) ?? a.orgId }))
    .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  for (const a of approvals) {
    line(io.stdout, ['facility', a.slug, shownUntil(a.approvedUntil), state(a.approvedUntil, a.revokedAt, now)].join('\t'));
  }
  for (const u of await store.identity.listUsers(orgId)) {
    for (const g of await store.trust.activeGrants(u.id)) {
      const issuer = g.issuerOrgId === null ? '-' : (slugOf.get(g.issuerOrgId) ?? g.issuerOrgId);
      line(io.stdout, ['grant', u.email, slugOf.get(u.orgId) ?? u.orgId, String(g.level), shownUntil(g.validUntil), issuer, state(g.validUntil, null, now)].join('\t'));
    }
  }
}

export function registerClearance(program: Command, io: CliIO): void {
  const clearance = program
    .command('clearance')
    .description('security clearance: facility approval of organizations and grants to people');
  clearance
    .command('approve-org <org>')
    .description('approve an organization as a handler of classified information (renews an approval)')
    .requiredOption('--until <date>', 'last day of the approval, YYYY-MM-DD (valid through its end, UTC)', untilDate)
    .action(async (org: string, opts: { until: string }, cmd: Command) => {
      await withStore(cmd, io, async ({ store }) => {
        await new TrustService(store).approveOrg(org, opts.until, CLI_ACTOR);
        line(io.stderr, `organization ${org} approved as a facility until the end of ${opts.until} UTC`);
      });
    });
  clearance
    .command('revoke-org <org>')
    .description('revoke an organization\'s facility approval, at once')
    .action(async (org: string, _o, cmd: Command) => {
      await withStore(cmd, io, async ({ store }) => {
        if (!(await new TrustService(store).revokeOrg(org, CLI_ACTOR))) throw new CliError(`organization ${org} has no live facility approval`);
        line(io.stderr, `facility approval of ${org} revoked`);
      });
    });
  clearance
    .command('grant <email>')
    .description('grant a person clearance at a level')
    .requiredOption('--level <level>', '1, 2 or 3', usageChecked(checkLevel))
    .requiredOption('--until <date>', 'last day of the grant, YYYY-MM-DD (valid through its end, UTC)', untilDate)
    .option('--issuer <org>', 'the organization that issued the clearance')
    .action(async (email: string, opts: { level: 1 | 2 | 3; until: string; issuer?: string }, cmd: Command) => {
      await withStore(cmd, io, async ({ store }) => {
        const g = await new TrustService(store).grant(email, opts.level, opts.until, opts.issuer, CLI_ACTOR);
        line(io.stderr, `clearance level ${g.level} granted to ${email.trim().toLowerCase()} until the end of ${opts.until} UTC`);
        const user = await store.identity.getUser({ id: g.userId });
        const approval = user && (await store.trust.getApproval(user.orgId));
        if (!approval || approval.revokedAt !== null || Date.parse(approval.approvedUntil) <= Date.now()) {
          const org = user && (await store.identity.getOrganization({ id: user.orgId }));
          line(io.stderr, `note: organization ${org?.slug ?? '?'} has no valid facility approval; classified information needs both (kyojo clearance approve-org)`);
        }
      });
    });
  clearance
    .command('revoke <email>')
    .description('revoke every clearance grant of a person, at once')
    .action(async (email: string, _o, cmd: Command) => {
      await withStore(cmd, io, async ({ store }) => {
        const n = await new TrustService(store).revoke(email, CLI_ACTOR);
        if (n === 0) throw new CliError(`${email} holds no live clearance grant`);
        line(io.stderr, `${n} clearance grant${n === 1 ? '' : 's'} of ${email} revoked`);
      });
    });
  clearance
    .command('list')
    .description('facility approvals (facility, org, until, state) and live grants (grant, email, org, level, until, issuer, state), tab-separated')
    .option('--org <org>', 'only this organization')
    .action(async (opts: { org?: string }, cmd: Command) => {
      await withStore(cmd, io, async ({ store, identity }) => {
        const orgId = opts.org ? (await identity.requireOrganization(opts.org)).id : undefined;
        await printList(store, io, orgId);
      });
    });

  program
    .command('audit')
    .description('the audit log (tab-separated: seq, time, actor, action, subject, details as JSON)')
    .option('--limit <n>', 'at most this many entries: the latest, or the first after --after', usageChecked(positiveInt), 50)
    .option('--after <seq>', 'entries after this seq, oldest first (to follow the log)', usageChecked(nonNegativeInt))
    .action(async (opts: { limit: number; after?: number }, cmd: Command) => {
      await withStore(cmd, io, async ({ store }) => {
        const entries = await store.trust.listAudit({ limit: opts.limit, afterSeq: opts.after, latest: opts.after === undefined });
        for (const e of entries) line(io.stdout, [String(e.seq), e.at, e.actor, e.action, e.subject, JSON.stringify(e.details)].join('\t'));
      });
    });
}

function positiveInt(v: string): number {
  const n = nonNegativeInt(v);
  if (n < 1 || n > 100_000) throw new Error(`'${v}' is not a number from 1 to 100000`);
  return n;
}

function nonNegativeInt(v: string): number {
  if (!/^[0-9]{1,15}$/.test(v.trim())) throw new Error(`'${v}' is not a whole number`);
  return Number(v);
}
